"""Failures the office server reports to people: each has its own class, a
stable code, and a one-line message in English and Vietnamese.

They say nothing about HTTP; server/http_errors.py maps each class to a status code.
"""

from __future__ import annotations


class OnestopError(Exception):
    code = "error"

    def __init__(self, message_en: str, message_vi: str | None = None, *, code: str | None = None):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_vi = message_vi or message_en
        if code:
            self.code = code


class ConfigError(OnestopError):
    """The configuration file is missing or wrong; the message names file, key and fix."""

    code = "config"


class NotFoundError(OnestopError):
    code = "not_found"


class ConflictError(OnestopError):
    """The request is valid but the office's current state does not allow it."""

    code = "conflict"


class InvalidError(OnestopError):
    """A value is well-formed but not acceptable (unknown service, bad PIN …)."""

    code = "invalid"


class AuthError(OnestopError):
    """No token, or a token this office does not know."""

    code = "unauthorized"


class ForbiddenError(OnestopError):
    """The device's role does not allow the request."""

    code = "forbidden"


class UnavailableError(OnestopError):
    """A fault outside the request (the database busy or failing): try again later."""

    code = "unavailable"


class TooManyTriesError(OnestopError):
    """Too many wrong PINs in a short time; the caller must wait ``retry_after_s``."""

    code = "too_many_tries"

    def __init__(self, message_en: str, message_vi: str | None = None, *, retry_after_s: int) -> None:
        super().__init__(message_en, message_vi)
        self.retry_after_s = retry_after_s
