"""Errors a manager or resident reads: one JSON shape, a stable code, a German message.

Service code raises ``NotFound``, ``Conflict``, ``Invalid``, ``TooLarge`` (or ``UserError`` with
another status); every app answers them, and FastAPI's request validation errors, as

    {"code": "contract_ends_before_start",
     "message": "Der Vertrag kann nicht vor seinem Beginn enden.",
     "details": {...}}                          # optional, machine-readable context

The message is shown to the user as it is; the code is for frontends and tests.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


class UserError(Exception):
    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(
        self, code: str, message: str, *, status_code: int | None = None, **details: Any
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details
        if status_code is not None:
            self.status_code = status_code

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class NotFound(UserError):
    """The thing does not exist, or belongs to another account (never say which)."""

    status_code = status.HTTP_404_NOT_FOUND


class Conflict(UserError):
    status_code = status.HTTP_409_CONFLICT


class Invalid(UserError):
    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT


class TooLarge(UserError):
    status_code = status.HTTP_413_CONTENT_TOO_LARGE


def not_found(what: str = "Der Eintrag") -> NotFound:
    return NotFound("not_found", f"{what} wurde nicht gefunden.")


# Where FastAPI found the value; the user knows the field by its name alone.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie"})


def _field(location: tuple[Any, ...] | list[Any]) -> str:
    parts = list(location)
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    return ".".join(str(part) for part in parts)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UserError, _user_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]


async def _user_error(_: Request, error: UserError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status_code)


async def _validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
    problems = [
        {
            "field": _field(problem.get("loc", ())),
            "problem": problem.get("msg", ""),
        }
        for problem in error.errors()
    ]
    fields = ", ".join(p["field"] for p in problems if p["field"]) or "die Anfrage"
    return JSONResponse(
        {
            "code": "invalid_input",
            "message": f"Bitte prüfen Sie die Eingaben: {fields}.",
            "details": {"problems": problems},
        },
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )
