"""Ticket layouts: pure functions from a slip to the ESC/POS bytes that print it.

Two modes (see DOMAIN.md "Hardware facts"):

* codepage: native text in TCVN-3, for printers with a Vietnamese code page;
* universal: any ESC/POS printer; ASCII text stays native and only the lines with
  Vietnamese letters go as tightly cropped raster images (``GS v 0``).

Both start with ``ESC @``, print the label as large native text and the QR code
natively (``GS ( k``), and cut only where the profile has a cutter. python-escpos
produces every command it gets right; we write the few it lacks or gets wrong:
the TCVN-3 text, ``ESC t`` after ``ESC @``, and ``ESC J`` (feed n dots).
"""

from __future__ import annotations

import textwrap
import unicodedata

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from . import raster, tcvn3
from .options import PrintOptions
from .slip import TicketSlip, slip_texts

ESC = b"\x1b"

# Raster text sizes in pixels (= dots at 203 dpi). Font A is 12 x 24 dots; these
# match its weight while keeping a standard ticket under 3,000 bytes.
SMALL_PX = 16
BODY_PX = 17
SERVICE_PX = 22
# Dots fed after a raster line, so raster lines keep about the pitch of text lines.
RASTER_GAP = 8
LABEL_SIZE = 4  # the queue number at 4 x 4 of font A: 48 x 96 dots per character
QR_MODULE = {80: 6, 58: 5}


class _Job:
    """Collects one print job through a python-escpos Dummy printer."""

    def __init__(self, options: PrintOptions) -> None:
        self.options = options
        self.printer = Dummy(profile=options.profile)
        self.printer.profile = options.escpos_profile()
        self.page = tcvn3.LOWER_PAGE
        self.bold = False

    def raw(self, data: bytes) -> None:
        self.printer._raw(data)

    def init(self) -> None:
        self.printer.hw("INIT")
        if self.options.mode == "codepage":
            # ESC @ resets the code page, and python-escpos 3.1 does not resend ESC t.
            self.page = tcvn3.LOWER_PAGE
            self.raw(ESC + b"t" + bytes((self.options.codepages[self.page],)))
        self.printer.set(align="center")
        self.bold = False

    def set_bold(self, on: bool) -> None:
        if on != self.bold:
            self.printer.set(bold=on)
            self.bold = on

    def _native(self, text: str, width: int = 1, height: int = 1,
                bold: bool = False) -> None:
        self.set_bold(bold)
        if (width, height) != (1, 1):
            self.printer.set(custom_size=True, width=width, height=height)
        for line in textwrap.wrap(text, self.options.columns // width) or [""]:
            if self.options.mode == "codepage":
                data, self.page = tcvn3.encode(line, self.page, self.options.codepages)
            else:
                data = line.encode("ascii", "replace")
            self.raw(data + b"\n")
        if (width, height) != (1, 1):
            self.printer.set(custom_size=True, width=1, height=1)

    def _raster(self, text: str, size: int, bold: bool) -> None:
        font = raster.load_font(size, bold)
        for line in raster.wrap(text, font, self.options.dots):
            image = raster.render_line(line, size, bold)
            if image is None:
                continue
            # ESC a centres GS v 0 images on Epson and common clones, so no padding
            # is sent; python-escpos's center=True would send full-width rows.
            self.printer.image(image, impl="bitImageRaster", center=False)
            self.feed(RASTER_GAP)

    def text(self, text: str, *, px: int = BODY_PX, bold: bool = False) -> None:
        """A paragraph: native where the printer can, raster for Vietnamese letters."""
        if self.options.mode == "codepage":
            self._native(text, bold=bold)
            return
        folded = tcvn3.fold(text)
        if folded.isascii():
            self._native(folded, bold=bold)
        else:
            # The font draws the real dashes and quotes; only native text needs ASCII.
            self._raster(unicodedata.normalize("NFC", text), px, bold)

    def label(self, text: str) -> None:
        self._native(text, width=LABEL_SIZE, height=LABEL_SIZE, bold=True)

    def feed(self, dots: int) -> None:
        # ESC J n: print and feed n dots (python-escpos only feeds whole lines).
        self.raw(ESC + b"J" + bytes((dots,)))

    def qr(self, data: str) -> None:
        self.printer.qr(data, ec=QR_ECLEVEL_M, size=QR_MODULE[self.options.paper_mm],
                        native=True)
        self.raw(b"\n")

    def end(self) -> bytes:
        # python-escpos feeds 6 lines and emits GS V only if the profile has a cutter;
        # without one the feed still brings the ticket past the tear bar.
        self.printer.cut()
        return self.printer.output


def ticket(slip: TicketSlip, options: PrintOptions) -> bytes:
    """The ESC/POS bytes of one queue ticket."""
    texts = slip_texts(slip)
    job = _Job(options)
    job.init()
    job.text(texts.office, px=SMALL_PX)
    job.raw(b"\n")
    job.label(texts.label)
    job.text(texts.service, px=SERVICE_PX, bold=True)
    if texts.priority:
        job.text(texts.priority, bold=True)
    job.text(texts.ahead)
    job.text(texts.wait)
    job.qr(slip.qr_data)
    job.text(texts.issued)
    job.text(texts.footer, px=SMALL_PX)
    return job.end()


TEST_SAMPLE = "Tiếng Việt: Đường Độc Lập, Ủy ban nhân dân, ĂÂÊÔƠƯĐ ăâêôơưđ"


def test_page(options: PrintOptions, printer_uri: str = "") -> bytes:
    """A page for the technician: Vietnamese text, the code page in use and a QR."""
    job = _Job(options)
    job.init()
    job.text("TRANG IN THỬ - TEST PAGE", px=SERVICE_PX, bold=True)
    job.raw(b"\n")
    job.text(TEST_SAMPLE)
    if options.mode == "codepage":
        pages = ", ".join(f"ESC t {n} = {name}" for name, n in options.codepages.items())
        job.text(f"Mode: codepage ({pages})")
    else:
        job.text("Mode: universal (Vietnamese as GS v 0 raster)")
    job.text(f"Profile: {options.profile}, paper {options.paper_mm} mm, "
             f"{options.dots} dots, {options.columns} columns")
    if printer_uri:
        job.text(printer_uri)
    job.qr("onestop printer test")
    job.text("0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return job.end()
