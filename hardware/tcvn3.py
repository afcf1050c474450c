"""Vietnamese text in TCVN-3 (TCVN 5712:1993 "VN3"), the code pages of Epson-style printers.

Epson-style printers carry TCVN-3 as two ESC t pages: the first (usually n=30)
holds ASCII and every lowercase letter; the second (usually n=31) is the
"capitals" page, where the lowercase positions print the capitals.

Sources, and where they disagree:

* TCVN 5712:1993 (VN3) puts the seven capitals without tone mark, Ă Â Ê Ô Ơ Ư Đ,
  at 0xA1-0xA7 of both fonts.
* escpos-printer-db (the data python-escpos 3.1 ships as ``CAPABILITIES``), a
  transcription of Epson's code page charts, leaves 0xA1-0xA7 of page 30 blank
  and has on page 31 Ă 0xA1, Â 0xA2, Ð (its spelling of Đ) 0xA7, Ê Ô Ơ Ư 0xAA-0xAD.

Both agree on every toned letter and on page 31's Ă 0xA1, Â 0xA2, Đ 0xA7 and
Ê Ô Ơ Ư 0xAA-0xAD (in the standard's capitals font the lowercase positions
print capitals), so those seven letters are sent there: from page 31. A printer
whose page 30 follows the standard (URI option ``capitals=page30``; the test
page shows both) gets them on page 30 without a page switch.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from escpos.capabilities import CAPABILITIES

LOWER_PAGE = "TCVN-3-1"
UPPER_PAGE = "TCVN-3-2"
Capitals = Literal["page31", "page30"]
CAPITALS: tuple[Capitals, ...] = ("page31", "page30")

# The cells in question: the standard's row 0xA1-0xA7 on the first page.
PLAIN_CAPITALS = "ĂÂÊÔƠƯĐ"
_STANDARD_ROW = {ch: 0xA1 + i for i, ch in enumerate(PLAIN_CAPITALS)}

# Punctuation that a ticket text may carry but no TCVN-3 page has.
_ASCII_FALLBACK = {
    "—": "-", "–": "-", "‑": "-", "−": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
    "…": "...", "·": "-", "•": "*", "\u00a0": " ", "×": "x",
}


def _page_table(name: str) -> dict[str, int]:
    rows = CAPABILITIES["encodings"][name]["data"]
    table = {ch: 0x80 + i for i, ch in enumerate("".join(rows)) if ch != " "}
    if "Ð" in table:  # escpos-printer-db's Ð (U+00D0) is the printer's Đ (U+0110).
        table["Đ"] = table.pop("Ð")
    return table


def page_tables(capitals: Capitals = "page31") -> dict[str, dict[str, int]]:
    """Letter -> byte for each page, with the plain capitals where ``capitals`` says."""
    lower = _page_table(LOWER_PAGE)
    if capitals == "page30":
        lower |= _STANDARD_ROW
    return {LOWER_PAGE: lower, UPPER_PAGE: _page_table(UPPER_PAGE)}


PAGES = page_tables("page31")
DECODE: dict[str, dict[int, str]] = {
    name: {code: ch for ch, code in table.items()}
    for name, table in page_tables("page30").items()
}


def fold(text: str) -> str:
    """NFC-normalise and replace punctuation no TCVN-3 page has by ASCII."""
    text = unicodedata.normalize("NFC", text)
    return "".join(_ASCII_FALLBACK.get(ch, ch) for ch in text)


def _ascii_stand_in(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() and base.isprintable() else "?"


def encode(text: str, page: str, select: dict[str, int],
           pages: dict[str, dict[str, int]] = PAGES) -> tuple[bytes, str]:
    """Encode ``text`` starting on code page ``page``.

    ``select`` maps page names to the printer's ESC t numbers; ``pages`` are the
    tables (see :func:`page_tables`). Returns the bytes (with any ESC t switches)
    and the page in force at the end. A character stays on the current page when
    it can, so pages switch only when needed.
    """
    out = bytearray()
    for ch in fold(text):
        if ch.isascii():
            if ch.isprintable():
                out.append(ord(ch))
            continue
        table = pages[page]
        if ch not in table:
            other = next((p for p in select if p != page and ch in pages[p]), None)
            if other is None:
                out.append(ord(_ascii_stand_in(ch)))
                continue
            page = other
            table = pages[page]
            out += b"\x1bt" + bytes((select[page],))
        out.append(table[ch])
    return bytes(out), page


def decode(data: bytes, page: str) -> str:
    """Decode text bytes printed on ``page`` (for previews)."""
    table = DECODE.get(page, {})
    return "".join(chr(b) if b < 0x80 else table.get(b, "?") for b in data)
