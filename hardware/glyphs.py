"""Letters as font A cells (12 x 24 dots): downloaded to the printer (ESC &) in
glyphs mode, and drawn by the preview for native text.

glyphs mode prints ASCII in the printer's own font and sends each Vietnamese
letter once per job as a user-defined character, so a ticket prints at native
text quality, scaled by GS ! like any character, in about a third of universal
mode's bytes. User-defined characters live in the printable ASCII codes; a code
is chosen from those the line being printed does not use as ASCII.
"""

from __future__ import annotations

import functools

from PIL import Image, ImageDraw

from . import raster

CELL_W, CELL_H = 12, 24
# Font A's baseline: 19 dots down its 24-dot cell, leaving 5 for descenders.
BASELINE = 19
ESC = b"\x1b"
# Codes for downloaded letters, the ones tickets least use as ASCII first.
_CODES = [ord(c) for c in "`~^|{}[]\\_@#$&*<>=+;!?\"'QXZJWVFYKqzjxwvfkyb"]
_CODES += [c for c in range(0x21, 0x7F) if c not in _CODES]


@functools.lru_cache(maxsize=1024)
def cell(ch: str, bold: bool = False) -> Image.Image:
    """``ch`` in a font A cell: mode "L", 255 = ink, 0 = paper.

    Printers' Vietnamese fonts fit the marks stacked above capitals (Ầ, Ủ) into
    the cell by drawing those letters smaller; so does this, on the same baseline.
    """
    image = Image.new("L", (CELL_W, CELL_H), 0)
    for px in range(20, 11, -1):
        font = raster.load_font(px, bold=bold, mono=True)  # DejaVu Sans Mono: 12 dots wide at 20
        left, top, right, bottom = font.getbbox(ch, anchor="ls")
        if right - left > CELL_W:
            # The mono font lacks some precomposed Vietnamese letters (its fallback
            # spills out of the cell): draw them in the sans font.
            font = raster.load_font(px, bold=bold)
            left, top, right, bottom = font.getbbox(ch, anchor="ls")
        if right - left <= CELL_W and BASELINE + top >= 0 and BASELINE + bottom <= CELL_H:
            break
    x = 0 if left >= 0 and right <= CELL_W else (CELL_W - int(right - left)) // 2 - int(left)
    ImageDraw.Draw(image).text((x, BASELINE), ch, font=font, fill=255, anchor="ls")
    # Thermal dots are on or off.
    return image.point(lambda v: 255 if v >= 96 else 0)


def column_data(image: Image.Image) -> bytes:
    """A cell as ESC & sends it: column by column, 3 bytes from the top, bit 7 first."""
    out = bytearray()
    for x in range(CELL_W):
        bits = 0
        for y in range(CELL_H):
            bits = bits << 1 | (image.getpixel((x, y)) != 0)
        out += bits.to_bytes(3, "big")
    return bytes(out)


class DownloadedLetters:
    """Which code stands for which letter in one print job, and the bytes that say so.

    ESC @ forgets every user-defined character, so one instance serves one job.
    """

    def __init__(self) -> None:
        self.code_of: dict[str, int] = {}
        self.letter_at: dict[int, str] = {}

    def line(self, text: str) -> bytes:
        """The bytes of one line (no newline): definitions it needs first, then the text.

        ``text`` is NFC; its ASCII prints in the printer's font, the rest as
        downloaded letters. Sent at the start of a line, with the buffer empty.
        """
        used = {ord(c) for c in text if c.isascii()}
        letters = [c for c in dict.fromkeys(text) if not c.isascii()]
        keep = {self.code_of[c] for c in letters if self.code_of.get(c) not in (None, *used)}
        out = bytearray()
        for code in sorted(used & self.letter_at.keys()):
            # This line prints ``code`` as ASCII: cancel its letter (ESC ? n).
            del self.code_of[self.letter_at.pop(code)]
            out += ESC + b"?" + bytes((code,))
        for letter in letters:
            if self.code_of.get(letter) in keep:
                continue
            free = [c for c in _CODES if c not in used and c not in keep]
            unused = [c for c in free if c not in self.letter_at]
            # Every code taken: reuse one this line does not need.
            code = unused[0] if unused else free[0]
            if code in self.letter_at:
                del self.code_of[self.letter_at[code]]
            self.code_of[letter] = code
            self.letter_at[code] = letter
            keep.add(code)
            # ESC & y c1 c2 x data: one character, 3 bytes (24 dots) tall, 12 wide.
            out += ESC + b"&\x03" + bytes((code, code, CELL_W)) + column_data(cell(letter))
        out += bytes(ord(c) if c.isascii() else self.code_of[c] for c in text)
        return bytes(out)
