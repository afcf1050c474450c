"""The batch an office's sync agent sends: every field bounded, unknown fields refused.

A batch carries the *complete* hourly figures of one or more office-local
days. The district replaces everything it holds for an (office, day) with a
newer batch's cells, so a cell that vanished (a ticket transferred to another
service) vanishes upstream too, and nothing is ever counted twice.
``version`` orders batches of the same office: an older one arriving late is
acknowledged but does not overwrite newer figures.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

_strict = ConfigDict(extra="forbid", str_strip_whitespace=True)

# A commune office issues a few hundred tickets a day, a provincial centre ~1,200:
# per hour and service 100,000 is far beyond anything real, and keeps sums in range.
MAX_COUNT = 100_000
# A wait or service time is measured within an office day; two days is beyond any real one.
MAX_SECONDS = 2 * 86_400.0
# A day of a big centre is ~10 hours x ~20 services; room for a month or two in one batch.
MAX_CELLS = 5_000
MAX_DAYS = 62

OfficeId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
ServiceCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{1,8}$")]
LevelValue = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
# strict: "10" is not a count; a float field still takes a whole number.
Count = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True)]
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS, allow_inf_nan=False, strict=True)]


class Cell(BaseModel):
    """One office-local hour of one service: what the office's /api/stats/hourly returns."""

    model_config = _strict
    day: dt.date
    hour: int = Field(ge=0, le=23, strict=True, description="office-local hour the tickets were issued")
    service: ServiceCode
    issued: Count
    served: Count
    no_show: Count
    cancelled: Count
    wait_mean_s: Seconds | None
    wait_p90_s: Seconds | None
    wait_max_s: Seconds | None
    service_mean_s: Seconds | None
    ratings: dict[LevelValue, Count] = Field(max_length=16, description="ratings by level value")

    @model_validator(mode="after")
    def _consistent(self) -> Cell:
        where = f"cell {self.day} {self.hour:02d}h {self.service}"
        if self.served + self.no_show + self.cancelled > self.issued:
            raise ValueError(f"{where}: served + no_show + cancelled exceeds issued")
        if sum(self.ratings.values()) > self.issued:
            raise ValueError(f"{where}: more ratings than tickets")
        waits = (self.wait_mean_s, self.wait_p90_s, self.wait_max_s)
        if any(w is None for w in waits) and any(w is not None for w in waits):
            raise ValueError(f"{where}: wait_mean_s, wait_p90_s and wait_max_s are all null or all numbers")
        if self.wait_max_s is not None:
            assert self.wait_mean_s is not None and self.wait_p90_s is not None
            # A little slack for rounding in the office's figures.
            if self.wait_p90_s > self.wait_max_s + 1 or self.wait_mean_s > self.wait_max_s + 1:
                raise ValueError(f"{where}: wait_mean_s and wait_p90_s cannot exceed wait_max_s")
        return self


class Scale(BaseModel):
    """The office's rating scale: level values best first, and those counted as "not satisfied"."""

    model_config = _strict
    levels: list[LevelValue] = Field(min_length=2, max_length=16)
    negative: list[LevelValue] = Field(min_length=1, max_length=16)

    @model_validator(mode="after")
    def _subset(self) -> Scale:
        if len(set(self.levels)) != len(self.levels):
            raise ValueError("scale.levels: a level is listed twice")
        if not set(self.negative) <= set(self.levels):
            raise ValueError("scale.negative: every negative level must be one of scale.levels")
        return self


class Batch(BaseModel):
    model_config = _strict
    batch_id: uuid.UUID
    office: OfficeId
    version: int = Field(ge=1, le=2**62, strict=True, description="orders this office's batches; larger is newer")
    generated_at: AwareDatetime
    days: list[dt.date] = Field(min_length=1, max_length=MAX_DAYS, description="the days whose figures are complete")
    scale: Scale
    cells: list[Cell] = Field(max_length=MAX_CELLS)

    @model_validator(mode="after")
    def _cells_in_days(self) -> Batch:
        if len(set(self.days)) != len(self.days):
            raise ValueError("days: a day is listed twice")
        days = set(self.days)
        seen: set[tuple[dt.date, int, str]] = set()
        levels = set(self.scale.levels)
        for cell in self.cells:
            key = (cell.day, cell.hour, cell.service)
            if cell.day not in days:
                raise ValueError(f"cell {cell.day} {cell.hour:02d}h {cell.service}: its day is not in days")
            if key in seen:
                raise ValueError(f"cell {cell.day} {cell.hour:02d}h {cell.service}: listed twice")
            seen.add(key)
            unknown = set(cell.ratings) - levels
            if unknown:
                raise ValueError(
                    f"cell {cell.day} {cell.hour:02d}h {cell.service}: rating level(s) {sorted(unknown)} "
                    "are not in scale.levels"
                )
        return self
