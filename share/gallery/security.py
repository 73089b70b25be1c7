"""Passwords (argon2) and API tokens (random, shown once, stored as their sha256)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_PREFIX = "cct_"


def password_hasher(*, time_cost: int = 3, memory_kib: int = 65536) -> PasswordHasher:
    """argon2id with these costs (argon2-cffi's defaults unless told; tests use cheaper ones)."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=4)


def check_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches (the costs are read from the hash itself)."""
    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A new API token: ``cct_`` and 43 URL-safe characters (256 random bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token (the token has 256 bits: a plain sha256 suffices)."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()
