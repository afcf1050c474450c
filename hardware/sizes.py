"""How big each text of a ticket prints, per paper width and mode.

Many citizens at a commune office are elderly: body text is never smaller than
the printer's own font A (12 x 24 dots), and on 80 mm paper the number, the
service name and the wait are larger still, to be read at arm's length.

codepage mode scales font A with GS ! (``Native``); universal mode draws the
text (``raster.TextStyle``) at the same printed heights.
"""

from __future__ import annotations

from dataclasses import dataclass

from .raster import TextStyle

ROLES = ("office", "label", "service", "priority", "ahead", "wait", "issued", "footer")
# A procedure's checklist (hardware/checklist.py): its heading and name large, the list at font A.
CHECKLIST_ROLES = ("heading", "procedure", "code", "paper", "fact", "note", "printed")
# Font A at 1 x 1; the least any body text prints at.
FONT_A_HEIGHT = 24
# QR module in dots (0.75 mm): phones read it at arm's length. Even, so a raster
# QR can be drawn at half size and doubled by the printer.
QR_MODULE = 6
QR_QUIET_MODULES = 4  # ISO/IEC 18004's clear space on every side


@dataclass(frozen=True)
class Native:
    """Font A scaled ``width`` x ``height`` times (GS !), bold or not (ESC E)."""

    width: int = 1
    height: int = 1
    bold: bool = False


@dataclass(frozen=True)
class Sizes:
    """The sizes of one paper width: native text and its universal-mode drawing."""

    native: dict[str, Native]
    drawn: dict[str, TextStyle]
    label_scale: int  # the queue number's font A scale, shrunk for long labels

    def native_for(self, role: str) -> Native:
        return self.native.get(role, Native())

    def label(self, text: str, dots: int) -> Native:
        scale = max(1, min(self.label_scale, dots // (12 * max(1, len(text)))))
        return Native(scale, scale, bold=True)


_BODY = TextStyle(24, scale="2x1")
# Bold text is large and drawn at half size (2x2): bold at half width (2x1) would
# run the horn of Ư into its stem.
_PRIORITY = TextStyle(36, bold=True, scale="2x2")

SIZES: dict[int, Sizes] = {
    # 576 dots: "A023" at 6 x 6 is 288 x 144 dots (36 x 18 mm); the service name, the
    # priority group and the wait at twice font A (about 5 mm capitals).
    80: Sizes(
        native={"service": Native(2, 2, bold=True), "priority": Native(2, 2, bold=True),
                "wait": Native(2, 2), "heading": Native(1, 2, bold=True),
                "procedure": Native(2, 2, bold=True)},
        drawn={"office": _BODY, "service": TextStyle(40, bold=True, scale="2x2"),
               "priority": _PRIORITY, "ahead": _BODY, "wait": TextStyle(36, scale="2x2"),
               "issued": _BODY, "footer": _BODY, "heading": _PRIORITY,
               "procedure": TextStyle(40, bold=True, scale="2x2"), "code": _BODY, "paper": _BODY,
               "fact": _BODY, "note": _BODY, "printed": _BODY},
        label_scale=6,
    ),
    # 384 dots: double height keeps 32 characters a line for long service names.
    58: Sizes(
        native={"service": Native(1, 2, bold=True), "priority": Native(1, 2, bold=True),
                "wait": Native(1, 2), "heading": Native(1, 2, bold=True),
                "procedure": Native(1, 2, bold=True)},
        drawn={"office": _BODY, "service": TextStyle(36, bold=True, scale="2x2"),
               "priority": _PRIORITY, "ahead": _BODY, "wait": TextStyle(28, scale="2x1"),
               "issued": _BODY, "footer": _BODY, "heading": _PRIORITY,
               "procedure": TextStyle(36, bold=True, scale="2x2"), "code": _BODY, "paper": _BODY,
               "fact": _BODY, "note": _BODY, "printed": _BODY},
        label_scale=5,
    ),
}


def for_paper(paper_mm: int) -> Sizes:
    return SIZES[paper_mm]
