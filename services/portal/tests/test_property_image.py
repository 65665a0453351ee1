"""A property's picture: real images only, size-limited, replaced in one step, account-bound."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hausportal.portal.settings import PortalSettings

if TYPE_CHECKING:
    from conftest import Portal, Staff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 300
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 100


async def building(portal: Portal, staff: Staff) -> dict[str, Any]:
    response = await portal.client.post(
        "/api/portal/properties", json={"name": "Lindenallee 5"}, headers=staff.headers
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def put_image(portal: Portal, staff: Staff, property_id: str, name: str, data: bytes) -> Any:
    return await portal.client.put(
        f"/api/portal/properties/{property_id}/image",
        files={"file": (name, data, "application/octet-stream")},
        headers=staff.headers,
    )


class TestPropertyImage:
    async def test_upload_replace_download_and_remove(self, portal: Portal, staff: Staff) -> None:
        house = await building(portal, staff)
        path = f"/api/portal/properties/{house['id']}/image"
        assert (await portal.client.get(path, headers=staff.headers)).status_code == 404

        uploaded = await put_image(portal, staff, house["id"], "haus.png", PNG)
        assert uploaded.status_code == 200, uploaded.text
        assert uploaded.json()["image_key"] is not None
        picture = await portal.client.get(path, headers=staff.headers)
        assert picture.content == PNG
        assert picture.headers["content-type"] == "image/png"

        # The type comes from the bytes, not from the name or the browser's claim.
        assert (await put_image(portal, staff, house["id"], "haus.png", JPEG)).status_code == 200
        picture = await portal.client.get(path, headers=staff.headers)
        assert (picture.content, picture.headers["content-type"]) == (JPEG, "image/jpeg")
        assert (await put_image(portal, staff, house["id"], "x.webp", WEBP)).status_code == 200

        assert (await portal.client.delete(path, headers=staff.headers)).status_code == 204
        assert (await portal.client.get(path, headers=staff.headers)).status_code == 404
        stored = [o async for o in portal.runtime.storage.list(f"{staff.account_id}/portal/")]
        assert stored == []

    async def test_what_is_not_an_image_is_refused_and_the_old_one_stays(
        self, portal: Portal, staff: Staff
    ) -> None:
        house = await building(portal, staff)
        assert (await put_image(portal, staff, house["id"], "haus.png", PNG)).status_code == 200

        pdf = await put_image(portal, staff, house["id"], "haus.png", b"%PDF-1.7 not a picture")
        assert pdf.status_code == 415
        assert "JPEG, PNG oder WebP" in pdf.json()["message"]
        empty = await put_image(portal, staff, house["id"], "leer.png", b"")
        assert empty.status_code == 422
        picture = await portal.client.get(
            f"/api/portal/properties/{house['id']}/image", headers=staff.headers
        )
        assert picture.content == PNG

    async def test_another_account_neither_sees_nor_replaces_it(
        self, portal: Portal, staff: Staff
    ) -> None:
        house = await building(portal, staff)
        await put_image(portal, staff, house["id"], "haus.png", PNG)
        stranger = await portal.new_account("Andere HV")
        path = f"/api/portal/properties/{house['id']}/image"
        assert (await portal.client.get(path, headers=stranger.headers)).status_code == 404
        assert (await put_image(portal, stranger, house["id"], "x.png", JPEG)).status_code == 404
        assert (await portal.client.delete(path, headers=stranger.headers)).status_code == 404
        assert (await portal.client.get(path, headers=staff.headers)).content == PNG

    async def test_deleting_the_property_removes_its_picture(
        self, portal: Portal, staff: Staff
    ) -> None:
        house = await building(portal, staff)
        await put_image(portal, staff, house["id"], "haus.png", PNG)
        deleted = await portal.client.delete(
            f"/api/portal/properties/{house['id']}", headers=staff.headers
        )
        assert deleted.status_code == 204
        stored = [o async for o in portal.runtime.storage.list(f"{staff.account_id}/portal/")]
        assert stored == []


async def test_a_picture_over_the_limit_is_413_and_nothing_is_kept(
    settings_for: Callable[..., PortalSettings], run_portal: Any
) -> None:
    async with run_portal(settings_for(property_image_max_bytes=1024)) as portal:
        staff = await portal.new_account()
        house = await building(portal, staff)
        big = await put_image(portal, staff, house["id"], "gross.png", PNG + b"\x00" * 2048)
        assert big.status_code == 413
        assert "höchstens" in big.json()["message"]
        stored = [o async for o in portal.runtime.storage.list(f"{staff.account_id}/portal/")]
        assert stored == []
