"""Reading a new message or appointment: a JSON body, or a form (multipart) with the JSON in
the field ``data`` and the attachments as ``files``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from hausportal.kit.errors import Invalid

M = TypeVar("M", bound=BaseModel)

# Files are spooled to disk by the parser; the size limit applies while they are stored.
_MAX_FILES = 50


@asynccontextmanager
async def submission(request: Request, model: type[M]) -> AsyncIterator[tuple[M, list[UploadFile]]]:
    """``async with submission(request, MessageIn) as (body, uploads):``; the spooled files
    are closed at the end."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        yield _validated(model, await request.body()), []
        return
    async with request.form(max_files=_MAX_FILES) as form:
        raw: Any = form.get("data")
        if isinstance(raw, UploadFile):
            raw = await raw.read()
        if raw is None:
            raise Invalid(
                "announcement_data_missing",
                "Bitte senden Sie die Angaben als JSON im Feld „data“ mit.",
            )
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
        yield _validated(model, raw), uploads


def _validated(model: type[M], raw: str | bytes) -> M:
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_context=False)]
        ) from None


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI of a body read by ``read_submission`` (FastAPI cannot see it)."""
    schema = model.model_json_schema()
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": schema},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {
                                "type": "string",
                                "description": f"{model.__name__} as JSON",
                            },
                            "files": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                                "description": "Attachments",
                            },
                        },
                    },
                    "encoding": {"data": {"contentType": "application/json"}},
                },
            },
        }
    }
