"""The kiosk's own settings file (kiosk.toml): admin PIN, timings, ticket footer, colours.

It lives on the kiosk machine, not on the server, because it is about this box:
the PIN that unlocks its settings, how long its screens stay, its printer. Every
mistake is one ConfigError naming the file, the key and the fix.

    [kiosk]
    admin_pin = "2468"        # 4-8 digits; opens settings after the hidden gesture
    printer = "serial:/dev/ttyUSB0?baudrate=19200"   # --printer overrides it
    idle_timeout_s = 30       # any screen returns home after this without a touch
    confirm_s = 8             # the "take your ticket" screen
    fault_s = 60              # a ticket shown on screen (printer fault) stays this long
    ask_priority = true       # ask "are you in a priority group?" after the service
    status_poll_s = 3         # while the printer is in fault, ask it this often

    [ticket]
    footer = "Cảm ơn ông/bà đã đến làm thủ tục"
    language = "vi"           # the language printed on tickets
    qr = "{server}/t/{id}?c={code}"   # {server} {id} {code} {number} {day} {service}

    [colors]                  # a service's button colour, by service code
    A = "#1565C0"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from server.errors import ConfigError

DEFAULT_FOOTER = "Cảm ơn ông/bà đã đến làm thủ tục"
# The ticket's public page on the office server; {code} is the ticket's secret public_code.
DEFAULT_QR = "{server}/t/{id}?c={code}"
QR_FIELDS = ("server", "id", "code", "number", "day", "service")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class KioskConfig:
    path: Path | None = None
    admin_pin: str | None = None
    printer: str | None = None
    idle_timeout_s: float = 30.0
    confirm_s: float = 8.0
    fault_s: float = 60.0
    ask_priority: bool = True
    status_poll_s: float = 3.0
    footer: str = DEFAULT_FOOTER
    ticket_language: str = "vi"
    qr: str = DEFAULT_QR
    colors: dict[str, str] = field(default_factory=dict)


class _Check:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str, fix: str) -> ConfigError:
        return ConfigError(f"{self.path}: {key}: {problem}. Fix: {fix}")

    def table(self, data: dict[str, Any], key: str, allowed: set[str]) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table", f"write it as [{key}]")
        unknown = sorted(set(value) - allowed) if allowed else []
        if unknown:
            raise self.fail(f"{key}.{unknown[0]}", "is not a setting", f"use only {', '.join(sorted(allowed))}")
        return value

    def seconds(self, table: dict[str, Any], key: str, default: float, minimum: float) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.fail(f"kiosk.{key}", f"must be seconds ≥ {minimum:g}, got {value!r}", f"write e.g. {key} = 30")
        return float(value)

    def text(self, table: dict[str, Any], key: str, where: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", f"must be non-empty text, got {value!r}", 'write it in quotes: "…"')
        return value.strip()


def load_kiosk_config(path: Path | None) -> KioskConfig:
    """Read ``path``; None gives the defaults (no admin PIN: settings stay locked)."""
    if path is None:
        return KioskConfig()
    if not path.exists():
        raise ConfigError(f"{path}: the kiosk settings file does not exist. Fix: create it (see README, 'Kiosk')")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix: correct the syntax at that line") from None
    c = _Check(path)
    unknown = sorted(set(data) - {"kiosk", "ticket", "colors"})
    if unknown:
        raise c.fail(unknown[0], "is not a section of the kiosk settings", "use [kiosk], [ticket] and [colors]")
    kiosk = c.table(data, "kiosk", set(KIOSK_KEYS))
    ticket = c.table(data, "ticket", {"footer", "language", "qr"})
    colors = c.table(data, "colors", set())

    pin = kiosk.get("admin_pin")
    if pin is not None and (not isinstance(pin, str) or not re.fullmatch(r"\d{4,8}", pin)):
        raise c.fail("kiosk.admin_pin", "must be 4 to 8 digits in quotes", 'write e.g. admin_pin = "2468"')
    printer = kiosk.get("printer")
    if printer is not None:
        printer = c.text(kiosk, "printer", "kiosk", "")
    ask = kiosk.get("ask_priority", True)
    if not isinstance(ask, bool):
        raise c.fail("kiosk.ask_priority", f"must be true or false, got {ask!r}", "write ask_priority = true")

    language = ticket.get("language", "vi")
    if language not in ("vi", "en"):
        raise c.fail("ticket.language", f"{language!r} is not a ticket language", 'write language = "vi" or "en"')
    qr = c.text(ticket, "qr", "ticket", DEFAULT_QR)
    try:
        qr.format(**dict.fromkeys(QR_FIELDS, "x"))
    except (KeyError, IndexError, ValueError) as exc:
        raise c.fail(
            "ticket.qr", f"{qr!r} has a field the kiosk does not know ({exc})", f"use only {{{'}, {'.join(QR_FIELDS)}}}"
        ) from None
    for code, color in colors.items():
        if not isinstance(color, str) or not _COLOR.match(color):
            raise c.fail(f"colors.{code}", f"{color!r} is not a colour", f'write e.g. {code} = "#1565C0"')

    return KioskConfig(
        path=path,
        admin_pin=pin,
        printer=printer,
        idle_timeout_s=c.seconds(kiosk, "idle_timeout_s", 30, 5),
        confirm_s=c.seconds(kiosk, "confirm_s", 8, 2),
        fault_s=c.seconds(kiosk, "fault_s", 60, 5),
        ask_priority=ask,
        status_poll_s=c.seconds(kiosk, "status_poll_s", 3, 0.5),
        footer=c.text(ticket, "footer", "ticket", DEFAULT_FOOTER),
        ticket_language=language,
        qr=qr,
        colors={code.upper(): color for code, color in colors.items()},
    )


KIOSK_KEYS = ("admin_pin", "printer", "idle_timeout_s", "confirm_s", "fault_s", "ask_priority", "status_poll_s")
