import random
import statistics

from core.reference_day import ARRIVALS, SERVICE_SHARE, arrivals, service_time_s


def test_a_day_has_the_reference_shape() -> None:
    days = [arrivals(random.Random(seed)) for seed in range(40)]
    mean_total = statistics.fmean(len(d) for d in days)
    assert 200 <= mean_total <= 250  # ~224 a day
    peak = statistics.fmean(sum(1 for a in d if 8 * 60 <= a.minute < 9 * 60) for d in days)
    assert 38 <= peak <= 52
    lunch = [a for d in days for a in d if 11 * 60 + 30 <= a.minute < 13 * 60 + 30]
    assert lunch == []
    every = [a for d in days for a in d]
    share_b = sum(1 for a in every if a.service == "B") / len(every)
    assert abs(share_b - SERVICE_SHARE["B"]) < 0.03
    assert 0.05 < sum(a.priority for a in every) / len(every) < 0.11
    assert all(a.minute == sorted(x.minute for x in d)[i] for d in days[:3] for i, a in enumerate(d))
    assert sum(n for *_, n in ARRIVALS) == 224


def test_service_times_are_lognormal_with_the_mean_and_cv() -> None:
    rng = random.Random(7)
    samples = [service_time_s(rng, 540) for _ in range(20_000)]
    mean = statistics.fmean(samples)
    assert abs(mean - 540) < 15
    assert abs(statistics.pstdev(samples) / mean - 0.6) < 0.05
    assert statistics.median(samples) < mean  # right-skewed
