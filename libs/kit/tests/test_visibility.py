"""Table tests of the visibility decision: one case per rule of shared/DESIGN.md "Who may see what".

Scene: one account, property P with units U1 and U2, property Q with unit V. Today is 2026-06-15.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from hausportal.contracts.directory import AccessWindows, ContractRole
from hausportal.contracts.documents import Audience, Group
from hausportal.kit.visibility import (
    Contract,
    Reason,
    SharedItem,
    Viewer,
    audience_of,
    berlin_today,
    can_see,
    may_log_in,
)

ACCOUNT, OTHER_ACCOUNT = uuid4(), uuid4()
P, Q = uuid4(), uuid4()
U1, U2, V = uuid4(), uuid4(), uuid4()
UNIT_PROPERTY = {U1: P, U2: P, V: Q}
TODAY = date(2026, 6, 15)
CLOSED = AccessWindows()
OWNER, TENANT = ContractRole.owner, ContractRole.tenant


def contract(
    contact: UUID,
    unit: UUID,
    role: ContractRole,
    start: date = date(2020, 1, 1),
    end: date | None = None,
) -> Contract:
    return Contract(
        contract_id=uuid4(),
        contact_id=contact,
        unit_id=unit,
        property_id=UNIT_PROPERTY[unit],
        role=role,
        start=start,
        end=end,
    )


def contact(*contracts: Contract, residences: tuple[UUID, ...] = ()) -> Viewer:
    contact_id = contracts[0].contact_id if contracts else uuid4()
    return Viewer.contact(
        account_id=ACCOUNT,
        contact_id=contact_id,
        contracts=contracts,
        resident_property_ids=residences,
    )


def tenant_of(unit: UUID, **dates: date | None) -> Viewer:
    return contact(contract(uuid4(), unit, TENANT, **dates))  # type: ignore[arg-type]


def owner_of(unit: UUID, **dates: date | None) -> Viewer:
    return contact(contract(uuid4(), unit, OWNER, **dates))  # type: ignore[arg-type]


def shared(
    *groups: Group,
    property_id: UUID = P,
    unit: UUID | None = None,
    internal: bool = False,
    to: UUID | None = None,
    account: UUID = ACCOUNT,
) -> SharedItem:
    return SharedItem(
        account_id=account,
        property_id=property_id,
        unit_id=unit,
        audience=Audience(groups=frozenset(groups), internal=internal, contact_id=to),
    )


def sees(
    viewer: Viewer, item: SharedItem, *, on: date = TODAY, access: AccessWindows = CLOSED
) -> bool:
    return can_see(viewer, item, access=access, on=on).visible


class TestStaff:
    def test_staff_see_everything_of_their_account_internal_included(self) -> None:
        staff = Viewer.staff(account_id=ACCOUNT)
        for item in (shared(internal=True), shared(Group.owners, unit=U2), shared(to=uuid4())):
            decision = can_see(staff, item, access=CLOSED, on=TODAY)
            assert decision.visible
            assert decision.reason is Reason.staff

    def test_staff_of_another_account_see_nothing(self) -> None:
        staff = Viewer.staff(account_id=OTHER_ACCOUNT)
        decision = can_see(staff, shared(Group.tenants), access=CLOSED, on=TODAY)
        assert not decision.visible
        assert decision.reason is Reason.other_account


class TestAccounts:
    def test_a_contact_never_sees_an_item_of_another_account_even_with_matching_ids(self) -> None:
        viewer = tenant_of(U1)
        item = shared(Group.tenants, account=OTHER_ACCOUNT)
        assert can_see(viewer, item, access=CLOSED, on=TODAY).reason is Reason.other_account


class TestGroupSharing:
    @pytest.mark.parametrize(
        ("viewer_role", "groups", "visible"),
        [
            (TENANT, {Group.tenants}, True),
            (TENANT, {Group.owners}, False),
            (OWNER, {Group.owners}, True),
            (OWNER, {Group.tenants}, False),
            (OWNER, {Group.owners, Group.tenants}, True),
            (TENANT, {Group.residents}, False),
        ],
    )
    def test_the_role_of_the_contract_must_be_shared(
        self, viewer_role: ContractRole, groups: set[Group], visible: bool
    ) -> None:
        viewer = contact(contract(uuid4(), U1, viewer_role))
        assert sees(viewer, shared(*groups)) is visible

    def test_a_property_item_reaches_contracts_on_any_unit_of_that_property_only(self) -> None:
        assert sees(tenant_of(U1), shared(Group.tenants, property_id=P))
        assert sees(tenant_of(U2), shared(Group.tenants, property_id=P))
        assert not sees(tenant_of(V), shared(Group.tenants, property_id=P))

    def test_a_unit_item_reaches_contracts_on_that_unit_only(self) -> None:
        assert sees(owner_of(U2), shared(Group.owners, unit=U2))
        assert not sees(owner_of(U1), shared(Group.owners, unit=U2))

    def test_the_contract_must_be_active_on_the_day(self) -> None:
        item = shared(Group.tenants)
        assert sees(tenant_of(U1, start=TODAY), item), "first day counts"
        assert sees(tenant_of(U1, start=date(2020, 1, 1), end=TODAY), item), "last day counts"
        assert not sees(tenant_of(U1, start=TODAY + timedelta(days=1)), item), "not yet"
        assert not sees(tenant_of(U1, end=TODAY - timedelta(days=1)), item), "ended yesterday"

    def test_access_windows_do_not_open_group_items(self) -> None:
        # Pre-/post-contract access lets a contact log in; group items still need an active
        # contract, so a future tenant does not read the current tenants' house documents.
        wide = AccessWindows(pre_contract_days=30, post_contract_days=30)
        item = shared(Group.tenants)
        future = tenant_of(U1, start=TODAY + timedelta(days=10))
        past = tenant_of(U1, end=TODAY - timedelta(days=10))
        assert may_log_in(future, access=wide, on=TODAY).visible
        assert not sees(future, item, access=wide)
        assert may_log_in(past, access=wide, on=TODAY).visible
        assert not sees(past, item, access=wide)

    def test_the_granting_contract_is_named(self) -> None:
        granting = contract(uuid4(), U1, TENANT)
        viewer = contact(granting)
        decision = can_see(viewer, shared(Group.tenants), access=CLOSED, on=TODAY)
        assert (decision.reason, decision.contract_id) == (Reason.contract, granting.contract_id)

    def test_registered_residents_see_residents_items_of_their_property(self) -> None:
        resident = contact(residences=(P,))
        assert sees(resident, shared(Group.residents))
        assert not sees(resident, shared(Group.residents, property_id=Q))
        assert not sees(resident, shared(Group.tenants, Group.owners))

    def test_residents_belong_to_a_property_not_to_a_unit(self) -> None:
        assert not sees(contact(residences=(P,)), shared(Group.residents, unit=U1))


class TestInternal:
    def test_internal_items_reach_no_contact(self) -> None:
        owner = contact(contract(uuid4(), U1, OWNER), residences=(P,))
        decision = can_see(owner, shared(internal=True), access=CLOSED, on=TODAY)
        assert (decision.visible, decision.reason) == (False, Reason.internal)


class TestIndividualSharing:
    def test_reaches_that_contact_while_it_may_log_in(self) -> None:
        viewer = tenant_of(U1)
        decision = can_see(viewer, shared(to=viewer.contact_id), access=CLOSED, on=TODAY)
        assert (decision.visible, decision.reason) == (True, Reason.individual)

    def test_reaches_nobody_else_not_even_a_co_tenant_of_the_unit(self) -> None:
        addressee, neighbour = tenant_of(U1), tenant_of(U1)
        item = shared(to=addressee.contact_id, unit=U1)
        assert not sees(neighbour, item)
        assert can_see(neighbour, item, access=CLOSED, on=TODAY).reason is Reason.not_the_contact

    def test_a_new_tenant_never_sees_what_was_shared_with_the_previous_tenant(self) -> None:
        previous = tenant_of(U1, start=date(2020, 1, 1), end=date(2026, 3, 31))
        new = tenant_of(U1, start=date(2026, 4, 1))
        letter = shared(to=previous.contact_id, unit=U1)
        wide = AccessWindows(pre_contract_days=365, post_contract_days=365)
        assert not sees(new, letter, access=wide)
        assert sees(previous, letter, access=wide), "previous tenant, in the post window"

    def test_the_individual_share_follows_the_access_window(self) -> None:
        ended = tenant_of(U1, start=date(2020, 1, 1), end=TODAY - timedelta(days=10))
        letter = shared(to=ended.contact_id)
        assert not sees(ended, letter), "post-contract access off"
        assert sees(ended, letter, access=AccessWindows(post_contract_days=10)), "day 10 of 10"
        assert not sees(ended, letter, access=AccessWindows(post_contract_days=9))
        starting = tenant_of(U1, start=TODAY + timedelta(days=5))
        welcome = shared(to=starting.contact_id)
        assert not sees(starting, welcome), "pre-contract access off"
        assert sees(starting, welcome, access=AccessWindows(pre_contract_days=5))
        assert not sees(starting, welcome, access=AccessWindows(pre_contract_days=4))

    def test_denied_outside_every_window_says_so(self) -> None:
        ended = tenant_of(U1, end=TODAY - timedelta(days=1))
        decision = can_see(ended, shared(to=ended.contact_id), access=CLOSED, on=TODAY)
        assert decision.reason is Reason.no_portal_access

    def test_a_registered_resident_without_contract_gets_individual_items(self) -> None:
        resident = contact(residences=(Q,))
        assert sees(resident, shared(to=resident.contact_id))


class TestLogin:
    def test_a_contact_without_contract_or_residence_may_not_log_in(self) -> None:
        assert not may_log_in(contact(), access=CLOSED, on=TODAY).visible

    def test_windows_are_independent_of_each_other(self) -> None:
        future = tenant_of(U1, start=TODAY + timedelta(days=3))
        past = tenant_of(U1, end=TODAY - timedelta(days=3))
        pre_only = AccessWindows(pre_contract_days=3)
        post_only = AccessWindows(post_contract_days=3)
        assert may_log_in(future, access=pre_only, on=TODAY).visible
        assert not may_log_in(past, access=pre_only, on=TODAY).visible
        assert may_log_in(past, access=post_only, on=TODAY).visible
        assert not may_log_in(future, access=post_only, on=TODAY).visible

    def test_an_open_ended_contract_keeps_the_door_open(self) -> None:
        assert may_log_in(tenant_of(U1, end=None), access=CLOSED, on=date(2099, 1, 1)).visible


class TestAudience:
    def test_lists_exactly_who_sees_an_item_with_the_reason(self) -> None:
        tenant1, tenant2, owner1 = tenant_of(U1), tenant_of(U2), owner_of(U1)
        resident = contact(residences=(P,))
        item = shared(Group.tenants, Group.residents)
        seen = audience_of(item, [tenant1, tenant2, owner1, resident], access=CLOSED, on=TODAY)
        assert {(v.contact_id, d.reason) for v, d in seen} == {
            (tenant1.contact_id, Reason.contract),
            (tenant2.contact_id, Reason.contract),
            (resident.contact_id, Reason.resident),
        }


class TestViewer:
    def test_a_contact_viewer_keeps_only_its_own_contracts(self) -> None:
        mine, theirs = uuid4(), uuid4()
        viewer = Viewer.contact(
            account_id=ACCOUNT,
            contact_id=mine,
            contracts=[contract(mine, U1, TENANT), contract(theirs, U2, OWNER)],
        )
        assert [c.contact_id for c in viewer.contracts] == [mine]
        assert not sees(viewer, shared(Group.owners, unit=U2))


def test_today_is_the_german_calendar_day() -> None:
    # 23:30 UTC on 30 June is already 1 July in Berlin (summer time, UTC+2).
    assert berlin_today(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
    # 23:30 UTC on 31 December is 00:30 on 1 January in Berlin (winter time, UTC+1).
    assert berlin_today(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 1)


class TestItemsWithoutAProperty:
    def test_an_individual_share_needs_no_property_and_still_follows_the_window(self) -> None:
        account, contact, house, unit = uuid4(), uuid4(), uuid4(), uuid4()
        ended = Contract(
            contract_id=uuid4(),
            contact_id=contact,
            unit_id=unit,
            property_id=house,
            role=ContractRole.tenant,
            start=date(2024, 1, 1),
            end=date(2026, 6, 30),
        )
        viewer = Viewer.contact(account_id=account, contact_id=contact, contracts=[ended])
        letter = SharedItem(account_id=account, audience=Audience(contact_id=contact))
        windows = AccessWindows(post_contract_days=30)
        assert (
            can_see(viewer, letter, access=windows, on=date(2026, 7, 30)).reason
            is Reason.individual
        )
        assert not can_see(viewer, letter, access=windows, on=date(2026, 7, 31))

    def test_a_group_share_must_name_its_property(self) -> None:
        with pytest.raises(ValueError, match="property"):
            SharedItem(account_id=uuid4(), audience=Audience(groups=frozenset({Group.tenants})))
        with pytest.raises(ValueError, match="property"):
            SharedItem(account_id=uuid4(), unit_id=uuid4(), audience=Audience(internal=True))
