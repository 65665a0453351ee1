"""Dates and times as a German reader expects them, always on the clock in Germany."""

from __future__ import annotations

from datetime import datetime

from hausportal.kit.visibility import BERLIN

# The dash of a range (18:00 to 20:00), as German typography has it; not a hyphen.
EN_DASH = "\u2013"
_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def _berlin(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a moment to show needs its timezone")
    return moment.astimezone(BERLIN)


def long_date(moment: datetime) -> str:
    """``Dienstag, 17. März 2026``."""
    local = _berlin(moment)
    return f"{_WEEKDAYS[local.weekday()]}, {local.day}. {_MONTHS[local.month - 1]} {local.year}"


def short_date(moment: datetime) -> str:
    """``17.03.2026``."""
    return f"{_berlin(moment):%d.%m.%Y}"


def clock_time(moment: datetime) -> str:
    """``18:00`` (24 hours, no "Uhr")."""
    return f"{_berlin(moment):%H:%M}"


def date_and_time(moment: datetime) -> str:
    """``17.03.2026, 18:00 Uhr``: until when a link or code is valid."""
    return f"{short_date(moment)}, {clock_time(moment)} Uhr"


def time_range(starts_at: datetime, ends_at: datetime | None = None) -> str:
    """When an appointment is: ``Dienstag, 17. März 2026, 18:00{EN_DASH}20:00 Uhr``; one
    without an end ``..., 18:00 Uhr``; one over several days names both days."""
    start = f"{long_date(starts_at)}, {clock_time(starts_at)}"
    if ends_at is None or ends_at <= starts_at:
        return f"{start} Uhr"
    if _berlin(ends_at).date() == _berlin(starts_at).date():
        return f"{start}{EN_DASH}{clock_time(ends_at)} Uhr"
    return f"{start} Uhr {EN_DASH} {long_date(ends_at)}, {clock_time(ends_at)} Uhr"
