"""Vietnamese text as tightly cropped 1-bit images, for printers without a Vietnamese font."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from .errors import PrinterConfigError

# Tried in order through fontconfig; all of them carry Vietnamese glyphs.
_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial")
_MONO_FAMILIES = ("DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono")
# Where fonts are when fontconfig is absent (Windows, minimal containers).
_KNOWN_FILES = {
    (False, False): ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                     "C:/Windows/Fonts/arial.ttf"],
    (True, False): ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                    "C:/Windows/Fonts/arialbd.ttf"],
    (False, True): ["/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                    "C:/Windows/Fonts/consola.ttf"],
    (True, True): ["/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
                   "C:/Windows/Fonts/consolab.ttf"],
}
FONT_HELP = ("install a font with Vietnamese glyphs (Debian/Ubuntu: "
             "apt-get install fonts-dejavu-core)")
_PROBE = "ỆỮđặ"


def _has_vietnamese(path: str) -> bool:
    try:
        font = ImageFont.truetype(path, 24)
    except OSError:
        return False
    # A font without the glyphs draws them all as the same "missing" box.
    masks = {bytes(font.getmask(ch)) for ch in _PROBE}
    return len(masks) == len(_PROBE)


def _fc_match(pattern: str) -> str | None:
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True,
                             text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


@functools.lru_cache(maxsize=8)
def find_font(bold: bool = False, mono: bool = False) -> str:
    """The path of a system font that can draw Vietnamese.

    Raises PrinterConfigError naming the package to install when there is none.
    """
    style = ":style=Bold" if bold else ""
    candidates = [_fc_match(f"{family}{style}:lang=vi")
                  for family in (_MONO_FAMILIES if mono else _FAMILIES)]
    candidates += _KNOWN_FILES[(bold, mono)]
    for path in candidates:
        if path and Path(path).is_file() and _has_vietnamese(path):
            return path
    kind = "monospace " if mono else ""
    raise PrinterConfigError(
        f"no {kind}font with Vietnamese glyphs found on this "
        f"{sys.platform} machine; {FONT_HELP}")


@functools.lru_cache(maxsize=16)
def load_font(size: int, bold: bool = False, mono: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(find_font(bold, mono), size)


@dataclass(frozen=True)
class TextStyle:
    """How a line of text is drawn for GS v 0: its printed size and who scales it.

    ``size`` is the printed em size in dots. ``scale`` says how the printer's own
    doubling (GS v 0's m) shares the work, which sets the bytes sent:

    * "1x1": drawn dot for dot (m=0);
    * "2x1": drawn at full height and under half width, the printer doubles each
      column (m=1): the marks stacked above a letter keep every row, and it costs
      less than half the bytes. Printed 10 % narrower than the font (``SQUEEZE``),
      a line holds as many letters as font A's 12 dots a letter;
    * "2x2": drawn at half size, the printer doubles both ways (m=3), as it does for
      its own font at GS ! 2 x 2: for large text, a quarter of the bytes.
    """

    size: int
    bold: bool = False
    scale: Literal["1x1", "2x1", "2x2"] = "1x1"

    @property
    def draw_px(self) -> int:
        """The font size the text is drawn at."""
        return self.size // 2 if self.scale == "2x2" else self.size

    @property
    def mode(self) -> int:
        """GS v 0's m: bit 0 doubles columns, bit 1 doubles rows."""
        return {"1x1": 0, "2x1": 1, "2x2": 3}[self.scale]

    @property
    def stretch(self) -> tuple[int, int]:
        """Printed dots per drawn pixel, across and down."""
        return {"1x1": (1, 1), "2x1": (2, 1), "2x2": (2, 2)}[self.scale]

    @property
    def across(self) -> float:
        """Printed dots across per font pixel."""
        return {"1x1": 1.0, "2x1": 2 * SQUEEZE, "2x2": 2.0}[self.scale]

    def printed_width(self, text: str) -> float:
        """The printed width of ``text`` in dots."""
        return load_font(self.draw_px, self.bold).getlength(text) * self.across


def wrap(text: str, style: TextStyle, max_dots: int) -> list[str]:
    """Break ``text`` at spaces into lines no wider than ``max_dots`` printed dots."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):  # not at no-break spaces
        if not word:
            continue
        trial = f"{current} {word}" if current else word
        if current and style.printed_width(trial) > max_dots:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


# The share of a 2x1 drawing's width that is sent (the printer then doubles it).
SQUEEZE = 0.45
# A dot prints where the drawing covers at least this much of it (0-255). Lower
# for regular half-width drawings, where a one-pixel stroke covers half of each
# column; bold strokes are wide enough, and lower would run marks together (ờ).
_INK = 128
_INK_HALF_WIDTH = 80


def render_line(text: str, style: TextStyle) -> Image.Image | None:
    """Draw one line of text and crop it to its inked pixels (mode "1", black = ink).

    The canvas is the font's bounding box of the whole text, measured from the
    baseline, so the marks stacked above capitals (Ầ, Ủ) and the dots and
    descenders below (ậ, y) are inside it. Returns None for a line with no ink.
    Cropping blank rows and columns keeps a raster line to the bytes its letters
    need. The image is what GS v 0 sends; the printer stretches it by
    ``style.stretch``.
    """
    font = load_font(style.draw_px, style.bold)
    left, top, right, bottom = font.getbbox(text, anchor="ls")
    canvas = Image.new("L", (int(right - left) + 2, int(bottom - top) + 2), 0)
    ImageDraw.Draw(canvas).text((1 - left, 1 - top), text, font=font, fill=255, anchor="ls")
    threshold = _INK
    if style.scale == "2x1":
        width = max(1, round(canvas.width * SQUEEZE))
        canvas = canvas.resize((width, canvas.height), Image.Resampling.BOX)
        threshold = _INK if style.bold else _INK_HALF_WIDTH
    # Thermal dots are on or off: threshold the anti-aliased coverage.
    ink = canvas.point(lambda v: 255 if v >= threshold else 0)
    box = ink.getbbox()
    if box is None:
        return None
    # To python-escpos's convention: white paper, black ink.
    return ink.crop(box).point(lambda v: 255 - v).convert("1")


# GS v 0 m xL xH yL yH: what each band costs before its rows.
BAND_HEADER = 8


def bands(image: Image.Image, align: Literal["left", "center"] = "center") -> list[Image.Image]:
    """``image`` (mode "1", black = ink) as horizontal bands of whole bytes, each
    without the blank bytes it can lose and still print where it stood.

    ESC a places each GS v 0 image by its width: centred (``align="center"``), a
    band narrowed by the same number of bytes on both sides, left-aligned
    (``"left"``) one narrowed on the right, prints where it stood in the whole
    picture, dot for dot; bands sent one after another print as one picture
    (python-escpos sends tall images the same way, in fragments). A line of text
    is widest through its letters' bodies and narrow where only a few marks,
    ascenders or descenders reach: cutting it where that saves more bytes than a
    band's header costs sends fewer bytes, no fewer dots.
    The cuts are the cheapest partition of the rows (a shortest path over them).
    """
    width_bytes = (image.width + 7) // 8
    padded = Image.new("1", (width_bytes * 8, image.height), 1)
    padded.paste(image, (0, 0))
    rows = padded.tobytes()  # mode "1" packs 8 pixels a byte, ink as 0 bits
    white = 0xFF
    # Per row, the blank bytes that can go from each side cut (a blank row keeps one or two).
    spare: list[int] = []
    for y in range(image.height):
        row = rows[y * width_bytes : (y + 1) * width_bytes]
        inked = [k for k, byte in enumerate(row) if byte != white]
        if align == "left":
            spare.append(width_bytes - 1 - inked[-1] if inked else width_bytes - 1)
        else:
            spare.append(min(inked[0], width_bytes - 1 - inked[-1]) if inked else (width_bytes - 1) // 2)
    sides = 1 if align == "left" else 2
    height = len(spare)
    best = [0] * (height + 1)  # best[j]: the fewest bytes for rows [0, j)
    start = [0] * (height + 1)
    for j in range(1, height + 1):
        best[j] = -1
        narrowest = width_bytes
        for i in range(j - 1, -1, -1):
            narrowest = min(narrowest, spare[i])
            cost = best[i] + BAND_HEADER + (j - i) * (width_bytes - sides * narrowest)
            if best[j] < 0 or cost < best[j]:
                best[j], start[j] = cost, i
    cuts: list[tuple[int, int]] = []
    j = height
    while j > 0:
        cuts.append((start[j], j))
        j = start[j]
    out = []
    for top, bottom in reversed(cuts):
        cut = min(spare[top:bottom]) * 8
        left = 0 if align == "left" else cut
        out.append(padded.crop((left, top, padded.width - cut, bottom)))
    return out
