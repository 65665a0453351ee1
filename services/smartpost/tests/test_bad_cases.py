"""Letters that must not be assigned silently: each is reported with its reason."""

from __future__ import annotations

import dataclasses
import uuid

from hausportal.contracts.directory import ContractRole
from hausportal.smartpost.engine import (
    CandidateContract,
    ProblemKind,
    RecipientCircle,
    SplitOptions,
    split_letters,
)
from hausportal.smartpost.engine.samples import Recipient, SampleLetter, make_directory


def _typo(name: str) -> str:
    first, last = name.split(" ", 1)
    return f"{first} {last[:-2]}{last[-1]}{last[-2]}"  # two letters swapped


class TestBadCases:
    def test_outsiders_typos_and_a_duplicate_contact_are_reported_not_assigned(self, write_letters):
        home = make_directory(contacts_per_property=20, seed=21)
        elsewhere = make_directory(contacts_per_property=5, seed=22, number_start=20001)
        property_id = home.property_ids[0]
        twin = home.contacts[5]
        # The same person entered twice in the master data (another record, no number).
        duplicate = dataclasses.replace(
            twin,
            contact_id=uuid.uuid4(),
            contact_number=None,
            contracts=tuple(
                dataclasses.replace(c, contract_id=uuid.uuid4()) for c in twin.contracts
            ),
        )
        contacts = [*home.contacts, duplicate, *elsewhere.contacts]

        good = [SampleLetter(Recipient.of(c), pages=2) for c in home.contacts[:5]]
        outsiders = [SampleLetter(Recipient.of(c), pages=2) for c in elsewhere.contacts[:3]]
        typos = [
            SampleLetter(
                dataclasses.replace(Recipient.of(c, print_number=False), name=_typo(c.name)),
                pages=1,
            )
            for c in home.contacts[10:12]
        ]
        twin_letter = SampleLetter(Recipient.of(twin, print_number=False), pages=3)
        source = write_letters([*good, *outsiders, *typos, twin_letter])

        result = split_letters(
            source, contacts=contacts, options=SplitOptions(property_id=property_id)
        )

        assert len(result.letters) == 11
        assert [letter.ready for letter in result.letters] == [True] * 5 + [False] * 6
        problems = [letter.problems for letter in result.letters[5:]]
        # Outside the property: named, reported, not assigned.
        for letter, contact in zip(result.letters[5:8], elsewhere.contacts, strict=False):
            assert letter.contact_id is None
            (problem,) = letter.problems
            assert problem.kind is ProblemKind.outside_scope
            assert problem.contact_ids == (contact.contact_id,)
            assert "hat keinen Vertrag in dieser Liegenschaft" in problem.message
            assert contact.name in problem.message
        # Typos: nobody matches, the intended contact is offered.
        for letter, contact in zip(result.letters[8:10], home.contacts[10:12], strict=True):
            assert letter.contact_id is None
            (problem,) = letter.problems
            assert problem.kind is ProblemKind.unmatched
            assert problem.contact_ids[0] == contact.contact_id
            assert f"Ähnlich: {contact.label()}" in problem.message
            assert _typo(contact.name) in problem.message
        # The contact that exists twice: both records named, staff choose.
        (problem,) = problems[-1]
        assert problem.kind is ProblemKind.ambiguous
        assert set(problem.contact_ids) == {twin.contact_id, duplicate.contact_id}
        assert result.letters[-1].contact_id is None
        # Pages stay together and are all accounted for.
        assert [p for letter in result.letters for p in letter.pages] == list(range(21))

    def test_the_sender_being_a_contact_does_not_match_every_letter(self, write_letters):
        directory = make_directory(contacts_per_property=3, seed=28)
        # The management company owns a garage; its address is in every return-address line.
        sender = dataclasses.replace(
            directory.contacts[0],
            name="Hausverwaltung Sonnenhof GmbH",
            contact_number=None,
            street="Königsallee 12",
            zip_code="40212",
            city="Düsseldorf",
        )
        contacts = [sender, *directory.contacts[1:]]
        source = write_letters(
            [SampleLetter(Recipient.of(c, print_number=False), pages=1) for c in contacts]
        )

        result = split_letters(
            source, contacts=contacts, options=SplitOptions(property_id=directory.property_ids[0])
        )

        assert result.ready, [p.message for p in result.problems]
        assert [letter.contact_id for letter in result.letters] == [c.contact_id for c in contacts]

    def test_a_printed_number_with_the_wrong_name_is_reported(self, write_letters):
        directory = make_directory(contacts_per_property=3, seed=23)
        contact = directory.contacts[1]
        wrong_name = dataclasses.replace(Recipient.of(contact), name=_typo(contact.name))
        source = write_letters([SampleLetter(wrong_name, pages=2)])

        result = split_letters(
            source,
            contacts=directory.contacts,
            options=SplitOptions(property_id=directory.property_ids[0]),
        )

        (letter,) = result.letters
        assert not letter.ready
        assert letter.contact_id == contact.contact_id  # proposed, not publishable
        assert letter.confidence == 0.5
        (problem,) = letter.problems
        assert problem.kind is ProblemKind.name_mismatch
        assert f"Kontakt-Nr. {contact.contact_number} gehört zu {contact.name}" in problem.message

    def test_archived_contacts_are_only_assigned_when_asked(self, write_letters):
        directory = make_directory(contacts_per_property=3, seed=24)
        archived = dataclasses.replace(directory.contacts[0], archived=True)
        contacts = [archived, *directory.contacts[1:]]
        source = write_letters([SampleLetter(Recipient.of(archived), pages=1)])
        options = SplitOptions(property_id=directory.property_ids[0])

        (letter,) = split_letters(source, contacts=contacts, options=options).letters
        assert letter.contact_id is None
        assert letter.problems[0].kind is ProblemKind.archived_contact
        assert letter.problems[0].contact_ids == (archived.contact_id,)

        asked = dataclasses.replace(options, include_archived=True)
        (letter,) = split_letters(source, contacts=contacts, options=asked).letters
        assert letter.ready
        assert letter.contact_id == archived.contact_id

    def test_a_tenant_is_outside_an_owners_letter(self, write_letters):
        directory = make_directory(contacts_per_property=2, seed=25)
        owner, tenant = directory.contacts
        tenant = dataclasses.replace(
            tenant,
            contracts=tuple(
                dataclasses.replace(c, role=ContractRole.tenant) for c in tenant.contracts
            ),
        )
        source = write_letters([SampleLetter(Recipient.of(c), pages=1) for c in (owner, tenant)])
        options = SplitOptions(property_id=directory.property_ids[0], circle=RecipientCircle.owners)

        first, second = split_letters(source, contacts=[owner, tenant], options=options).letters
        assert first.ready
        assert second.problems[0].kind is ProblemKind.outside_scope
        assert "keinen Vertrag als Eigentümer in dieser Liegenschaft" in (
            second.problems[0].message
        )


class TestSeveralLettersAndUnits:
    def _owner_of_two_units(self):
        directory = make_directory(contacts_per_property=3, seed=26)
        contact = directory.contacts[0]
        second_unit = CandidateContract(
            contract_id=uuid.uuid4(),
            unit_id=uuid.uuid4(),
            property_id=directory.property_ids[0],
            role=ContractRole.owner,
            unit_name="WE 17",
        )
        contact = dataclasses.replace(contact, contracts=(*contact.contracts, second_unit))
        return directory, [contact, *directory.contacts[1:]], contact

    def test_one_letter_per_unit_when_each_letter_names_its_unit(self, write_letters):
        directory, contacts, contact = self._owner_of_two_units()
        first_unit, second_unit = contact.contracts
        source = write_letters(
            [
                SampleLetter(Recipient.of(contact), pages=2, unit_name=first_unit.unit_name),
                SampleLetter(Recipient.of(contact), pages=1, unit_name=second_unit.unit_name),
            ]
        )
        options = SplitOptions(property_id=directory.property_ids[0])

        letters = split_letters(source, contacts=contacts, options=options).letters

        assert [letter.unit_id for letter in letters] == [first_unit.unit_id, second_unit.unit_id]
        assert all(letter.ready for letter in letters)
        assert letters[1].reason.endswith("Einheit WE 17 im Brief genannt")

    def test_the_unit_is_left_to_staff_when_the_letter_names_none(self, write_letters):
        directory, contacts, contact = self._owner_of_two_units()
        source = write_letters([SampleLetter(Recipient.of(contact), pages=2)])
        options = SplitOptions(property_id=directory.property_ids[0])

        (letter,) = split_letters(source, contacts=contacts, options=options).letters

        assert letter.contact_id == contact.contact_id
        assert letter.unit_id is None
        assert letter.property_id == directory.property_ids[0]
        assert {u.unit_id for u in letter.unit_options} == {c.unit_id for c in contact.contracts}
        (problem,) = letter.problems
        assert problem.kind is ProblemKind.unit_choice
        assert "Bitte wählen Sie die Einheit" in problem.message

    def test_two_letters_for_a_contact_with_one_unit_are_reported(self, write_letters):
        directory = make_directory(contacts_per_property=3, seed=27)
        contact = directory.contacts[2]
        source = write_letters(
            [
                SampleLetter(Recipient.of(contact), pages=1),
                SampleLetter(Recipient.of(directory.contacts[0]), pages=1),
                SampleLetter(Recipient.of(contact), pages=2),
            ]
        )
        options = SplitOptions(property_id=directory.property_ids[0])

        first, other, second = split_letters(
            source, contacts=directory.contacts, options=options
        ).letters

        assert other.ready
        for letter in (first, second):
            (problem,) = letter.problems
            assert problem.kind is ProblemKind.duplicate_contact
            assert "erhält 2 Briefe (Seite 1 und Seiten 3\N{EN DASH}4)" in problem.message
