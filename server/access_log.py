"""Keep secrets out of the server's log: every query string's values, and the path segments that are
secrets, are redacted in uvicorn's lines.

Browsers carry a device token (``/display?token=…``) and citizens' phones a
ticket's code (``/t/7?c=…``) in the address; uvicorn logs each request's path
with its query string, and each WebSocket's. The names stay (a technician sees
what was asked), the values become ``…``. A few routes carry a secret in the
path itself: a booking's code (``/book/{code}``, ``/api/bookings/{code}/cancel``),
a pairing code the admin approves and the pairing id a device waits on (which
fetches its token).
"""

from __future__ import annotations

import logging
import re

_QUERY_VALUE = re.compile(r"([?&][^=&\s\"']*=)[^&\s\"']*")
# The segment after these prefixes is a secret, except the literal routes listed beside it.
_SECRET_SEGMENT = re.compile(
    r"(/book/|/api/bookings/|/api/admin/pairings/|/api/pair/)(?!(?:check-in|free)(?:[/?\s\"']|$))[^/?\s\"']+"
)
LOGGERS = ("uvicorn.access", "uvicorn.error")


def redact(text: str) -> str:
    """``/t/7?c=ABCD&lang=en`` → ``/t/7?c=…&lang=…``; ``/book/K7Q2M9/cancel`` → ``/book/…/cancel``."""
    text = _SECRET_SEGMENT.sub(r"\1…", text)
    return _QUERY_VALUE.sub(r"\1…", text) if "?" in text else text


class RedactQueries(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install() -> None:
    """Attach the filter to uvicorn's loggers (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactQueries) for f in logger.filters):
            logger.addFilter(RedactQueries())
