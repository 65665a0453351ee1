"""Picks the object storage adapter a service's settings ask for."""

from __future__ import annotations

from pydantic import SecretStr

from hausportal.kit.settings import ServiceSettings
from hausportal.kit.storage.local import LocalObjectStorage
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.storage.s3 import S3ObjectStorage


def create_storage(settings: ServiceSettings, *, url_prefix: str | None = None) -> ObjectStorage:
    """``url_prefix``: where the service's routes are reachable from a browser, e.g.
    ``http://127.0.0.1:8000/api/documents``; local presigned URLs point below it."""
    if settings.storage == "local":
        return LocalObjectStorage(
            root=settings.storage_local_path,
            url_prefix=url_prefix or settings.public_base_url,
            signing_secret=settings.jwt_secret.get_secret_value(),
        )
    return S3ObjectStorage(
        endpoint=settings.s3_endpoint,
        bucket=settings.s3_bucket,
        access_key=_reveal(settings.s3_access_key),
        secret_key=_reveal(settings.s3_secret_key),
        region=settings.s3_region,
        secure=settings.s3_secure,
    )


def _reveal(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None
