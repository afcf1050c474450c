"""Vietnamese text in TCVN-3 (TCVN 5712:1993 "VN3"), the code pages of Epson-style printers.

Epson-style printers carry TCVN-3 as two ESC t pages: the first (usually n=30)
holds ASCII, the seven plain capitals and every lowercase letter; the second
(usually n=31) is the "capitals" font, where the lowercase positions print the
toned capitals. python-escpos 3.1 derives its tables from escpos-printer-db,
which maps 0xA7 to U+00D0 (Icelandic Ð) instead of U+0110 (Đ) and leaves the
plain capitals of the first page blank, so every Đ switches code pages (six
switches on a typical ticket). We build the tables from the same database,
correct Đ and add the standard's capitals row, and encode ourselves so that a
ticket switches pages only for toned capitals.
"""

from __future__ import annotations

import unicodedata

from escpos.capabilities import CAPABILITIES

LOWER_PAGE = "TCVN-3-1"
UPPER_PAGE = "TCVN-3-2"

# Row 0xA1-0xA7 of TCVN 5712:1993: the capitals without tone mark.
_STANDARD_CAPITALS = {ch: 0xA1 + i for i, ch in enumerate("ĂÂÊÔƠƯĐ")}

# Punctuation that a ticket text may carry but no TCVN-3 page has.
_ASCII_FALLBACK = {
    "—": "-", "–": "-", "‑": "-", "−": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
    "…": "...", "·": "-", "•": "*", "\u00a0": " ", "×": "x",
}


def _page_table(name: str) -> dict[str, int]:
    rows = CAPABILITIES["encodings"][name]["data"]
    table = {ch: 0x80 + i for i, ch in enumerate("".join(rows)) if ch != " "}
    if "Ð" in table:  # escpos-printer-db's Ð is the printer's Đ.
        table["Đ"] = table.pop("Ð")
    return table


PAGES: dict[str, dict[str, int]] = {
    LOWER_PAGE: {**_page_table(LOWER_PAGE), **_STANDARD_CAPITALS},
    UPPER_PAGE: {**_STANDARD_CAPITALS, **_page_table(UPPER_PAGE)},
}
DECODE: dict[str, dict[int, str]] = {
    name: {code: ch for ch, code in table.items()} for name, table in PAGES.items()
}


def fold(text: str) -> str:
    """NFC-normalise and replace punctuation no TCVN-3 page has by ASCII."""
    text = unicodedata.normalize("NFC", text)
    return "".join(_ASCII_FALLBACK.get(ch, ch) for ch in text)


def _ascii_stand_in(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() and base.isprintable() else "?"


def encode(text: str, page: str, select: dict[str, int]) -> tuple[bytes, str]:
    """Encode ``text`` starting on code page ``page``.

    ``select`` maps page names to the printer's ESC t numbers. Returns the bytes
    (with any ESC t switches) and the page in force at the end. A character
    stays on the current page when it can, so pages switch only when needed.
    """
    out = bytearray()
    for ch in fold(text):
        if ch.isascii():
            if ch.isprintable():
                out.append(ord(ch))
            continue
        table = PAGES[page]
        if ch not in table:
            other = next((p for p in select if p != page and ch in PAGES[p]), None)
            if other is None:
                ch = _ascii_stand_in(ch)
                out.append(ord(ch))
                continue
            page = other
            table = PAGES[page]
            out += b"\x1bt" + bytes((select[page],))
        out.append(table[ch])
    return bytes(out), page


def decode(data: bytes, page: str) -> str:
    """Decode text bytes printed on ``page`` (for previews and tests)."""
    table = DECODE.get(page, {})
    return "".join(chr(b) if b < 0x80 else table.get(b, "?") for b in data)
