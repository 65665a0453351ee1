"""The running service as event handlers reach it: through their session's ``info``.

A handler gets only ``(session, event)``; the notification it records needs the runtime's
clock and settings (the settle time). A startup hook puts the runtime into every session the
app's sessionmaker makes, so tests that set a ``FixedClock`` steer the handlers too.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.app import Runtime
from hausportal.notify.settings import NotifySettings

_RUNTIME = "hausportal.notify.runtime"


async def expose_runtime(runtime: Runtime) -> None:
    """Startup hook: sessions of this app carry its runtime."""
    runtime.sessionmaker.configure(info={_RUNTIME: runtime})


def runtime_of(session: AsyncSession) -> Runtime:
    runtime = session.info.get(_RUNTIME)
    if runtime is None:
        raise RuntimeError("session without the notify runtime: is expose_runtime a startup hook?")
    return runtime  # type: ignore[no-any-return]


def settings_of(runtime: Runtime) -> NotifySettings:
    settings = runtime.settings
    if not isinstance(settings, NotifySettings):
        raise TypeError("the notify service runs with NotifySettings")
    return settings
