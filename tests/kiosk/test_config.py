"""kiosk.toml: read, checked, and every mistake named with its file, key and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import open_printer
from kiosk.config import DEFAULT_FOOTER, KioskConfig, load_kiosk_config
from server.errors import ConfigError

GOOD = """
[kiosk]
admin_pin = "2468"
printer = "serial:/dev/ttyUSB0?baudrate=19200"
idle_timeout_s = 45
confirm_s = 6
ask_priority = false

[ticket]
footer = "Xin cảm ơn"
language = "en"
qr = "https://motcua.example.vn/ve/{day}/{number}"
checklist_qr = ""

[colors]
a = "#112233"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_file(tmp_path: Path) -> None:
    config = load_kiosk_config(write(tmp_path, GOOD))
    assert config.admin_pin == "2468" and config.printer == "serial:/dev/ttyUSB0?baudrate=19200"
    assert (config.idle_timeout_s, config.confirm_s, config.fault_s) == (45, 6, 60)
    assert config.ask_priority is False and config.ticket_language == "en" and config.footer == "Xin cảm ơn"
    assert config.colors == {"A": "#112233"}
    assert config.checklist_qr == ""  # checklists without a QR code


def test_no_file_means_defaults_and_no_pin() -> None:
    config = load_kiosk_config(None)
    assert config == KioskConfig() and config.admin_pin is None and config.footer == DEFAULT_FOOTER


@pytest.mark.parametrize(
    "text, key, fix",
    [
        ('[kiosk]\nadmin_pin = 2468\n', "kiosk.admin_pin", 'admin_pin = "2468"'),
        ('[kiosk]\nadmin_pin = "12"\n', "kiosk.admin_pin", "4 to 8 digits"),
        ("[kiosk]\nidle_timeout_s = 1\n", "kiosk.idle_timeout_s", "idle_timeout_s = 30"),
        ('[kiosk]\nconfirm_s = "8"\n', "kiosk.confirm_s", "confirm_s = 30"),
        ("[kiosk]\nask_priority = 1\n", "kiosk.ask_priority", "ask_priority = true"),
        ("[kiosk]\nadmin_ping = 1\n", "kiosk.admin_ping", "use only admin_pin"),
        ('[ticket]\nlanguage = "fr"\n', "ticket.language", '"vi" or "en"'),
        ('[ticket]\nqr = "{server}/{ticket}"\n', "ticket.qr", "{server}, {id}"),
        ('[ticket]\nfooter = ""\n', "ticket.footer", "in quotes"),
        ('[ticket]\nchecklist_qr = "{server}/{id}"\n', "ticket.checklist_qr", "{server}, {code}"),
        ('[colors]\nA = "blue"\n', "colors.A", '#1565C0'),
        ("[printer]\nuri = 1\n", "printer", "[kiosk], [ticket] and [colors]"),
        ("[kiosk\n", "not valid TOML", "correct the syntax"),
    ],
)
def test_mistakes_name_file_key_and_fix(tmp_path: Path, text: str, key: str, fix: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_kiosk_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and key in message and "Fix:" in message and fix in message


def test_missing_file_and_missing_printer(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist. Fix: create it"):
        load_kiosk_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="no printer given. Fix: pass --printer"):
        open_printer(None, None)
    with pytest.raises(ConfigError, match="unknown printer type 'lp'"):
        open_printer("lp:0", None)
