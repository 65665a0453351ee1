"""Access tokens, the staff/admin/contact dependencies, account isolation and password hashing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
import jwt
import pytest
from fastapi import FastAPI

from hausportal.kit.auth import (
    CurrentAdmin,
    CurrentContact,
    CurrentPrincipal,
    CurrentStaff,
    Principal,
    TokenError,
    TokenExpired,
    decode_token,
    ensure_same_account,
    issue_token,
)
from hausportal.kit.errors import install_error_handlers
from hausportal.kit.passwords import (
    hash_password,
    needs_rehash,
    verify_password,
    verify_unknown_user,
)
from hausportal.kit.settings import ServiceSettings

SECRET = "test-secret-that-is-long-enough-for-hs256-0123"
ISSUER = "hausportal-test"
ACCOUNT = uuid.uuid4()
OTHER_ACCOUNT = uuid.uuid4()

ADMIN = Principal.staff(staff_id=uuid.uuid4(), account_id=ACCOUNT, role="admin", name="Anna Admin")
CLERK = Principal.staff(staff_id=uuid.uuid4(), account_id=ACCOUNT, role="staff")
OWNER = Principal.contact(contact_id=uuid.uuid4(), account_id=ACCOUNT, name="Otto Eigentümer")


def token_for(principal: Principal, **overrides: object) -> str:
    options: dict[str, object] = {"secret": SECRET, "issuer": ISSUER, "ttl": timedelta(minutes=5)}
    options |= overrides
    return issue_token(principal, **options)  # type: ignore[arg-type]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_error_handlers(app)
    settings = ServiceSettings(
        environment="test",
        database_url="sqlite+aiosqlite:///unused.db",
        storage="local",
        jwt_secret=SECRET,
        jwt_issuer=ISSUER,
    )
    app.state.runtime = SimpleNamespace(settings=settings)

    @app.get("/me")
    async def me(principal: CurrentPrincipal) -> dict[str, str]:
        return {"kind": principal.kind, "account": str(principal.account_id)}

    @app.get("/staff")
    async def staff_only(principal: CurrentStaff) -> dict[str, str]:
        return {"subject": str(principal.subject_id)}

    @app.get("/admin")
    async def admin_only(principal: CurrentAdmin) -> dict[str, str]:
        return {"subject": str(principal.subject_id)}

    @app.get("/contact")
    async def contact_only(principal: CurrentContact) -> dict[str, str]:
        return {"subject": str(principal.subject_id)}

    @app.get("/letters/{account_id}")
    async def letter(account_id: uuid.UUID, principal: CurrentPrincipal) -> dict[str, str]:
        # Stands in for an object loaded by key whose row says which account owns it.
        ensure_same_account(principal, account_id)
        return {"letter": "Nebenkostenabrechnung"}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


class TestTokens:
    @pytest.mark.parametrize("principal", [ADMIN, CLERK, OWNER], ids=["admin", "staff", "contact"])
    def test_roundtrip_keeps_who_the_caller_is(self, principal: Principal) -> None:
        assert decode_token(token_for(principal), secret=SECRET, issuer=ISSUER) == principal

    def test_expired_token_is_rejected_as_expired(self) -> None:
        token = token_for(CLERK, now=datetime.now(UTC) - timedelta(hours=2))
        with pytest.raises(TokenExpired):
            decode_token(token, secret=SECRET, issuer=ISSUER)

    def test_small_clock_skew_is_tolerated(self) -> None:
        token = token_for(CLERK, ttl=timedelta(seconds=-3))
        assert decode_token(token, secret=SECRET, issuer=ISSUER) == CLERK

    def test_wrong_secret_issuer_or_garbage_is_invalid(self) -> None:
        token = token_for(CLERK)
        with pytest.raises(TokenError):
            decode_token(token, secret=SECRET + "x", issuer=ISSUER)
        with pytest.raises(TokenError):
            decode_token(token, secret=SECRET, issuer="someone-else")
        with pytest.raises(TokenError):
            decode_token("not.a.token", secret=SECRET, issuer=ISSUER)

    def test_unsigned_token_is_invalid(self) -> None:
        claims = jwt.decode(token_for(ADMIN), options={"verify_signature": False})
        unsigned = jwt.encode(claims, key=None, algorithm="none")
        with pytest.raises(TokenError):
            decode_token(unsigned, secret=SECRET, issuer=ISSUER)

    @pytest.mark.parametrize("claim", ["acc", "knd", "rol", "sub", "exp"])
    def test_token_missing_a_required_claim_is_invalid(self, claim: str) -> None:
        claims = jwt.decode(token_for(CLERK), SECRET, algorithms=["HS256"], issuer=ISSUER)
        del claims[claim]
        with pytest.raises(TokenError):
            decode_token(
                jwt.encode(claims, SECRET, algorithm="HS256"), secret=SECRET, issuer=ISSUER
            )

    def test_contact_token_claiming_a_role_is_invalid(self) -> None:
        claims = jwt.decode(token_for(OWNER), SECRET, algorithms=["HS256"], issuer=ISSUER)
        claims["rol"] = "admin"
        with pytest.raises(TokenError):
            decode_token(
                jwt.encode(claims, SECRET, algorithm="HS256"), secret=SECRET, issuer=ISSUER
            )


class TestAuthentication:
    async def test_valid_token_reaches_the_endpoint(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/staff", headers=bearer(token_for(CLERK)))
        assert response.status_code == 200
        assert response.json() == {"subject": str(CLERK.subject_id)}

    async def test_missing_token_is_401_with_bearer_challenge(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/staff")
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert "Bearer" in response.json()["detail"]

    async def test_non_bearer_authorization_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/staff", headers={"Authorization": "Basic dXNlcjpwdw=="})
        assert response.status_code == 401

    async def test_expired_token_is_401_saying_expired(self, client: httpx.AsyncClient) -> None:
        token = token_for(CLERK, now=datetime.now(UTC) - timedelta(hours=2))
        response = await client.get("/staff", headers=bearer(token))
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "expired" in response.json()["detail"]

    async def test_tampered_token_is_401(self, client: httpx.AsyncClient) -> None:
        header, _payload, signature = token_for(CLERK).split(".")
        forged = jwt.encode(
            {**jwt.decode(token_for(CLERK), options={"verify_signature": False}), "rol": "admin"},
            "guessed-secret-guessed-secret-guessed-secret",
            algorithm="HS256",
        )
        for token in (f"{header}.{forged.split('.')[1]}.{signature}", forged):
            response = await client.get("/admin", headers=bearer(token))
            assert response.status_code == 401
            assert response.headers["WWW-Authenticate"].startswith("Bearer")

    async def test_token_of_another_issuer_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/staff", headers=bearer(token_for(CLERK, issuer="evil")))
        assert response.status_code == 401

    async def test_malformed_token_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/staff", headers=bearer("abc"))
        assert response.status_code == 401


class TestRoles:
    async def test_contact_on_a_staff_endpoint_is_403(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/staff", headers=bearer(token_for(OWNER)))
        assert response.status_code == 403
        assert response.json()["code"] == "staff_only"

    async def test_staff_without_admin_role_on_an_admin_endpoint_is_403(
        self, client: httpx.AsyncClient
    ) -> None:
        refused = await client.get("/admin", headers=bearer(token_for(CLERK)))
        assert refused.status_code == 403
        assert refused.json()["code"] == "admin_only"
        assert "Administratoren" in refused.json()["message"]
        assert (await client.get("/admin", headers=bearer(token_for(ADMIN)))).status_code == 200

    async def test_admin_is_staff_too(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/staff", headers=bearer(token_for(ADMIN)))).status_code == 200

    async def test_staff_on_a_contact_endpoint_is_403(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/contact", headers=bearer(token_for(ADMIN)))).status_code == 403
        assert (await client.get("/contact", headers=bearer(token_for(OWNER)))).status_code == 200

    async def test_any_principal_reaches_a_principal_endpoint(
        self, client: httpx.AsyncClient
    ) -> None:
        for principal in (ADMIN, CLERK, OWNER):
            response = await client.get("/me", headers=bearer(token_for(principal)))
            assert response.json() == {"kind": principal.kind, "account": str(ACCOUNT)}


class TestAccountIsolation:
    async def test_object_of_own_account_is_served(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"/letters/{ACCOUNT}", headers=bearer(token_for(OWNER)))
        assert response.status_code == 200

    @pytest.mark.parametrize("principal", [ADMIN, OWNER], ids=["admin", "contact"])
    async def test_object_of_another_account_is_404_even_for_admins(
        self, client: httpx.AsyncClient, principal: Principal
    ) -> None:
        response = await client.get(
            f"/letters/{OTHER_ACCOUNT}", headers=bearer(token_for(principal))
        )
        assert response.status_code == 404


class TestPrincipal:
    def test_staff_needs_a_role_and_contacts_have_none(self) -> None:
        with pytest.raises(ValueError, match="role"):
            Principal(kind="staff", subject_id=uuid.uuid4(), account_id=ACCOUNT)
        with pytest.raises(ValueError, match="role"):
            Principal(kind="contact", subject_id=uuid.uuid4(), account_id=ACCOUNT, role="admin")


class TestPasswords:
    def test_the_right_password_verifies_and_a_wrong_one_does_not(self) -> None:
        stored = hash_password("Sommer2024!")
        assert verify_password("Sommer2024!", stored)
        assert not verify_password("sommer2024!", stored)

    def test_same_password_gets_a_new_salt_each_time(self) -> None:
        assert hash_password("geheim") != hash_password("geheim")

    def test_corrupt_hash_is_a_mismatch_not_an_error(self) -> None:
        assert not verify_password("geheim", "not-an-argon2-hash")
        assert needs_rehash("not-an-argon2-hash")

    def test_hash_with_weaker_parameters_needs_rehash(self) -> None:
        from argon2 import PasswordHasher

        weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("geheim")
        assert verify_password("geheim", weak)
        assert needs_rehash(weak)
        assert not needs_rehash(hash_password("geheim"))

    def test_unknown_user_never_verifies(self) -> None:
        assert verify_unknown_user("no user has this password") is False
