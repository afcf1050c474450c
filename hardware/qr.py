"""QR codes as pictures, for printers without the QR command (GS ( k).

The module matrix comes from the ``qrcode`` library (python-escpos's own
dependency), with the error correction the native command asks for (M).
"""

from __future__ import annotations

import qrcode
from PIL import Image

# Error correction M (15 %): the same level the layouts ask GS ( k for.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M


def modules(data: str) -> list[list[bool]]:
    """The symbol's modules, row by row (True = dark), without the quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=0)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def image(data: str, module_px: int) -> Image.Image:
    """The symbol drawn ``module_px`` pixels a module (mode "1", black = dark)."""
    grid = modules(data)
    side = len(grid)
    small = Image.new("1", (side, side), 1)
    small.putdata([0 if cell else 1 for row in grid for cell in row])
    return small.resize((side * module_px, side * module_px), Image.Resampling.NEAREST)
