"""Device tokens, clerk PINs and tickets' public codes: how they are made, stored and checked."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

# scrypt at n=2**14, r=8: ~30 ms a check here — slow for anyone guessing
# 4-6 digit PINs from a stolen database copy, invisible at sign-in.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def new_token() -> str:
    """192 random bits, URL-safe; never starting with "-", which a command line would take for an option
    (``--token -Xy…`` fails in argparse: one device in 64 would have been unusable)."""
    while True:
        token = secrets.token_urlsafe(24)
        if not token.startswith("-"):
            return token


def token_hash(token: str) -> str:
    # Tokens are 192 random bits: a plain hash is enough to keep them out of backups.
    return hashlib.sha256(token.encode()).hexdigest()


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


@functools.cache
def decoy_pin_hash() -> str:
    """Checked instead when a username does not exist, so that it costs the time a wrong PIN costs."""
    return hash_pin(secrets.token_hex(8))


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(candidate.hex(), digest)


# No 0/O, 1/I/L: the code may be read aloud or typed from the slip. 31^8 ≈ 8.5e11 codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_public_code() -> str:
    """The secret of a ticket's public page (its QR code)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
