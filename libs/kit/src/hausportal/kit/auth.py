"""Who is calling: access tokens (JWT HS256), principals, FastAPI dependencies, account isolation.

Account isolation has two lines of defence:

1. Every repository query filters by ``principal.account_id``. An object of another account is
   then simply not found; this is the rule, and it must hold everywhere.
2. ``ensure_same_account`` is the second line, for objects reached another way (by object key,
   from an event, from a cache): it answers 404, never 403, so a principal of another account
   cannot even learn that the object exists.

401 answers are in English (developer-facing: a client sends no or a broken token); the 403
answers a person can meet (staff only, administrators only, contacts only) are German
``UserError``s with a stable code, like every other error a user reads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import SecretStr

from hausportal.kit.errors import UserError

ALGORITHM = "HS256"
# Tolerates clock skew between the pods that issue and those that check a token.
LEEWAY = timedelta(seconds=10)

PrincipalKind = Literal["staff", "contact"]
StaffRole = Literal["admin", "staff"]
_STAFF_ROLES: frozenset[str] = frozenset({"admin", "staff"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """The authenticated caller: a staff member (with a role) or a contact, of one account."""

    kind: PrincipalKind
    subject_id: uuid.UUID  # staff member id or contact id, depending on kind
    account_id: uuid.UUID
    role: StaffRole | None = None  # only staff have a role
    name: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("staff", "contact"):
            raise ValueError(f"unknown principal kind {self.kind!r}")
        if self.kind == "staff" and self.role not in _STAFF_ROLES:
            raise ValueError(f"a staff principal needs a role of {sorted(_STAFF_ROLES)}")
        if self.kind == "contact" and self.role is not None:
            raise ValueError("a contact principal has no role")

    @classmethod
    def staff(
        cls,
        *,
        staff_id: uuid.UUID,
        account_id: uuid.UUID,
        role: StaffRole = "staff",
        name: str | None = None,
    ) -> Principal:
        return cls(kind="staff", subject_id=staff_id, account_id=account_id, role=role, name=name)

    @classmethod
    def contact(
        cls, *, contact_id: uuid.UUID, account_id: uuid.UUID, name: str | None = None
    ) -> Principal:
        return cls(kind="contact", subject_id=contact_id, account_id=account_id, name=name)

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def is_admin(self) -> bool:
        return self.kind == "staff" and self.role == "admin"

    @property
    def is_contact(self) -> bool:
        return self.kind == "contact"


class TokenError(Exception):
    """The token cannot be trusted: malformed, wrongly signed, wrong issuer, missing claims."""


class TokenExpired(TokenError):
    """The token was valid once; the client should log in (or refresh) again."""


def issue_token(
    principal: Principal,
    *,
    secret: str | SecretStr,
    issuer: str,
    ttl: timedelta,
    now: datetime | None = None,
) -> str:
    """A signed access token for ``principal``, valid for ``ttl``."""
    issued_at = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": issuer,
        "sub": str(principal.subject_id),
        "acc": str(principal.account_id),
        "knd": principal.kind,
        "iat": issued_at,
        "exp": issued_at + ttl,
        # Lets a later revocation list name one token without touching the others.
        "jti": uuid.uuid4().hex,
    }
    if principal.role is not None:
        claims["rol"] = principal.role
    if principal.name is not None:
        claims["name"] = principal.name
    return jwt.encode(claims, _key(secret), algorithm=ALGORITHM)


def decode_token(token: str, *, secret: str | SecretStr, issuer: str) -> Principal:
    """The principal a token names; raises ``TokenExpired`` or ``TokenError``."""
    try:
        claims = jwt.decode(
            token,
            _key(secret),
            # Pinned, so a token cannot choose its own algorithm ("none", RS/HS confusion).
            algorithms=[ALGORITHM],
            issuer=issuer,
            leeway=LEEWAY,
            options={"require": ["exp", "iat", "iss", "sub"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise TokenExpired("access token has expired") from error
    except jwt.InvalidTokenError as error:
        raise TokenError("access token is invalid") from error
    try:
        return _principal_from_claims(claims)
    except (KeyError, TypeError, ValueError) as error:
        raise TokenError("access token is invalid") from error


def _principal_from_claims(claims: dict[str, Any]) -> Principal:
    kind = claims["knd"]
    if kind == "staff" and "rol" not in claims:
        raise ValueError("staff token without role")
    return Principal(
        kind=kind,
        subject_id=uuid.UUID(claims["sub"]),
        account_id=uuid.UUID(claims["acc"]),
        role=claims.get("rol"),
        name=claims.get("name"),
    )


def _key(secret: str | SecretStr) -> str:
    key = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    if not key:
        raise ValueError("an empty JWT secret signs nothing")
    return key


_bearer = HTTPBearer(auto_error=False, description="Access token issued by the portal service")


def _unauthorized(detail: str, *, error: str | None = None) -> HTTPException:
    # RFC 6750: a missing token gets a bare challenge, a bad one says invalid_token.
    challenge = "Bearer" if error is None else f'Bearer error="{error}"'
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": challenge}
    )


def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller named by the ``Authorization: Bearer`` header, or 401."""
    if credentials is None:
        raise _unauthorized("not authenticated: send 'Authorization: Bearer <access token>'")
    settings = request.app.state.runtime.settings
    try:
        return decode_token(
            credentials.credentials, secret=settings.jwt_secret, issuer=settings.jwt_issuer
        )
    except TokenError as failure:
        raise _unauthorized(str(failure), error="invalid_token") from None


def admin_only() -> UserError:
    """The 403 of every admin-only action, in the words a staff member reads."""
    return UserError(
        "admin_only",
        "Das dürfen nur Administratoren Ihrer Hausverwaltung. Bitte wenden Sie sich an "
        "einen Administrator.",
        status_code=status.HTTP_403_FORBIDDEN,
    )


def get_staff(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    if not principal.is_staff:
        raise UserError(
            "staff_only",
            "Diese Funktion steht nur den Mitarbeitern der Hausverwaltung zur Verfügung.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return principal


def get_admin(principal: Annotated[Principal, Depends(get_staff)]) -> Principal:
    """Admin by the token's role. A service that keeps the staff list (portal, or a read model
    of it) should also check that the member is still an active admin."""
    if not principal.is_admin:
        raise admin_only()
    return principal


def get_contact(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    if not principal.is_contact:
        raise UserError(
            "contacts_only",
            "Diese Seite ist für Eigentümer, Mieter und Bewohner; bitte melden Sie sich mit "
            "Ihrem Portal-Zugang an.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
CurrentStaff = Annotated[Principal, Depends(get_staff)]
CurrentAdmin = Annotated[Principal, Depends(get_admin)]
CurrentContact = Annotated[Principal, Depends(get_contact)]


def ensure_same_account(principal: Principal, account_id: uuid.UUID) -> None:
    """404 unless the object (of ``account_id``) belongs to the principal's account.

    The second line of defence; the first is that repositories filter by account.
    """
    if account_id != principal.account_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")
