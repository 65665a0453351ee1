"""Request dependencies of the smartpost service beyond the kit's: its own settings."""

from typing import Annotated, cast

from fastapi import Depends

from hausportal.kit.app import Runtime, RuntimeDep
from hausportal.smartpost.settings import SmartpostSettings


def settings_of(runtime: Runtime) -> SmartpostSettings:
    return cast(SmartpostSettings, runtime.settings)


def get_settings(runtime: RuntimeDep) -> SmartpostSettings:
    return settings_of(runtime)


SettingsDep = Annotated[SmartpostSettings, Depends(get_settings)]
