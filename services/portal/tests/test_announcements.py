"""Messages and appointments: who sees them, their attachments, their events, edit and delete."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from hausportal.contracts import portal as ev

if TYPE_CHECKING:
    from conftest import Neighbourhood

API = "/api/portal"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 20


def multipart(data: dict[str, Any], *files: tuple[str, bytes, str]) -> dict[str, Any]:
    return {
        "data": {"data": json.dumps(data)},
        "files": [("files", file) for file in files],
    }


async def publish_message(hood: Neighbourhood, data: dict[str, Any], *files: Any) -> dict[str, Any]:
    response = await hood.post("/messages", **multipart(data, *files))
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def titles(cards: list[dict[str, Any]]) -> list[str]:
    return [card["title"] for card in cards]


class TestPropertyMessage:
    async def test_reaches_tenant_owner_and_resident_with_the_attachment(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        message = await publish_message(
            hood,
            {
                "property_ids": [hood.properties["lindenallee"]],
                "title": "Wasserabstellung",
                "text": "Am Montag wird von 9 bis 12 Uhr das Wasser abgestellt.",
            },
            ("C:\\Users\\..\\Aushang\u202e Wasser.pdf", PDF, "application/pdf"),
        )
        assert message["kind"] == "message"
        assert message["notify"] is True
        [attachment] = message["attachments"]
        assert attachment["file_name"] == "Aushang Wasser.pdf"
        assert attachment["size"] == len(PDF)

        for who in ("tenant", "owner", "resident"):
            home = await hood.home(who)
            assert titles(home["messages"]) == ["Wasserabstellung"], who
            [card] = home["messages"]
            assert card["attachments"][0]["file_name"] == "Aushang Wasser.pdf"
            download = await hood.portal.client.get(
                f"{API}/my/announcements/{message['id']}/attachments/{attachment['id']}",
                headers=hood.headers(who),
            )
            assert download.status_code == 200, download.text
            assert download.content == PDF
            assert download.headers["content-type"] == "application/pdf"
            assert "Aushang%20Wasser.pdf" in download.headers["content-disposition"]

        key = f"{hood.staff.account_id}/portal/announcements/{message['id']}/{attachment['id']}"
        assert (await hood.portal.runtime.storage.stat(key)).size == len(PDF)

    async def test_former_tenant_and_other_property_see_nothing(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        message = await publish_message(
            hood,
            {"property_ids": [hood.properties["lindenallee"]], "title": "Hoffest", "text": "..."},
            ("einladung.pdf", PDF, "application/pdf"),
        )
        for who in ("former", "other", "nora"):
            assert (await hood.home(who))["messages"] == [], who
            download = await hood.portal.client.get(
                f"{API}/my/announcements/{message['id']}/attachments/"
                f"{message['attachments'][0]['id']}",
                headers=hood.headers(who),
            )
            assert download.status_code == 404, who

    async def test_published_event_carries_targets_notify_and_file_names(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        message = await publish_message(
            hood,
            {"property_ids": [hood.properties["lindenallee"]], "title": "Hoffest", "text": "..."},
            ("einladung.pdf", PDF, "application/pdf"),
        )
        [event] = await hood.portal.portal_events(hood.staff.account_id)
        assert isinstance(event, ev.MessagePublished)
        assert str(event.payload.announcement_id) == message["id"]
        assert [str(p) for p in event.payload.property_ids] == [hood.properties["lindenallee"]]
        assert event.payload.contact_ids == ()
        assert event.payload.notify is True
        assert event.payload.attachment_names == ("einladung.pdf",)
        assert event.payload.published_at == hood.portal.clock.now()

    async def test_all_properties_means_those_existing_at_publish(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        message = await hood.post(
            "/messages", json={"all_properties": True, "title": "Neue Bürozeiten", "text": "..."}
        )
        assert message.status_code == 201, message.text
        assert message.json()["all_properties"] is True
        assert sorted(message.json()["property_ids"]) == sorted(hood.properties.values())
        later = await hood.post("/properties", json={"name": "Neubau 1"})
        assert later.status_code == 201
        listed = await hood.portal.client.get(
            f"{API}/messages",
            params={"property_id": later.json()["id"]},
            headers=hood.staff.headers,
        )
        assert listed.json()["total"] == 0
        for who in ("tenant", "resident", "other", "nora"):
            assert titles((await hood.home(who))["messages"]) == ["Neue Bürozeiten"], who
        assert (await hood.home("former"))["messages"] == []


class TestNamedContacts:
    async def test_reaches_only_that_contact_also_in_the_post_contract_window(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        response = await hood.post(
            "/messages",
            json={
                "contact_ids": [hood.contacts["nora"]],
                "title": "Ihre Kaution",
                "text": "Ihre Kaution wird nach dem Auszug überwiesen.",
            },
        )
        assert response.status_code == 201, response.text
        assert (await hood.home("nora"))["messages"][0]["title"] == "Ihre Kaution"
        for who in ("tenant", "owner", "resident", "former", "other"):
            assert (await hood.home(who))["messages"] == [], who

        # Contract ended 30 June; 30 days of access after it: until 30 July.
        hood.portal.clock.set(datetime(2026, 7, 30, 10, tzinfo=UTC))
        assert titles((await hood.home("nora"))["messages"]) == ["Ihre Kaution"]
        hood.portal.clock.set(datetime(2026, 7, 31, 10, tzinfo=UTC))
        assert (await hood.home("nora"))["messages"] == []

    async def test_group_sharing_needs_an_active_contract_not_the_window(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        await hood.post(
            "/messages",
            json={"property_ids": [hood.properties["birkenweg"]], "title": "Hof", "text": "..."},
        )
        assert titles((await hood.home("nora"))["messages"]) == ["Hof"]
        hood.portal.clock.set(datetime(2026, 7, 10, 10, tzinfo=UTC))
        # Still in her access window, but no longer a tenant of Birkenweg.
        assert (await hood.home("nora"))["messages"] == []
        assert titles((await hood.home("other"))["messages"]) == ["Hof"]


class TestAppointments:
    async def test_without_notify_is_listed_and_its_event_says_so(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        response = await hood.post(
            "/appointments",
            json={
                "property_ids": [hood.properties["lindenallee"]],
                "title": "Eigentümerversammlung",
                "text": "Tagesordnung folgt.",
                "starts_at": "2026-07-02T18:00:00+02:00",
                "ends_at": "2026-07-02T20:00:00+02:00",
                "place": "Gemeindesaal",
            },
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["kind"], body["notify"], body["place"]) == (
            "appointment",
            False,
            "Gemeindesaal",
        )
        [event] = await hood.portal.portal_events(hood.staff.account_id)
        assert isinstance(event, ev.AppointmentPublished)
        assert event.payload.notify is False
        assert event.payload.starts_at == datetime(2026, 7, 2, 16, tzinfo=UTC)
        assert event.payload.place == "Gemeindesaal"
        home = await hood.home("owner")
        assert titles(home["appointments"]) == ["Eigentümerversammlung"]
        assert home["messages"] == []

    async def test_upcoming_first_soonest_first_then_past_latest_first(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        for title, starts in (
            ("Vorgestern", "2026-06-13T10:00:00Z"),
            ("Übermorgen", "2026-06-17T10:00:00Z"),
            ("Letzte Woche", "2026-06-08T10:00:00Z"),
            ("Morgen", "2026-06-16T10:00:00Z"),
            ("Läuft gerade", "2026-06-15T09:00:00Z"),
        ):
            ends = "2026-06-15T11:00:00Z" if title == "Läuft gerade" else None
            response = await hood.post(
                "/appointments",
                json={
                    "property_ids": [hood.properties["lindenallee"]],
                    "title": title,
                    "text": "...",
                    "starts_at": starts,
                    "ends_at": ends,
                },
            )
            assert response.status_code == 201, response.text
        expected = ["Läuft gerade", "Morgen", "Übermorgen", "Vorgestern", "Letzte Woche"]
        assert titles((await hood.home("tenant"))["appointments"]) == expected

        upcoming = await hood.portal.client.get(
            f"{API}/appointments", params={"upcoming": "true"}, headers=hood.staff.headers
        )
        assert titles(upcoming.json()["items"]) == expected[:3]

    async def test_ending_before_it_starts_is_refused(self, neighbourhood: Neighbourhood) -> None:
        hood = neighbourhood
        response = await hood.post(
            "/appointments",
            json={
                "property_ids": [hood.properties["lindenallee"]],
                "title": "Falsch",
                "text": "...",
                "starts_at": "2026-07-02T18:00:00+02:00",
                "ends_at": "2026-07-02T17:00:00+02:00",
            },
        )
        assert response.status_code == 422
        assert response.json()["code"] == "appointment_ends_before_start"
        assert await hood.portal.portal_events(hood.staff.account_id) == []


class TestEditing:
    async def test_edit_changes_what_residents_see_and_publishes_nothing(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        message = await publish_message(
            hood,
            {"property_ids": [hood.properties["lindenallee"]], "title": "Hoffest", "text": "Am 1."},
        )
        hood.portal.clock.set(datetime(2026, 6, 15, 12, tzinfo=UTC))
        changed = await hood.portal.client.patch(
            f"{API}/announcements/{message['id']}",
            json={"title": "Hoffest (verschoben)", "text": "Am 8."},
            headers=hood.staff.headers,
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["updated_at"].startswith("2026-06-15T12:00")
        [card] = (await hood.home("tenant"))["messages"]
        assert (card["title"], card["text"]) == ("Hoffest (verschoben)", "Am 8.")

        events = await hood.portal.portal_events(hood.staff.account_id)
        assert [type(e) for e in events] == [ev.MessagePublished]
        assert events[0].payload.title == "Hoffest"

    async def test_edit_can_change_recipients_but_never_leave_none(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        message = await publish_message(
            hood, {"property_ids": [hood.properties["lindenallee"]], "title": "T", "text": "..."}
        )
        path = f"{API}/announcements/{message['id']}"
        moved = await hood.portal.client.patch(
            path, json={"property_ids": [hood.properties["birkenweg"]]}, headers=hood.staff.headers
        )
        assert moved.status_code == 200, moved.text
        assert (await hood.home("tenant"))["messages"] == []
        assert titles((await hood.home("other"))["messages"]) == ["T"]
        nobody = await hood.portal.client.patch(
            path, json={"property_ids": []}, headers=hood.staff.headers
        )
        assert nobody.status_code == 422
        assert nobody.json()["code"] == "announcement_without_recipients"
        timed = await hood.portal.client.patch(
            path, json={"starts_at": "2026-07-01T10:00:00Z"}, headers=hood.staff.headers
        )
        assert timed.status_code == 422
        assert timed.json()["code"] == "message_has_no_time"
        notify = await hood.portal.client.patch(
            path, json={"notify": True}, headers=hood.staff.headers
        )
        assert notify.status_code == 422
        assert len(await hood.portal.portal_events(hood.staff.account_id)) == 1


class TestDeleting:
    async def test_delete_hides_it_everywhere_and_publishes_announcement_deleted(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        message = await publish_message(
            hood,
            {"property_ids": [hood.properties["lindenallee"]], "title": "Weg", "text": "..."},
            ("plan.pdf", PDF, "application/pdf"),
        )
        path = f"{API}/announcements/{message['id']}"
        assert (
            await hood.portal.client.delete(path, headers=hood.staff.headers)
        ).status_code == 204
        assert (await hood.home("tenant"))["messages"] == []
        assert (await hood.portal.client.get(path, headers=hood.staff.headers)).status_code == 404
        listed = await hood.portal.client.get(f"{API}/messages", headers=hood.staff.headers)
        assert listed.json()["total"] == 0
        download = await hood.portal.client.get(
            f"{API}/my/announcements/{message['id']}/attachments/{message['attachments'][0]['id']}",
            headers=hood.headers("tenant"),
        )
        assert download.status_code == 404
        events = await hood.portal.portal_events(hood.staff.account_id)
        assert [type(e) for e in events] == [ev.MessagePublished, ev.AnnouncementDeleted]
        assert str(events[1].payload.announcement_id) == message["id"]
        assert events[1].payload.kind == "message"
        assert (
            await hood.portal.client.delete(path, headers=hood.staff.headers)
        ).status_code == 404


class TestStaffLists:
    async def test_messages_newest_first_filtered_by_property(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        for hour, title, prop in (
            (8, "Alt", "lindenallee"),
            (9, "Neu", "lindenallee"),
            (10, "Birke", "birkenweg"),
        ):
            hood.portal.clock.set(datetime(2026, 6, 15, hour, tzinfo=UTC))
            await publish_message(
                hood, {"property_ids": [hood.properties[prop]], "title": title, "text": "..."}
            )
        everything = await hood.portal.client.get(f"{API}/messages", headers=hood.staff.headers)
        assert titles(everything.json()["items"]) == ["Birke", "Neu", "Alt"]
        linden = await hood.portal.client.get(
            f"{API}/messages",
            params={"property_id": hood.properties["lindenallee"], "limit": 1},
            headers=hood.staff.headers,
        )
        assert (titles(linden.json()["items"]), linden.json()["total"]) == (["Neu"], 2)
        assert titles((await hood.home("tenant"))["messages"]) == ["Neu", "Alt"]


class TestAttachments:
    async def test_too_large_names_the_file_and_leaves_nothing(
        self, run_portal: Any, settings_for: Any
    ) -> None:
        settings = settings_for(announcement_attachment_max_bytes=2048)
        async with run_portal(settings) as portal:
            staff = await portal.new_account()
            house = await portal.client.post(
                f"{API}/properties", json={"name": "Haus"}, headers=staff.headers
            )
            response = await portal.client.post(
                f"{API}/messages",
                headers=staff.headers,
                **multipart(
                    {"property_ids": [house.json()["id"]], "title": "T", "text": "..."},
                    ("klein.pdf", b"x" * 2048, "application/pdf"),
                    ("Grundriss groß.pdf", b"x" * 2049, "application/pdf"),
                ),
            )
            assert response.status_code == 413
            assert response.json()["code"] == "file_too_large"
            assert "„Grundriss groß.pdf“" in response.json()["message"]
            prefix = f"{staff.account_id}/portal/"
            assert [o async for o in portal.runtime.storage.list(prefix)] == []
            assert await portal.portal_events(staff.account_id) == []

    async def test_empty_file_is_refused(self, neighbourhood: Neighbourhood) -> None:
        hood = neighbourhood
        response = await hood.post(
            "/messages",
            **multipart(
                {"property_ids": [hood.properties["lindenallee"]], "title": "T", "text": "..."},
                ("gut.pdf", PDF, "application/pdf"),
                ("leer.pdf", b"", "application/pdf"),
            ),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "empty_file"
        assert "leer.pdf" in response.json()["message"]
        assert await _stored(hood) == []
        assert (await hood.portal.client.get(f"{API}/messages", headers=hood.staff.headers)).json()[
            "total"
        ] == 0


def test_file_names_keep_the_last_path_part_without_control_characters() -> None:
    from hausportal.portal.announcements.files import file_name_of

    assert file_name_of("../../etc/pass\x07wd\n.pdf") == "passwd.pdf"
    assert file_name_of("C:\\Temp\\Plan\u202egpj.exe") == "Plangpj.exe"
    assert file_name_of("..") == "Anhang"
    assert file_name_of(None) == "Anhang"
    assert len(file_name_of("a" * 300 + ".pdf")) == 255


async def _stored(hood: Neighbourhood) -> list[str]:
    prefix = f"{hood.staff.account_id}/portal/announcements/"
    return [o.key async for o in hood.portal.runtime.storage.list(prefix)]


def audience(body: dict[str, Any], hood: Neighbourhood) -> dict[str, tuple[str, str | None]]:
    """who -> (reason, the granting contract's name in the neighbourhood)."""
    whom = {contact_id: who for who, contact_id in hood.contacts.items()}
    contract = {contract_id: who for who, contract_id in hood.contracts.items()}
    return {
        whom[entry["contact_id"]]: (entry["reason"], contract.get(entry["contract_id"]))
        for entry in body["contacts"]
    }


class TestAudience:
    async def test_property_message_lists_contracts_and_residents_today_and_on_a_date(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        message = await publish_message(
            hood, {"property_ids": [hood.properties["lindenallee"]], "title": "T", "text": "..."}
        )
        path = f"{API}/announcements/{message['id']}/audience"
        today = await hood.portal.client.get(path, headers=hood.staff.headers)
        assert today.status_code == 200, today.text
        assert today.json()["on"] == "2026-06-15"
        assert audience(today.json(), hood) == {
            "tenant": ("contract", "tenant"),
            "owner": ("contract", "owner"),
            "resident": ("resident", None),
        }
        names = [entry["name"] for entry in today.json()["contacts"]]
        assert names == sorted(names)

        in_march = await hood.portal.client.get(
            path, params={"on": "2026-03-15"}, headers=hood.staff.headers
        )
        assert audience(in_march.json(), hood) == {
            "tenant": ("contract", "tenant"),
            "owner": ("contract", "owner"),
            "former": ("contract", "former"),
            "resident": ("resident", None),
        }
        before_tenancy = await hood.portal.client.get(
            path, params={"on": "2024-12-31"}, headers=hood.staff.headers
        )
        assert set(audience(before_tenancy.json(), hood)) == {"owner", "former", "resident"}

    async def test_named_contact_is_individual_while_in_the_access_window(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        response = await hood.post(
            "/messages",
            json={
                "contact_ids": [hood.contacts["nora"], hood.contacts["former"]],
                "property_ids": [hood.properties["birkenweg"]],
                "title": "T",
                "text": "...",
            },
        )
        path = f"{API}/announcements/{response.json()['id']}/audience"
        get = hood.portal.client.get
        assert audience((await get(path, headers=hood.staff.headers)).json(), hood) == {
            # Birkenweg's tenants by contract; the former tenant is outside every window.
            "nora": ("contract", "nora"),
            "other": ("contract", "other"),
        }
        july = await get(path, params={"on": "2026-07-30"}, headers=hood.staff.headers)
        assert audience(july.json(), hood) == {
            "nora": ("individual", "nora"),
            "other": ("contract", "other"),
        }
        august = await get(path, params={"on": "2026-07-31"}, headers=hood.staff.headers)
        assert audience(august.json(), hood) == {"other": ("contract", "other")}
        april = await get(path, params={"on": "2026-04-30"}, headers=hood.staff.headers)
        assert audience(april.json(), hood)["former"] == ("individual", "former")


class TestAnotherAccount:
    async def test_sees_changes_and_deletes_nothing_and_cannot_target_foreign_data(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        message = await publish_message(
            hood,
            {"property_ids": [hood.properties["lindenallee"]], "title": "T", "text": "..."},
            ("plan.pdf", PDF, "application/pdf"),
        )
        stranger = await hood.portal.new_account("Andere HV")
        path = f"{API}/announcements/{message['id']}"
        client = hood.portal.client
        for response in (
            await client.get(path, headers=stranger.headers),
            await client.patch(path, json={"title": "X"}, headers=stranger.headers),
            await client.delete(path, headers=stranger.headers),
            await client.get(f"{path}/audience", headers=stranger.headers),
            await client.get(
                f"{path}/attachments/{message['attachments'][0]['id']}", headers=stranger.headers
            ),
        ):
            assert response.status_code == 404, response.text
        assert (await client.get(f"{API}/messages", headers=stranger.headers)).json()["total"] == 0

        foreign_property = await client.post(
            f"{API}/messages",
            json={"property_ids": [hood.properties["lindenallee"]], "title": "T", "text": "..."},
            headers=stranger.headers,
        )
        assert foreign_property.status_code == 404
        assert foreign_property.json()["message"] == "Die Liegenschaft wurde nicht gefunden."
        foreign_contact = await client.post(
            f"{API}/messages",
            json={"contact_ids": [hood.contacts["tenant"]], "title": "T", "text": "..."},
            headers=stranger.headers,
        )
        assert foreign_contact.status_code == 404
        assert foreign_contact.json()["code"] == "contact_not_found"
        assert (await client.get(path, headers=hood.staff.headers)).json()["title"] == "T"

    async def test_contacts_cannot_use_the_staff_routes(self, neighbourhood: Neighbourhood) -> None:
        hood = neighbourhood
        response = await hood.portal.client.post(
            f"{API}/messages",
            json={"property_ids": [hood.properties["lindenallee"]], "title": "T", "text": "..."},
            headers=hood.headers("tenant"),
        )
        assert response.status_code == 403


class TestInput:
    async def test_recipients_are_needed_and_form_data_must_be_json(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        nobody = await hood.post("/messages", json={"title": "T", "text": "..."})
        assert nobody.status_code == 422
        assert nobody.json()["code"] == "announcement_without_recipients"
        broken = await hood.post("/messages", data={"data": "{kein json"})
        assert broken.status_code == 422
        assert broken.json()["code"] == "invalid_input"
        missing = await hood.post("/messages", files=[("files", ("a.pdf", PDF, "application/pdf"))])
        assert missing.status_code == 422
        assert missing.json()["code"] == "announcement_data_missing"
        no_title = await hood.post(
            "/messages", json={"property_ids": [hood.properties["lindenallee"]], "text": "..."}
        )
        assert no_title.status_code == 422
        assert "title" in no_title.json()["message"]


class TestOnPostgres:
    async def test_publish_see_download_audience_edit_delete(
        self, postgres_neighbourhood: Neighbourhood
    ) -> None:
        hood = postgres_neighbourhood
        message = await publish_message(
            hood,
            {
                "property_ids": [hood.properties["lindenallee"]],
                "contact_ids": [hood.contacts["nora"]],
                "title": "Hoffest",
                "text": "...",
            },
            ("einladung.pdf", PDF, "application/pdf"),
        )
        for who in ("tenant", "owner", "resident", "nora"):
            assert titles((await hood.home(who))["messages"]) == ["Hoffest"], who
        assert (await hood.home("other"))["messages"] == []
        download = await hood.portal.client.get(
            f"{API}/my/announcements/{message['id']}/attachments/{message['attachments'][0]['id']}",
            headers=hood.headers("resident"),
        )
        assert download.content == PDF
        path = f"{API}/announcements/{message['id']}"
        who = audience(
            (await hood.portal.client.get(f"{path}/audience", headers=hood.staff.headers)).json(),
            hood,
        )
        assert who == {
            "tenant": ("contract", "tenant"),
            "owner": ("contract", "owner"),
            "resident": ("resident", None),
            "nora": ("individual", "nora"),
        }
        await hood.portal.client.patch(path, json={"title": "Hoffest!"}, headers=hood.staff.headers)
        await hood.portal.client.delete(path, headers=hood.staff.headers)
        assert (await hood.home("tenant"))["messages"] == []
        events = await hood.portal.portal_events(hood.staff.account_id)
        assert [type(e) for e in events] == [ev.MessagePublished, ev.AnnouncementDeleted]
