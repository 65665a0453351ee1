"""The directory read model: applied from real directory events, asked who can see an item."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hausportal.contracts import directory as d
from hausportal.contracts.directory import AccessWindows, ContractRole
from hausportal.contracts.documents import Audience, Group
from hausportal.contracts.envelope import Event
from hausportal.kit.bus import MemoryBroker, MemoryBus
from hausportal.kit.bus.port import Message
from hausportal.kit.db import create_sessionmaker, service_metadata
from hausportal.kit.directory import DirectoryMirror, directory_tables
from hausportal.kit.messaging import EventConsumer, messaging_tables
from hausportal.kit.testing import TestDatabase
from hausportal.kit.visibility import Reason, SharedItem

ACCOUNT, OTHER_ACCOUNT = uuid.uuid4(), uuid.uuid4()
JUNE = date(2026, 6, 15)


class Directory:
    """A service's read model, fed through its consumer exactly as the bus would."""

    def __init__(self, engine: AsyncEngine, schema: str) -> None:
        metadata = service_metadata(schema)
        self.mirror = DirectoryMirror(directory_tables(metadata))
        self.consumer = EventConsumer("mirror-test", messaging_tables(metadata))
        self.mirror.register(self.consumer)
        self.metadata = metadata
        self.engine = engine
        self.sessionmaker = create_sessionmaker(engine)
        # Never started: the test hands each message to the consumer as the bus would.
        self.consumer.attach(MemoryBus(broker=MemoryBroker()), self.sessionmaker)

    async def create(self) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(self.metadata.create_all)

    async def apply(self, *events: Event) -> None:
        for event in events:
            await self.consumer.handle(
                Message(topic=type(event).topic, value=event.to_bytes(), key=event.key)
            )


@pytest.fixture
async def directory(database: TestDatabase, engine: AsyncEngine) -> Directory:
    directory = Directory(engine, database.schema)
    await directory.create()
    return directory


def contact(contact_id: uuid.UUID, name: str, *, account: uuid.UUID = ACCOUNT, **fields) -> Event:  # type: ignore[no-untyped-def]
    return d.ContactUpserted(
        account_id=account,
        payload=d.ContactPayload(contact_id=contact_id, name=name, **fields),
    )


def contract(
    contact_id: uuid.UUID,
    unit_id: uuid.UUID,
    property_id: uuid.UUID,
    role: ContractRole,
    start: date,
    end: date | None = None,
    *,
    contract_id: uuid.UUID | None = None,
    account: uuid.UUID = ACCOUNT,
) -> d.ContractUpserted:
    return d.ContractUpserted(
        account_id=account,
        payload=d.ContractPayload(
            contract_id=contract_id or uuid.uuid4(),
            contact_id=contact_id,
            unit_id=unit_id,
            property_id=property_id,
            role=role,
            start=start,
            end=end,
        ),
    )


class TestWhoCanSeeFromTheReadModel:
    async def test_audience_follows_contracts_roles_and_the_account(
        self, directory: Directory
    ) -> None:
        house, unit1, unit2 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        tenant1, tenant2, owner, former, stranger = (uuid.uuid4() for _ in range(5))
        await directory.apply(
            d.AccountUpserted(
                account_id=ACCOUNT, payload=d.AccountPayload(account_id=ACCOUNT, name="HV")
            ),
            d.PropertyUpserted(
                account_id=ACCOUNT, payload=d.PropertyPayload(property_id=house, name="Haus")
            ),
            contact(tenant1, "Tina Mieterin", registered=True, email="t1@example.com"),
            contact(tenant2, "Theo Mieter"),
            contact(owner, "Olga Eigentümerin"),
            contact(former, "Fritz Früher"),
            contact(stranger, "Sven Fremd", account=OTHER_ACCOUNT),
            contract(tenant1, unit1, house, ContractRole.tenant, date(2026, 1, 1)),
            contract(tenant2, unit2, house, ContractRole.tenant, date(2025, 1, 1)),
            contract(owner, unit1, house, ContractRole.owner, date(2020, 1, 1)),
            contract(
                former, unit1, house, ContractRole.tenant, date(2020, 1, 1), date(2025, 12, 31)
            ),
            # Another account's contract naming this property id grants nothing here.
            contract(
                stranger, unit1, house, ContractRole.tenant, date(2020, 1, 1), account=OTHER_ACCOUNT
            ),
        )
        async with directory.sessionmaker() as session:
            tenants_of_house = SharedItem(
                account_id=ACCOUNT,
                property_id=house,
                unit_id=None,
                audience=Audience(groups=frozenset({Group.tenants})),
            )
            seen = await directory.mirror.audience(session, item=tenants_of_house, on=JUNE)
            assert [c.name for c, _ in seen] == ["Theo Mieter", "Tina Mieterin"]
            assert all(decision.reason is Reason.contract for _, decision in seen)
            assert next(c for c, _ in seen if c.contact_id == tenant1).registered

            owners_of_unit2 = SharedItem(
                account_id=ACCOUNT,
                property_id=house,
                unit_id=unit2,
                audience=Audience(groups=frozenset({Group.owners})),
            )
            assert await directory.mirror.audience(session, item=owners_of_unit2, on=JUNE) == []

    async def test_individual_sharing_and_the_access_window_setting(
        self, directory: Directory
    ) -> None:
        house, unit = uuid.uuid4(), uuid.uuid4()
        leaving = uuid.uuid4()
        await directory.apply(
            contact(leaving, "Anna Auszug"),
            contract(
                leaving, unit, house, ContractRole.tenant, date(2024, 1, 1), date(2026, 6, 30)
            ),
        )
        letter = SharedItem(
            account_id=ACCOUNT,
            property_id=house,
            unit_id=unit,
            audience=Audience(contact_id=leaving),
        )
        async with directory.sessionmaker() as session:
            assert await directory.mirror.access(session, account_id=ACCOUNT) == AccessWindows()
            assert await directory.mirror.audience(session, item=letter, on=date(2026, 7, 30)) == []
        await directory.apply(
            d.AccountUpserted(
                account_id=ACCOUNT,
                payload=d.AccountPayload(
                    account_id=ACCOUNT, name="HV", access=AccessWindows(post_contract_days=30)
                ),
            )
        )
        async with directory.sessionmaker() as session:
            seen = await directory.mirror.audience(session, item=letter, on=date(2026, 7, 30))
            assert [(c.name, decision.reason) for c, decision in seen] == [
                ("Anna Auszug", Reason.individual)
            ]
            assert await directory.mirror.audience(session, item=letter, on=date(2026, 7, 31)) == []

    async def test_residents_reach_property_items_only(self, directory: Directory) -> None:
        house, unit = uuid.uuid4(), uuid.uuid4()
        resident = uuid.uuid4()
        await directory.apply(
            contact(resident, "Rita Bewohnerin", registered=True, resident_property_ids=(house,))
        )
        async with directory.sessionmaker() as session:
            viewer = await directory.mirror.viewer(session, account_id=ACCOUNT, contact_id=resident)
            assert viewer.resident_property_ids == frozenset({house})
            for unit_id, expected in ((None, ["Rita Bewohnerin"]), (unit, [])):
                item = SharedItem(
                    account_id=ACCOUNT,
                    property_id=house,
                    unit_id=unit_id,
                    audience=Audience(groups=frozenset({Group.residents})),
                )
                seen = await directory.mirror.audience(session, item=item, on=JUNE)
                assert [c.name for c, _ in seen] == expected


class TestKeepingItCurrent:
    async def test_a_changed_or_deleted_contract_stops_granting(self, directory: Directory) -> None:
        house, unit, tenant, contract_id = (uuid.uuid4() for _ in range(4))
        await directory.apply(
            contact(tenant, "Tom"),
            contract(
                tenant, unit, house, ContractRole.tenant, date(2026, 1, 1), contract_id=contract_id
            ),
        )

        async def contracts() -> int:
            async with directory.sessionmaker() as session:
                viewer = await directory.mirror.viewer(
                    session, account_id=ACCOUNT, contact_id=tenant
                )
                return len([c for c in viewer.contracts if c.is_active(on=JUNE)])

        assert await contracts() == 1
        # The snapshot replaces the row: the contract now ended in May.
        await directory.apply(
            contract(
                tenant,
                unit,
                house,
                ContractRole.tenant,
                date(2026, 1, 1),
                date(2026, 5, 31),
                contract_id=contract_id,
            )
        )
        assert await contracts() == 0
        await directory.apply(
            contract(
                tenant, unit, house, ContractRole.tenant, date(2026, 1, 1), contract_id=contract_id
            )
        )
        assert await contracts() == 1
        await directory.apply(
            d.PropertyDeleted(account_id=ACCOUNT, payload=d.PropertyRef(property_id=house))
        )
        assert await contracts() == 0

    async def test_an_id_never_moves_to_another_account(self, directory: Directory) -> None:
        contact_id = uuid.uuid4()
        await directory.apply(contact(contact_id, "Echt"))
        await directory.apply(contact(contact_id, "Übernahme", account=OTHER_ACCOUNT))
        async with directory.sessionmaker() as session:
            mine = await directory.mirror.contact(
                session, account_id=ACCOUNT, contact_id=contact_id
            )
            theirs = await directory.mirror.contact(
                session, account_id=OTHER_ACCOUNT, contact_id=contact_id
            )
        assert mine is not None
        assert mine.name == "Echt"
        assert theirs is None

    async def test_a_redelivered_old_snapshot_has_no_second_effect(
        self, directory: Directory
    ) -> None:
        contact_id = uuid.uuid4()
        first = contact(contact_id, "Alt")
        await directory.apply(first, contact(contact_id, "Neu"), first)
        async with directory.sessionmaker() as session:
            found = await directory.mirror.contact(
                session, account_id=ACCOUNT, contact_id=contact_id
            )
        assert found is not None
        assert found.name == "Neu"
