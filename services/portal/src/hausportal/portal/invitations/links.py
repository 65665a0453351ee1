"""The pages invitations and password e-mails link to, under the portal's public address."""

from __future__ import annotations

from urllib.parse import urlencode


def _page(portal_url: str, path: str, **query: str) -> str:
    return f"{portal_url.rstrip('/')}/{path}?{urlencode(query)}"


def contact_registration(portal_url: str, *, code: str) -> str:
    return _page(portal_url, "registrieren", code=code)


def property_registration(portal_url: str, *, token: str) -> str:
    return _page(portal_url, "registrieren", liegenschaft=token)


def staff_registration(portal_url: str, *, token: str) -> str:
    return _page(portal_url, "mitarbeiter/registrieren", token=token)


def password_reset(portal_url: str, *, token: str) -> str:
    return _page(portal_url, "passwort-neu", token=token)
