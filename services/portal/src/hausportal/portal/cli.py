"""`hausportal-portal`: migrate the portal schema, run the service alone, create accounts."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from hausportal.kit.cli import run_cli
from hausportal.kit.db import create_engine, create_sessionmaker
from hausportal.kit.errors import UserError
from hausportal.portal.accounts.service import create_account
from hausportal.portal.main import SERVICE
from hausportal.portal.settings import PortalSettings

PASSWORD_ENV = "HAUSPORTAL_ADMIN_PASSWORD"  # noqa: S105 - the variable's name, not a password


def _account_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", required=True, help="the management company's name")
    parser.add_argument("--admin-email", required=True)
    parser.add_argument("--admin-name", required=True)
    parser.add_argument(
        "--admin-password", help=f"the administrator's password (default: ${PASSWORD_ENV})"
    )


def _create_account(args: argparse.Namespace) -> int:
    password = args.admin_password or os.environ.get(PASSWORD_ENV)
    if not password:
        print(f"give --admin-password or set {PASSWORD_ENV}", file=sys.stderr)
        return 2
    try:
        account_id = asyncio.run(
            _store_account(
                name=args.name,
                admin_email=args.admin_email,
                admin_name=args.admin_name,
                admin_password=password,
            )
        )
    except UserError as error:
        print(error.message, file=sys.stderr)
        return 1
    print(account_id)
    return 0


async def _store_account(
    *, name: str, admin_email: str, admin_name: str, admin_password: str
) -> str:
    """Against PORTAL_DATABASE_URL, which must be migrated already (`hausportal-portal migrate`)."""
    settings = PortalSettings()  # type: ignore[call-arg]
    engine = create_engine(settings.database_url, schema=SERVICE.metadata.schema or SERVICE.name)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            account, _ = await create_account(
                session,
                name=name,
                admin_email=admin_email,
                admin_name=admin_name,
                admin_password=admin_password,
            )
        return str(account.id)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> None:
    sys.exit(
        run_cli(
            SERVICE,
            PortalSettings,
            argv=argv,
            extra={
                "create-account": (
                    "create an account with its first administrator; prints the account id",
                    _account_arguments,
                    _create_account,
                )
            },
        )
    )
