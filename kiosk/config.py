"""The kiosk's own settings file (kiosk.toml): admin PIN, timings, ticket footer, colours.

The file is read into the pydantic models below (server/config_file.py explains mistakes).
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
    qr = "{public}/t/{id}?c={code}"   # {public} (server.public_url) {server} {id} {code} {number} {day} {service}
    checklist_qr = "{public}/thu-tuc/{code}"   # a procedure's page; {public} {server} {code}; "" prints none

    [colors]                  # a service's button colour, by service code
    A = "#1565C0"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from server.config_file import parse, problem, read_toml, setting
from server.errors import ConfigError

DEFAULT_FOOTER = "Cảm ơn ông/bà đã đến làm thủ tục"
# The ticket's public page at the office's citizen-facing address ({public}: server.public_url, or the
# server's own address); {code} is the ticket's secret public_code.
DEFAULT_QR = "{public}/t/{id}?c={code}"
QR_FIELDS = ("public", "server", "id", "code", "number", "day", "service")
# The procedure's page at the office's citizen-facing address, for the QR on a printed checklist.
DEFAULT_CHECKLIST_QR = "{public}/thu-tuc/{code}"
CHECKLIST_QR_FIELDS = ("public", "server", "code")
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
    checklist_qr: str = DEFAULT_CHECKLIST_QR
    colors: dict[str, str] = field(default_factory=dict)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Table(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class KioskTable(_Table):
    admin_pin: str | None = setting(None, fix='write e.g. admin_pin = "2468" (4 to 8 digits in quotes)')
    printer: Text | None = None
    idle_timeout_s: float = setting(30, ge=5, fix="write e.g. idle_timeout_s = 30")
    confirm_s: float = setting(8, ge=2, fix="write e.g. confirm_s = 30")
    fault_s: float = setting(60, ge=5, fix="write e.g. fault_s = 30")
    ask_priority: bool = setting(True, fix="write ask_priority = true or false")
    status_poll_s: float = setting(3, ge=0.5, fix="write e.g. status_poll_s = 30")

    @field_validator("admin_pin")
    @classmethod
    def _digits(cls, pin: str | None) -> str | None:
        if pin is not None and not re.fullmatch(r"\d{4,8}", pin):
            raise problem("must be 4 to 8 digits in quotes", 'write e.g. admin_pin = "2468"')
        return pin


class TicketTable(_Table):
    footer: Text = DEFAULT_FOOTER
    language: Literal["vi", "en"] = setting("vi", fix='write language = "vi" or "en"')
    qr: Text = DEFAULT_QR
    # May be "": checklists then print no QR code.
    checklist_qr: str = DEFAULT_CHECKLIST_QR

    @field_validator("checklist_qr")
    @classmethod
    def _checklist_fields(cls, template: str) -> str:
        try:
            template.format(**dict.fromkeys(CHECKLIST_QR_FIELDS, "x"))
        except (KeyError, IndexError, ValueError) as exc:
            raise problem(
                f"{template!r} has a field the kiosk does not know ({exc})",
                f"use only {{{'}, {'.join(CHECKLIST_QR_FIELDS)}}}",
            ) from None
        return template

    @field_validator("qr")
    @classmethod
    def _known_fields(cls, qr: str) -> str:
        try:
            qr.format(**dict.fromkeys(QR_FIELDS, "x"))
        except (KeyError, IndexError, ValueError) as exc:
            raise problem(
                f"{qr!r} has a field the kiosk does not know ({exc})", f"use only {{{'}, {'.join(QR_FIELDS)}}}"
            ) from None
        return qr


class KioskFile(_Table):
    kiosk: KioskTable = KioskTable()
    ticket: TicketTable = TicketTable()
    colors: dict[str, str] = {}

    @field_validator("colors")
    @classmethod
    def _colours(cls, colors: dict[str, str]) -> dict[str, str]:
        for code, color in colors.items():
            if not _COLOR.match(color):
                raise problem(f"{color!r} is not a colour", f'write e.g. {code} = "#1565C0"', f"colors.{code}")
        return colors


KIOSK_KEYS = tuple(KioskTable.model_fields)
SECTIONS = tuple(KioskFile.model_fields)


def load_kiosk_config(path: Path | None) -> KioskConfig:
    """Read ``path``; None gives the defaults (no admin PIN: settings stay locked)."""
    if path is None:
        return KioskConfig()
    data = read_toml(path, "the kiosk settings file does not exist. Fix: create it (see README, 'Kiosk')")
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(
            f"{path}: {unknown[0]}: is not a section of the kiosk settings. Fix: use [kiosk], [ticket] and [colors]"
        )
    for section, keys in (("kiosk", KIOSK_KEYS), ("ticket", tuple(TicketTable.model_fields))):
        table = data.get(section, {})
        extra = sorted(set(table) - set(keys)) if isinstance(table, dict) else []
        if extra:
            raise ConfigError(
                f"{path}: {section}.{extra[0]}: is not a setting. Fix: use only {', '.join(sorted(keys))}"
            )
    parsed = parse(path, KioskFile, data)
    kiosk, ticket = parsed.kiosk, parsed.ticket
    return KioskConfig(
        path=path,
        admin_pin=kiosk.admin_pin,
        printer=kiosk.printer,
        idle_timeout_s=float(kiosk.idle_timeout_s),
        confirm_s=float(kiosk.confirm_s),
        fault_s=float(kiosk.fault_s),
        ask_priority=kiosk.ask_priority,
        status_poll_s=float(kiosk.status_poll_s),
        footer=ticket.footer,
        ticket_language=ticket.language,
        qr=ticket.qr,
        checklist_qr=ticket.checklist_qr,
        colors={code.upper(): color for code, color in parsed.colors.items()},
    )
