"""SmartPost's download links: the link goes only to the staff the event names."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from hausportal.contracts.smartpost import DownloadLinkPayload, DownloadLinkReady

if TYPE_CHECKING:
    from conftest import StartApp, StartSmtp, World


async def test_the_link_reaches_the_named_active_staff_once_and_nobody_else(
    start_app: StartApp,
    start_smtp: StartSmtp,
    world: World,
    closed_port: Callable[[], int],
    database_url: str,
) -> None:
    approver = world.staff("Anna Freigabe")
    requester = world.staff("Sven Sachbearbeiter")
    away = world.staff("Ina Inaktiv", active=False)
    link = "https://files.example.test/serienbrief.pdf?X-Amz-Signature=abc"
    event = DownloadLinkReady(
        account_id=world.account_id,
        payload=DownloadLinkPayload(
            serial_letter_id=uuid.uuid4(),
            title="Hausgeldabrechnung 2025",
            link=link,
            expires_at=datetime(2026, 12, 8, 11, 0, tzinfo=UTC),
            file_name="Hausgeldabrechnung 2025 (PDF-A).pdf",
            size=3 * 1024 * 1024,
            # Manager approval on: the approver and the inactive one, not the requester.
            staff_ids=(approver.staff_id, away.staff_id),
            requested_by=requester.staff_id,
        ),
    )
    port = closed_port()
    server = start_smtp(port)
    async with start_app(smtp_port=port, database_url=database_url) as notify:
        await notify.apply(*world.events)
        await notify.publish(event, event)  # delivered twice: one mail
        await notify.wait_for_mails(world.account_id, count=1)
        await asyncio.sleep(0.3)

        assert server.recipients() == [approver.email]
        [mail] = server.messages_to(approver.email)
        assert mail.subject == "Download-Link: Hausgeldabrechnung 2025"
        for part in (mail.text, mail.html):
            assert "Guten Tag Anna Freigabe," in part
            assert "3 MB" in part
            assert "08.12.2026" in part
        assert link in mail.text
        assert link.replace("&", "&amp;") in mail.html
        [listed] = (await notify.mails(world.account_id))["items"]
        assert listed["kind"] == "download_link"
