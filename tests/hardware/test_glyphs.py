"""glyphs mode: ASCII in the printer's font, Vietnamese letters downloaded (ESC &)."""

from __future__ import annotations

import pytest

from hardware import glyphs, layout, tcvn3
from hardware.options import PrintOptions
from hardware.slip import slip_texts
from tests.hardware.conftest import standard_slip
from tests.hardware.escpos_decoder import (
    Stream,
    assert_clear_around_qr,
    decode,
    read_qr_codes,
)
from tests.hardware.letters import LETTERS


def read(stream: Stream, expected: list[str], seen: dict[str, bytes]) -> None:
    """``stream``'s lines are ``expected``: ASCII as ASCII, each other letter as one
    downloaded pattern, the same pattern for the same letter (across ``seen``)."""
    assert len(stream.lines) == len(expected)
    for got, want in zip(stream.lines, expected, strict=True):
        assert len(got) == len(want), (got, want)
        for g, w in zip(got, want, strict=True):
            if w.isascii():
                assert g == w, (got, want)
            else:
                assert g in stream.patterns, (got, want)
                assert seen.setdefault(w, stream.patterns[g]) == stream.patterns[g], w


def expected_lines(**changes: object) -> list[str]:
    texts = slip_texts(standard_slip(**changes))
    lines = [texts.office, "", texts.label, texts.service, texts.priority, texts.ahead,
             texts.wait, texts.issued, texts.footer]
    return [tcvn3.fold(line) for line in lines if line is not None]


@pytest.mark.parametrize("paper", [80, 58])
def test_every_letter_prints_as_its_own_downloaded_pattern(paper: int) -> None:
    options = PrintOptions.resolve(None, "glyphs", paper)
    seen: dict[str, bytes] = {}
    for letter in LETTERS:
        slip = dict(office_name=letter, service_vi=letter, priority_vi=letter, footer=letter)
        stream = decode(layout.ticket(standard_slip(**slip), options), width=options.dots)
        read(stream, expected_lines(**slip), seen)
    # One pattern per letter, no two alike: a lost mark would make Ủ print as Ú.
    assert set(LETTERS) <= seen.keys()
    assert len(set(seen.values())) == len(seen)


def test_standard_ticket() -> None:
    options = PrintOptions.resolve(None, "glyphs", 80)
    data = layout.ticket(standard_slip(), options)
    assert data.startswith(b"\x1b@\x1b%\x01\x1ba\x01")
    stream = decode(data)
    read(stream, expected_lines(), {})
    assert stream.of("codepage") == [] and stream.rasters == []
    # Each letter downloaded once: 13 + 36 bytes a letter.
    letters = {c for line in expected_lines() for c in line if not c.isascii()}
    assert len(stream.of("define")) == len(letters)
    assert len(data) <= 1200
    assert read_qr_codes(stream) == ["http://192.168.1.10:8000/t/1234"]
    assert_clear_around_qr(stream)


def test_a_code_printed_as_ascii_is_cancelled_first() -> None:
    letters = glyphs.DownloadedLetters()
    first = letters.line("ư")
    assert first.startswith(b"\x1b&\x03``\x0c") and first.endswith(b"`")
    second = letters.line("a`b ư")  # the backquote now prints as itself
    assert second.startswith(b"\x1b?`\x1b&\x03~~\x0c")
    stream = decode(b"\x1b%\x01" + first + b"\n" + second + b"\n")
    read(stream, ["ư", "a`b ư"], {})


def test_codes_are_reused_when_a_job_needs_more_letters_than_codes() -> None:
    options = PrintOptions.resolve(None, "glyphs", 80)
    text = " ".join(LETTERS)  # 134 letters: more than the 94 codes
    stream = decode(layout.ticket(standard_slip(footer=text), options))
    seen: dict[str, bytes] = {}
    lines = stream.lines[stream.lines.index("27/11/2026 08:15") + 1:]
    words = [word for line in lines for word in line.split(" ")]
    assert len(words) == len(LETTERS)
    read(Stream(ops=[("line", w) for w in words], patterns=stream.patterns),
         list(LETTERS), seen)
    assert len(set(seen.values())) == len(LETTERS)


def test_test_page() -> None:
    options = PrintOptions.resolve(None, "glyphs", 58)
    stream = decode(layout.test_page(options), width=options.dots)
    assert "Mode: glyphs (Vietnamese letters downloaded with ESC &)" in " ".join(stream.lines)
    assert read_qr_codes(stream) == [layout.TEST_QR] * 2
    assert_clear_around_qr(stream)
