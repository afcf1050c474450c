"""The district API's answers, as typed models: what /openapi.json promises is what a route returns."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Level = Literal["province", "commune"]


class ErrorBody(BaseModel):
    """Every 4xx and 503: a stable code and one line in English and in Vietnamese."""

    error: str = Field(description="stable code, e.g. bad_token, not_found, invalid, too_large")
    message: str
    message_vi: str


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class BatchAnswer(BaseModel):
    batch_id: str
    status: Literal["applied", "stale", "duplicate"]
    days: dict[str, Literal["applied", "stale"]] = Field(description="per day of the batch: do its figures stand?")
    versions: dict[str, int] = Field(description="the version that stands for each of the batch's days")


class Figures(BaseModel):
    """The figures of a set of hourly cells (district/figures.py says how they combine)."""

    issued: int
    served: int
    no_show: int
    cancelled: int
    waiting: int
    no_show_rate: float | None
    wait_mean_s: float | None
    wait_p90_s: float | None = Field(description="interpolated from the hourly p90 and maximum")
    wait_max_s: float | None
    service_level: float | None = Field(description="% of waits of at most 15 minutes (estimated like the p90)")
    service_mean_s: float | None
    rated: int
    not_satisfied: int
    satisfaction_rate: float | None = Field(description="(rated − not satisfied) ÷ rated × 100")
    response_rate: float | None


class Totals(Figures):
    ratings: dict[str, int] = Field(description="ratings by level value")


class Office(BaseModel):
    id: str
    name: str
    level: Level
    province: str | None
    province_name: str | None
    last_batch_at: str | None = Field(description="when its last batch arrived, district-local ISO time")
    active: bool = Field(description="false once its token was revoked")


class Offices(BaseModel):
    offices: list[Office]


class Province(BaseModel):
    code: str
    name: str
    offices: int


class Provinces(BaseModel):
    provinces: list[Province]


class DayFigures(Figures):
    day: str


class MonthFigures(Figures):
    month: str


class ServiceFigures(Figures):
    service: str


class OfficeStats(BaseModel):
    office: Office
    from_: str = Field(alias="from")
    to: str
    totals: Totals
    by_day: list[DayFigures]
    by_month: list[MonthFigures]
    by_service: list[ServiceFigures]


class Row(Figures):
    key: str = Field(description="the office id, province code, level, service code, day or month")
    name: str | None = Field(description="the office's or province's name")
    rank: int | None = Field(description="offices and provinces: the place within the level, best first")
    level: Level | None = Field(description="offices: its level")


class Grouped(BaseModel):
    by: Literal["office", "province", "level", "service", "day", "month"]
    from_: str = Field(alias="from")
    to: str
    province: str | None
    level: Level | None
    totals: Figures
    rows: list[Row]
    count: int = Field(description="rows in all; with limit, rows holds those from offset on")
