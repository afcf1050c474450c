"""How a ticket is laid out for one printer: mode, paper width and profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from escpos.capabilities import CAPABILITIES, get_profile

from . import tcvn3
from .errors import PrinterConfigError

Mode = Literal["universal", "codepage"]
MODES: tuple[Mode, ...] = ("universal", "codepage")

# Printable dots of the two common roll widths at 203 dpi, and columns of font A
# (12 x 24 dots).
PAPER_DOTS = {80: 576, 58: 384}
FONT_A_WIDTH = 12


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

    @property
    def columns(self) -> int:
        return self.dots // FONT_A_WIDTH

    @classmethod
    def resolve(cls, profile: str | None = None, mode: str | None = None,
                paper: int | None = None, *, where: str = "printer") -> PrintOptions:
        """Check a profile/mode/paper combination and fill in what follows from it.

        ``mode`` defaults to codepage when the named profile has TCVN-3 pages, and to
        universal otherwise (universal prints Vietnamese correctly on any printer).
        ``where`` names the configuration (the URI) in error messages.
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
        if mode not in MODES:
            raise PrinterConfigError(
                f"{where}: mode={mode!r} is not a print mode; use mode=universal or "
                "mode=codepage")
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
        features = data.get("features", {})
        return cls(
            mode=mode,  # type: ignore[arg-type]  # checked against MODES above
            paper_mm=paper,
            profile=name,
            dots=dots - dots % 8,
            has_cutter=bool(features.get("paperFullCut") or features.get("paperPartCut")),
            codepages=pages if mode == "codepage" else {},
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
