"""Errors reach the user as one JSON shape with a German message; paging answers the same way."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import FastAPI, Query
from pydantic import BaseModel

from hausportal.kit.errors import Conflict, TooLarge, install_error_handlers, not_found
from hausportal.kit.paging import Page, PageDep


class Contract(BaseModel):
    start: str
    end: str


def build_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    names = [f"Liegenschaft {n}" for n in range(1, 8)]

    @app.get("/properties/{name}")
    async def get_property(name: str) -> dict[str, str]:
        raise not_found("Die Liegenschaft")

    @app.delete("/properties/{name}")
    async def delete_property(name: str) -> None:
        raise Conflict(
            "property_has_contracts",
            "Die Liegenschaft hat noch 3 Verträge und kann nicht gelöscht werden.",
            contracts=3,
        )

    @app.post("/uploads")
    async def upload() -> None:
        raise TooLarge("file_too_large", "Die Datei „plan.pdf“ ist größer als 50 MB.")

    @app.post("/contracts")
    async def create_contract(contract: Contract, unit: Annotated[int, Query()]) -> None:
        return None

    @app.get("/properties")
    async def list_properties(page: PageDep) -> Page[str]:
        chosen = names[page.offset : page.offset + page.limit]
        return Page.of(chosen, total=len(names), params=page)

    return app


async def request(method: str, url: str, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=build_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.request(method, url, **kwargs)  # type: ignore[arg-type]


async def test_user_errors_carry_status_code_and_german_message() -> None:
    missing = await request("GET", "/properties/x")
    assert missing.status_code == 404
    assert missing.json() == {
        "code": "not_found",
        "message": "Die Liegenschaft wurde nicht gefunden.",
    }
    conflict = await request("DELETE", "/properties/x")
    assert conflict.status_code == 409
    assert conflict.json()["details"] == {"contracts": 3}
    too_large = await request("POST", "/uploads")
    assert too_large.status_code == 413
    assert "plan.pdf" in too_large.json()["message"]


async def test_invalid_input_names_the_fields_in_german() -> None:
    response = await request("POST", "/contracts?unit=abc", json={"start": "2026-01-01"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"] == "Bitte prüfen Sie die Eingaben: unit, end."
    assert [p["field"] for p in body["details"]["problems"]] == ["unit", "end"]


async def test_pages_report_the_total_and_refuse_silly_limits() -> None:
    second = (await request("GET", "/properties?limit=3&offset=3")).json()
    assert second == {
        "items": ["Liegenschaft 4", "Liegenschaft 5", "Liegenschaft 6"],
        "total": 7,
        "limit": 3,
        "offset": 3,
    }
    assert (await request("GET", "/properties?limit=1000")).status_code == 422
    assert (await request("GET", "/properties?offset=-1")).status_code == 422
