"""Request dependencies of the tasks service beyond the kit's: its own settings."""

from typing import Annotated, cast

from fastapi import Depends

from hausportal.kit.app import RuntimeDep
from hausportal.tasks.settings import TasksSettings


def get_settings(runtime: RuntimeDep) -> TasksSettings:
    return cast(TasksSettings, runtime.settings)


SettingsDep = Annotated[TasksSettings, Depends(get_settings)]
