"""`hausportal-notify`: migrate the notify schema or run the service alone."""

import sys

from hausportal.kit.cli import run_cli
from hausportal.notify.main import SERVICE
from hausportal.notify.settings import NotifySettings


def main() -> None:
    sys.exit(run_cli(SERVICE, NotifySettings))
