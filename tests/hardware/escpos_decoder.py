"""A small ESC/POS decoder for tests: walks a byte stream and checks it is well formed.

Independent of hardware/: its TCVN-3 table is typed in from TCVN 5712:1993, so
the layouts' encoder is checked against the standard, not against itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# TCVN-3 lowercase page (ESC t 30): byte -> letter, from the standard's table.
_LOWER = {
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
}
_TONED = {
    0xB5: "à",
    0xB6: "ả",
    0xB7: "ã",
    0xB8: "á",
    0xB9: "ạ",
    0xBB: "ằ",
    0xBC: "ẳ",
    0xBD: "ẵ",
    0xBE: "ắ",
    0xC6: "ặ",
    0xC7: "ầ",
    0xC8: "ẩ",
    0xC9: "ẫ",
    0xCA: "ấ",
    0xCB: "ậ",
    0xCC: "è",
    0xCE: "ẻ",
    0xCF: "ẽ",
    0xD0: "é",
    0xD1: "ẹ",
    0xD2: "ề",
    0xD3: "ể",
    0xD4: "ễ",
    0xD5: "ế",
    0xD6: "ệ",
    0xD7: "ì",
    0xD8: "ỉ",
    0xDC: "ĩ",
    0xDD: "í",
    0xDE: "ị",
    0xDF: "ò",
    0xE1: "ỏ",
    0xE2: "õ",
    0xE3: "ó",
    0xE4: "ọ",
    0xE5: "ồ",
    0xE6: "ổ",
    0xE7: "ỗ",
    0xE8: "ố",
    0xE9: "ộ",
    0xEA: "ờ",
    0xEB: "ở",
    0xEC: "ỡ",
    0xED: "ớ",
    0xEE: "ợ",
    0xEF: "ù",
    0xF1: "ủ",
    0xF2: "ũ",
    0xF3: "ú",
    0xF4: "ụ",
    0xF5: "ừ",
    0xF6: "ử",
    0xF7: "ữ",
    0xF8: "ứ",
    0xF9: "ự",
    0xFA: "ỳ",
    0xFB: "ỷ",
    0xFC: "ỹ",
    0xFD: "ý",
    0xFE: "ỵ",
}
TCVN3_PAGES = {
    30: {**_LOWER, **_TONED},
    # The capitals page prints the toned capitals where the lowercase page has the
    # toned lowercase letters.
    31: {**{k: v for k, v in _LOWER.items() if k <= 0xA7}, **{k: v.upper() for k, v in _TONED.items()}},
}


class DecodeError(AssertionError):
    """The stream is not well-formed ESC/POS (as our layouts use it)."""


@dataclass
class Raster:
    mode: int
    width_bytes: int
    height: int
    data: bytes

    def rows(self) -> list[bytes]:
        w = self.width_bytes
        return [self.data[i * w : (i + 1) * w] for i in range(self.height)]


@dataclass
class Stream:
    """The decoded stream: ``ops`` in order, plus convenient views."""

    ops: list[tuple[str, object]] = field(default_factory=list)
    raster_spans: list[tuple[int, int]] = field(default_factory=list)

    def of(self, kind: str) -> list[object]:
        return [arg for op, arg in self.ops if op == kind]

    @property
    def lines(self) -> list[str]:
        return [str(x) for x in self.of("line")]

    @property
    def rasters(self) -> list[Raster]:
        return [r for r in self.of("raster") if isinstance(r, Raster)]


def decode(data: bytes) -> Stream:
    """Walk ``data``; text lines are decoded in the code page selected by ESC t."""
    out = Stream()
    page = None
    text = ""
    qr_store = b""
    i = 0

    def need(k: int) -> bytes:
        if i + k > len(data):
            raise DecodeError(f"command at byte {i} truncated")
        return data[i : i + k]

    while i < len(data):
        b = data[i]
        if b == 0x0A:
            out.ops.append(("line", text))
            text = ""
            i += 1
        elif b >= 0x20:
            if b >= 0x80:
                table = TCVN3_PAGES.get(page) if page is not None else None
                if table is None or b not in table:
                    raise DecodeError(f"byte {b:#04x} at {i} has no letter on page {page}")
                text += table[b]
            else:
                text += chr(b)
            i += 1
        elif b == 0x1B:
            cmd = need(2)[1]
            if cmd == ord("@"):
                out.ops.append(("init", None))
                page = None
                i += 2
                continue
            arg = need(3)[2]
            name = {
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
            out.ops.append((name, arg))
            i += 3
        elif b == 0x1D:
            cmd = need(2)[1]
            if cmd == ord("!"):
                out.ops.append(("size", need(3)[2]))
                i += 3
            elif cmd == ord("v"):
                head = need(8)
                if head[2] != 0x30:
                    raise DecodeError(f"GS v {head[2]:#04x} at {i}")
                w, h = head[4] + 256 * head[5], head[6] + 256 * head[7]
                if w == 0 or h == 0:
                    raise DecodeError(f"empty raster at {i}")
                body = need(8 + w * h)[8:]
                out.ops.append(("raster", Raster(head[3], w, h, body)))
                out.raster_spans.append((i, i + 8 + w * h))
                i += 8 + w * h
            elif cmd == ord("(") and need(3)[2] == ord("k"):
                head = need(5)
                n = head[3] + 256 * head[4]
                body = need(5 + n)[5:]
                if body[0] != 0x31:
                    raise DecodeError(f"GS ( k for symbol {body[0]:#04x} at {i}")
                if body[1] == 80:
                    qr_store = body[3:]
                elif body[1] == 81:
                    out.ops.append(("qr", qr_store.decode("utf-8")))
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
    return out


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
    assert raster.width_bytes * 8 <= max_dots
    rows = raster.rows()
    assert any(rows[0]) and any(rows[-1]), "blank top or bottom row"
    assert any(row[0] & 0x80 for row in rows), "blank left column"
    last = raster.width_bytes - 1
    assert any(row[last] for row in rows), "a whole blank byte column on the right"


def mask_rasters(data: bytes) -> bytes:
    """``data`` with each GS v 0 image replaced by b"<raster>".

    Raster pixels depend on the font file; everything around them is exact.
    """
    out, last = bytearray(), 0
    for start, end in decode(data).raster_spans:
        out += data[last:start] + b"<raster>"
        last = end
    return bytes(out + data[last:])
