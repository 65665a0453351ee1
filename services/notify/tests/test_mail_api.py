"""Who may read the mail list."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import StartApp


async def test_only_staff_with_a_valid_token_read_the_mail_list(
    start_app: StartApp, closed_port: Callable[[], int], staff_headers: Callable[..., dict]
) -> None:
    async with start_app(smtp_port=closed_port()) as notify:
        account = uuid.uuid4()
        assert (await notify.client.get("/api/notify/mails")).status_code == 401
        as_contact = await notify.client.get(
            "/api/notify/mails", headers=staff_headers(account, kind="contact")
        )
        assert as_contact.status_code == 403
        bad_status = await notify.client.get(
            "/api/notify/mails", params={"status": "lost"}, headers=staff_headers(account)
        )
        assert bad_status.status_code == 422
        assert bad_status.json()["code"] == "invalid_input"
