"""Test helpers for code that orders at a print provider: sample orders and the storage to run
them on (local disk or the real S3 server from ``hausportal.kit.testing``)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hausportal.kit.storage.local import LocalObjectStorage
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.storage.s3 import S3ObjectStorage
from hausportal.kit.testing import s3_server
from hausportal.smartpost.engine.dispatch import Sides
from hausportal.smartpost.providers.port import Envelope, PrintOptions, PrintOrder

TEST_BUCKET = "hausportal-smartpost-provider-tests"
SAMPLE_PDF = b"%PDF-1.7\n% Druckdatei der Tests\n%%EOF\n"


@dataclass(frozen=True)
class ProviderStorage:
    storage: ObjectStorage
    account_id: uuid.UUID  # a fresh account per test: its keys are the test's own


@asynccontextmanager
async def provider_storage(kind: str, root: Path) -> AsyncIterator[ProviderStorage]:
    """``kind`` is "local" (files under ``root``) or "s3"; the S3 objects are removed after."""
    account_id = uuid.uuid4()
    if kind == "local":
        local = LocalObjectStorage(
            root=root, url_prefix="http://hausportal.test/api/smartpost", signing_secret="x" * 32
        )
        await local.ensure_ready()
        yield ProviderStorage(local, account_id)
        return
    server = s3_server()
    s3 = S3ObjectStorage(
        endpoint=server.endpoint,
        bucket=TEST_BUCKET,
        access_key=server.access_key,
        secret_key=server.secret_key,
    )
    await s3.ensure_ready()
    try:
        yield ProviderStorage(s3, account_id)
    finally:
        async for found in s3.list(f"{account_id}/"):
            await s3.delete(found.key)


async def put_print_file(
    storage: ObjectStorage, account_id: uuid.UUID, content: bytes = SAMPLE_PDF
) -> str:
    key = f"{account_id}/smartpost/print-files/{uuid.uuid4()}.pdf"
    await storage.put(key, content, content_type="application/pdf")
    return key


def sample_envelopes() -> tuple[Envelope, ...]:
    """Three envelopes with umlauts, ß and a foreign address, as the merge would lay them out."""
    return (
        Envelope(
            number=1,
            contact_id=uuid.UUID(int=1),
            recipient_name="Jürgen Müßig",
            address_lines=("Königstraße 5", "80331 München"),
            country="DE",
            pages=4,
            sheets=2,
            first_page=1,
            letter_ids=(uuid.UUID(int=101), uuid.UUID(int=102)),
        ),
        Envelope(
            number=2,
            contact_id=uuid.UUID(int=2),
            recipient_name="Åsa Øberg",
            address_lines=("c/o Hausverwaltung Ähre", "Storgatan 1", "111 22 Stockholm"),
            country="SE",
            pages=2,
            sheets=1,
            first_page=5,
            letter_ids=(uuid.UUID(int=103),),
        ),
        Envelope(
            number=3,
            contact_id=uuid.UUID(int=3),
            recipient_name="Eigentümergemeinschaft Lindenallee",
            address_lines=("Lindenallee 12", "50968 Köln"),
            country="DE",
            pages=2,
            sheets=1,
            first_page=7,
            letter_ids=(uuid.UUID(int=104),),
        ),
    )


def sample_order(
    *,
    account_id: uuid.UUID,
    print_file_key: str,
    ordered_at: datetime,
    order_id: uuid.UUID | None = None,
    manifest: Sequence[Envelope] | None = None,
    options: PrintOptions | None = None,
) -> PrintOrder:
    return PrintOrder(
        order_id=order_id or uuid.uuid4(),
        account_id=account_id,
        print_file_key=print_file_key,
        manifest=tuple(manifest or sample_envelopes()),
        options=options or PrintOptions(sides=Sides.duplex, duplex_optimised=True),
        ordered_by=uuid.UUID(int=42),
        ordered_at=ordered_at,
    )
