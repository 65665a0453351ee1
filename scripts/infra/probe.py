"""Readiness probes for the test servers, standard library only (runs with any python3).

    probe.py kafka HOST:PORT            a Metadata request; ready when it lists a broker
    probe.py s3 HOST:PORT ACCESS SECRET a signed ListBuckets (checks the static identity too)
    probe.py smtp HOST:PORT API_URL     the SMTP 220 banner and GET API_URL/email
    probe.py owner PORT...              the first port taken and by whom (exit 0), all free (exit 1)

--wait SECONDS retries until ready (default: one try); --pid PID gives up early when that
process dies. Exit 0 when ready, 1 when not, with the last error on stderr.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import socket
import struct
import sys
import time
import urllib.request
from datetime import UTC, datetime


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("connection closed by the server")
        data += chunk
    return data


def kafka(bootstrap: str) -> str:
    """Metadata v4 for all topics (Kafka 4 dropped v0-v3); ready once a broker is listed."""
    host, port = bootstrap.rsplit(":", 1)
    client_id = b"hausportal-infra-probe"
    # header v1: api_key 3 (Metadata), api_version 4, correlation id, client id;
    # body: topics = null (all), allow_auto_topic_creation = false
    request = struct.pack(">hhih", 3, 4, 7, len(client_id)) + client_id + struct.pack(">ib", -1, 0)
    with socket.create_connection((host, int(port)), timeout=3) as sock:
        sock.sendall(struct.pack(">i", len(request)) + request)
        (size,) = struct.unpack(">i", _recv_exact(sock, 4))
        response = _recv_exact(sock, size)
    correlation_id, _throttle_ms, brokers = struct.unpack(">iii", response[:12])
    if correlation_id != 7 or brokers < 1:
        raise RuntimeError(f"metadata lists {brokers} brokers")
    return f"metadata lists {brokers} broker(s)"


def s3(endpoint: str, access_key: str, secret_key: str) -> str:
    """ListBuckets signed with AWS Signature V4."""
    amz_date = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    scope = f"{amz_date[:8]}/us-east-1/s3/aws4_request"
    empty = hashlib.sha256(b"").hexdigest()
    signed = "host;x-amz-content-sha256;x-amz-date"
    canonical = (
        f"GET\n/\n\nhost:{endpoint}\nx-amz-content-sha256:{empty}\nx-amz-date:{amz_date}\n\n"
        f"{signed}\n{empty}"
    )
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    to_sign = f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{digest}"
    key = f"AWS4{secret_key}".encode()
    for part in scope.split("/"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        f"http://{endpoint}/",
        headers={
            "x-amz-date": amz_date,
            "x-amz-content-sha256": empty,
            "Authorization": f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
            f"SignedHeaders={signed}, Signature={signature}",
        },
    )
    with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310 (our own URL)
        body = response.read()
    if b"ListAllMyBucketsResult" not in body:
        raise RuntimeError(f"unexpected ListBuckets answer: {body[:200]!r}")
    return "ListBuckets answered"


def smtp(address: str, api_url: str) -> str:
    host, port = address.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=3) as sock:
        banner = sock.makefile("rb").readline().decode(errors="replace").strip()
        sock.sendall(b"QUIT\r\n")
    if not banner.startswith("220"):
        raise RuntimeError(f"unexpected SMTP banner {banner!r}")
    with urllib.request.urlopen(f"{api_url}/email", timeout=3) as response:  # noqa: S310
        response.read()
    return f"banner {banner!r}, API answers"


def owner(port: int) -> str | None:
    """Describe whoever holds a TCP port (a listener, found through /proc), or None if free."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    for pid in filter(str.isdigit, os.listdir("/proc")) if inodes else ():
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            if any(os.readlink(f"/proc/{pid}/fd/{fd}") in inodes for fd in fds):
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmdline = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
                return f"pid {pid} ({cmdline[:160]})"
        except OSError:
            continue
    if inodes:
        return "a process this user cannot see"
    with socket.socket() as sock:
        # SO_REUSEADDR like the servers: connections in TIME_WAIT do not block a listener
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as error:
            return f"something (bind failed: {error.strerror})"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["kafka", "s3", "smtp", "owner"])
    parser.add_argument("args", nargs="+")
    parser.add_argument("--wait", type=float, default=0)
    parser.add_argument("--pid", type=int)
    options = parser.parse_args()

    if options.what == "owner":
        for port in options.args:
            holder = owner(int(port))
            if holder:
                print(f"port {port} is taken by {holder}")
                return 0
        print("free")
        return 1

    check = {"kafka": kafka, "s3": s3, "smtp": smtp}[options.what]
    deadline = time.monotonic() + options.wait
    while True:
        try:
            print(check(*options.args))
            return 0
        except Exception as error:  # any failure means: not ready yet
            last = error
        if options.pid and not os.path.exists(f"/proc/{options.pid}"):
            print(f"process {options.pid} exited: {last}", file=sys.stderr)
            return 1
        if time.monotonic() >= deadline:
            print(f"not ready: {type(last).__name__}: {last}", file=sys.stderr)
            return 1
        time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
