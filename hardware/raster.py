"""Vietnamese text as tightly cropped 1-bit images, for printers without a Vietnamese font."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path

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


def wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Break ``text`` at spaces into lines no wider than ``max_width`` pixels."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and font.getlength(trial) > max_width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


def render_line(text: str, size: int, bold: bool = False) -> Image.Image | None:
    """Draw one line of text and crop it to its inked pixels (mode "1", black = ink).

    Returns None for a line with no ink. Cropping blank rows and columns keeps a
    raster line to the bytes its letters need.
    """
    font = load_font(size, bold)
    left, top, right, bottom = font.getbbox(text)
    canvas = Image.new("L", (max(1, right - min(0, left)) + 2, bottom + 2), 0)
    ImageDraw.Draw(canvas).text((-min(0, left), 0), text, font=font, fill=255)
    # Threshold the anti-aliased coverage: a dot prints when it is half covered.
    ink = canvas.point(lambda v: 255 if v >= 128 else 0)
    box = ink.getbbox()
    if box is None:
        return None
    # To python-escpos's convention: white paper, black ink.
    return ink.crop(box).point(lambda v: 255 - v).convert("1")
