"""The residents' start page and the staff's preview of it."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Neighbourhood

API = "/api/portal"


async def fill(hood: Neighbourhood) -> None:
    """Lindenallee: a message, an appointment, an FAQ entry, a caretaker; Birkenweg: a message;
    Nora: a message of her own."""
    linden, birke = hood.properties["lindenallee"], hood.properties["birkenweg"]
    for path, body in (
        ("/messages", {"property_ids": [linden], "title": "Linden-Mitteilung", "text": "..."}),
        (
            "/appointments",
            {
                "property_ids": [linden],
                "title": "Linden-Termin",
                "text": "...",
                "starts_at": "2026-07-01T16:00:00Z",
            },
        ),
        ("/messages", {"property_ids": [birke], "title": "Birken-Mitteilung", "text": "..."}),
        ("/messages", {"contact_ids": [hood.contacts["nora"]], "title": "An Nora", "text": "..."}),
        (f"/properties/{linden}/faq", {"question": "Müll?", "answer": "Dienstags"}),
        (f"/properties/{linden}/contact-persons", {"name": "Hans", "role": "Hausmeister"}),
    ):
        hood.portal.clock.advance(timedelta(minutes=1))
        response = await hood.post(path, json=body)
        assert response.status_code == 201, response.text


def summary(page: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "messages": [m["title"] for m in page["messages"]],
        "appointments": [a["title"] for a in page["appointments"]],
        "faq": [e["question"] for e in page["faq"]],
        "contact_persons": [p["name"] for p in page["contact_persons"]],
    }


LINDENALLEE = {
    "messages": ["Linden-Mitteilung"],
    "appointments": ["Linden-Termin"],
    "faq": ["Müll?"],
    "contact_persons": ["Hans"],
}
NOTHING: dict[str, list[str]] = {
    "messages": [],
    "appointments": [],
    "faq": [],
    "contact_persons": [],
}


class TestHome:
    async def test_each_contact_sees_what_is_theirs(self, neighbourhood: Neighbourhood) -> None:
        hood = neighbourhood
        await fill(hood)
        for who in ("tenant", "owner", "resident"):
            assert summary(await hood.home(who)) == LINDENALLEE, who
        assert summary(await hood.home("former")) == NOTHING
        assert summary(await hood.home("other")) == NOTHING | {"messages": ["Birken-Mitteilung"]}
        assert summary(await hood.home("nora")) == NOTHING | {
            "messages": ["An Nora", "Birken-Mitteilung"]
        }

    async def test_staff_have_no_start_page(self, neighbourhood: Neighbourhood) -> None:
        response = await neighbourhood.portal.client.get(
            f"{API}/my/home", headers=neighbourhood.staff.headers
        )
        assert response.status_code == 403


class TestPreview:
    async def preview(self, hood: Neighbourhood, prop: str, **params: str) -> Any:
        return await hood.portal.client.get(
            f"{API}/properties/{hood.properties[prop]}/preview",
            params=params,
            headers=hood.staff.headers,
        )

    async def test_as_tenant_owner_or_resident_of_a_property(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        await fill(hood)
        for role in ("tenant", "owner", "resident"):
            response = await self.preview(hood, "lindenallee", **{"as": role})
            assert response.status_code == 200, response.text
            # Exactly what a real tenant, owner or resident of Lindenallee sees.
            assert summary(response.json()) == LINDENALLEE, role
            assert response.json() == await hood.home(role)
        birke = await self.preview(
            hood, "birkenweg", **{"as": "tenant", "unit_id": hood.units["b1"]}
        )
        # Never what was sent to one contact by name.
        assert summary(birke.json()) == NOTHING | {"messages": ["Birken-Mitteilung"]}

    async def test_unit_of_another_property_and_unknown_role_are_refused(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        wrong_unit = await self.preview(
            hood, "lindenallee", **{"as": "tenant", "unit_id": hood.units["b1"]}
        )
        assert wrong_unit.status_code == 404
        assert wrong_unit.json()["code"] == "unit_not_found"
        assert (await self.preview(hood, "lindenallee", **{"as": "janitor"})).status_code == 422
        assert (await self.preview(hood, "lindenallee")).status_code == 422
        stranger = await hood.portal.new_account("Andere HV")
        foreign = await hood.portal.client.get(
            f"{API}/properties/{hood.properties['lindenallee']}/preview",
            params={"as": "tenant"},
            headers=stranger.headers,
        )
        assert foreign.status_code == 404

    async def test_on_a_past_day(self, neighbourhood: Neighbourhood) -> None:
        hood = neighbourhood
        await fill(hood)
        # Published on 15 June: the preview of another day still shows what is published now.
        response = await self.preview(hood, "lindenallee", **{"as": "owner", "on": "2026-01-01"})
        assert summary(response.json()) == LINDENALLEE
