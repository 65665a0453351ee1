"""Password hashing with argon2id: hash, verify (never raises), and when to rehash."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults follow RFC 9106's low-memory profile; raising them later is safe
# because needs_rehash() then tells the login to store a stronger hash.
_hasher = PasswordHasher()

# Verified against when the login name is unknown, so that answering "no such user" costs as
# long as a wrong password and response times do not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("no user has this password")


def hash_password(password: str) -> str:
    """An encoded argon2id hash (salt and parameters included) to store."""
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    """Whether ``password`` matches the stored hash; False for a corrupt hash too."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_unknown_user(password: str) -> bool:
    """Always False, after the same work as ``verify_password``: use it when no user matched."""
    verify_password(password, _DUMMY_HASH)
    return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's; rehash after login."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
