"""The command line every service shares: `hausportal-<service> migrate | serve | ...`."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from hausportal.kit.app import ServiceDefinition
from hausportal.kit.migrations import upgrade
from hausportal.kit.settings import ServiceSettings

Command = Callable[[argparse.Namespace], int]


def run_cli(
    service: ServiceDefinition,
    settings_class: type[ServiceSettings],
    *,
    argv: Sequence[str] | None = None,
    extra: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Command]] | None = None,
) -> int:
    """Parse ``argv`` and run one command. ``extra`` adds service-specific commands:
    name -> (help, add_arguments, run)."""
    parser = argparse.ArgumentParser(prog=f"hausportal-{service.name}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply this service's database migrations")
    serve = commands.add_parser("serve", help="run this service alone under uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    runners: dict[str, Command] = {}
    for name, (help_text, add_arguments, run) in (extra or {}).items():
        add_arguments(commands.add_parser(name, help=help_text))
        runners[name] = run
    args = parser.parse_args(argv)

    if args.command == "migrate":
        settings = settings_class()  # type: ignore[call-arg]
        upgrade(package=service.package, database_url=settings.database_url)
        print(f"{service.name}: migrations applied")
        return 0
    if args.command == "serve":
        import uvicorn

        uvicorn.run(
            f"{service.package}.main:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            proxy_headers=True,
            log_config=None,
        )
        return 0
    return runners[args.command](args)
