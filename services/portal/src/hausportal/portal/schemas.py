"""Shapes shared by the portal's API schemas."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, model_validator


class Patch(BaseModel):
    """A partial update: only the fields sent change; ``null`` clears an optional field.

    Fields listed in ``never_null`` may be left out but not cleared.
    """

    never_null: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _required_not_cleared(self) -> Any:
        cleared = sorted(
            name for name in self.model_fields_set & self.never_null if getattr(self, name) is None
        )
        if cleared:
            raise ValueError(f"cannot be emptied: {', '.join(cleared)}")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)
