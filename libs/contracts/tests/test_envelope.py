"""The envelope and topic unions: what a consumer gets back is what the producer sent."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Literal
from uuid import uuid4

import pytest
from pydantic import ValidationError

from hausportal.contracts.directory import (
    ContractPayload,
    ContractRole,
    PostalAddress,
    PropertyDeleted,
    PropertyPayload,
    PropertyRef,
    PropertyUpserted,
)
from hausportal.contracts.documents import (
    Audience,
    DocumentPayload,
    DocumentPublished,
    Group,
)
from hausportal.contracts.envelope import Event, Payload, Topic, UnknownEvent
from hausportal.contracts.topics import ALL_TOPICS, DOCUMENTS_EVENTS, PORTAL_DIRECTORY


def test_an_event_survives_the_wire_with_its_type_payload_and_account() -> None:
    account = uuid4()
    sent = PropertyUpserted(
        account_id=account,
        payload=PropertyPayload(
            property_id=uuid4(), name="Lindenstraße 5", address=PostalAddress(city="Köln")
        ),
    )
    received = PORTAL_DIRECTORY.parse(sent.to_bytes())
    assert isinstance(received, PropertyUpserted)
    assert received == sent
    assert received.key == str(account).encode()
    assert received.occurred_at.tzinfo is not None


def test_the_type_picks_the_payload_model() -> None:
    deleted = PropertyDeleted(account_id=uuid4(), payload=PropertyRef(property_id=uuid4()))
    assert isinstance(PORTAL_DIRECTORY.parse(deleted.to_bytes()), PropertyDeleted)


def test_an_unknown_event_type_or_version_is_reported_as_unknown_not_as_garbage() -> None:
    sent = json.loads(
        PropertyDeleted(account_id=uuid4(), payload=PropertyRef(property_id=uuid4())).to_bytes()
    )
    with pytest.raises(UnknownEvent):
        PORTAL_DIRECTORY.parse({**sent, "type": "portal.property.renamed"})
    with pytest.raises(UnknownEvent):
        PORTAL_DIRECTORY.parse({**sent, "version": 2})


def test_a_known_event_with_a_broken_payload_is_rejected() -> None:
    sent = json.loads(
        PropertyDeleted(account_id=uuid4(), payload=PropertyRef(property_id=uuid4())).to_bytes()
    )
    with pytest.raises(ValidationError):
        PORTAL_DIRECTORY.parse({**sent, "payload": {"property_id": "not-a-uuid"}})
    with pytest.raises(ValidationError):
        PORTAL_DIRECTORY.parse({**sent, "occurred_at": "2026-11-24T10:00:00"})  # no time zone


class _NamePayloadV1(Payload):
    name: str


class _NamePayloadV2(Payload):
    first_name: str
    last_name: str


class _RenamedV1(Event):
    type: Literal["test.thing.renamed"] = "test.thing.renamed"
    version: Literal[1] = 1
    payload: _NamePayloadV1


class _RenamedV2(Event):
    type: Literal["test.thing.renamed"] = "test.thing.renamed"
    version: Literal[2] = 2
    payload: _NamePayloadV2


def test_two_versions_of_one_event_type_live_on_one_topic() -> None:
    topic = Topic("test.things", _RenamedV1, _RenamedV2)
    v1 = _RenamedV1(account_id=uuid4(), payload=_NamePayloadV1(name="Erika Mustermann"))
    v2 = _RenamedV2(
        account_id=uuid4(), payload=_NamePayloadV2(first_name="Erika", last_name="Mustermann")
    )
    assert isinstance(topic.parse(v1.to_bytes()), _RenamedV1)
    assert isinstance(topic.parse(v2.to_bytes()), _RenamedV2)


def test_every_event_class_knows_its_topic_and_topic_names_are_unique() -> None:
    names = [topic.name for topic in ALL_TOPICS]
    assert len(names) == len(set(names))
    for topic in ALL_TOPICS:
        for event_class in topic.event_classes:
            assert event_class.topic == topic.name


class TestDirectoryAndDocumentRules:
    def test_a_contract_cannot_end_before_it_starts(self) -> None:
        with pytest.raises(ValidationError, match="cannot end before it starts"):
            ContractPayload(
                contract_id=uuid4(),
                contact_id=uuid4(),
                unit_id=uuid4(),
                property_id=uuid4(),
                role=ContractRole.tenant,
                start=date(2026, 5, 1),
                end=date(2026, 4, 30),
            )

    @pytest.mark.parametrize(
        "audience",
        [
            {},
            {"groups": ["owners"], "internal": True},
            {"internal": True, "contact_id": str(uuid4())},
            {"groups": ["tenants"], "contact_id": str(uuid4())},
        ],
    )
    def test_an_audience_is_exactly_one_of_groups_internal_or_one_contact(
        self, audience: dict[str, object]
    ) -> None:
        with pytest.raises(ValidationError, match="an audience is either"):
            Audience.model_validate(audience)

    def test_a_document_event_survives_the_wire(self) -> None:
        sent = DocumentPublished(
            account_id=uuid4(),
            payload=DocumentPayload(
                document_id=uuid4(),
                property_id=uuid4(),
                title="Wirtschaftsplan 2027",
                document_type="Abrechnung",
                audience=Audience(groups=frozenset({Group.owners, Group.tenants})),
                file_name="wirtschaftsplan.pdf",
                content_type="application/pdf",
                size=1234,
                sha256="0" * 64,
                published_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
                notify_now=True,
            ),
        )
        assert DOCUMENTS_EVENTS.parse(sent.to_bytes()) == sent
