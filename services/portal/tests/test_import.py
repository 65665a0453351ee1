"""The master-data import: a manager's spreadsheet in, a row-by-row report out."""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import Workbook

if TYPE_CHECKING:
    from conftest import Portal, Staff

API = "/api/portal"
HEADER = [
    "property_name",
    "property_street",
    "property_zip",
    "property_city",
    "unit_name",
    "contact_number",
    "contact_name",
    "contact_email",
    "contact_street",
    "contact_zip",
    "contact_city",
    "preference",
    "role",
    "start",
    "end",
]
# Rows (0-based among the data rows) that are broken, and how.
BROKEN = {
    100: {"end": "2019-12-31"},  # ends before it starts
    200: {"role": "Hausmeister"},
    300: {"unit_name": ""},
    400: {"start": "31.02.2024"},
    500: {"contact_name": ""},
}


def good_row(n: int) -> dict[str, str]:
    house = n // 20  # 50 properties with 20 units each
    return {
        "property_name": f"Lindenallee {house + 1}",
        "property_street": f"Lindenallee {house + 1}",
        "property_zip": "10115",
        "property_city": "Berlin",
        "unit_name": f"WE {n % 20 + 1:02d}",
        "contact_number": f"K-{n:05d}",
        "contact_name": f"Kontakt {n}",
        "contact_email": f"kontakt{n}@example.com",
        "contact_street": "Postweg 1",
        "contact_zip": "20095",
        "contact_city": "Hamburg",
        "preference": "Brief" if n % 3 == 0 else "online",
        "role": "Eigentümer" if n % 2 == 0 else "Mieter",
        "start": "01.01.2020" if n % 2 == 0 else "2020-01-01",
        "end": "" if n % 5 else "31.12.2030",
    }


def thousand_rows() -> list[dict[str, str]]:
    rows = []
    for n in range(1000):
        row = good_row(n)
        row.update(BROKEN.get(n, {}))
        rows.append(row)
    return rows


def as_csv(rows: list[dict[str, str]], header: list[str] = HEADER, delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


async def upload(
    portal: Portal,
    staff: Staff,
    content: bytes,
    filename: str = "stammdaten.csv",
    content_type: str = "text/csv",
) -> Any:
    return await portal.client.post(
        f"{API}/import", files={"file": (filename, content, content_type)}, headers=staff.headers
    )


async def total(portal: Portal, staff: Staff, listing: str) -> int:
    response = await portal.client.get(
        f"{API}{listing}", params={"limit": 1}, headers=staff.headers
    )
    return response.json()["total"]  # type: ignore[no-any-return]


async def check_thousand_rows(portal: Portal, staff: Staff) -> None:
    started = time.perf_counter()
    response = await upload(portal, staff, as_csv(thousand_rows()))
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["created"], report["updated"], report["unchanged"], report["rejected"]) == (
        995,
        0,
        0,
        5,
    )
    rejected = {r["row"]: r["reasons"] for r in report["rows"] if r["status"] == "rejected"}
    # Row numbers as in the file: the header is row 1.
    assert rejected == {
        102: ["Der Vertrag kann nicht vor seinem Beginn enden."],
        202: ["Rolle „Hausmeister“ ist unbekannt: erlaubt sind Eigentümer und Mieter."],
        302: ["Einheit fehlt."],
        402: ["Beginn „31.02.2024“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)."],
        502: ["Name fehlt."],
    }
    assert elapsed < 10, f"1,000 rows took {elapsed:.1f} s"

    assert await total(portal, staff, "/properties") == 50
    assert await total(portal, staff, "/units") == 995  # a rejected row creates nothing
    assert await total(portal, staff, "/contacts") == 995
    assert await total(portal, staff, "/contracts") == 995

    types = Counter(e.type for e in await portal.events(staff.account_id))
    assert types["portal.property.upserted"] == 50
    assert types["portal.unit.upserted"] == 995
    assert types["portal.contact.upserted"] == 995
    assert types["portal.contract.upserted"] == 995

    # The same file again changes nothing and says so.
    again = (await upload(portal, staff, as_csv(thousand_rows()))).json()
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (
        0,
        0,
        995,
        5,
    )


class TestCsvImport:
    async def test_thousand_rows_with_five_bad_ones(self, portal: Portal, staff: Staff) -> None:
        await check_thousand_rows(portal, staff)

    async def test_german_headers_and_changed_rows(self, portal: Portal, staff: Staff) -> None:
        header = [
            "Objekt",
            "Einheit",
            "Kundennummer",
            "Name",
            "E-Mail",
            "PLZ",
            "Rolle",
            "Beginn",
            "Ende",
            "Bemerkung",
        ]
        rows = [
            [
                "Am Markt 3",
                "WE 1",
                "1001",
                "Erika Muster",
                "erika@example.com",
                "01067",
                "Eigentümerin",
                "01.07.2020",
                "",
                "VIP",
            ],
            [
                "Am Markt 3",
                "WE 2",
                "1002",
                "Max Muster",
                "",
                "",
                "Mieter",
                "2024-01-01",
                "31.12.2025",
                "",
            ],
        ]
        content = "\n".join(",".join(r) for r in [header, *rows]).encode("cp1252")
        first = (await upload(portal, staff, content)).json()
        assert [r["status"] for r in first["rows"]] == ["created", "created"]
        assert first["ignored_columns"] == ["Bemerkung"]

        contacts = (
            await portal.client.get(f"{API}/contacts", params={"q": "1001"}, headers=staff.headers)
        ).json()
        assert contacts["items"][0]["zip_code"] == "01067"
        contracts = (await portal.client.get(f"{API}/contracts", headers=staff.headers)).json()
        assert {c["role"] for c in contracts["items"]} == {"owner", "tenant"}

        # Max moves out later and Erika's e-mail changes: both rows update, nothing new.
        rows[1][8] = "31.03.2026"
        rows[0][4] = "erika.neu@example.com"
        content = "\n".join(",".join(r) for r in [header, *rows]).encode("cp1252")
        before = len(await portal.events(staff.account_id))
        second = (await upload(portal, staff, content)).json()
        assert [r["status"] for r in second["rows"]] == ["updated", "updated"]
        emitted = (await portal.events(staff.account_id))[before:]
        assert [e.type for e in emitted] == ["portal.contact.upserted", "portal.contract.upserted"]
        assert emitted[1].payload.end == date(2026, 3, 31)  # type: ignore[attr-defined]

    async def test_missing_columns_are_named(self, portal: Portal, staff: Staff) -> None:
        response = await upload(portal, staff, b"Objekt;Name\nHaus;Erika\n")
        assert response.status_code == 422
        assert response.json()["code"] == "import_missing_columns"
        assert response.json()["message"] == (
            "In der Kopfzeile fehlen die Spalten: Einheit, Rolle, Beginn."
        )

    @pytest.mark.parametrize("content", [b"", b"  \n", b"Objekt;Einheit;Name;Rolle;Beginn\n"])
    async def test_empty_file(self, portal: Portal, staff: Staff, content: bytes) -> None:
        response = await upload(portal, staff, content)
        assert response.status_code == 422
        assert response.json()["code"] == "import_empty"

    @pytest.mark.parametrize(
        ("filename", "content"),
        [
            ("brief.pdf", b"%PDF-1.7\n\x00\x01\x02 binary"),
            ("alt.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
            ("kaputt.xlsx", b"not really a spreadsheet"),
        ],
    )
    async def test_wrong_file_type(
        self, portal: Portal, staff: Staff, filename: str, content: bytes
    ) -> None:
        response = await upload(portal, staff, content, filename, "application/octet-stream")
        assert response.status_code == 415
        assert response.json()["code"] == "import_unsupported_file"
        assert "CSV" in response.json()["message"] or ".xlsx" in response.json()["message"]

    async def test_staff_only(self, portal: Portal, staff: Staff) -> None:
        response = await portal.client.post(
            f"{API}/import", files={"file": ("a.csv", b"x", "text/csv")}
        )
        assert response.status_code == 401


class TestXlsxImport:
    async def test_spreadsheet_with_real_dates_and_numbers(
        self, portal: Portal, staff: Staff
    ) -> None:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(
            [
                "Objekt",
                "Objekt-Straße",
                "Einheit",
                "Kontaktnummer",
                "Name",
                "PLZ",
                "Rolle",
                "Beginn",
                "Ende",
                "Versandart",
            ]
        )
        sheet.append(
            [
                "Hafenblick",
                "Kai 1",
                "WE 1",
                1001,
                "Erika Muster",
                1067,
                "Eigentümer",
                date(2020, 7, 1),
                None,
                "Brief",
            ]
        )
        sheet.append(
            [
                "Hafenblick",
                "Kai 1",
                "WE 2",
                1002,
                "Max Muster",
                "20095",
                "Mieter",
                "01.01.2024",
                "2023-12-31",
                None,
            ]
        )
        sheet.append([None] * 10)
        sheet.append(
            [
                "Hafenblick",
                "Kai 1",
                "WE 2",
                1003,
                "Lisa Muster",
                None,
                "Mieter",
                date(2024, 1, 1),
                date(2026, 12, 31),
                "online",
            ]
        )
        buffer = io.BytesIO()
        book.save(buffer)

        response = await upload(
            portal,
            staff,
            buffer.getvalue(),
            "Stammdaten.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        assert response.status_code == 200, response.text
        report = response.json()
        assert [(r["row"], r["status"]) for r in report["rows"]] == [
            (2, "created"),
            (3, "rejected"),
            (5, "created"),
        ]
        contacts = (await portal.client.get(f"{API}/contacts", headers=staff.headers)).json()
        erika = next(c for c in contacts["items"] if c["name"] == "Erika Muster")
        assert erika["contact_number"] == "1001"
        assert erika["zip_code"] == "01067"
        assert erika["preference"] == "letter"
        assert await total(portal, staff, "/units") == 2


@pytest.mark.postgres
class TestImportOnPostgres:
    async def test_thousand_rows_with_five_bad_ones(self, postgres_portal: Portal) -> None:
        staff = await postgres_portal.new_account("Hausverwaltung PG")
        await check_thousand_rows(postgres_portal, staff)
