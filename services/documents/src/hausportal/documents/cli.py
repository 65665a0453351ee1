"""`hausportal-documents`: migrate the documents schema or run the service alone."""

import sys

from hausportal.documents.main import SERVICE
from hausportal.documents.settings import DocumentsSettings
from hausportal.kit.cli import run_cli


def main() -> None:
    sys.exit(run_cli(SERVICE, DocumentsSettings))
