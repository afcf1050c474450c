"""The office configuration file (office.toml): read, check, explain.

Every mistake is reported as one ConfigError that names the file, the key and
the fix, because the person reading it is a technician at a commune office,
not the author of this code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
from server.errors import ConfigError

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

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.office.timezone)


class _Reader:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, problem: str, fix: str) -> ConfigError:
        return ConfigError(f"{self.path}: {key}: {problem}. Fix: {fix}")

    def table(self, data: dict[str, Any], key: str, where: str = "") -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(where + key, "must be a table", f"write it as [{where + key}]")
        return value

    def str(self, data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            raise self.fail(where + key, "is missing", f'add {key} = "…" under {where or "the top"}')
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where + key, f"must be non-empty text, got {value!r}", 'write it in quotes: "…"')
        return value.strip()

    def number(self, data: dict[str, Any], key: str, where: str, default: float | None, minimum: float) -> float:
        value = data.get(key, default)
        if value is None:
            raise self.fail(where + key, "is missing", f"add {key} = <number>")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.fail(
                where + key, f"must be a number ≥ {minimum}, got {value!r}", f"write e.g. {key} = {max(minimum, 1)}"
            )
        return float(value)

    def list(self, data: dict[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(where + key, "must be a list", f"write [[{key}]] blocks or {key} = [ … ]")
        return value


def load_config(path: Path) -> OfficeConfig:
    """Read and check office.toml; raise ConfigError naming what to fix."""
    if not path.exists():
        raise ConfigError(
            f"{path}: the configuration file does not exist. Fix: run 'onestop init --data {path.parent}'"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix: correct the syntax at that line") from None
    r = _Reader(path)

    office_t = r.table(data, "office")
    name = r.str(office_t, "name", "office.")
    tz_name = r.str(office_t, "timezone", "office.", default="Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise r.fail("office.timezone", f"unknown timezone {tz_name!r}", 'use e.g. "Asia/Ho_Chi_Minh"') from None
    alert_wait_s = int(r.number(office_t, "alert_wait_min", "office.", 30, 1) * 60)

    server_t = r.table(data, "server")
    host = r.str(server_t, "host", "server.", default="0.0.0.0")
    port = int(r.number(server_t, "port", "server.", 8000, 1))
    if port > 65535:
        raise r.fail("server.port", f"{port} is not a TCP port", "use a number from 1 to 65535, e.g. 8000")

    services = []
    for i, s in enumerate(r.list(data, "services", "")):
        where = f"services[{i}]."
        if not isinstance(s, dict):
            raise r.fail(f"services[{i}]", "must be a table", "write each service as a [[services]] block")
        code = r.str(s, "code", where)
        if not (code.isascii() and code.isalnum() and len(code) <= 8):
            raise r.fail(where + "code", f"{code!r} must be letters/digits, at most 8", 'use e.g. code = "A"')
        label_text = r.str(s, "label", where, default=f"{code}###")
        try:
            label = LabelFormat.parse(label_text)
        except ValueError as exc:
            raise r.fail(where + "label", str(exc), 'write e.g. label = "A###"') from None
        services.append(
            Service(
                code=code,
                name_vi=r.str(s, "name_vi", where),
                name_en=r.str(s, "name_en", where),
                label=label,
                mean_service_s=r.number(s, "mean_service_min", where, 8, 0.1) * 60,
                target_wait_s=r.number(s, "target_wait_min", where, 15, 1) * 60,
            )
        )
    if not services:
        raise r.fail("services", "no service is configured", "add at least one [[services]] block")
    codes = [s.code for s in services]
    labels = [str(s.label) for s in services]
    for what, values in (("code", codes), ("label", labels)):
        dupes = sorted({v for v in values if values.count(v) > 1})
        if dupes:
            raise r.fail(f"services.{what}", f"{', '.join(dupes)} used twice", f"give every service its own {what}")
    for i, a in enumerate(services):
        for b in services[i + 1 :]:
            # "1###" and "11##" both print 1101; "###" and "1###" both print 1001: a call by number
            # or a rating by number could reach the wrong citizen.
            if a.label.prefix.startswith(b.label.prefix) or b.label.prefix.startswith(a.label.prefix):
                raise r.fail(
                    "services.label",
                    f"{a.code} ({a.label}) and {b.code} ({b.label}) can print the same number",
                    "give each service its own prefix, none the start of another (A###, B###; 1###, 2###)",
                )

    counters = []
    for i, c in enumerate(r.list(data, "counters", "")):
        where = f"counters[{i}]."
        if not isinstance(c, dict):
            raise r.fail(f"counters[{i}]", "must be a table", "write each counter as a [[counters]] block")
        number = int(r.number(c, "number", where, None, 1))
        served = c.get("services")
        if not isinstance(served, list) or not served or not all(isinstance(x, str) for x in served):
            raise r.fail(
                where + "services", "must be a non-empty list of service codes", 'write e.g. services = ["B", "A"]'
            )
        unknown = [x for x in served if x not in codes]
        if unknown:
            raise r.fail(
                where + "services",
                f"unknown service {', '.join(unknown)}",
                f"use codes from [[services]]: {', '.join(codes)}",
            )
        counters.append(
            Counter(number=number, name=r.str(c, "name", where, default=f"Quầy {number}"), services=tuple(served))
        )
    if not counters:
        raise r.fail("counters", "no counter is configured", "add at least one [[counters]] block")
    numbers = [c.number for c in counters]
    if len(set(numbers)) != len(numbers):
        raise r.fail("counters.number", "a counter number is used twice", "number the counters 1, 2, 3 …")

    priority_t = r.table(data, "priority")
    strategy_text = r.str(priority_t, "strategy", "priority.", default="strict")
    try:
        strategy = PriorityStrategy(strategy_text)
    except ValueError:
        raise r.fail(
            "priority.strategy", f"unknown strategy {strategy_text!r}", 'use "strict" or "interleave"'
        ) from None
    every = int(r.number(priority_t, "every", "priority.", 3, 1))
    groups = []
    for i, g in enumerate(r.list(priority_t, "groups", "priority.")):
        where = f"priority.groups[{i}]."
        if not isinstance(g, dict):
            raise r.fail(f"priority.groups[{i}]", "must be a table", "write each group as a [[priority.groups]] block")
        groups.append(
            PriorityGroup(
                code=r.str(g, "code", where), name_vi=r.str(g, "name_vi", where), name_en=r.str(g, "name_en", where)
            )
        )

    rating = _rating_scale(r, data)

    office = Office(
        name=name,
        timezone=tz_name,
        services=tuple(services),
        counters=tuple(sorted(counters, key=lambda c: c.number)),
        priority_groups=tuple(groups),
        priority=PriorityPolicy(strategy=strategy, every=every),
        rating=rating,
    )
    return OfficeConfig(
        path=path, office=office, host=host, port=port, alert_wait_s=alert_wait_s, display=_display(r, data)
    )


COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LOGO_MAX_BYTES = 512 * 1024


def _display(r: _Reader, data: dict[str, Any]) -> DisplayConfig:
    """[display]: colours, logo, the scrolling notice and the words of the call."""
    table = r.table(data, "display")
    base = DisplayConfig()
    text: dict[str, Any] = {}
    for key in ("notice_vi", "notice_en", "call_vi", "call_en"):
        text[key] = r.str(table, key, "display.", default=getattr(base, key))
    for key in ("call_vi", "call_en"):
        names = set(re.findall(r"{(\w*)}", text[key]))
        if names != {"number", "counter"}:
            raise r.fail(f"display.{key}", f"must contain {{number}} and {{counter}} and nothing else in braces, "
                         f"got {sorted(names)}", f'write e.g. {key} = "{getattr(base, key)}"')
    for key in ("background", "panel", "text", "accent", "highlight"):
        value = r.str(table, key, "display.", default=getattr(base, key))
        if not COLOUR.fullmatch(value):
            raise r.fail(f"display.{key}", f"{value!r} is not a colour", f'write it as #RRGGBB, e.g. {key} = "#ffd166"')
        text[key] = value
    logo = None
    if "logo" in table:
        logo = r.path.parent / r.str(table, "logo", "display.")
        if logo.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
            raise r.fail("display.logo", f"{logo.name} is not a PNG, JPEG or SVG image", "convert it to PNG")
        if not logo.is_file():
            raise r.fail("display.logo", f"{logo} does not exist", "put the image next to office.toml or fix the path")
        if logo.stat().st_size > LOGO_MAX_BYTES:
            raise r.fail("display.logo", f"{logo.name} is over {LOGO_MAX_BYTES // 1024} KiB", "use a smaller image")
    announce = table.get("announce", list(base.announce))
    if not isinstance(announce, list) or not announce or not set(announce) <= {"vi", "en"}:
        raise r.fail("display.announce", f"{announce!r} is not a list of languages", 'write announce = ["vi", "en"]')
    return DisplayConfig(
        **text,
        logo=logo,
        highlight_s=int(r.number(table, "highlight_seconds", "display.", base.highlight_s, 1)),
        recent_calls=min(10, int(r.number(table, "recent_calls", "display.", base.recent_calls, 1))),
        announce=tuple(announce),
    )


def _rating_scale(r: _Reader, data: dict[str, Any]) -> RatingScale:
    """[rating]: levels best first (3 by default, 5 in some provinces) and the reasons."""
    if "rating" not in data:
        return DEFAULT_SCALE
    table = r.table(data, "rating")
    levels = []
    for i, item in enumerate(r.list(table, "levels", "rating.")):
        where = f"rating.levels[{i}]."
        if not isinstance(item, dict):
            raise r.fail(f"rating.levels[{i}]", "must be a table", "write each level as a [[rating.levels]] block")
        negative = item.get("negative", False)
        if not isinstance(negative, bool):
            raise r.fail(where + "negative", "must be true or false", "write negative = true for 'not satisfied'")
        levels.append(
            RatingLevel(
                value=int(r.number(item, "value", where, None, 1)),
                label_vi=r.str(item, "label_vi", where),
                label_en=r.str(item, "label_en", where),
                negative=negative,
            )
        )
    if not levels:
        levels = list(DEFAULT_SCALE.levels)
    values = [level.value for level in levels]
    if len(set(values)) != len(values):
        raise r.fail("rating.levels.value", "a value is used twice", "give each level its own value, best highest")
    if not 2 <= len(levels) <= 7:
        raise r.fail("rating.levels", f"{len(levels)} levels", "use 2 to 7 levels (3 or 5 are usual)")
    if not any(level.negative for level in levels):
        raise r.fail(
            "rating.levels", "no level is marked negative", "add negative = true to the 'Không hài lòng' level(s)"
        )
    reasons = []
    for i, item in enumerate(r.list(table, "reasons", "rating.")):
        where = f"rating.reasons[{i}]."
        if not isinstance(item, dict):
            raise r.fail(f"rating.reasons[{i}]", "must be a table", "write each reason as a [[rating.reasons]] block")
        reasons.append(
            RatingReason(
                code=r.str(item, "code", where),
                label_vi=r.str(item, "label_vi", where),
                label_en=r.str(item, "label_en", where),
            )
        )
    show = int(r.number(table, "show_seconds", "rating.", 30, 5))
    return RatingScale(
        levels=tuple(sorted(levels, key=lambda level: -level.value)),
        reasons=tuple(reasons) if "reasons" in table else DEFAULT_SCALE.reasons,
        show_seconds=show,
    )
