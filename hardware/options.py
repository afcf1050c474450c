"""How a ticket is laid out for one printer: mode, paper width and profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from escpos.capabilities import CAPABILITIES, get_profile

from . import tcvn3
from .errors import PrinterConfigError

# universal: Vietnamese as pictures (any ESC/POS printer); codepage: TCVN-3 code
# pages; glyphs: Vietnamese letters downloaded as user-defined characters (ESC &).
Mode = Literal["universal", "codepage", "glyphs"]
MODES: tuple[Mode, ...] = ("universal", "codepage", "glyphs")
# How the QR code is sent: the printer's own QR command (GS ( k) or a picture
# (GS v 0) for printers without it.
QrKind = Literal["native", "raster"]
QR_KINDS: tuple[QrKind, ...] = ("native", "raster")

# Printable dots of the two common roll widths at 203 dpi, and columns of font A
# (12 x 24 dots).
PAPER_DOTS = {80: 576, 58: 384}
FONT_A_WIDTH = 12


_Choice = TypeVar("_Choice", bound=str)


def _pick(value: str, choices: tuple[_Choice, ...]) -> _Choice | None:
    """The choice equal to ``value`` (typed as the choices are), or None."""
    return next((choice for choice in choices if choice == value), None)


@dataclass(frozen=True)
class PrintOptions:
    """Resolved layout settings; build with :meth:`resolve`."""

    mode: Mode = "universal"
    paper_mm: int = 80
    profile: str = "default"
    dots: int = 576
    has_cutter: bool = True
    # TCVN-3 page names -> the printer's ESC t numbers (codepage mode only).
    codepages: dict[str, int] = field(default_factory=dict)
    qr: QrKind = "native"
    # Where Đ Ă Â Ê Ô Ơ Ư are sent in codepage mode (see hardware.tcvn3).
    capitals: tcvn3.Capitals = "page31"

    @property
    def columns(self) -> int:
        return self.dots // FONT_A_WIDTH

    @classmethod
    def resolve(cls, profile: str | None = None, mode: str | None = None,
                paper: int | None = None, *, qr: str | None = None,
                capitals: str | None = None, where: str = "printer") -> PrintOptions:
        """Check a profile/mode/paper combination and fill in what follows from it.

        ``mode`` defaults to codepage when the named profile has TCVN-3 pages, and to
        universal otherwise (universal prints Vietnamese correctly on any printer).
        ``qr`` defaults to native, ``capitals`` to page31. ``where`` names the
        configuration (the URI) in error messages.
        """
        name = profile or "default"
        if name not in CAPABILITIES["profiles"]:
            known = ", ".join(sorted(CAPABILITIES["profiles"]))
            raise PrinterConfigError(
                f"{where}: unknown printer profile {name!r}; use one of: {known}")
        data: dict[str, Any] = CAPABILITIES["profiles"][name]
        pages = {v: int(k) for k, v in data.get("codePages", {}).items()
                 if v in tcvn3.PAGES}
        has_tcvn3 = set(pages) == set(tcvn3.PAGES)
        if mode is None:
            mode = "codepage" if profile and has_tcvn3 else "universal"
        chosen_mode = _pick(mode, MODES)
        if chosen_mode is None:
            raise PrinterConfigError(
                f"{where}: mode={mode!r} is not a print mode; use mode=universal, "
                "mode=codepage or mode=glyphs")
        if mode == "codepage" and not has_tcvn3:
            raise PrinterConfigError(
                f"{where}: profile {name!r} has no Vietnamese TCVN-3 code page, so "
                "mode=codepage would print '?' for accents; use mode=universal or a "
                "profile with TCVN-3 such as profile=TM-T20II")
        width = data.get("media", {}).get("width", {})
        if paper is None:
            mm = width.get("mm")
            paper = 58 if isinstance(mm, int | float) and mm < 65 else 80
        if paper not in PAPER_DOTS:
            raise PrinterConfigError(
                f"{where}: paper={paper} is not a supported roll width; use paper=80 "
                "or paper=58")
        dots = PAPER_DOTS[paper]
        pixels = width.get("pixels")
        # Some heads are narrower than the roll (the TM-T88 family prints 512 dots).
        if isinstance(pixels, int) and pixels < dots:
            dots = pixels
        chosen_qr = _pick(qr or "native", QR_KINDS)
        if chosen_qr is None:
            raise PrinterConfigError(
                f"{where}: qr={qr!r} is not a QR kind; use qr=native (the printer's own QR "
                "command) or qr=raster (a picture, for printers without GS ( k)")
        chosen_capitals = _pick(capitals or "page31", tcvn3.CAPITALS)
        if chosen_capitals is None:
            raise PrinterConfigError(
                f"{where}: capitals={capitals!r}; use capitals=page31 (the default) or "
                "capitals=page30 (printers whose first TCVN-3 page has Đ Ă Â Ê Ô Ơ Ư at "
                "0xA1-0xA7, as 'onestop printer test' shows)")
        features = data.get("features", {})
        return cls(
            mode=chosen_mode,
            paper_mm=paper,
            profile=name,
            dots=dots - dots % 8,
            has_cutter=bool(features.get("paperFullCut") or features.get("paperPartCut")),
            codepages=pages if mode == "codepage" else {},
            qr=chosen_qr,
            capitals=chosen_capitals,
        )

    def escpos_profile(self) -> Any:
        """A python-escpos profile whose media width is this layout's.

        python-escpos checks image widths against the profile and prints a notice
        on stdout when the width is "Unknown"; the copy keeps the class data intact.
        """
        prof = get_profile(self.profile)
        data = dict(prof.profile_data)
        data["media"] = {**data.get("media", {}),
                         "width": {"mm": self.paper_mm, "pixels": self.dots}}
        prof.profile_data = data
        return prof
