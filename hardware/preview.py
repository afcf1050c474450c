"""Render ESC/POS bytes as the paper ticket they print, for demos and reviews.

A small interpreter of the commands our layouts send (see layout.py): it reads
the very bytes a printer would get, so a preview shows what the printer prints,
not a second drawing of the layout. Native text is drawn in a monospace font at
font A's 12 x 24 dots; raster and QR codes are drawn dot for dot.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import qrcode
from PIL import Image, ImageChops, ImageDraw, ImageOps

from . import glyphs, tcvn3
from .options import PrintOptions

CELL_W, CELL_H = glyphs.CELL_W, glyphs.CELL_H
LINE_PITCH = 30  # dots: the default line spacing (ESC 2) of Epson-style printers
DOTS_PER_MM = 8  # 203 dpi
MARGIN_TOP = 16
_QR_EC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M,
          50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}
# Commands we accept and ignore: ESC byte -> number of parameter bytes.
_IGNORED_ESC = {ord("2"): 0, ord("3"): 1, ord("-"): 1, ord("M"): 1, ord("G"): 1,
                ord("{"): 1, ord("V"): 1}


class PreviewError(ValueError):
    """The bytes hold a command this interpreter does not know."""


@dataclass
class _QrStore:
    """What GS ( k has stored for the next QR code."""

    module: int = 3
    ec: int = 48
    data: bytes = b""


@dataclass
class _Char:
    text: str
    width: int
    height: int
    bold: bool
    pattern: Image.Image | None = None  # a user-defined character (ESC &), 0 = ink


@dataclass
class _Paper:
    options: PrintOptions
    tickets: list[Image.Image] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.width = self.options.paper_mm * DOTS_PER_MM
        self.left = (self.width - self.options.dots) // 2
        self._new_sheet()
        self.reset()

    def _new_sheet(self) -> None:
        self.sheet = Image.new("L", (self.width, 6000), 255)
        self.y = MARGIN_TOP
        self.line: list[_Char] = []
        self.inked = False

    def reset(self) -> None:  # ESC @
        self.align = 0
        self.bold = False
        self.size = (1, 1)
        self.page: str | None = None
        self.user_defined: dict[int, Image.Image] = {}  # ESC &
        self.user_selected = False  # ESC %

    # -- placing things -------------------------------------------------------------

    def _x_for(self, width: int) -> int:
        free = max(0, self.options.dots - width)
        return self.left + (0, free // 2, free)[self.align]

    def paste(self, image: Image.Image) -> None:
        """Place a block image (raster, QR) at the current line and advance past it."""
        self.flush_line(feed_empty=False)
        self.sheet.paste(image.convert("L"), (self._x_for(image.width), self.y))
        self.y += image.height
        self.inked = True

    def flush_line(self, feed_empty: bool = True) -> None:
        if not self.line:
            if feed_empty:
                self.y += LINE_PITCH
            return
        height = max(c.height for c in self.line) * CELL_H
        width = sum(c.width for c in self.line) * CELL_W
        x = self._x_for(width)
        for ch in self.line:
            cell = _glyph(ch.text, ch.bold) if ch.pattern is None else _emphasized(
                ch.pattern) if ch.bold else ch.pattern
            glyph = cell.resize(
                (CELL_W * ch.width, CELL_H * ch.height), Image.Resampling.NEAREST)
            self.sheet.paste(glyph, (x, self.y + height - glyph.height))
            x += glyph.width
        self.y += max(height, LINE_PITCH)
        self.line = []
        self.inked = True

    def add_text(self, data: bytes) -> None:
        text = tcvn3.decode(data, self.page) if self.page else data.decode("cp437")
        for code, ch in zip(data, text, strict=True):
            pattern = self.user_defined.get(code) if self.user_selected else None
            self.line.append(_Char(ch, self.size[0], self.size[1], self.bold, pattern))

    def cut(self) -> None:
        self.flush_line(feed_empty=False)
        self.finish()
        self._new_sheet()

    def finish(self) -> None:
        if self.line:
            self.flush_line()
        if self.inked:
            bottom = self.y + MARGIN_TOP
            sheet = self.sheet.crop((0, 0, self.width, bottom))
            draw = ImageDraw.Draw(sheet)
            for x in range(0, self.width, 12):  # the cut, as a dashed line
                draw.line((x, bottom - 1, x + 6, bottom - 1), fill=128)
            self.tickets.append(sheet)
        self.inked = False


def _emphasized(pattern: Image.Image) -> Image.Image:
    """ESC E on a user-defined character: each dot printed again one dot to the right."""
    shifted = Image.new("L", pattern.size, 255)
    shifted.paste(pattern.crop((0, 0, pattern.width - 1, pattern.height)), (1, 0))
    return ImageChops.darker(pattern, shifted)


@functools.lru_cache(maxsize=1024)
def _glyph(ch: str, bold: bool) -> Image.Image:
    """A font A cell as printed: 0 = ink, 255 = paper."""
    return ImageOps.invert(glyphs.cell(ch, bold))


def _qr_image(data: bytes, module: int, ec: int) -> Image.Image:
    code = qrcode.QRCode(box_size=module, border=0, error_correction=_QR_EC.get(ec, 0))
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().get_image().convert("L")


def _define_characters(data: bytes, at: int, paper: _Paper) -> int:
    """ESC & y c1 c2 [x d1 ... d(y*x)]...: store the patterns; returns the next offset."""
    y, first, last = data[at + 2], data[at + 3], data[at + 4]
    i = at + 5
    for code in range(first, last + 1):
        x = data[i]
        columns = data[i + 1:i + 1 + x * y]
        cell = Image.new("L", (CELL_W, 8 * y), 255)
        for col in range(x):
            bits = int.from_bytes(columns[col * y:(col + 1) * y], "big")
            for row in range(8 * y):
                if bits >> (8 * y - 1 - row) & 1:
                    cell.putpixel((col, row), 0)
        paper.user_defined[code] = cell.crop((0, 0, CELL_W, CELL_H))
        i += 1 + x * y
    return i


def render(data: bytes, options: PrintOptions) -> list[Image.Image]:
    """Interpret ESC/POS ``data``; one image per ticket (tickets end at a cut)."""
    paper = _Paper(options)
    pages = {n: name for name, n in options.codepages.items()}
    qr = _QrStore()
    i, n = 0, len(data)
    text_start = None

    def flush_text(end: int) -> None:
        nonlocal text_start
        if text_start is not None:
            paper.add_text(data[text_start:end])
            text_start = None

    while i < n:
        b = data[i]
        if b >= 0x20:
            if text_start is None:
                text_start = i
            i += 1
            continue
        flush_text(i)
        if b == 0x0A:
            paper.flush_line()
            i += 1
        elif b == 0x1B:
            cmd, arg = data[i + 1], (data[i + 2] if i + 2 < n else 0)
            if cmd == ord("@"):
                paper.reset()
                i += 2
                continue
            if cmd == ord("&"):
                i = _define_characters(data, i, paper)
                continue
            i += 3
            if cmd == ord("t"):
                paper.page = pages.get(arg)
            elif cmd == ord("a"):
                paper.align = arg % 48 if arg >= 48 else arg
            elif cmd == ord("%"):
                paper.user_selected = bool(arg & 1)
            elif cmd == ord("?"):
                paper.user_defined.pop(arg, None)
            elif cmd == ord("E"):
                paper.bold = bool(arg & 1)
            elif cmd == ord("!"):
                paper.bold = bool(arg & 0x08)
                paper.size = (2 if arg & 0x20 else 1, 2 if arg & 0x10 else 1)
            elif cmd == ord("d"):
                paper.flush_line()
                paper.y += LINE_PITCH * max(0, arg - 1)
            elif cmd == ord("J"):
                paper.flush_line(feed_empty=False)
                paper.y += arg
            elif cmd in _IGNORED_ESC:
                i += _IGNORED_ESC[cmd] - 1
            else:
                raise PreviewError(f"unsupported command ESC {cmd:#04x} at byte {i - 3}")
        elif b == 0x1D:
            cmd = data[i + 1]
            if cmd == ord("!"):
                arg = data[i + 2]
                paper.size = ((arg >> 4) + 1, (arg & 0x0F) + 1)
                i += 3
            elif cmd == ord("v") and data[i + 2] in (0x30,):
                m, xl, xh, yl, yh = data[i + 3:i + 8]
                wbytes, height = xl + 256 * xh, yl + 256 * yh
                body = data[i + 8:i + 8 + wbytes * height]
                image = ImageOps.invert(
                    Image.frombytes("1", (wbytes * 8, height), body).convert("L"))
                scale = (2 if m & 1 else 1, 2 if m & 2 else 1)
                if scale != (1, 1):
                    # The printer doubles each dot: no smoothing.
                    image = image.resize((image.width * scale[0], image.height * scale[1]),
                                         Image.Resampling.NEAREST)
                paper.paste(image)
                i += 8 + wbytes * height
            elif cmd == ord("(") and data[i + 2] == ord("k"):
                length = data[i + 3] + 256 * data[i + 4]
                body = data[i + 5:i + 5 + length]
                fn = body[1]
                if fn == 67:
                    qr.module = body[2]
                elif fn == 69:
                    qr.ec = body[2]
                elif fn == 80:
                    qr.data = body[3:]
                elif fn == 81:
                    paper.paste(_qr_image(qr.data, qr.module, qr.ec))
                i += 5 + length
            elif cmd == ord("V"):
                mode = data[i + 2]
                i += 4 if mode in (65, 66) else 3
                paper.cut()
            else:
                raise PreviewError(f"unsupported command GS {cmd:#04x} at byte {i}")
        else:
            i += 1  # other control bytes (CR, HT, ...) print nothing here
    flush_text(n)
    paper.finish()
    return paper.tickets
