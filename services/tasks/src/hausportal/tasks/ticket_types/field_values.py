"""A ticket's answers to its type's custom fields, checked against the definitions: every
problem named by the field's label, in German, all at once."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from hausportal.kit.errors import Invalid
from hausportal.tasks.ticket_types.schemas import FieldDefinition, FieldKind

MAX_TEXT = 2000
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        number = float(value)
    else:
        # "12,5" as Germans write it, "1.200,5" with a thousands dot as well.
        text = str(value).strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        number = float(text)
    if not math.isfinite(number):
        raise ValueError
    return int(number) if number.is_integer() else number


def _date(value: Any) -> str:
    text = str(value).strip()
    german = _GERMAN_DATE.match(text)
    if german:
        day, month, year = (int(part) for part in german.groups())
        return date(year, month, day).isoformat()
    return date.fromisoformat(text[:10] if "T" in text else text).isoformat()


def _choice(value: Any, choices: list[str]) -> str:
    text = str(value).strip()
    for choice in choices:
        if choice.casefold() == text.casefold():
            return choice
    raise ValueError


def _problem(definition: FieldDefinition, value: Any) -> tuple[Any, str | None]:
    """The value as stored, or the problem in words."""
    label = f"„{definition.label}“"
    try:
        match definition.kind:
            case FieldKind.text:
                text = str(value).strip()
                if len(text) > MAX_TEXT:
                    return None, f"{label} ist zu lang (höchstens {MAX_TEXT} Zeichen)"
                return text, None
            case FieldKind.number:
                return _number(value), None
            case FieldKind.date:
                return _date(value), None
            case FieldKind.choice:
                return _choice(value, definition.choices), None
    except (ValueError, TypeError):
        pass
    match definition.kind:
        case FieldKind.number:
            return None, f"{label} erwartet eine Zahl"
        case FieldKind.date:
            return None, f"{label} erwartet ein Datum (TT.MM.JJJJ)"
        case _:
            options = ", ".join(f"„{c}“" for c in definition.choices)
            return None, f"{label} erlaubt nur: {options}"


def check_field_values(
    definitions: list[FieldDefinition], values: Mapping[str, Any], *, type_name: str
) -> list[dict[str, Any]]:
    """The values as a ticket keeps them (label and kind with each, in the type's order);
    422 ``invalid_field_values`` naming every field that is missing, unknown or malformed."""
    known = {d.key for d in definitions}
    problems: list[dict[str, str]] = [
        {"field": key, "problem": f"„{key}“ gibt es bei „{type_name}“ nicht"}
        for key in values
        if key not in known
    ]
    stored: list[dict[str, Any]] = []
    for definition in definitions:
        value = values.get(definition.key)
        if _blank(value):
            if definition.required:
                problems.append(
                    {
                        "field": definition.key,
                        "problem": f"„{definition.label}“ ist ein Pflichtfeld",
                    }
                )
            continue
        checked, problem = _problem(definition, value)
        if problem is not None:
            problems.append({"field": definition.key, "problem": problem})
            continue
        stored.append(
            {
                "key": definition.key,
                "label": definition.label,
                "kind": definition.kind.value,
                "value": checked,
            }
        )
    if problems:
        raise Invalid(
            "invalid_field_values",
            "Bitte prüfen Sie die Angaben: " + "; ".join(p["problem"] for p in problems) + ".",
            problems=problems,
        )
    return stored


def shown(value: dict[str, Any]) -> str:
    """A stored value as a German reader expects it (dates as 24.12.2026, decimal comma)."""
    kind, raw = value.get("kind"), value.get("value")
    if kind == FieldKind.date and isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw).strftime("%d.%m.%Y")
        except ValueError:
            return raw
    if kind == FieldKind.number and isinstance(raw, float):
        return f"{raw:g}".replace(".", ",")
    return str(raw)
