"""The reference day of a commune office (DOMAIN.md), as data a simulation can draw from.

Used by the demo's simulated day and by benchmarks; seeded, so runs repeat.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

# (start, end) in minutes after midnight, tickets in that interval, commune office (~224/day).
ARRIVALS: tuple[tuple[int, int, int], ...] = (
    (7 * 60, 8 * 60, 30),
    (8 * 60, 9 * 60, 45),
    (9 * 60, 10 * 60, 35),
    (10 * 60, 11 * 60, 25),
    (11 * 60, 11 * 60 + 30, 8),
    (13 * 60 + 30, 14 * 60 + 30, 25),
    (14 * 60 + 30, 15 * 60 + 30, 30),
    (15 * 60 + 30, 16 * 60 + 30, 20),
    (16 * 60 + 30, 17 * 60, 6),
)
# Share of arrivals per service of the sample office.
SERVICE_SHARE: dict[str, float] = {"A": 0.20, "B": 0.35, "C": 0.15, "D": 0.12, "E": 0.05, "F": 0.13}
PRIORITY_SHARE = 0.08
NO_SHOW_SHARE = 0.04
SERVICE_TIME_CV = 0.6


@dataclass(frozen=True)
class Arrival:
    minute: float  # minutes after local midnight
    service: str
    priority: bool


def arrivals(rng: random.Random, scale: float = 1.0, services: dict[str, float] | None = None) -> list[Arrival]:
    """One day's arrivals: Poisson within each interval of the reference profile, ×``scale``."""
    shares = services or SERVICE_SHARE
    codes, weights = list(shares), list(shares.values())
    day: list[Arrival] = []
    for start, end, count in ARRIVALS:
        rate = count * scale / (end - start)  # per minute
        t = float(start)
        while True:
            t += rng.expovariate(rate)
            if t >= end:
                break
            day.append(Arrival(t, rng.choices(codes, weights)[0], rng.random() < PRIORITY_SHARE))
    return day


def service_time_s(rng: random.Random, mean_s: float, cv: float = SERVICE_TIME_CV) -> float:
    """A right-skewed service time: lognormal with the given mean and coefficient of variation."""
    sigma = math.sqrt(math.log(1 + cv * cv))
    mu = math.log(mean_s) - sigma * sigma / 2
    return rng.lognormvariate(mu, sigma)
