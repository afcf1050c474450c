"""The TCVN-3 encoder against the standard's table (typed into the test decoder)."""

from __future__ import annotations

import unicodedata

from hardware import tcvn3
from tests.hardware.escpos_decoder import TCVN3_PAGES, decode

SELECT = {tcvn3.LOWER_PAGE: 30, tcvn3.UPPER_PAGE: 31}
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
ALL_LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]


def roundtrip(text: str) -> str:
    data, _ = tcvn3.encode(text, tcvn3.LOWER_PAGE, SELECT)
    lines = decode(b"\x1bt\x1e" + data).lines
    return lines[0] if lines else ""


def test_every_vietnamese_letter_roundtrips_in_both_cases() -> None:
    for letter in ALL_LETTERS:
        assert roundtrip(letter) == letter
        assert roundtrip(letter.upper()) == letter.upper()


def test_d_with_stroke_is_0xa7_on_the_lowercase_page() -> None:
    assert tcvn3.encode("Đđ", tcvn3.LOWER_PAGE, SELECT) == (b"\xa7\xae", tcvn3.LOWER_PAGE)
    assert TCVN3_PAGES[30][0xA7] == "Đ"


def test_pages_switch_only_for_toned_capitals() -> None:
    data, page = tcvn3.encode("Ở đây", tcvn3.LOWER_PAGE, SELECT)
    assert data == b"\x1bt\x1f\xeb \x1bt\x1e\xae\xa9y"
    assert page == tcvn3.LOWER_PAGE


def test_decomposed_input_and_punctuation() -> None:
    decomposed = unicodedata.normalize("NFD", "Hộ tịch — “A”…")
    assert roundtrip(decomposed) == 'Hộ tịch - "A"...'


def test_unknown_letters_fall_back_to_ascii() -> None:
    assert roundtrip("Zoë → ñ") == "Zoe ? n"
