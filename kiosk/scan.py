"""What a USB QR scanner types at the kiosk, and what it means. No Qt.

A scanner is a keyboard: it types the QR's text quickly and then Enter. The
kiosk collects printable keys (ScanBuffer) and, on Enter, reads the text with
``parse_scan``: the ticket's public page URL (``…/t/{id}?c=CODE``, what the
kiosk prints), the old device URL (``…/api/tickets/{id}``), or a bare printed
number (``A012``, ``1023``) from a scanner or a keyboard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# Keys further apart than this are not one scan: stray presses before it are dropped.
SCAN_GAP_S = 1.0
MAX_SCAN = 300
_PATH = re.compile(r"/(?:t|api/tickets)/(\d{1,15})/?$")
_NUMBER = re.compile(r"^[A-Za-z]{0,3}\d{1,6}$")
_BOOKING = re.compile(r"/book/([A-Za-z0-9]{8})/?$")


def booking_code(text: str) -> str | None:
    """The booking code in a booking's QR (``…/book/CODE``, what /book shows on the phone), or None."""
    match = _BOOKING.search(urlsplit(text.strip()).path)
    return match.group(1).upper() if match else None


@dataclass(frozen=True)
class Scanned:
    """A ticket named by its id (from its QR code) or by its printed number."""

    ticket_id: int | None = None
    number: str | None = None
    code: str | None = None


def parse_scan(text: str) -> Scanned | None:
    """The ticket ``text`` names, or None if it names none."""
    text = text.strip()
    if _NUMBER.match(text):
        return Scanned(number=text.upper())
    parts = urlsplit(text)
    match = _PATH.search(parts.path)
    if match is None or int(match.group(1)) == 0:
        return None
    code = parse_qs(parts.query).get("c", [None])[-1]
    return Scanned(ticket_id=int(match.group(1)), code=code)


class ScanBuffer:
    """Printable keys until Enter; a pause longer than SCAN_GAP_S starts over."""

    def __init__(self) -> None:
        self._text = ""
        self._last = 0.0

    def feed(self, text: str, now: float) -> None:
        if now - self._last > SCAN_GAP_S:
            self._text = ""
        self._last = now
        self._text = (self._text + text)[-MAX_SCAN:]

    def enter(self, now: float) -> str | None:
        """The text typed before this Enter (None if nothing, or only long ago)."""
        text = self._text if now - self._last <= SCAN_GAP_S else ""
        self._text = ""
        return text or None
