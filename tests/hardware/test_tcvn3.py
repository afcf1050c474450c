"""The TCVN-3 encoder against the references' tables (typed into the test decoder)."""

from __future__ import annotations

import unicodedata

import pytest

from hardware import tcvn3
from tests.hardware.escpos_decoder import AGREED_PAGES, STANDARD_PAGES, DecodeError, decode
from tests.hardware.letters import LETTERS

SELECT = {tcvn3.LOWER_PAGE: 30, tcvn3.UPPER_PAGE: 31}


def roundtrip(text: str, capitals: tcvn3.Capitals = "page31") -> str:
    data, _ = tcvn3.encode(text, tcvn3.LOWER_PAGE, SELECT, tcvn3.page_tables(capitals))
    pages = AGREED_PAGES if capitals == "page31" else STANDARD_PAGES
    lines = decode(b"\x1bt\x1e" + data, pages).lines
    return lines[0] if lines else ""


@pytest.mark.parametrize("capitals", tcvn3.CAPITALS)
def test_every_vietnamese_letter_roundtrips(capitals: tcvn3.Capitals) -> None:
    for letter in LETTERS:
        assert roundtrip(letter, capitals) == letter
    text = " ".join(LETTERS)
    assert roundtrip(text, capitals) == text


def test_only_cells_both_references_agree_on_are_sent() -> None:
    for name, table in tcvn3.PAGES.items():
        agreed = AGREED_PAGES[SELECT[name]]
        for letter, code in table.items():
            assert agreed.get(code) == letter, f"{letter} at {code:#04x} on {name}"


def test_plain_capitals_go_on_page_31_where_the_references_agree() -> None:
    data, page = tcvn3.encode("ĐĂÂÊÔƠƯ đất", tcvn3.LOWER_PAGE, SELECT)
    assert data == b"\x1bt\x1f\xa7\xa1\xa2\xaa\xab\xac\xad \x1bt\x1e\xae\xca" + b"t"
    assert page == tcvn3.LOWER_PAGE
    # The disputed cells of page 30 are refused by the agreed table.
    with pytest.raises(DecodeError, match="no agreed letter"):
        decode(b"\x1bt\x1e\xa7")


def test_capitals_page30_keeps_them_on_the_first_page() -> None:
    data, page = tcvn3.encode("Đất Đai", tcvn3.LOWER_PAGE, SELECT, tcvn3.page_tables("page30"))
    assert data == b"\xa7\xca" + b"t \xa7ai"
    assert page == tcvn3.LOWER_PAGE


def test_pages_switch_only_when_needed() -> None:
    data, page = tcvn3.encode("Ở đây", tcvn3.LOWER_PAGE, SELECT)
    assert data == b"\x1bt\x1f\xeb \x1bt\x1e\xae\xa9y"
    assert page == tcvn3.LOWER_PAGE
    data, page = tcvn3.encode("ĐĂNG KÝ HỘ TỊCH", tcvn3.LOWER_PAGE, SELECT)
    assert data.count(b"\x1bt") == 1 and page == tcvn3.UPPER_PAGE


def test_decomposed_input_and_punctuation() -> None:
    decomposed = unicodedata.normalize("NFD", "Hộ tịch — “A”…")
    assert roundtrip(decomposed) == 'Hộ tịch - "A"...'


def test_unknown_letters_fall_back_to_ascii() -> None:
    assert roundtrip("Zoë → ñ") == "Zoe ? n"
