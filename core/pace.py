"""How fast the office works today: each service's mean time, each clerk's speed, the time between citizens.

A service by a clerk takes ``mean_s[service] × speed`` on average: a clerk
twice as slow has speed 2. Both are fitted to today's finished calls
(alternating, each shrunk toward its prior), so one slow clerk does not make
her service look slow everywhere. Priors: for a service, the office's history
for the same weekday and hour, else the configured mean; for a clerk, her own
pace over past days (``clerk_paces``), else the office's (speed 1) — a clerk
new to the office is learnt from today alone.

``*_n`` is how many observations stand behind a figure (prior included); the
simulation draws each future's figures around it, wider when it is thinner.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from core.wait_state import Activity, ClerkHistory, FinishedCall, HourlyHistory, LiveState
from core.wait_tuning import Tuning

# Alternating fit of service means and clerk speeds: converges in a few rounds.
FIT_ROUNDS = 4
# A service faster than this was a mistaken press, not a service.
MIN_SERVICE_S = 10.0


@dataclass(frozen=True)
class Pace:
    mean_s: Mapping[str, float]
    mean_n: Mapping[str, float]
    speed: Mapping[int, float]  # by counter: the speed of whoever works there
    speed_n: Mapping[int, float]
    walkup_s: float
    changeover_s: float
    reaction_s: float
    no_show_share: float
    no_show_s: float
    pause_s: float


def who(clerk: str | None, counter: int) -> str:
    """Whose pace a service shows: the clerk's, or the counter's when no clerk is known."""
    return clerk if clerk is not None else f"#counter {counter}"


@dataclass(frozen=True)
class _Fit:
    means: dict[str, float]
    mean_n: dict[str, float]
    speeds: dict[str, float]
    speed_n: dict[str, float]


def _fit(
    samples: list[tuple[str, str, float]],
    priors: Mapping[str, tuple[float, float]],
    speed_priors: Mapping[str, tuple[float, float]],
    cv: float,
) -> _Fit:
    """Service means and worker speeds from (worker, service, seconds), each shrunk to its (value, worth) prior.

    Fitted on the log scale, as service times are lognormal: ln seconds = ln mean + ln speed + noise,
    the noise's mean being −σ²/2 so that ``mean`` stays the arithmetic mean. There one long dossier
    moves a figure far less than on the seconds themselves, and the split of a slow service between
    its service and its clerk follows what each prior is worth: a clerk new today has little to
    hold her at the office's pace, a service has its history.

    Services still under way are left out here (see ``_still_running``).
    """
    half_var = math.log(1 + cv * cv) / 2
    logs = [(w, s, math.log(x) + half_var) for w, s, x in samples]
    log_means = {s: math.log(m) for s, (m, _) in priors.items()}
    workers = {w for w, _, _ in samples} | set(speed_priors)
    log_speeds = {w: math.log(speed_priors.get(w, (1.0, 0.0))[0]) for w in workers}
    for _ in range(FIT_ROUNDS):
        sums: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        for w, s, y in logs:
            sums[s] += y - log_speeds[w]
            counts[s] += 1
        log_means = {s: (sums[s] + math.log(m) * n) / (counts[s] + n) for s, (m, n) in priors.items()}
        ratio: dict[str, float] = defaultdict(float)
        seen: dict[str, int] = defaultdict(int)
        for w, s, y in logs:
            ratio[w] += y - log_means[s]
            seen[w] += 1
        for w in workers:
            prior, worth = speed_priors.get(w, (1.0, 0.0))
            if seen[w] + worth > 0:
                log_speeds[w] = (ratio[w] + math.log(prior) * worth) / (seen[w] + worth)
    counts = defaultdict(int)
    for _, s, _ in samples:
        counts[s] += 1
    worker_n: dict[str, int] = defaultdict(int)
    for w, _, _ in samples:
        worker_n[w] += 1
    return _Fit(
        means={s: math.exp(v) for s, v in log_means.items()},
        mean_n={s: counts[s] + priors[s][1] for s in log_means},
        speeds={w: math.exp(v) for w, v in log_speeds.items()},
        speed_n={w: worker_n[w] + speed_priors.get(w, (1.0, 0.0))[1] for w in workers},
    )


def _service_samples(calls: Iterable[FinishedCall], walkup_s: float) -> list[tuple[str, str, float]]:
    samples = []
    for f in calls:
        if f.no_show:
            continue
        begin = f.started_at if f.started_at is not None else f.called_at + walkup_s
        if f.finished_at - begin >= MIN_SERVICE_S:
            samples.append((who(f.clerk, f.counter), f.service, f.finished_at - begin))
    return samples


def clerk_paces(calls: Iterable[FinishedCall], tuning: Tuning) -> tuple[ClerkHistory, ...]:
    """Each clerk's pace over past days' calls (the office server keeps these for ``LiveState.clerk_history``)."""
    samples = [s for s in _service_samples(calls, tuning.walkup_s) if not s[0].startswith("#")]
    by_service: dict[str, list[float]] = defaultdict(list)
    for _, s, x in samples:
        by_service[s].append(x)
    priors = {s: (statistics.fmean(xs), 0.0) for s, xs in by_service.items()}
    fit = _fit(samples, priors, {w: (1.0, tuning.counter_prior_n) for w, _, _ in samples}, tuning.cv)
    return tuple(
        ClerkHistory(w, fit.speeds[w], round(fit.speed_n[w] - tuning.counter_prior_n)) for w in sorted(fit.speeds)
    )


def prior_means(state: LiveState, tuning: Tuning) -> dict[str, tuple[float, float]]:
    """Per service: (mean, what it is worth in observations).

    History for this weekday: the mean of the whole day's services, leaning toward this hour's as far
    as this hour saw many (an hour of two or three past days is a thin sample; a service's pace changes
    little from hour to hour), worth as many services as it saw, up to ``history_prior_n``. Without
    history, the configured mean, worth little.
    """
    hour = datetime.fromtimestamp(state.now, state.hours.tz).hour
    by_service: dict[str, list[HourlyHistory]] = defaultdict(list)
    for cell in state.history:
        if cell.mean_service_s is not None and cell.mean_service_s > 0:
            by_service[cell.service].append(cell)
    priors: dict[str, tuple[float, float]] = {}
    for service in state.office.services:
        cells = by_service.get(service.code, [])
        if not cells:
            priors[service.code] = (service.mean_service_s, tuning.config_prior_n)
            continue
        this_hour = [c for c in cells if c.hour == hour]
        day_mean, hour_seen = _weighted_mean(cells), _tickets(this_hour)
        mean = day_mean
        if this_hour:
            k = tuning.history_hour_tickets
            mean = (_weighted_mean(this_hour) * hour_seen + day_mean * k) / (hour_seen + k)
        priors[service.code] = (mean, min(tuning.history_prior_n, _tickets(cells)))
    return priors


def _tickets(cells: list[HourlyHistory]) -> float:
    return sum(c.tickets_per_hour * c.days for c in cells)


def _weighted_mean(cells: Iterable[HourlyHistory]) -> float:
    pairs = [(c.mean_service_s or 0.0, max(c.tickets_per_hour * c.days, 1e-9)) for c in cells]
    return sum(v * w for v, w in pairs) / sum(w for _, w in pairs)


def _shrunk(values: list[float], prior: float, prior_n: float) -> float:
    return (sum(values) + prior * prior_n) / (len(values) + prior_n)


def observe_pace(state: LiveState, tuning: Tuning) -> Pace:
    finished = sorted(state.finished_today, key=lambda f: f.called_at)
    walkups = [f.started_at - f.called_at for f in finished if f.started_at is not None and not f.no_show]
    recent_walkups = [max(0.0, w) for w in walkups[-tuning.recent_services :]]
    walkup_s = _shrunk(recent_walkups, tuning.walkup_s, tuning.overhead_prior_n)
    changeovers, reactions = _gaps(finished, tuning.changeover_max_gap_s)
    changeover_s = _shrunk(changeovers[-tuning.recent_services :], tuning.changeover_s, tuning.overhead_prior_n)
    reaction_s = _shrunk(reactions[-tuning.recent_services :], tuning.reaction_s, tuning.overhead_prior_n)

    no_shows = [f for f in finished if f.no_show]
    share = (len(no_shows) + tuning.no_show_share * tuning.no_show_prior_n) / (len(finished) + tuning.no_show_prior_n)
    no_show_s = _shrunk([f.finished_at - f.called_at for f in no_shows], tuning.no_show_s, tuning.overhead_prior_n)

    # The latest ``recent_services`` of each service, so the pace follows the day.
    per_service: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for sample in _service_samples(finished, walkup_s):
        per_service[sample[1]].append(sample)
    samples = [x for rows in per_service.values() for x in rows[-tuning.recent_services :]]
    priors = prior_means(state, tuning)
    for s, rows in per_service.items():  # a service no longer configured: today's own mean
        priors.setdefault(s, (statistics.fmean(x for _, _, x in rows), 1.0))
    speed_priors = {w: (1.0, tuning.counter_prior_n) for w, _, _ in samples}
    for c in state.counters:
        speed_priors[who(c.clerk, c.number)] = (1.0, tuning.counter_prior_n)
    for h in state.clerk_history:
        speed_priors[h.clerk] = (h.speed, min(float(h.services), tuning.clerk_history_n))
    fit = _fit(samples, priors, speed_priors, tuning.cv)

    # Whose pace each counter has: its clerk's now, or its last clerk's today.
    last_at_counter = {f.counter: who(f.clerk, f.counter) for f in finished}
    worker = {c.number: who(c.clerk, c.number) if c.clerk else last_at_counter.get(c.number) for c in state.counters}
    speed = {n: fit.speeds.get(w, 1.0) if w else 1.0 for n, w in worker.items()}
    # The service under way says something too: it has lasted this long and is not over yet.
    sigma = math.sqrt(math.log(1 + tuning.cv * tuning.cv))
    for c in state.counters:
        w = worker[c.number]
        if c.activity is Activity.SERVING and c.since is not None and w and c.current_service in fit.means:
            lasted = (state.now - c.since) / fit.means[c.current_service]
            speed[c.number] = _still_running(speed[c.number], fit.speed_n.get(w, 1.0), lasted, sigma)
    return Pace(
        mean_s=fit.means,
        mean_n=fit.mean_n,
        speed=speed,
        speed_n={n: fit.speed_n.get(w, tuning.counter_prior_n) if w else 1.0 for n, w in worker.items()},
        walkup_s=walkup_s,
        changeover_s=changeover_s,
        reaction_s=reaction_s,
        no_show_share=share,
        no_show_s=no_show_s,
        pause_s=_pause_s(state, tuning),
    )


def _still_running(speed: float, worth: float, lasted: float, sigma: float) -> float:
    """A clerk's speed updated with a service that has lasted ``lasted`` × its mean and is not over.

    The speed's prior is lognormal around ``speed`` with the spread of ``worth`` services; a service
    still running at ``lasted`` has likelihood P(duration > lasted | speed) (it is censored, not seen).
    The most likely speed is where the prior's pull and the survival's push balance: found by
    bisection, since the first falls and the second rises with the speed. A service still short of
    its mean hardly moves it; one running far past it (a slow clerk) moves it at once.
    """
    if lasted <= 0:
        return speed
    u0, target = math.log(speed), math.log(lasted) + sigma * sigma / 2
    normal = statistics.NormalDist()

    def slope(u: float) -> float:
        z = (target - u) / sigma
        survival = max(1.0 - normal.cdf(z), 1e-300)
        return -worth * (u - u0) / (sigma * sigma) + normal.pdf(z) / (sigma * survival)

    low, high = u0, u0 + 3.0
    if slope(low) <= 0:
        return speed
    for _ in range(40):
        mid = (low + high) / 2
        low, high = (mid, high) if slope(mid) > 0 else (low, mid)
    return math.exp(low)


def _gaps(finished: list[FinishedCall], max_gap_s: float) -> tuple[list[float], list[float]]:
    """Changeovers and reactions at each counter, in the order they happened.

    Changeover: finish → next call, when the next citizen was already waiting at the finish.
    Reaction: a ticket's issue → its call, when it came while the counter stood idle.
    """
    by_counter: dict[int, list[FinishedCall]] = defaultdict(list)
    for f in finished:
        by_counter[f.counter].append(f)
    changeovers: list[tuple[float, float]] = []
    reactions: list[tuple[float, float]] = []
    for calls in by_counter.values():
        for before, after in zip(calls, calls[1:], strict=False):
            if after.queued_at <= before.finished_at:
                gap = after.called_at - before.finished_at
                if 0 <= gap <= max_gap_s:
                    changeovers.append((after.called_at, gap))
            else:
                gap = after.called_at - after.queued_at
                if 0 <= gap <= max_gap_s:
                    reactions.append((after.called_at, gap))
    return [g for _, g in sorted(changeovers)], [g for _, g in sorted(reactions)]


def _pause_s(state: LiveState, tuning: Tuning) -> float:
    """Mean length of today's pauses that were not the lunch break (most of them outside any break)."""
    lengths = []
    for p in state.pauses_today:
        in_break = sum(b.overlap(p.start, p.end) for b in state.hours.breaks(p.start, p.counter))
        if p.end > p.start and in_break < (p.end - p.start) / 2:
            lengths.append(p.end - p.start)
    return _shrunk(lengths, tuning.pause_s, tuning.pause_prior_n)
