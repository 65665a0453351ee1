"""Wakes the mail sender when new mails were committed, instead of waiting for its next poll."""

from __future__ import annotations

from collections.abc import Callable


class Wakeups:
    def __init__(self) -> None:
        self._callbacks: list[Callable[[], None]] = []

    def add(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def remove(self, callback: Callable[[], None]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def wake(self) -> None:
        for callback in list(self._callbacks):
            callback()


# One per process: a wake-up only makes a sender look sooner, so sharing it is harmless.
new_mail = Wakeups()
