"""`hausportal-tasks`: migrate the tasks schema or run the service alone."""

import sys

from hausportal.kit.cli import run_cli
from hausportal.tasks.main import SERVICE
from hausportal.tasks.settings import TasksSettings


def main() -> None:
    sys.exit(run_cli(SERVICE, TasksSettings))
