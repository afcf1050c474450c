"""Ticket layouts: pure functions from a slip to the ESC/POS bytes that print it.

Three modes (see DOMAIN.md "Hardware facts"):

* codepage: native text in TCVN-3, for printers with a Vietnamese code page;
* glyphs: native text, each Vietnamese letter downloaded once per job as a
  user-defined character (``ESC &``, see glyphs.py), for printers that take them;
* universal: any ESC/POS printer; ASCII text stays native and only the lines with
  Vietnamese letters go as raster images (``GS v 0``), drawn from a system font
  with every mark above and below the letters, the printer doubling the dots
  (see raster.TextStyle) and each picture sent in bands without its blank
  margins (raster.bands), so a ticket stays under 3 KB.

Both start with ``ESC @``, print the label as large native text and the QR code
natively (``GS ( k``) or, with ``qr=raster``, as a picture; the QR has four
modules of clear space on every side. Sizes per paper width are in sizes.py.
A cut is sent only where the profile has a cutter. python-escpos produces every
command it gets right; we write the few it lacks or gets wrong: the TCVN-3
text, ``ESC t`` after ``ESC @``, and ``ESC J`` (feed n dots).
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
import unicodedata
from collections.abc import Callable
from typing import Literal

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from . import glyphs, raster, sizes, tcvn3
from . import qr as qr_image
from .checklist import ChecklistSlip, checklist_texts
from .options import PrintOptions, QrKind
from .sizes import QR_MODULE, QR_QUIET_MODULES, Native
from .slip import TicketSlip, slip_texts

ESC = b"\x1b"
# " – " keeps its dash with the word before it when a line wraps (no-break space).
_DASH_AFTER_SPACE = re.compile(r" ([-–—] )")
QR_CLEAR = QR_MODULE * QR_QUIET_MODULES


def balanced(wrap: Callable[[int], list[str]], width: int) -> list[str]:
    """``wrap(width)``'s lines, made as even as the same number of lines allows.

    A name that needs two lines prints as two halves, not a full line and one
    stray word ("... xã Kỳ" / "Sơn").
    """
    lines = wrap(width)
    low, high = 1, width  # the narrowest width that still gives len(lines) lines
    while len(lines) > 1 and low < high:
        middle = (low + high) // 2
        if len(wrap(middle)) > len(lines):
            low = middle + 1
        else:
            high = middle
    return wrap(high) if len(lines) > 1 else lines


class _Job:
    """Collects one print job through a python-escpos Dummy printer."""

    def __init__(self, options: PrintOptions) -> None:
        self.options = options
        self.sizes = sizes.for_paper(options.paper_mm)
        self.printer = Dummy(profile=options.profile)
        self.printer.profile = options.escpos_profile()
        self.pages = tcvn3.page_tables(options.capitals)
        self.page = tcvn3.LOWER_PAGE
        self.bold = False
        self.size = (1, 1)
        self.pending = 0  # dots of blank paper owed before the next thing printed
        self.alignment: Literal["left", "center"] = "center"  # ESC a, which places each raster
        self.letters = glyphs.DownloadedLetters()

    def raw(self, data: bytes) -> None:
        self._feed_pending()
        self.printer._raw(data)

    def init(self) -> None:
        self.printer.hw("INIT")
        if self.options.mode == "codepage":
            # ESC @ resets the code page, and python-escpos 3.1 does not resend ESC t.
            self.select_page(tcvn3.LOWER_PAGE)
        elif self.options.mode == "glyphs":
            # ESC @ also forgets downloaded characters; ESC % 1 prints them where defined.
            self.letters = glyphs.DownloadedLetters()
            self.raw(ESC + b"%\x01")
        self.printer.set(align="center")
        self.alignment = "center"
        self.bold, self.size = False, (1, 1)

    def align(self, where: Literal["left", "center"]) -> None:
        """ESC a: "left" for lists, "center" (the default after init()) for the rest."""
        self._feed_pending()
        self.printer.set(align=where)
        self.alignment = where

    def select_page(self, page: str) -> None:
        self.page = page
        self.raw(ESC + b"t" + bytes((self.options.codepages[page],)))

    def set_style(self, size: Native) -> None:
        """Bold (ESC E) and font A's scale (GS !), each sent only when it changes."""
        self._feed_pending()
        if size.bold != self.bold:
            self.printer.set(bold=size.bold)
            self.bold = size.bold
        if (size.width, size.height) != self.size:
            self.printer.set(custom_size=True, width=size.width, height=size.height)
            self.size = (size.width, size.height)

    def native(self, text: str, size: Native) -> None:
        if self.options.mode == "glyphs" and size.bold and not tcvn3.fold(text).isascii():
            # Emphasis prints each dot twice, one dot apart: it would run the small
            # marks of downloaded letters together. Size sets these lines apart.
            size = dataclasses.replace(size, bold=False)
        self.set_style(size)
        columns = self.options.columns // size.width
        for line in balanced(lambda width: textwrap.wrap(text, width), columns) or [""]:
            if self.options.mode == "codepage":
                data, self.page = tcvn3.encode(line, self.page, self.options.codepages,
                                               self.pages)
            elif self.options.mode == "glyphs":
                data = self.letters.line(tcvn3.fold(line))
            else:
                data = tcvn3.fold(line).encode("ascii", "replace")
            self.raw(data + b"\n")

    def drawn(self, text: str, style: raster.TextStyle) -> None:
        lines = balanced(lambda width: raster.wrap(text, style, width), self.options.dots)
        images = [raster.render_line(line, style) for line in lines]
        for image in (i for i in images if i is not None):
            self._feed_pending()
            # ESC a centres GS v 0 images on Epson and common clones, so no padding
            # is sent; python-escpos's center=True would send full-width rows. Each
            # band is narrowed so that it prints where it stood in the whole line.
            for band in raster.bands(image, self.alignment):
                self.printer.image(band, impl="bitImageRaster", center=False,
                                   high_density_horizontal=not style.mode & 1,
                                   high_density_vertical=not style.mode & 2)
            # Images are cropped to their ink: space the lines as text is spaced.
            self.space(style.size // 3)
        self.space(style.size // 2)  # and a little more between paragraphs

    def text(self, role: str, text: str) -> None:
        """A paragraph: native where the printer can, drawn for Vietnamese letters."""
        text = _DASH_AFTER_SPACE.sub("\u00a0\\1", text)
        if self.options.mode != "universal":
            self.native(text, self.sizes.native_for(role))
            return
        if tcvn3.fold(text).isascii():
            self.native(text, self.sizes.native_for(role))
        else:
            # The font draws the real dashes and quotes; only native text needs ASCII.
            self.drawn(unicodedata.normalize("NFC", text), self.sizes.drawn[role])

    def label(self, text: str) -> None:
        self.native(text, self.sizes.label(text, self.options.dots))

    def space(self, dots: int) -> None:
        """At least ``dots`` of blank paper before whatever is printed next."""
        self.pending = max(self.pending, dots)

    def _feed_pending(self) -> None:
        # ESC J n: print and feed n dots (python-escpos only feeds whole lines).
        while self.pending > 0:
            self.printer._raw(ESC + b"J" + bytes((min(self.pending, 255),)))
            self.pending -= 255
        self.pending = 0

    def qr(self, data: str, kind: QrKind) -> None:
        """The QR code with four modules of clear space above and below.

        Across, it is centred on a line at least eight modules wider than itself.
        """
        self.space(QR_CLEAR)
        self._feed_pending()
        if kind == "native":
            self.printer.qr(data, ec=QR_ECLEVEL_M, size=QR_MODULE, native=True)
        else:
            # Drawn at half size and doubled by the printer (m=3): a quarter of the bytes.
            self.printer.image(qr_image.image(data, QR_MODULE // 2), impl="bitImageRaster",
                               center=False, high_density_horizontal=False,
                               high_density_vertical=False)
        self.space(QR_CLEAR)

    def end(self) -> bytes:
        self.pending = 0  # the cut's own feed follows
        # python-escpos feeds 6 lines and emits GS V only if the profile has a cutter;
        # without one the feed still brings the ticket past the tear bar.
        self.printer.cut()
        output: bytes = self.printer.output
        return output


def ticket(slip: TicketSlip, options: PrintOptions) -> bytes:
    """The ESC/POS bytes of one queue ticket."""
    texts = slip_texts(slip)
    job = _Job(options)
    job.init()
    job.text("office", texts.office)
    job.raw(b"\n")
    job.label(texts.label)
    job.text("service", texts.service)
    if texts.priority:
        job.text("priority", texts.priority)
    job.text("ahead", texts.ahead)
    job.text("wait", texts.wait)
    if texts.closed:
        job.text("wait", texts.closed)
    job.qr(slip.qr_data, options.qr)
    if texts.code_label and texts.code:
        job.text("issued", texts.code_label)
        job.text("ahead", texts.code)
    job.text("issued", texts.issued)
    job.text("footer", texts.footer)
    return job.end()


def checklist(slip: ChecklistSlip, options: PrintOptions) -> bytes:
    """The ESC/POS bytes of a procedure's checklist: what to bring, the fee and time, its page as a QR code.

    Centred like a ticket, but the papers and the facts under them are a list,
    read from the left edge.
    """
    texts = checklist_texts(slip)
    job = _Job(options)
    job.init()
    job.text("office", texts.office)
    job.raw(b"\n")
    job.text("heading", texts.heading)
    job.text("procedure", texts.procedure)
    job.text("code", texts.code)
    job.space(sizes.FONT_A_HEIGHT // 2)
    job.align("left")
    for paper in texts.papers:
        job.text("paper", paper)
        job.space(sizes.FONT_A_HEIGHT // 4)  # a little air between papers
    job.space(sizes.FONT_A_HEIGHT)
    for fact in (texts.fee, texts.processing_time, texts.service, texts.result_at):
        if fact:
            job.text("fact", fact)
    if texts.note:
        job.space(sizes.FONT_A_HEIGHT // 2)
        job.text("note", texts.note)
    job.align("center")
    if slip.qr_data:
        job.qr(slip.qr_data, options.qr)
        if texts.qr_caption:
            job.text("note", texts.qr_caption)
    job.text("printed", texts.printed)
    return job.end()


TEST_SAMPLE = "Tiếng Việt: Đường Độc Lập, Ủy ban nhân dân, ĂÂÊÔƠƯĐ ăâêôơưđ"
TEST_CAPITALS = "ỦY BAN NHÂN DÂN – ĐĂNG KÝ HỘ TỊCH: ẦẶẪỎỨỰỸ"
TEST_QR = "onestop printer test"


def test_page(options: PrintOptions, printer_uri: str = "") -> bytes:
    """A page for the technician: Vietnamese text, the code pages and both kinds of QR."""
    job = _Job(options)
    job.init()
    job.text("service", "TRANG IN THỬ - TEST PAGE")
    job.raw(b"\n")
    job.text("ahead", TEST_SAMPLE)
    job.text("ahead", TEST_CAPITALS)
    if options.mode == "codepage":
        pages = ", ".join(f"ESC t {n} = {name}" for name, n in options.codepages.items())
        job.text("ahead", f"Mode: codepage ({pages}), capitals={options.capitals}")
        _capitals_rows(job)
    elif options.mode == "glyphs":
        job.text("ahead", "Mode: glyphs (Vietnamese letters downloaded with ESC &)")
    else:
        job.text("ahead", "Mode: universal (Vietnamese as GS v 0 raster)")
    job.text("ahead", f"Profile: {options.profile}, paper {options.paper_mm}\u00a0mm, "
                      f"{options.dots}\u00a0dots, {options.columns}\u00a0columns")
    if printer_uri:
        job.text("ahead", printer_uri)
    # Both kinds, so an installer sees which one this printer prints.
    job.text("ahead", "QR 1: qr=native (GS ( k)")
    job.qr(TEST_QR, "native")
    job.text("ahead", "QR 2: qr=raster (GS v 0)")
    job.qr(TEST_QR, "raster")
    job.text("ahead", "No QR 1 above? Add qr=raster to the printer URI.")
    job.text("ahead", "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return job.end()


def _capitals_rows(job: _Job) -> None:
    """Đ Ă Â Ê Ô Ơ Ư from each place the references name, for the technician to compare."""
    for choice in tcvn3.CAPITALS:
        if job.page != tcvn3.LOWER_PAGE:
            job.select_page(tcvn3.LOWER_PAGE)
        data, job.page = tcvn3.encode(tcvn3.PLAIN_CAPITALS, job.page, job.options.codepages,
                                      tcvn3.page_tables(choice))
        job.raw(f"capitals={choice}: ".encode("ascii") + data + b"\n")
    if job.page != tcvn3.LOWER_PAGE:
        job.select_page(tcvn3.LOWER_PAGE)
    job.native("Use the row that shows all seven letters.", Native())
