"""Tone keys put the mark where a Vietnamese reader expects it (kiosk/vi_input.py); no Qt."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.vi_input import TONES, add_tone, tone_position


@pytest.mark.parametrize(
    "typed, tone, expected",
    [
        ("kêt", "sắc", "kết"),
        ("dang ky kêt hôn", "huyền", "dang ky kêt hồn"),  # the last word
        ("hoa", "huyền", "hòa"),  # two vowels ending the word: the first (as offices print)
        ("hoang", "huyền", "hoàng"),  # a consonant after: the last vowel
        ("ngoai", "huyền", "ngoài"),  # three vowels: the middle one
        ("ngươi", "huyền", "người"),  # ươ: on the ơ
        ("tuôi", "hỏi", "tuổi"),  # a marked vowel takes it
        ("quy", "sắc", "quý"),  # the u of qu is the consonant's
        ("gia", "huyền", "già"),  # the i of gi too
        ("gi", "huyền", "gì"),  # but not when it is the only vowel
        ("khuynh", "huyền", "khuỳnh"),
        ("thuy", "hỏi", "thủy"),
        ("mai", "sắc", "mái"),
        ("Đăng", "ngã", "Đẵng"),
        ("kết", "huyền", "kềt"),  # another tone replaces it
        ("kết", "sắc", "kêt"),  # the same tone again takes it off
        ("ket ", "nặng", "kẹt "),  # after a space: the word before it
        ("", "sắc", ""),
        ("xyz 12", "sắc", "xyz 12"),  # no vowel in the last word: nothing to mark
    ],
)
def test_tone_placement(typed: str, tone: str, expected: str) -> None:
    assert add_tone(typed, tone) == expected


@given(st.text(alphabet="aăâeêioôơuưybcdđghklmnpqrstvx ", max_size=20), st.sampled_from(list(TONES)))
def test_a_tone_changes_one_letter_of_the_last_word_and_keeps_the_rest(typed: str, tone: str) -> None:
    marked = add_tone(typed, tone)
    assert len(marked) == len(typed)
    assert marked == unicodedata.normalize("NFC", marked)
    changed = [i for i, (a, b) in enumerate(zip(typed, marked, strict=True)) if a != b]
    assert len(changed) <= 1
    if changed:
        last_word_start = typed.rstrip().rfind(" ") + 1
        assert changed[0] >= last_word_start
        assert changed[0] == last_word_start + (tone_position(typed.rstrip()[last_word_start:]) or 0)
    # Pressing the same tone again takes it off: back to what was typed.
    assert add_tone(marked, tone) == typed
