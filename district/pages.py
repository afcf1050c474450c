"""Rendering the dashboard's templates (district/templates/, Jinja2 with autoescape on)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

# An office whose last batch is older than this is shown as late.
LATE_S = 24 * 3600


def _vi_count(n: int) -> str:
    """Thousands grouped the Vietnamese way: 12.002."""
    return f"{n:,}".replace(",", ".")


def _en_count(n: int) -> str:
    return f"{n:,}"


def _vi_decimal(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def _tone(rate: float | None) -> str:
    if rate is None:
        return "none"
    return "good" if rate >= 95 else "fair" if rate >= 85 else "poor"


class Pages:
    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        env = Environment(
            loader=PackageLoader("district", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=False,
        )
        env.filters.update(
            vi_count=_vi_count, en_count=_en_count, vi_decimal=_vi_decimal, tone=_tone, local_time=self._local_time
        )
        self.env = env

    def _local_time(self, epoch: float) -> str:
        return dt.datetime.fromtimestamp(epoch, self.tz).strftime("%Y-%m-%d %H:%M")

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(late_s=LATE_S, **context)
