"""`hausportal-smartpost`: migrate the smartpost schema or run the service alone."""

import sys

from hausportal.kit.cli import run_cli
from hausportal.smartpost.main import SERVICE
from hausportal.smartpost.settings import SmartpostSettings


def main() -> None:
    sys.exit(run_cli(SERVICE, SmartpostSettings))
