"""FastAPI dependencies of the portal beyond the kit's: its own settings."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from hausportal.portal.settings import PortalSettings


def get_settings(request: Request) -> PortalSettings:
    return cast(PortalSettings, request.app.state.runtime.settings)


SettingsDep = Annotated[PortalSettings, Depends(get_settings)]
