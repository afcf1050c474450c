"""Keeping secrets out of the district's log: uvicorn's access log line without query-string values.

The district takes tokens only in headers and the sign-in form's body, but a
person may still paste ``?token=…`` into an address; whatever a query string
holds, the access log keeps its parameter names and the values of the
harmless ones only (dates, formats, levels, page numbers).
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, quote

SHOWN = frozenset({"from", "to", "format", "by", "level", "province", "page"})


def redact_target(target: str) -> str:
    path, mark, query = target.partition("?")
    if not mark:
        return target
    pairs = parse_qsl(query, keep_blank_values=True)
    return path + "?" + "&".join(f"{quote(k)}={quote(v) if k in SHOWN else 'REDACTED'}" for k, v in pairs)


class RedactQuery(logging.Filter):
    """uvicorn logs an access as ``'%s - "%s %s HTTP/%s" %d'`` with the target as the third argument."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_target(args[2]), *args[3:])
        return True


def redact_access_log() -> None:
    """Install the filter once (uvicorn configures its loggers before the app starts)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactQuery) for f in access.filters):
        access.addFilter(RedactQuery())
