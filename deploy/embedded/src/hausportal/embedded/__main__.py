"""`python -m hausportal.embedded`: start everything on one port and say where to go."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import uvicorn

from hausportal.embedded.app import SERVICES, EmbeddedConfig, create_embedded_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="hausportal-embedded")
    parser.add_argument("--host", default=os.environ.get("HAUSPORTAL_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("HAUSPORTAL_PORT", "8000")))
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("HAUSPORTAL_DATA_DIR", ".data"))
    )
    parser.add_argument(
        "--clock-file",
        type=Path,
        default=os.environ.get("HAUSPORTAL_CLOCK_FILE") or None,
        help="tests: read the current time from this file (ISO 8601 with offset)",
    )
    args = parser.parse_args()
    base = f"http://{args.host}:{args.port}"
    app = create_embedded_app(
        EmbeddedConfig(
            data_dir=args.data_dir.resolve(), public_base_url=base, clock_file=args.clock_file
        )
    )
    print(f"\nHausportal (embedded: SQLite, local storage, in-process bus) on {base}/")
    for name in SERVICES:
        print(f"  {name:<10} {base}/api/{name}/docs")
    print(f"  e-mails   {base}/mail")
    print(f"  data in   {args.data_dir.resolve()}")
    print("  demo login: admin@example.com / hausportal-demo (POST /api/portal/auth/login)\n")
    uvicorn.run(app, host=args.host, port=args.port, log_config=None)


if __name__ == "__main__":
    main()
