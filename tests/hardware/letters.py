"""The 134 precomposed Vietnamese letters: 67 lowercase and their capitals."""

from __future__ import annotations

import unicodedata

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng

_LOWER = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
# Plain a e i o u y are ASCII; every other letter is one precomposed code point.
LOWERCASE = [ch for ch in _LOWER if not ch.isascii()]
LETTERS = LOWERCASE + [ch.upper() for ch in LOWERCASE]
assert len(LETTERS) == 134 and all(len(ch) == 1 for ch in LETTERS)
