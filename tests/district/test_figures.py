"""The arithmetic that combines hourly cells (district/figures.py)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from district.figures import Rollup, StoredCell, combine, figures, merge, pooled_quantile, pooled_quantiles, rollup


def stored(day: str = "2026-11-27", service: str = "A", **kw: object) -> StoredCell:
    values: dict = {
        "office": "ky-son", "day": day, "hour": 8, "service": service, "issued": 10, "served": 8, "no_show": 1,
        "cancelled": 1, "wait_mean_s": 300.0, "wait_p90_s": 600.0, "wait_max_s": 900.0, "service_mean_s": 240.0,
        "rated": 7, "not_satisfied": 1, "ratings": {"3": 4, "2": 2, "1": 1},
    }  # fmt: skip
    values.update(kw)
    return StoredCell(**values)


def test_counts_add_and_means_are_weighted_by_what_they_average() -> None:
    a = stored(served=8, no_show=1, wait_mean_s=100.0, service_mean_s=200.0)
    b = stored(hour=9, issued=2, served=1, no_show=0, cancelled=0, wait_mean_s=1000.0, service_mean_s=500.0,
               rated=1, not_satisfied=0)  # fmt: skip
    f = combine([a, b])
    assert (f["issued"], f["served"], f["no_show"], f["cancelled"]) == (12, 9, 1, 1)
    # waits: 9 called in a (served + no-show), 1 in b
    assert f["wait_mean_s"] == pytest.approx((100 * 9 + 1000 * 1) / 10, abs=0.05)
    assert f["service_mean_s"] == pytest.approx((200 * 8 + 500) / 9, abs=0.05)
    assert f["wait_max_s"] == 900.0


def test_satisfaction_rate_is_rated_minus_not_satisfied_over_rated() -> None:
    f = combine([stored(rated=7, not_satisfied=1), stored(hour=9, rated=3, not_satisfied=2)])
    assert f["satisfaction_rate"] == pytest.approx((10 - 3) / 10 * 100, abs=0.01)
    assert combine([stored(rated=0, not_satisfied=0)])["satisfaction_rate"] is None


def test_no_cells_means_zero_counts_and_no_rates() -> None:
    f = combine([])
    assert f["issued"] == 0 and f["wait_p90_s"] is None and f["satisfaction_rate"] is None


def test_p90_of_alike_hours_is_their_p90() -> None:
    assert pooled_quantile([(10, 600.0, 900.0)] * 5) == pytest.approx(600.0)
    assert pooled_quantile([(3, 0.0, 0.0)]) == pytest.approx(0.0)
    assert pooled_quantile([]) is None


@given(
    st.lists(
        st.tuples(st.integers(1, 200), st.floats(0, 5000), st.floats(0, 3000)).map(lambda t: (t[0], t[1], t[1] + t[2])),
        min_size=1,
        max_size=40,
    )
)
def test_p90_lies_between_the_hourly_p90s_and_never_above_the_longest_wait(parts: list) -> None:
    result = pooled_quantile(parts)
    assert result is not None
    assert min(p for _, p, _ in parts) - 1e-6 <= result <= max(p for _, p, _ in parts) + 1e-6
    assert result <= max(m for _, _, m in parts) + 1e-6


def _exact_p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(int(0.9 * len(ordered) + 0.5) - 1, 0)]


def _cell_figures(waits: list[float]) -> tuple[float, float, float]:
    return (len(waits), _exact_p90(waits), max(waits))


def test_p90_of_a_real_looking_day_is_close_to_the_exact_one() -> None:
    """Hours of a day with different loads (lognormal waits): the interpolation is within 10 % of exact."""
    rng = random.Random(7)
    hours = []
    for scale_s, n in ((300, 30), (900, 45), (1500, 35), (600, 25), (200, 8), (400, 25), (1200, 30), (500, 20)):
        hours.append([rng.lognormvariate(0, 0.6) * scale_s for _ in range(n)])
    exact = _exact_p90([w for hour in hours for w in hour])
    interpolated = pooled_quantile([_cell_figures(h) for h in hours])
    assert interpolated == pytest.approx(exact, rel=0.10)


def test_merged_roll_ups_are_the_roll_up_of_all_the_cells() -> None:
    """What the district keeps per day and per service adds up to the figures of the cells themselves."""
    day1 = [stored(hour=h, service=s, wait_mean_s=60.0 * h, wait_p90_s=90.0 * h, wait_max_s=120.0 * h)
            for h in (8, 9, 10) for s in "AB"]  # fmt: skip
    day2 = [stored(day="2026-11-28", hour=h, rated=0, not_satisfied=0) for h in (8, 9)]
    merged, whole = figures(merge([rollup(day1), rollup(day2)])), combine(day1 + day2)
    for name in ("issued", "served", "no_show", "rated", "not_satisfied", "satisfaction_rate", "wait_max_s"):
        assert merged[name] == whole[name], name
    assert merged["wait_mean_s"] == pytest.approx(whole["wait_mean_s"], abs=0.1)
    assert merged["service_level"] == pytest.approx(whole["service_level"], abs=0.01)
    assert figures(Rollup())["wait_p90_s"] is None


part = st.tuples(
    st.integers(0, 3),
    st.sampled_from([0, 1, 7, 150]),
    st.sampled_from([0.0, 0.0005, 30.0, 600.0, 4321.5]),
    st.sampled_from([0.0, 0.0002, 60.0, 900.0]),
).map(lambda t: (t[0], t[1], t[2], t[2] + t[3]))


@given(st.lists(part, max_size=40))
def test_many_groups_at_once_give_what_each_group_alone_gives(parts: list) -> None:
    """The vectorised sweep (national rankings) against the plain one, steps and empty groups included."""
    got = pooled_quantiles([p[0] for p in parts], [p[1] for p in parts], [p[2] for p in parts],
                           [p[3] for p in parts], 4)  # fmt: skip
    for group in range(4):
        expected = pooled_quantile([(w, p90, top) for g, w, p90, top in parts if g == group])
        if expected is None:
            assert got[group] is None
        else:
            assert got[group] == pytest.approx(expected, rel=1e-9, abs=1e-6)
