"""Who is still to come: history's rates, scaled by how busy today has been."""

from __future__ import annotations

from core.demand import expected_demand
from core.hours import SAMPLE_HOURS
from core.model import PriorityPolicy
from core.wait_state import HourlyHistory, Issued, LiveState
from core.wait_tuning import DEFAULT_TUNING
from tests.core.wait_states import at, office

HISTORY = tuple(HourlyHistory(s, h, 10.0, 0.1, None, 4) for s in ("A", "B") for h in range(7, 17))


def state(now: float, issued: int, history: tuple[HourlyHistory, ...] = HISTORY) -> LiveState:
    tickets = tuple(Issued("A", False, at(7) + i * 60) for i in range(issued))
    return LiveState(now, office([("A", "B")], PriorityPolicy()), SAMPLE_HOURS, (), (), issued_today=tickets,
                     history=history)  # fmt: skip


def test_a_day_busy_as_history_keeps_historys_rates() -> None:
    demand = expected_demand(state(at(9), issued=40), DEFAULT_TUNING)  # history: 20 an hour from 07:00
    assert demand.factor == 1.0
    assert demand.hour_rate(at(10))[0].per_hour == 20.0


def test_a_busier_day_expects_more() -> None:
    demand = expected_demand(state(at(9), issued=100), DEFAULT_TUNING)  # 2.5 × history's 40 by now
    assert demand.factor > 1.4
    assert demand.hour_rate(at(10))[0].per_hour > 28


def test_the_factor_stays_within_its_bounds() -> None:
    assert expected_demand(state(at(9), issued=400), DEFAULT_TUNING).factor == DEFAULT_TUNING.demand_factor_max


def test_without_history_todays_last_hour_goes_on_until_closing() -> None:
    # One A ticket a minute from 07:00 to 09:00: 60 an hour, the last hour's rate, until closing.
    demand = expected_demand(state(at(9), issued=120, history=()), DEFAULT_TUNING)
    rate, _ = demand.hour_rate(at(10))
    assert rate.services == ("A",)
    assert rate.per_hour == 60.0
    assert demand.hour_rate(at(12))[0].per_hour == 0.0  # lunch
    assert demand.hour_rate(at(18))[0].per_hour == 0.0  # closed
