"""Resume-link tokens: random, shown once in the link, stored only as a hash."""

import hashlib
import secrets

RESUME_DAYS = 14


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw)


def token_hash(raw: str) -> str:
    # The token carries 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()
