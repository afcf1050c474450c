"""[display] in office.toml: mistakes name the file, the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.config import load_config
from server.errors import ConfigError
from tests.display.offices import office_toml


def load(tmp_path: Path, display: str):
    path = tmp_path / "office.toml"
    path.write_text(office_toml(4, display), encoding="utf-8")
    return load_config(path)


def test_defaults_without_a_display_section(tmp_path: Path) -> None:
    config = load(tmp_path, "").display
    assert config.call_vi == "Mời công dân có số thứ tự {number} đến quầy số {counter}"
    assert config.announce == ("vi",) and config.logo is None and config.highlight_s == 8


def test_a_full_display_section(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    config = load(
        tmp_path,
        'background = "#000000"\nlogo = "logo.png"\nannounce = ["vi", "en"]\nrecent_calls = 12\n'
        'call_vi = "Kính mời công dân có số {number} đến quầy {counter}"\n',
    ).display
    assert config.background == "#000000" and config.logo == tmp_path / "logo.png"
    assert config.announce == ("vi", "en") and config.recent_calls == 10  # at most 10 fit
    assert config.call_vi.startswith("Kính mời")


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('accent = "yellow"', "display.accent: 'yellow' is not a colour. Fix: write it as #RRGGBB"),
        ('call_vi = "Mời số {number}"', "display.call_vi: must contain {number} and {counter}"),
        ('call_en = "{number} to {counter} {room}"', "display.call_en: must contain"),
        ('logo = "missing.png"', "display.logo: .*missing.png does not exist. Fix: put the image next to office.toml"),
        ('logo = "logo.gif"', "display.logo: logo.gif is not a PNG, JPEG or SVG image"),
        ('announce = ["fr"]', r'display.announce: .* is not a list of languages. Fix: write announce = \["vi", "en"\]'),
        ("highlight_seconds = 0", "display.highlight_seconds: must be a number ≥ 1"),
    ],
)
def test_mistakes_are_explained(tmp_path: Path, line: str, words: str) -> None:
    with pytest.raises(ConfigError, match=f"office.toml: {words}"):
        load(tmp_path, line + "\n")
