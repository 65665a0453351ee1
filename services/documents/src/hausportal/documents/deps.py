"""Request dependencies of the documents service beyond the kit's: its own settings."""

from typing import Annotated, cast

from fastapi import Depends

from hausportal.documents.settings import DocumentsSettings
from hausportal.kit.app import RuntimeDep


def get_settings(runtime: RuntimeDep) -> DocumentsSettings:
    return cast(DocumentsSettings, runtime.settings)


SettingsDep = Annotated[DocumentsSettings, Depends(get_settings)]
