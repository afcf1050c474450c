"""The office configuration file (office.toml): read into pydantic models, checked, explained.

Every mistake is reported as one ConfigError that names the file, the key and
the fix (server/config_file.py), because the person reading it is a
technician at a commune office, not the author of this code. The models
below are the file's shape; ``load_config`` turns them into the core's
Office and the DisplayConfig the screens use.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import StringConstraints, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from core.appointments import AppointmentRules
from core.hours import OpeningHours, Session
from core.model import (
    Counter,
    LabelFormat,
    Office,
    PriorityGroup,
    PriorityPolicy,
    PriorityStrategy,
    Service,
)
from core.rating import DEFAULT_SCALE, RatingLevel, RatingReason, RatingScale
from server.config_file import Table, explain_bilingual, parse, problem, read_toml, setting
from server.config_hours import HoursTable
from server.errors import ConfigError, InvalidError

CONFIG_NAME = "office.toml"
DATABASE_NAME = "office.db"


@dataclass(frozen=True)
class DisplayConfig:
    """[display]: the lobby TV (the Qt app and the web page at /display) and its voice."""

    notice_vi: str = "Công dân vui lòng giữ phiếu số thứ tự và chú ý màn hình, loa gọi số."
    notice_en: str = "Please keep your ticket and watch the screen; numbers are also called aloud."
    background: str = "#0b2545"
    panel: str = "#13315c"
    text: str = "#ffffff"
    accent: str = "#ffd166"
    highlight: str = "#e63946"
    logo: Path | None = None
    highlight_s: int = 8
    recent_calls: int = 8
    call_vi: str = "Mời công dân có số thứ tự {number} đến quầy số {counter}"
    call_en: str = "Ticket number {number}, please go to counter {counter}"
    # Languages the call is spoken in, in order.
    announce: tuple[str, ...] = ("vi",)


@dataclass(frozen=True)
class OfficeConfig:
    path: Path
    office: Office
    host: str
    port: int
    # Wait above which the supervisor is alerted (seconds).
    alert_wait_s: int
    display: DisplayConfig = field(default_factory=DisplayConfig)
    # How long after "finish" the counter's rating tablet may rate the ticket (rating.tablet_window_min).
    rating_window_s: float = 600.0
    # Clerks' PINs have at least this many digits (security.min_pin_digits).
    min_pin_digits: int = 6
    # Bookings one address may make in an hour at /book (appointments.per_address_per_hour).
    bookings_per_address_per_hour: int = 10
    # The citizen-facing listener (server.public_port) and the address its pages are reached at (server.public_url).
    public_port: int | None = None
    public_url: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.office.timezone)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LOGO_MAX_BYTES = 512 * 1024
_DEFAULT_DISPLAY = DisplayConfig()
_VI_WHAT = {"code": "mã", "label": "định dạng số"}


_Table = Table


class OfficeTable(_Table):
    name: Text
    timezone: Text = "Asia/Ho_Chi_Minh"
    alert_wait_min: float = setting(30, ge=1)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise problem(f"unknown timezone {value!r}", 'use e.g. "Asia/Ho_Chi_Minh"') from None
        return value


class ServerTable(_Table):
    host: Text = "0.0.0.0"
    port: int = setting(8000, ge=1, le=65535, fix="use a number from 1 to 65535, e.g. 8000")
    # Citizens' phones do not trust the office's certificate authority: their pages (the ticket's
    # page from its QR code) are served on a listener of their own, plain HTTP allowed.
    public_port: int | None = setting(None, ge=1, le=65535, fix="use a number from 1 to 65535, e.g. 8080")
    public_url: Text | None = None

    @field_validator("public_url")
    @classmethod
    def _an_address(cls, url: str | None) -> str | None:
        if url is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
            raise problem(f"{url!r} is not a web address", 'write e.g. public_url = "http://192.168.1.10:8080"')
        return url.rstrip("/") if url else url


class SecurityTable(_Table):
    min_pin_digits: int = setting(6, ge=4, le=12, fix="write e.g. min_pin_digits = 6 (4 to 12)")


class ServiceTable(_Table):
    code: Text
    name_vi: Text
    name_en: Text
    label: Text | None = None
    mean_service_min: float = setting(8, ge=0.1)
    target_wait_min: float = setting(15, ge=1)
    # Hidden from the kiosk: no new tickets there; its waiting tickets are still called.
    hidden: bool = setting(False, fix="write hidden = true to take it off the kiosk")
    # The kiosk button's colour; none: the kiosk's palette (or kiosk.toml's [colors]).
    colour: Text | None = setting(None, fix='write it as #RRGGBB, e.g. colour = "#1565C0"')

    @field_validator("colour")
    @classmethod
    def _a_colour(cls, value: str | None) -> str | None:
        if value is not None and not COLOUR.fullmatch(value):
            raise problem(
                f"{value!r} is not a colour", 'write it as #RRGGBB, e.g. colour = "#1565C0"',
                vi=f"{value!r} không phải là màu: hãy viết dạng #RRGGBB, ví dụ #1565C0",
            )
        return value

    @field_validator("code")
    @classmethod
    def _short_code(cls, code: str) -> str:
        if not (code.isascii() and code.isalnum() and len(code) <= 8):
            raise problem(
                f"{code!r} must be letters/digits, at most 8", 'use e.g. code = "A"',
                vi=f"mã {code!r} chỉ gồm chữ và số, tối đa 8 ký tự",
            )
        return code

    @field_validator("label")
    @classmethod
    def _label_format(cls, text: str | None) -> str | None:
        if text is not None:
            try:
                LabelFormat.parse(text)
            except ValueError as exc:
                raise problem(
                    str(exc), 'write e.g. label = "A###"', vi=f"định dạng số {text!r} không hợp lệ (ví dụ: A###)"
                ) from None
        return text

    def service(self) -> Service:
        return Service(
            code=self.code,
            name_vi=self.name_vi,
            name_en=self.name_en,
            label=LabelFormat.parse(self.label or f"{self.code}###"),
            mean_service_s=self.mean_service_min * 60,
            target_wait_s=self.target_wait_min * 60,
            hidden=self.hidden,
            colour=self.colour,
        )


class CounterTable(_Table):
    number: int = setting(ge=1, le=999)
    name: Text | None = None
    services: list[str] = setting(
        min_length=1, fix='write e.g. services = ["B", "A"] (a non-empty list of service codes)'
    )
    # Closed by an administrator: no clerk may sign in there (it opens again the same way).
    closed: bool = setting(False, fix="write closed = true to close the counter")


class PriorityGroupTable(_Table):
    code: Text
    name_vi: Text
    name_en: Text


class PriorityTable(_Table):
    strategy: Literal["strict", "interleave"] = setting("strict", fix='use "strict" or "interleave"')
    every: int = setting(3, ge=1)
    groups: list[PriorityGroupTable] = []


class RatingLevelTable(_Table):
    value: int = setting(ge=1)
    label_vi: Text
    label_en: Text
    negative: bool = setting(False, fix="write negative = true for 'not satisfied'")


class RatingReasonTable(_Table):
    code: Text
    label_vi: Text
    label_en: Text


class RatingTable(_Table):
    levels: list[RatingLevelTable] = []
    reasons: list[RatingReasonTable] | None = None
    show_seconds: int = setting(30, ge=5)
    tablet_window_min: float = setting(10, ge=1, le=24 * 60, fix="write e.g. tablet_window_min = 10")

    @model_validator(mode="after")
    def _a_usable_scale(self) -> RatingTable:
        values = [level.value for level in self.levels]
        if len(set(values)) != len(values):
            raise problem("a value is used twice", "give each level its own value, best highest", "rating.levels.value")
        if self.levels and not 2 <= len(self.levels) <= 7:
            raise problem(f"{len(self.levels)} levels", "use 2 to 7 levels (3 or 5 are usual)", "rating.levels")
        if self.levels and not any(level.negative for level in self.levels):
            raise problem(
                "no level is marked negative", "add negative = true to the 'Không hài lòng' level(s)", "rating.levels"
            )
        return self

    def scale(self) -> RatingScale:
        levels = [RatingLevel(lv.value, lv.label_vi, lv.label_en, lv.negative) for lv in self.levels]
        reasons = [RatingReason(r.code, r.label_vi, r.label_en) for r in self.reasons or ()]
        return RatingScale(
            levels=tuple(sorted(levels, key=lambda level: -level.value)) if levels else DEFAULT_SCALE.levels,
            reasons=tuple(reasons) if self.reasons is not None else DEFAULT_SCALE.reasons,
            show_seconds=self.show_seconds,
        )


def _colour(key: str) -> Any:
    return setting(getattr(_DEFAULT_DISPLAY, key), fix=f'write it as #RRGGBB, e.g. {key} = "#ffd166"')


class DisplayTable(_Table):
    notice_vi: Text = _DEFAULT_DISPLAY.notice_vi
    notice_en: Text = _DEFAULT_DISPLAY.notice_en
    call_vi: Text = _DEFAULT_DISPLAY.call_vi
    call_en: Text = _DEFAULT_DISPLAY.call_en
    background: Text = _colour("background")
    panel: Text = _colour("panel")
    text: Text = _colour("text")
    accent: Text = _colour("accent")
    highlight: Text = _colour("highlight")
    logo: Text | None = None
    highlight_seconds: int = setting(_DEFAULT_DISPLAY.highlight_s, ge=1)
    recent_calls: int = setting(_DEFAULT_DISPLAY.recent_calls, ge=1)
    announce: list[Any] = setting(list(_DEFAULT_DISPLAY.announce), fix='write announce = ["vi", "en"]')

    @field_validator("call_vi", "call_en")
    @classmethod
    def _call_words(cls, text: str, info: Any) -> str:
        names = set(re.findall(r"{(\w*)}", text))
        if names != {"number", "counter"}:
            default = getattr(_DEFAULT_DISPLAY, info.field_name)
            raise problem(
                f"must contain {{number}} and {{counter}} and nothing else in braces, got {sorted(names)}",
                f'write e.g. {info.field_name} = "{default}"',
            )
        return text

    @field_validator("background", "panel", "text", "accent", "highlight")
    @classmethod
    def _a_colour(cls, value: str, info: Any) -> str:
        if not COLOUR.fullmatch(value):
            raise problem(f"{value!r} is not a colour", f'write it as #RRGGBB, e.g. {info.field_name} = "#ffd166"')
        return value

    @field_validator("announce")
    @classmethod
    def _languages(cls, announce: list[Any]) -> list[Any]:
        if not announce or not set(announce) <= {"vi", "en"}:
            raise problem(f"{announce!r} is not a list of languages", 'write announce = ["vi", "en"]')
        return announce

    def display(self, folder: Path) -> DisplayConfig:
        logo = None
        if self.logo is not None:
            logo = folder / self.logo
            if logo.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
                raise problem(f"{logo.name} is not a PNG, JPEG or SVG image", "convert it to PNG", "display.logo")
            if not logo.is_file():
                raise problem(
                    f"{logo} does not exist", "put the image next to office.toml or fix the path", "display.logo"
                )
            if logo.stat().st_size > LOGO_MAX_BYTES:
                raise problem(
                    f"{logo.name} is over {LOGO_MAX_BYTES // 1024} KiB", "use a smaller image", "display.logo"
                )
        return DisplayConfig(
            notice_vi=self.notice_vi,
            notice_en=self.notice_en,
            background=self.background,
            panel=self.panel,
            text=self.text,
            accent=self.accent,
            highlight=self.highlight,
            logo=logo,
            highlight_s=self.highlight_seconds,
            recent_calls=min(10, self.recent_calls),
            call_vi=self.call_vi,
            call_en=self.call_en,
            announce=tuple(self.announce),
        )


HOLIDAYS_FILE = "holidays_vn.json"


def vietnam_holidays() -> dict[date, str]:
    """Vietnam's public holidays shipped with the server (scripts/holidays_data.py writes them)."""
    text = resources.files("server").joinpath(HOLIDAYS_FILE).read_text(encoding="utf-8")
    return {date.fromisoformat(day): name for day, name in json.loads(text)["days"].items()}


def _sessions(key: str) -> Any:
    return setting([], fix=f'write e.g. {key} = ["07:30-11:30", "13:30-17:00"] (the gap is the lunch break)')


class AppointmentsTable(_Table):
    """[appointments]: booking a visit ahead at /book on the citizens' listener."""

    services: list[str] = setting([], fix='list the bookable services\' codes, e.g. services = ["A", "C"]')
    slot_min: int = setting(30, ge=5, le=240, fix="write e.g. slot_min = 30")
    capacity: int = setting(2, ge=1, le=100, fix="write e.g. capacity = 2 (places per slot per service)")
    days_ahead: int = setting(14, ge=0, le=90, fix="write e.g. days_ahead = 14")
    hours: list[str] = _sessions("hours")  # Monday to Friday
    saturday: list[str] = _sessions("saturday")
    days_off: list[str] = setting([], fix='write e.g. days_off = ["2026-12-31"]')
    early_min: int = setting(30, ge=0, le=240)
    late_min: int = setting(15, ge=0, le=240)
    walk_in_every: int = setting(2, ge=1, le=20, fix="write e.g. walk_in_every = 2")
    per_phone: int = setting(2, ge=1, le=20)
    per_phone_per_day: int = setting(4, ge=1, le=100, fix="write e.g. per_phone_per_day = 4")
    per_address_per_hour: int = setting(10, ge=1, le=10_000)

    @field_validator("hours", "saturday")
    @classmethod
    def _sessions_read(cls, values: list[str], info: Any) -> list[str]:
        try:
            OpeningHours.weekdays(*(Session.parse(v) for v in values))  # parsed, in order, not overlapping
        except ValueError as exc:
            raise problem(str(exc), f'write e.g. {info.field_name} = ["07:30-11:30", "13:30-17:00"]') from None
        return values

    @field_validator("days_off")
    @classmethod
    def _dates(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise problem(f"{value!r} is not a date", 'write dates as "YYYY-MM-DD"') from None
        return values

    def rules(self, timezone: str) -> AppointmentRules:
        weekdays = tuple(Session.parse(v) for v in self.hours)
        saturday = tuple(Session.parse(v) for v in self.saturday)
        return AppointmentRules(
            services=tuple(self.services),
            slot_min=self.slot_min,
            capacity=self.capacity,
            days_ahead=self.days_ahead,
            week=(weekdays,) * 5 + (saturday, ()),
            holidays=frozenset(vietnam_holidays()),
            days_off=frozenset(date.fromisoformat(v) for v in self.days_off),
            early_min=self.early_min,
            late_min=self.late_min,
            walk_in_every=self.walk_in_every,
            timezone=timezone,
            per_phone=self.per_phone,
            per_phone_per_day=self.per_phone_per_day,
        )


class OfficeDocument(_Table):
    """The live configuration: what the admin screens change while the office runs (server/storage/settings.py).

    office.toml seeds it on a new office and ``onestop config import`` replaces it; the
    [server] and [security] tables stay in the file (they are about the machine and are read at start).
    """

    office: OfficeTable
    services: list[ServiceTable] = setting(min_length=1, fix="add at least one [[services]] block")
    counters: list[CounterTable] = setting(min_length=1, fix="add at least one [[counters]] block")
    priority: PriorityTable = PriorityTable()
    rating: RatingTable | None = None
    display: DisplayTable = DisplayTable()
    hours: HoursTable = HoursTable()
    appointments: AppointmentsTable = AppointmentsTable()

    @model_validator(mode="after")
    def _consistent(self) -> OfficeDocument:
        codes = [s.code for s in self.services]
        unknown = [x for x in self.appointments.services if x not in codes]
        if unknown:
            raise problem(
                f"unknown service {', '.join(unknown)}", f"use codes from [[services]]: {', '.join(codes)}",
                "appointments.services",
            )
        if self.appointments.services and not self.appointments.hours:
            raise problem("bookable services but no hours", 'write e.g. hours = ["07:30-11:30", "13:30-17:00"]',
                          "appointments.hours")
        labels = [str(s.service().label) for s in self.services]
        for what, values in (("code", codes), ("label", labels)):
            dupes = sorted({v for v in values if values.count(v) > 1})
            if dupes:
                raise problem(
                    f"{', '.join(dupes)} used twice", f"give every service its own {what}", f"services.{what}",
                    vi=f"{', '.join(dupes)} bị dùng hai lần: mỗi lĩnh vực cần {_VI_WHAT[what]} riêng",
                )
        services = [s.service() for s in self.services]
        for i, a in enumerate(services):
            for b in services[i + 1 :]:
                # "1###" and "11##" both print 1101; "###" and "1###" both print 1001: a call by number
                # or a rating by number could reach the wrong citizen.
                if a.label.prefix.startswith(b.label.prefix) or b.label.prefix.startswith(a.label.prefix):
                    raise problem(
                        f"{a.code} ({a.label}) and {b.code} ({b.label}) can print the same number",
                        "give each service its own prefix, none the start of another (A###, B###; 1###, 2###)",
                        "services.label",
                        vi=f"{a.code} ({a.label}) và {b.code} ({b.label}) có thể in trùng số: "
                        "mỗi lĩnh vực cần tiền tố riêng",
                    )
        for i, counter in enumerate(self.counters):
            unknown = [x for x in counter.services if x not in codes]
            if unknown:
                raise problem(
                    f"unknown service {', '.join(unknown)}",
                    f"use codes from [[services]]: {', '.join(codes)}",
                    f"counters[{i}].services",
                    vi=f"quầy {counter.number} phục vụ lĩnh vực không có: {', '.join(unknown)}",
                )
        numbers = [c.number for c in self.counters]
        if len(set(numbers)) != len(numbers):
            raise problem(
                "a counter number is used twice", "number the counters 1, 2, 3 …", "counters.number",
                vi="số quầy bị dùng hai lần",
            )
        for i, block in enumerate(self.hours.counters):
            unknown_counters = sorted(set(block.numbers) - set(numbers))
            if unknown_counters:
                raise problem(
                    f"no counter {unknown_counters[0]} in [[counters]]",
                    f"use numbers from [[counters]]: {', '.join(map(str, sorted(numbers)))}",
                    f"hours.counters[{i}].numbers",
                )
        return self

    def office_model(self) -> Office:
        return Office(
            name=self.office.name,
            timezone=self.office.timezone,
            services=tuple(s.service() for s in self.services),
            counters=tuple(
                sorted(
                    (
                        Counter(c.number, c.name or f"Quầy {c.number}", tuple(c.services), c.closed)
                        for c in self.counters
                    ),
                    key=lambda c: c.number,
                )
            ),
            priority_groups=tuple(PriorityGroup(g.code, g.name_vi, g.name_en) for g in self.priority.groups),
            priority=PriorityPolicy(strategy=PriorityStrategy(self.priority.strategy), every=self.priority.every),
            rating=self.rating.scale() if self.rating is not None else DEFAULT_SCALE,
            appointments=self.appointments.rules(self.office.timezone),
            hours=self.hours.opening_hours(self.office.timezone),
        )

    def document(self) -> dict[str, Any]:
        """As stored in the database and answered by GET /api/admin/config (JSON, every default written out)."""
        return self.model_dump(mode="json", include=set(OfficeDocument.model_fields))

    def live(self, base: OfficeConfig) -> OfficeConfig:
        """``base`` (read from office.toml at start) with this document's office, display, alert and rating."""
        try:
            display = self.display.display(base.path.parent)
        except PydanticCustomError as exc:
            raise ConfigError(f"{base.path}: {(exc.context or {}).get('key')}: {exc}") from None
        return replace(
            base,
            office=self.office_model(),
            alert_wait_s=int(self.office.alert_wait_min * 60),
            display=display,
            rating_window_s=(self.rating.tablet_window_min if self.rating else 10) * 60,
        )


class OfficeFile(OfficeDocument):
    """office.toml as a whole: the live configuration's seed, and the machine's [server] and [security]."""

    server: ServerTable = ServerTable()
    security: SecurityTable = SecurityTable()


def read_office_file(path: Path) -> OfficeFile:
    """office.toml, checked; ConfigError naming what to fix."""
    data = read_toml(path, f"the configuration file does not exist. Fix: run 'onestop init --data {path.parent}'")
    return parse(path, OfficeFile, data)


def load_config(path: Path) -> OfficeConfig:
    """Read and check office.toml; raise ConfigError naming what to fix."""
    parsed = read_office_file(path)
    try:
        display = parsed.display.display(path.parent)
    except PydanticCustomError as exc:
        raise ConfigError(f"{path}: {(exc.context or {}).get('key')}: {exc}") from None
    return OfficeConfig(
        path=path,
        office=parsed.office_model(),
        host=parsed.server.host,
        port=parsed.server.port,
        alert_wait_s=int(parsed.office.alert_wait_min * 60),
        display=display,
        rating_window_s=(parsed.rating.tablet_window_min if parsed.rating else 10) * 60,
        min_pin_digits=parsed.security.min_pin_digits,
        public_port=parsed.server.public_port,
        public_url=parsed.server.public_url,
        bookings_per_address_per_hour=parsed.appointments.per_address_per_hour,
    )


class ConfigurationError(InvalidError):
    """A document the admin screens sent is not a valid configuration; ``key`` names the first mistake."""

    code = "invalid_configuration"

    def __init__(self, key: str, message_en: str, message_vi: str) -> None:
        super().__init__(message_en, message_vi)
        self.key = key


def check_document(document: dict[str, Any]) -> OfficeDocument:
    """Validate a document as JSON sends it; ConfigurationError with both languages for the first mistake."""
    try:
        return OfficeDocument.model_validate(document)
    except ValidationError as exc:
        key, en, vi = explain_bilingual(exc)
        raise ConfigurationError(key, en, vi) from None
