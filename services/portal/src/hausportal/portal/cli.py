"""`hausportal-portal`: migrate the portal schema or run the service alone."""

import sys

from hausportal.kit.cli import run_cli
from hausportal.portal.main import SERVICE
from hausportal.portal.settings import PortalSettings


def main() -> None:
    sys.exit(run_cli(SERVICE, PortalSettings))
