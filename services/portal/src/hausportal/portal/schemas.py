"""Shapes shared by the portal's API schemas."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ValidationInfo, field_validator


class Patch(BaseModel):
    """A partial update: only the fields sent change; ``null`` clears an optional field.

    Fields listed in ``never_null`` may be left out but not cleared.
    """

    never_null: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*")
    @classmethod
    def _not_cleared(cls, value: Any, info: ValidationInfo) -> Any:
        # Runs only for fields that were sent (defaults are not validated).
        if value is None and info.field_name in cls.never_null:
            raise ValueError("darf nicht leer sein")
        return value

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)
