"""The office's vocabulary as plain data: services, counters, priority, tickets."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from core.appointments import AppointmentRules
from core.hours import SAMPLE_HOURS, OpeningHours
from core.rating import DEFAULT_SCALE, RatingScale


class TicketStatus(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES

    @property
    def is_active(self) -> bool:
        """Called or being served: the ticket belongs to a counter."""
        return self in (TicketStatus.CALLED, TicketStatus.SERVING)


FINAL_STATUSES = frozenset({TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED})

_LABEL_FORMAT = re.compile(r"^(?P<prefix>[A-Z0-9]{0,3}?)(?P<hashes>#{2,5})$")


@dataclass(frozen=True)
class LabelFormat:
    """How a service's numbers are printed.

    Written in configuration as a prefix followed by ``#`` placeholders:
    ``"A###"`` gives A001, A002 …; ``"1###"`` gives the numeric blocks some
    offices use (1001, 1002 …). Past the placeholders the number simply grows
    a digit (A1000): a label stays unique within its service and day.
    """

    prefix: str
    digits: int

    @classmethod
    def parse(cls, text: str) -> LabelFormat:
        match = _LABEL_FORMAT.match(text)
        if not match:
            raise ValueError(
                f"label format {text!r} must be up to 3 capital letters or digits followed by "
                "2 to 5 '#' signs, e.g. 'A###' (A001…) or '1###' (1001…)"
            )
        return cls(prefix=match["prefix"], digits=len(match["hashes"]))

    def format(self, number: int) -> str:
        if number < 1:
            raise ValueError(f"ticket numbers start at 1, got {number}")
        return f"{self.prefix}{number:0{self.digits}d}"

    def __str__(self) -> str:
        return self.prefix + "#" * self.digits


@dataclass(frozen=True)
class Service:
    code: str
    name_vi: str
    name_en: str
    label: LabelFormat
    mean_service_s: float
    # Service level target: a citizen should be called within this many seconds.
    target_wait_s: float = 900.0
    # Hidden from the kiosk (no new tickets there); its waiting tickets are still called.
    hidden: bool = False
    # The kiosk button's colour (#RRGGBB) set in the admin screens; None: the kiosk's own palette.
    colour: str | None = None


@dataclass(frozen=True)
class Counter:
    number: int
    name: str
    # In the order the counter serves them: the first is its main service.
    services: tuple[str, ...]
    # Closed by an administrator (out of service, nobody on duty there): no clerk may sign in.
    closed: bool = False


@dataclass(frozen=True)
class PriorityGroup:
    code: str
    name_vi: str
    name_en: str


class PriorityStrategy(enum.StrEnum):
    STRICT = "strict"
    INTERLEAVE = "interleave"


@dataclass(frozen=True)
class PriorityPolicy:
    """How priority tickets are ordered against regular ones.

    ``strict``: a waiting priority ticket is always called first.
    ``interleave``: after every ``every`` regular tickets a counter calls one
    priority ticket (if one waits); with no regular ticket waiting, priority
    tickets are called straight away.
    Among priority tickets, the order of arrival decides.
    """

    strategy: PriorityStrategy = PriorityStrategy.STRICT
    every: int = 3

    def __post_init__(self) -> None:
        if self.every < 1:
            raise ValueError("priority interleave 'every' must be at least 1")


@dataclass(frozen=True)
class Office:
    name: str
    timezone: str
    services: tuple[Service, ...]
    counters: tuple[Counter, ...]
    priority_groups: tuple[PriorityGroup, ...] = ()
    priority: PriorityPolicy = field(default_factory=PriorityPolicy)
    rating: RatingScale = DEFAULT_SCALE
    # Booking ahead (core/appointments.py); no services: booking is off.
    appointments: AppointmentRules = field(default_factory=AppointmentRules)
    # When the counters call citizens (office.toml [hours]); the sample office's unless configured.
    hours: OpeningHours = SAMPLE_HOURS

    def service(self, code: str) -> Service:
        for service in self.services:
            if service.code == code:
                return service
        raise KeyError(code)

    def counter(self, number: int) -> Counter:
        for counter in self.counters:
            if counter.number == number:
                return counter
        raise KeyError(number)

    def counters_serving(self, service_code: str) -> tuple[Counter, ...]:
        return tuple(c for c in self.counters if service_code in c.services)
