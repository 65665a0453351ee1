"""The audit of a serial letter's paper side: who ordered, cancelled, downloaded what, when."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.smartpost.models import DispatchAudit


def record(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    serial_letter_id: uuid.UUID,
    action: str,
    staff_id: uuid.UUID,
    at: datetime,
    order_id: uuid.UUID | None = None,
    **detail: Any,
) -> None:
    session.add(
        DispatchAudit(
            id=uuid.uuid4(),
            account_id=account_id,
            serial_letter_id=serial_letter_id,
            order_id=order_id,
            action=action,
            staff_id=staff_id,
            at=at,
            detail=detail,
        )
    )
