"""The secrets of invitations and logins: codes to type in, tokens for links, their hashes."""

from __future__ import annotations

import hashlib
import re
import secrets

# No 0/O, 1/I/L: a code read off paper or a screen is typed in without guessing.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10

_SEPARATORS = re.compile(r"[\s\-]+")


def new_code() -> str:
    """A contact's invitation code: 10 characters, about 50 bits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token(nbytes: int = 32) -> str:
    """A token for a link (URL-safe)."""
    return secrets.token_urlsafe(nbytes)


def secret_hash(secret: str) -> str:
    """What is stored of a code or token: its SHA-256 (hex)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def code_hashes(entered: str) -> list[str]:
    """The hashes an entered code or token may be stored under: as a code (case and spaces
    or dashes ignored) and, for tokens of older links, exactly as given."""
    entered = entered.strip()
    normalised = _SEPARATORS.sub("", entered).upper()
    return list(dict.fromkeys([secret_hash(normalised), secret_hash(entered)]))
