"""An ESC/POS decoder for tests: walks a byte stream, checks it is well formed, and
lays out the paper it prints.

Independent of hardware/: its TCVN-3 tables are typed in here from the references
(below), so the layouts' encoder is checked against them, not against itself; its
pictures are drawn from the bytes alone, and a QR code is read back with zxing-cpp.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import qrcode
import zxingcpp
from PIL import Image

# TCVN 5712:1993 (VN3), lowercase font: toned lowercase letters.
_TONED = {
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
_PLAIN_LOWER = {0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ"}
# The standard's row 0xA1-0xA7 (both fonts): Ă Â Ê Ô Ơ Ư Đ.
_STANDARD_ROW = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}

# Epson's page 30 / 31 as the two references agree on them. The standard puts the
# row above on page 30; escpos-printer-db's transcription of Epson's chart leaves
# those cells blank, so they are left out: a layout that sends them fails here.
# On page 31 the standard's capitals font prints capitals at both 0xA1-0xA7 and
# the lowercase positions; escpos-printer-db has Ă 0xA1, Â 0xA2, Đ 0xA7 and
# Ê Ô Ơ Ư 0xAA-0xAD. The cells both name are kept.
AGREED_PAGES: dict[int, dict[int, str]] = {
    30: {**_PLAIN_LOWER, **_TONED},
    31: {0xA1: "Ă", 0xA2: "Â", 0xA7: "Đ", 0xAA: "Ê", 0xAB: "Ô", 0xAC: "Ơ", 0xAD: "Ư",
         **{k: v.upper() for k, v in _TONED.items()}},
}
# A printer whose page 30 follows the standard (URI option capitals=page30).
STANDARD_PAGES: dict[int, dict[int, str]] = {
    30: {**_STANDARD_ROW, **AGREED_PAGES[30]},
    31: AGREED_PAGES[31],
}

# Paper geometry of Epson-style printers at 203 dpi.
CELL_W, CELL_H = 12, 24  # font A
LINE_SPACING = 30  # ESC 2, the default; a line is at least as tall as its tallest cell
_QR_EC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M,
          50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}


class DecodeError(AssertionError):
    """The stream is not well-formed ESC/POS (as our layouts use it)."""


@dataclass
class Raster:
    """A GS v 0 image: ``data`` as sent; ``image`` as printed (m's doubling applied)."""

    mode: int
    width_bytes: int
    height: int
    data: bytes

    def rows(self) -> list[bytes]:
        w = self.width_bytes
        return [self.data[i * w : (i + 1) * w] for i in range(self.height)]

    @property
    def stretch(self) -> tuple[int, int]:
        return (2 if self.mode & 1 else 1, 2 if self.mode & 2 else 1)

    def bitmap(self) -> Image.Image:
        """The image as sent: mode "L", 0 = ink (a set bit), 255 = paper."""
        image = Image.frombytes("1", (self.width_bytes * 8, self.height), self.data)
        return image.convert("L").point(lambda v: 255 - v)

    def image(self) -> Image.Image:
        """The image as printed: each dot stretched by GS v 0's m."""
        sx, sy = self.stretch
        bitmap = self.bitmap()
        return bitmap.resize((bitmap.width * sx, bitmap.height * sy), Image.Resampling.NEAREST)

    def ink_rows(self) -> tuple[int, int]:
        """First and last printed rows with ink (the image is printed stretched)."""
        inked = [k for k, row in enumerate(self.rows()) if any(row)]
        sy = self.stretch[1]
        return inked[0] * sy, (inked[-1] + 1) * sy - 1


@dataclass
class Placed:
    """Something printed: its kind, what it is, and its box on the paper (dots)."""

    kind: str  # "text", "raster" or "qr"
    what: Image.Image | str  # the printed picture, or a text cell's character
    box: tuple[int, int, int, int]  # left, top, right, bottom (exclusive)


@dataclass
class Stream:
    """The decoded stream: ``ops`` in order, what was placed where, and views."""

    # A "raster" op is one picture: GS v 0 images sent one straight after another
    # (same m, nothing between) print as one, each centred on its own width.
    ops: list[tuple[str, object]] = field(default_factory=list)
    raster_spans: list[tuple[int, int]] = field(default_factory=list)  # each picture's bytes
    picture_boxes: list[tuple[int, int, int, int]] = field(default_factory=list)  # on the paper, dots
    bands: list[Raster] = field(default_factory=list)  # every GS v 0 as sent
    placed: list[Placed] = field(default_factory=list)
    # User-defined characters (ESC &) as printed: each distinct pattern stands in the
    # lines as a private-use character, U+E000 for the first pattern seen, and so on.
    patterns: dict[str, bytes] = field(default_factory=dict)
    width: int = 576
    length: int = 0

    def stand_in(self, pattern: bytes) -> str:
        for ch, seen in self.patterns.items():
            if seen == pattern:
                return ch
        ch = chr(0xE000 + len(self.patterns))
        self.patterns[ch] = pattern
        return ch

    def of(self, kind: str) -> list[object]:
        return [arg for op, arg in self.ops if op == kind]

    @property
    def lines(self) -> list[str]:
        return [str(x) for x in self.of("line")]

    @property
    def rasters(self) -> list[Raster]:
        return [r for r in self.of("raster") if isinstance(r, Raster)]

    def paper(self) -> Image.Image:
        """The printed paper: rasters and QR codes dot for dot, text cells as grey boxes."""
        sheet = Image.new("L", (self.width, self.length + 1), 255)
        for item in self.placed:
            if isinstance(item.what, Image.Image):
                sheet.paste(item.what, item.box[:2])
            else:
                sheet.paste(128, item.box)
        return sheet


class _Paper:
    """Where things land: a print position, a line buffer, alignment and text size."""

    def __init__(self, stream: Stream, width: int) -> None:
        self.stream = stream
        self.width = width
        self.y = 0
        self.align = 0
        self.size = (1, 1)
        self.cells: list[tuple[int, int, str]] = []  # (width, height) in dots, character

    def reset(self) -> None:
        self.align = 0
        self.size = (1, 1)

    def _x(self, width: int, at: int) -> int:
        if width > self.width:
            raise DecodeError(f"{width} dots wide on a {self.width}-dot line at byte {at}")
        return (0, (self.width - width) // 2, self.width - width)[self.align]

    def char(self, ch: str) -> None:
        w, h = self.size
        self.cells.append((CELL_W * w, CELL_H * h, ch))

    def line_feed(self, at: int) -> None:
        if not self.cells:
            self.y += LINE_SPACING
            return
        height = max(h for _, h, _ in self.cells)
        x = self._x(sum(w for w, _, _ in self.cells), at)
        for w, h, ch in self.cells:
            top = self.y + height - h  # cells stand on the line's baseline
            self.stream.placed.append(Placed("text", ch, (x, top, x + w, top + h)))
            x += w
        self.y += max(height, LINE_SPACING)
        self.cells = []

    def block(self, kind: str, image: Image.Image, at: int) -> tuple[int, int, int, int]:
        """A raster or QR: printed on an empty line buffer, at the print position."""
        if self.cells:
            raise DecodeError(f"{kind} at byte {at} with text in the line buffer")
        x = self._x(image.width, at)
        box = (x, self.y, x + image.width, self.y + image.height)
        self.stream.placed.append(Placed(kind, image, box))
        self.y += image.height
        return box

    def feed(self, dots: int, at: int) -> None:
        if self.cells:
            raise DecodeError(f"ESC J at byte {at} with text in the line buffer")
        self.y += dots


def _union(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _joined(picture: Raster, box: tuple[int, int, int, int], band: Raster,
            band_box: tuple[int, int, int, int], at: int) -> Raster:
    """``picture`` (printed at ``box``) with ``band`` printed below it, as one Raster
    in sent pixels: where each band's dots landed on the paper, over the stretch."""
    sx, sy = picture.stretch
    union = _union(box, band_box)
    if (box[0] - union[0]) % sx or (band_box[0] - union[0]) % sx:
        raise DecodeError(f"raster band at byte {at} is off the picture's grid of {sx} dots")
    width_px = (union[2] - union[0]) // sx
    sheet = Image.new("L", (width_px, picture.height + band.height), 255)
    sheet.paste(picture.bitmap(), ((box[0] - union[0]) // sx, 0))
    sheet.paste(band.bitmap(), ((band_box[0] - union[0]) // sx, picture.height))
    width_bytes = (width_px + 7) // 8
    padded = Image.new("L", (width_bytes * 8, sheet.height), 255)
    padded.paste(sheet, (0, 0))
    data = padded.point(lambda v: 0 if v < 128 else 255).convert("1").tobytes()
    return Raster(picture.mode, width_bytes, sheet.height, bytes(255 - b for b in data))


def _qr_symbol(data: bytes, module: int, ec: int) -> Image.Image:
    """The symbol a printer draws for GS ( k: modules only, no quiet zone."""
    code = qrcode.QRCode(box_size=module, border=0, error_correction=_QR_EC[ec])
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().get_image().convert("L")


def decode(data: bytes, pages: dict[int, dict[int, str]] = AGREED_PAGES,
           width: int = 576) -> Stream:
    """Walk ``data``; text is decoded in the code page selected by ESC t from ``pages``.

    ``width`` is the printable width in dots, for laying out the paper.
    """
    out = Stream(width=width)
    paper = _Paper(out, width)
    page = None
    text = ""
    qr_store = b""
    qr_module, qr_ec = 3, 48
    defined: dict[int, bytes] = {}  # ESC &: code -> the pattern, column by column
    user_selected = False  # ESC %
    i = 0

    def need(k: int) -> bytes:
        if i + k > len(data):
            raise DecodeError(f"command at byte {i} truncated")
        return data[i : i + k]

    while i < len(data):
        b = data[i]
        if b == 0x0A:
            out.ops.append(("line", text))
            paper.line_feed(i)
            text = ""
            i += 1
        elif 0x20 <= b < 0x7F and user_selected and b in defined:
            ch = out.stand_in(defined[b])
            text += ch
            paper.char(ch)
            i += 1
        elif b >= 0x20:
            if b >= 0x80:
                table = pages.get(page) if page is not None else None
                if table is None or b not in table:
                    raise DecodeError(f"byte {b:#04x} at {i} has no agreed letter on page {page}")
                ch = table[b]
            else:
                ch = chr(b)
            text += ch
            paper.char(ch)
            i += 1
        elif b == 0x1B:
            cmd = need(2)[1]
            if cmd == ord("@"):
                out.ops.append(("init", None))
                page = None
                defined, user_selected = {}, False
                paper.reset()
                i += 2
                continue
            if cmd == ord("&"):
                y, first, last = need(5)[2:5]
                if y != 3 or not 0x20 <= first <= last <= 0x7E:
                    raise DecodeError(f"ESC & {y} {first} {last} at {i}")
                k = i + 5
                for code in range(first, last + 1):
                    i = k
                    x = need(1)[0]
                    if x > CELL_W:
                        raise DecodeError(f"user-defined character {x} dots wide at {k}")
                    defined[code] = need(1 + 3 * x)[1:] + bytes(3 * (CELL_W - x))
                    k += 1 + 3 * x
                out.ops.append(("define", (first, last)))
                i = k
                continue
            arg = need(3)[2]
            name = {
                ord("%"): "user_characters",
                ord("?"): "cancel_character",
                ord("t"): "codepage",
                ord("a"): "align",
                ord("E"): "bold",
                ord("d"): "feed_lines",
                ord("J"): "feed_dots",
            }.get(cmd)
            if name is None:
                raise DecodeError(f"unknown ESC {cmd:#04x} at {i}")
            if name == "codepage":
                page = arg
            elif name == "user_characters":
                user_selected = bool(arg & 1)
            elif name == "cancel_character":
                defined.pop(arg, None)
            elif name == "align":
                paper.align = arg % 48 if arg >= 48 else arg
            elif name == "feed_dots":
                paper.feed(arg, i)
            elif name == "feed_lines":
                paper.line_feed(i)
                paper.y += LINE_SPACING * max(0, arg - 1)
            out.ops.append((name, arg))
            i += 3
        elif b == 0x1D:
            cmd = need(2)[1]
            if cmd == ord("!"):
                arg = need(3)[2]
                paper.size = ((arg >> 4) + 1, (arg & 0x0F) + 1)
                out.ops.append(("size", arg))
                i += 3
            elif cmd == ord("v"):
                head = need(8)
                if head[2] != 0x30 or head[3] > 3:
                    raise DecodeError(f"GS v {head[2]:#04x} m={head[3]} at {i}")
                w, h = head[4] + 256 * head[5], head[6] + 256 * head[7]
                if w == 0 or h == 0:
                    raise DecodeError(f"empty raster at {i}")
                body = need(8 + w * h)[8:]
                image = Raster(head[3], w, h, body)
                out.bands.append(image)
                box = paper.block("raster", image.image(), i)
                end = i + 8 + w * h
                last = out.ops[-1] if out.ops else None
                if (last is not None and last[0] == "raster" and isinstance(last[1], Raster)
                        and out.raster_spans[-1][1] == i and last[1].mode == image.mode):
                    # Straight after another raster: the same picture, printed on below it.
                    picture = _joined(last[1], out.picture_boxes[-1], image, box, i)
                    out.ops[-1] = ("raster", picture)
                    out.raster_spans[-1] = (out.raster_spans[-1][0], end)
                    out.picture_boxes[-1] = _union(out.picture_boxes[-1], box)
                else:
                    out.ops.append(("raster", image))
                    out.raster_spans.append((i, end))
                    out.picture_boxes.append(box)
                i = end
            elif cmd == ord("(") and need(3)[2] == ord("k"):
                head = need(5)
                n = head[3] + 256 * head[4]
                body = need(5 + n)[5:]
                if body[0] != 0x31:
                    raise DecodeError(f"GS ( k for symbol {body[0]:#04x} at {i}")
                if body[1] == 67:
                    qr_module = body[2]
                elif body[1] == 69:
                    qr_ec = body[2]
                elif body[1] == 80:
                    qr_store = body[3:]
                elif body[1] == 81:
                    out.ops.append(("qr", qr_store.decode("utf-8")))
                    paper.block("qr", _qr_symbol(qr_store, qr_module, qr_ec), i)
                i += 5 + n
            elif cmd == ord("V"):
                mode = need(3)[2]
                if mode in (65, 66):
                    need(4)
                out.ops.append(("cut", mode))
                i += 4 if mode in (65, 66) else 3
            else:
                raise DecodeError(f"unknown GS {cmd:#04x} at {i}")
        else:
            raise DecodeError(f"unexpected control byte {b:#04x} at {i}")
    if text:
        out.ops.append(("line", text))
    out.length = paper.y
    return out


def read_qr_codes(stream: Stream) -> list[str]:
    """The QR codes a phone reads off the printed paper, top to bottom."""
    found = zxingcpp.read_barcodes(stream.paper(), formats=zxingcpp.BarcodeFormat.QRCode)
    return [code.text for code in sorted(found, key=lambda c: c.position.top_left.y)]


def assert_codepage_after_every_init(stream: Stream, page: int) -> None:
    ops = stream.ops
    for k, (op, _) in enumerate(ops):
        if op == "init":
            assert k + 1 < len(ops) and ops[k + 1] == ("codepage", page), (
                f"ESC @ at op {k} is not followed by ESC t {page}"
            )


def assert_raster_tight(raster: Raster, max_dots: int) -> None:
    """A well-formed, tightly cropped raster: no blank edge rows or columns."""
    assert len(raster.data) == raster.width_bytes * raster.height
    assert raster.width_bytes * 8 * raster.stretch[0] <= max_dots
    rows = raster.rows()
    assert any(rows[0]) and any(rows[-1]), "blank top or bottom row"
    assert any(row[0] & 0x80 for row in rows), "blank left column"
    last = raster.width_bytes - 1
    assert any(row[last] for row in rows), "a whole blank byte column on the right"


def assert_clear_around_qr(stream: Stream, modules: int = 4) -> None:
    """Every QR has ``modules`` modules of blank paper on every side, inside the paper."""
    symbols = [p for p in stream.placed if p.kind == "qr" or p.kind == "raster"
               and _is_qr(p)]
    assert symbols, "no QR code on the paper"
    for symbol in symbols:
        left, top, right, bottom = symbol.box
        module = _module_of(symbol)
        clear = modules * module
        zone = (left - clear, top - clear, right + clear, bottom + clear)
        assert zone[0] >= 0 and zone[2] <= stream.width, f"QR at {symbol.box} too near the edge"
        assert zone[1] >= 0, "QR at the top of the paper"
        for other in stream.placed:
            if other is symbol:
                continue
            ol, ot, o_r, ob = other.box
            overlap = ol < zone[2] and o_r > zone[0] and ot < zone[3] and ob > zone[1]
            assert not overlap, (
                f"{other.kind} {other.box} inside the QR's clear space {zone}")


def _is_qr(placed: Placed) -> bool:
    """A raster that is a QR code: square but for the padding to whole bytes, and
    zxing-cpp reads it."""
    image = placed.what
    return isinstance(image, Image.Image) and abs(image.width - image.height) < 16 and bool(
        zxingcpp.read_barcodes(_with_margin(image), formats=zxingcpp.BarcodeFormat.QRCode))


def _with_margin(image: Image.Image) -> Image.Image:
    framed = Image.new("L", (image.width + 80, image.height + 80), 255)
    framed.paste(image, (40, 40))
    return framed


def _module_of(placed: Placed) -> int:
    """A QR's module size in dots: its width over its modules (the finder pattern's
    dark top-left run is 7 modules)."""
    image = placed.what
    assert isinstance(image, Image.Image)
    row = image.crop((0, 0, image.width, 1)).tobytes()
    run = next((k for k, v in enumerate(row) if v > 127), len(row))
    return max(1, run // 7)


def mask_rasters(data: bytes) -> bytes:
    """``data`` with each GS v 0 image replaced by b"<raster>".

    Raster pixels depend on the font file; everything around them is exact.
    """
    out, last = bytearray(), 0
    for start, end in decode(data).raster_spans:
        out += data[last:start] + b"<raster>"
        last = end
    return bytes(out + data[last:])
