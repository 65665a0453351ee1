"""Property test: the visibility decision against an independent, plain oracle.

Hypothesis builds small worlds (contacts with contracts on a few units of two properties,
residents, access windows, shared items, days around the contracts' edges) and every
(viewer, item, day) combination of a world is one case. The oracle below is written from
shared/DESIGN.md without looking at hausportal.kit.visibility: day numbers instead of dates,
no early returns, no shared helpers.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID, uuid5

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hausportal.contracts.directory import AccessWindows, ContractRole
from hausportal.contracts.documents import Audience, Group
from hausportal.kit.visibility import Contract, SharedItem, Viewer, can_see, may_log_in

NAMESPACE = UUID("6f1c1d5e-2d0a-4c55-9d0e-1c3b1f0a9e21")
ACCOUNTS = [uuid5(NAMESPACE, "account-a"), uuid5(NAMESPACE, "account-b")]
PROPERTIES = [uuid5(NAMESPACE, "property-p"), uuid5(NAMESPACE, "property-q")]
# Three units of P, one of Q.
UNITS = [(uuid5(NAMESPACE, f"unit-{n}"), PROPERTIES[0 if n < 3 else 1]) for n in range(4)]
BASE = date(2026, 3, 1).toordinal()
MIN_CASES = 100_000


@dataclass(frozen=True)
class PlainContract:
    unit: int  # index into UNITS
    owner: bool
    first_day: int  # day numbers relative to BASE
    last_day: int | None


@dataclass(frozen=True)
class PlainContact:
    contracts: tuple[PlainContract, ...]
    residences: tuple[int, ...]  # indices into PROPERTIES


@dataclass(frozen=True)
class PlainItem:
    account: int
    property: int
    unit: int | None  # a unit of that property, or the whole property
    owners: bool
    tenants: bool
    residents: bool
    internal: bool
    to_contact: int | None  # index into the world's contacts


@dataclass(frozen=True)
class World:
    contacts: tuple[PlainContact, ...]
    items: tuple[PlainItem, ...]
    pre: int | None
    post: int | None
    days: tuple[int, ...]


def oracle_may_log_in(person: PlainContact, world: World, day: int) -> bool:
    windows = []
    for c in person.contracts:
        opens = c.first_day - (world.pre if world.pre is not None else 0)
        closes = math.inf if c.last_day is None else c.last_day + (world.post or 0)
        windows.append(opens <= day <= closes)
    return any(windows) or len(person.residences) > 0


def oracle(viewer: int | str, item: PlainItem, world: World, day: int) -> bool:
    """viewer: an index into world.contacts (a contact of account 0), "staff" or "stranger"."""
    if viewer == "stranger":
        return item.account == 1
    if item.account != 0:
        return False
    if viewer == "staff":
        return True
    assert isinstance(viewer, int)
    person = world.contacts[viewer]
    if item.internal:
        return False
    if item.to_contact is not None:
        return item.to_contact == viewer and oracle_may_log_in(person, world, day)
    by_contract = [
        ((c.owner and item.owners) or (not c.owner and item.tenants))
        and UNITS[c.unit][1] == PROPERTIES[item.property]
        and (item.unit is None or item.unit == c.unit)
        and c.first_day <= day
        and (c.last_day is None or day <= c.last_day)
        for c in person.contracts
    ]
    as_resident = item.residents and item.unit is None and item.property in person.residences
    return any(by_contract) or as_resident


days = st.integers(min_value=-40, max_value=40)


@st.composite
def contracts(draw: st.DrawFn) -> PlainContract:
    first = draw(days)
    length = draw(st.none() | st.integers(min_value=0, max_value=30))
    return PlainContract(
        unit=draw(st.integers(0, len(UNITS) - 1)),
        owner=draw(st.booleans()),
        first_day=first,
        last_day=None if length is None else first + length,
    )


@st.composite
def items(draw: st.DrawFn, contacts: int) -> PlainItem:
    prop = draw(st.integers(0, 1))
    units_of_prop = [n for n, (_, p) in enumerate(UNITS) if p == PROPERTIES[prop]]
    kind = draw(st.sampled_from(["groups", "groups", "internal", "contact"]))
    owners, tenants, residents = draw(
        st.tuples(st.booleans(), st.booleans(), st.booleans()).filter(any)
    )
    return PlainItem(
        account=draw(st.sampled_from([0, 0, 0, 1])),
        property=prop,
        unit=draw(st.none() | st.sampled_from(units_of_prop)),
        owners=kind == "groups" and owners,
        tenants=kind == "groups" and tenants,
        residents=kind == "groups" and residents,
        internal=kind == "internal",
        to_contact=draw(st.integers(0, contacts - 1)) if kind == "contact" else None,
    )


@st.composite
def worlds(draw: st.DrawFn) -> World:
    people = draw(
        st.lists(
            st.builds(
                PlainContact,
                contracts=st.lists(contracts(), max_size=3).map(tuple),
                residences=st.lists(st.integers(0, 1), max_size=2, unique=True).map(tuple),
            ),
            min_size=1,
            max_size=5,
        )
    )
    return World(
        contacts=tuple(people),
        items=tuple(draw(st.lists(items(len(people)), min_size=1, max_size=5))),
        pre=draw(st.none() | st.integers(0, 20)),
        post=draw(st.none() | st.integers(0, 20)),
        days=tuple(draw(st.lists(days, min_size=1, max_size=8))),
    )


def to_real(world: World) -> tuple[list[Viewer], list[SharedItem], AccessWindows]:
    viewers = []
    for n, person in enumerate(world.contacts):
        contact_id = uuid5(NAMESPACE, f"contact-{n}")
        viewers.append(
            Viewer.contact(
                account_id=ACCOUNTS[0],
                contact_id=contact_id,
                contracts=[
                    Contract(
                        contract_id=uuid5(NAMESPACE, f"contract-{n}-{m}"),
                        contact_id=contact_id,
                        unit_id=UNITS[c.unit][0],
                        property_id=UNITS[c.unit][1],
                        role=ContractRole.owner if c.owner else ContractRole.tenant,
                        start=date.fromordinal(BASE + c.first_day),
                        end=None if c.last_day is None else date.fromordinal(BASE + c.last_day),
                    )
                    for m, c in enumerate(person.contracts)
                ],
                resident_property_ids=[PROPERTIES[r] for r in person.residences],
            )
        )
    shared = []
    for item in world.items:
        groups = {
            g
            for g, on in (
                (Group.owners, item.owners),
                (Group.tenants, item.tenants),
                (Group.residents, item.residents),
            )
            if on
        }
        shared.append(
            SharedItem(
                account_id=ACCOUNTS[item.account],
                property_id=PROPERTIES[item.property],
                unit_id=None if item.unit is None else UNITS[item.unit][0],
                audience=Audience(
                    groups=frozenset(groups),
                    internal=item.internal,
                    contact_id=None
                    if item.to_contact is None
                    else viewers[item.to_contact].contact_id,
                ),
            )
        )
    return (
        viewers,
        shared,
        AccessWindows(pre_contract_days=world.pre, post_contract_days=world.post),
    )


def test_the_decision_agrees_with_the_oracle_on_at_least_100000_cases() -> None:
    cases = 0
    disagreements: list[str] = []

    @settings(
        max_examples=2500,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(worlds())
    def check(world: World) -> None:
        nonlocal cases
        viewers, shared, access = to_real(world)
        staff = Viewer.staff(account_id=ACCOUNTS[0])
        stranger = Viewer.staff(account_id=ACCOUNTS[1])
        everyone: list[tuple[int | str, Viewer]] = [*enumerate(viewers)]
        everyone += [("staff", staff), ("stranger", stranger)]
        for day in world.days:
            on = date.fromordinal(BASE) + timedelta(days=day)
            for n, person in enumerate(world.contacts):
                cases += 1
                expected = oracle_may_log_in(person, world, day)
                if may_log_in(viewers[n], access=access, on=on).visible != expected:
                    disagreements.append(f"login {person} on {day}: expected {expected}")
            for plain, item in zip(world.items, shared, strict=True):
                for who, viewer in everyone:
                    cases += 1
                    expected = oracle(who, plain, world, day)
                    decision = can_see(viewer, item, access=access, on=on)
                    if decision.visible != expected:
                        disagreements.append(
                            f"{who} / {plain} on {day} (pre={world.pre}, post={world.post}): "
                            f"expected {expected}, got {decision}"
                        )
        assert not disagreements, disagreements[:3]

    started = time.perf_counter()
    check()
    print(f"{cases} cases in {time.perf_counter() - started:.1f} s")
    assert cases >= MIN_CASES, f"only {cases} cases generated"
    assert disagreements == []
