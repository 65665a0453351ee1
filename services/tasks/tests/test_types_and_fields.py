"""Ticket types with custom fields (text, number, date, choice; required or not) and the
German 422 that names every field a report got wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Agency, Tasks

API = "/api/tasks"
FIELDS: list[dict[str, Any]] = [
    {"key": "zaehler", "label": "Zählernummer", "kind": "text", "required": True},
    {"key": "stand", "label": "Zählerstand", "kind": "number", "required": True},
    {"key": "abgelesen", "label": "Abgelesen am", "kind": "date"},
    {"key": "art", "label": "Zählerart", "kind": "choice", "choices": ["Wasser", "Wärme"]},
]


async def meter_type(tasks: Tasks, agency: Agency) -> dict[str, Any]:
    response = await tasks.client.post(
        f"{API}/ticket-types",
        headers=agency.staff,
        json={"name": "Zählerstand melden", "fields": FIELDS},
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


class TestTypes:
    async def test_german_defaults_on_first_use(self, tasks: Tasks, agency: Agency) -> None:
        types = await tasks.ticket_types(agency)
        assert set(types) == {"Schaden melden", "Schlüssel und Zugang", "Allgemeine Anfrage"}
        damage = types["Schaden melden"]["fields"]
        assert [(f["key"], f["required"]) for f in damage] == [
            ("ort", True),
            ("seit", False),
            ("dringlichkeit", True),
        ]
        # Residents get the same list.
        response = await tasks.client.get(
            f"{API}/ticket-types", headers=agency.contact(agency.tenant)
        )
        assert [t["name"] for t in response.json()] == sorted(types, key=str.casefold)

    async def test_staff_define_rename_and_retire_a_type(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        created = await meter_type(tasks, agency)
        assert [f["kind"] for f in created["fields"]] == ["text", "number", "date", "choice"]
        again = await tasks.client.post(
            f"{API}/ticket-types", headers=agency.staff, json={"name": "zählerstand MELDEN"}
        )
        assert again.status_code == 409
        response = await tasks.client.patch(
            f"{API}/ticket-types/{created['id']}", headers=agency.staff, json={"active": False}
        )
        assert response.json()["active"] is False
        assert "Zählerstand melden" not in await tasks.ticket_types(agency)
        body = await tasks.report(
            agency.contact(agency.tenant), agency, type_name="Schaden melden", expect=201
        )
        assert body["ticket_type"] == "Schaden melden"
        response = await tasks.client.post(
            f"{API}/tickets",
            headers=agency.contact(agency.tenant),
            data={
                "ticket_type_id": created["id"],
                "title": "x",
                "description": "y",
                "property_id": str(agency.property_id),
            },
        )
        assert response.status_code == 422
        assert response.json()["code"] == "ticket_type_inactive"

    async def test_residents_do_not_define_types(self, tasks: Tasks, agency: Agency) -> None:
        response = await tasks.client.post(
            f"{API}/ticket-types", headers=agency.contact(agency.tenant), json={"name": "Party"}
        )
        assert response.status_code == 403

    @pytest.mark.parametrize(
        "field",
        [
            {"key": "wahl", "label": "Wahl", "kind": "choice"},
            {"key": "frei", "label": "Frei", "kind": "text", "choices": ["a"]},
            {"key": "Groß", "label": "Groß", "kind": "text"},
            {"key": "x", "label": "X", "kind": "farbe"},
        ],
    )
    async def test_bad_field_definitions(
        self, tasks: Tasks, agency: Agency, field: dict[str, Any]
    ) -> None:
        response = await tasks.client.post(
            f"{API}/ticket-types", headers=agency.staff, json={"name": "Neu", "fields": [field]}
        )
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_input"

    async def test_two_fields_with_one_key(self, tasks: Tasks, agency: Agency) -> None:
        field = {"key": "a", "label": "A", "kind": "text"}
        response = await tasks.client.post(
            f"{API}/ticket-types",
            headers=agency.staff,
            json={"name": "Neu", "fields": [field, field | {"label": "B"}]},
        )
        assert response.status_code == 422


class TestFieldValues:
    async def test_valid_values_are_kept_with_their_labels(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        await meter_type(tasks, agency)
        ticket = await tasks.report(
            agency.contact(agency.tenant),
            agency,
            type_name="Zählerstand melden",
            values={
                "zaehler": " W-123 ",
                "stand": "1.234,5",
                "abgelesen": "01.12.2026",
                "art": "wärme",
            },
        )
        assert [(v["label"], v["value"], v["shown"]) for v in ticket["field_values"]] == [
            ("Zählernummer", "W-123", "W-123"),
            ("Zählerstand", 1234.5, "1234,5"),
            ("Abgelesen am", "2026-12-01", "01.12.2026"),
            ("Zählerart", "Wärme", "Wärme"),
        ]
        optional_left_out = await tasks.report(
            agency.contact(agency.tenant),
            agency,
            type_name="Zählerstand melden",
            values={"zaehler": "W-1", "stand": 7, "abgelesen": ""},
        )
        assert [v["key"] for v in optional_left_out["field_values"]] == ["zaehler", "stand"]

    async def test_every_problem_named_by_its_label(self, tasks: Tasks, agency: Agency) -> None:
        await meter_type(tasks, agency)
        body = await tasks.report(
            agency.contact(agency.tenant),
            agency,
            type_name="Zählerstand melden",
            values={"stand": "viel", "abgelesen": "31.02.2026", "art": "Gas", "farbe": "rot"},
            expect=422,
        )
        assert body["code"] == "invalid_field_values"
        message = body["message"]
        assert message.startswith("Bitte prüfen Sie die Angaben:")
        for expected in (
            "„Zählernummer“ ist ein Pflichtfeld",
            "„Zählerstand“ erwartet eine Zahl",
            "„Abgelesen am“ erwartet ein Datum (TT.MM.JJJJ)",
            "„Zählerart“ erlaubt nur: „Wasser“, „Wärme“",
            "„farbe“ gibt es bei „Zählerstand melden“ nicht",
        ):
            assert expected in message, expected
        assert sorted(p["field"] for p in body["details"]["problems"]) == [
            "abgelesen",
            "art",
            "farbe",
            "stand",
            "zaehler",
        ]
        listed = await tasks.client.get(f"{API}/tickets", headers=agency.staff)
        assert listed.json()["total"] == 0

    async def test_a_required_field_of_the_default_damage_type(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        body = await tasks.report(
            agency.contact(agency.tenant), agency, values={"ort": "Küche"}, expect=422
        )
        assert "„Dringlichkeit“ ist ein Pflichtfeld" in body["message"]
        assert "Wo ist der Schaden" not in body["message"]

    @pytest.mark.parametrize("number", [True, "NaN", "inf", "", "1,2,3"])
    async def test_what_is_no_number(self, tasks: Tasks, agency: Agency, number: Any) -> None:
        await meter_type(tasks, agency)
        body = await tasks.report(
            agency.contact(agency.tenant),
            agency,
            type_name="Zählerstand melden",
            values={"zaehler": "W-1", "stand": number},
            expect=422,
        )
        assert "„Zählerstand“" in body["message"]
