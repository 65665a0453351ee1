"""Request dependencies of the documents service: its settings and its object storage."""

from typing import Annotated, cast

from fastapi import Depends

from hausportal.documents.settings import DocumentsSettings
from hausportal.kit.app import RuntimeDep
from hausportal.kit.storage.port import ObjectStorage


def get_settings(runtime: RuntimeDep) -> DocumentsSettings:
    return cast(DocumentsSettings, runtime.settings)


def get_storage(runtime: RuntimeDep) -> ObjectStorage:
    return runtime.storage


SettingsDep = Annotated[DocumentsSettings, Depends(get_settings)]
StorageDep = Annotated[ObjectStorage, Depends(get_storage)]
