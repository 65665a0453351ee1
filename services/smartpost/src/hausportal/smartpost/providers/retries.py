"""Trying a provider call again while the provider is unavailable."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from hausportal.smartpost.providers.port import ProviderUnavailable

T = TypeVar("T")


async def with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    attempts: int = 3,
    backoff: float = 1.0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """``call()`` up to ``attempts`` times while it raises ``ProviderUnavailable``, waiting
    ``backoff`` seconds before the second try and twice as long before each further one.

    Only worth it because submit and cancel are idempotent: a retry after a lost answer finds
    the order the first try placed. Every other error (a refused cancel, say) is raised at
    once; after the last attempt its ``ProviderUnavailable`` is raised.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    delay = backoff
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except ProviderUnavailable:
            if attempt == attempts:
                raise
        await sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")
