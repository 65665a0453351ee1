"""/contracts: who is owner or tenant of which unit, from when until when."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep
from hausportal.portal.contracts import repository, service
from hausportal.portal.contracts.schemas import ContractIn, ContractOut, ContractPatch

router = APIRouter(prefix="/contracts", tags=["contracts"])


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a contract")
async def create_contract(
    session: SessionDep, staff: CurrentStaff, body: ContractIn
) -> ContractOut:
    contract = await service.create_contract(
        session, account_id=staff.account_id, **body.model_dump()
    )
    return ContractOut.model_validate(contract)


@router.get("", summary="Contracts, filtered by unit, contact or property")
async def list_contracts(
    session: SessionDep,
    staff: CurrentStaff,
    page: PageDep,
    unit_id: uuid.UUID | None = None,
    contact_id: uuid.UUID | None = None,
    property_id: uuid.UUID | None = None,
) -> Page[ContractOut]:
    items, total = await repository.search(
        session,
        account_id=staff.account_id,
        unit_id=unit_id,
        contact_id=contact_id,
        property_id=property_id,
        page=page,
    )
    return Page.of([ContractOut.model_validate(c) for c in items], total=total, params=page)


@router.get("/{contract_id}", summary="One contract")
async def get_contract(
    session: SessionDep, staff: CurrentStaff, contract_id: uuid.UUID
) -> ContractOut:
    contract = await service.get_contract(
        session, account_id=staff.account_id, contract_id=contract_id
    )
    return ContractOut.model_validate(contract)


@router.patch("/{contract_id}", summary="Change a contract (unit, role, start, end)")
async def update_contract(
    session: SessionDep, staff: CurrentStaff, contract_id: uuid.UUID, body: ContractPatch
) -> ContractOut:
    contract = await service.update_contract(
        session, account_id=staff.account_id, contract_id=contract_id, changes=body.changes()
    )
    return ContractOut.model_validate(contract)


@router.delete(
    "/{contract_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a contract"
)
async def delete_contract(session: SessionDep, staff: CurrentStaff, contract_id: uuid.UUID) -> None:
    await service.delete_contract(session, account_id=staff.account_id, contract_id=contract_id)
