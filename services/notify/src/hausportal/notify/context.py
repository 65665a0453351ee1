"""The notify service's settings as its workers and handlers reach them through the runtime."""

from __future__ import annotations

from hausportal.kit.app import Runtime
from hausportal.notify.settings import NotifySettings


def settings_of(runtime: Runtime) -> NotifySettings:
    settings = runtime.settings
    if not isinstance(settings, NotifySettings):
        raise TypeError("the notify service runs with NotifySettings")
    return settings
