"""The wait estimator's constants: defaults for a day with nothing observed yet, and the range's calibration.

Each default is what an office does before it has shown otherwise; the
estimator moves away from it as the day's own figures come in (core/pace.py).
The point's and the range's constants, and the priors' weights, were chosen on
bench/bench_estimate.py's days of seeds 1–3 and checked on seeds 4 and 5,
which they never saw (bench/estimate-figures.txt).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tuning:
    # Simulated futures per estimate: enough for stable 10th/90th percentiles, few enough for ≤ 20 ms a ticket.
    replicas: int = 48
    # Service times are lognormal with this coefficient of variation (DOMAIN.md: ≈ 0.6).
    cv: float = 0.6

    # -- pace (core/pace.py) --
    # How many of today's services the prior mean of a service is worth: the same weekday's history
    # (pace is much the same from week to week), or the configured mean (a guess, soon corrected).
    history_prior_n: float = 30.0
    config_prior_n: float = 3.0
    # History's mean for this very hour counts as much as the whole day's when the hour saw this many tickets.
    history_hour_tickets: float = 40.0
    # A clerk new to the office is presumed to work at its pace until this many of her services say otherwise.
    counter_prior_n: float = 3.0
    # A clerk's own pace over past days is worth up to this many of today's services.
    clerk_history_n: float = 20.0
    # Today's services per service that count (the latest), so the pace follows the day.
    recent_services: int = 60
    # Call → start: the citizen walks up to the counter.
    walkup_s: float = 30.0
    # Finish → next call, when someone is waiting: the clerk files the dossier and presses "next".
    changeover_s: float = 20.0
    # A new ticket → its call, when a counter for it stood idle: the clerk notices and presses "next".
    reaction_s: float = 20.0
    # Walk-ups, changeovers and reactions vary around their means by up to this share either way (uniformly).
    overhead_spread: float = 0.6
    # A longer finish → call gap was idle time or a pause, not a changeover.
    changeover_max_gap_s: float = 600.0
    # Observations the walk-up and changeover defaults are worth.
    overhead_prior_n: float = 5.0
    no_show_share: float = 0.04
    # Call → marked absent (the clerk recalls once and waits).
    no_show_s: float = 150.0
    no_show_prior_n: float = 25.0
    # A pause outside the lunch break lasts this long on average until today's pauses say otherwise.
    pause_s: float = 20 * 60.0
    pause_prior_n: float = 2.0
    # Clerks are back at their counter this long after a session starts.
    start_delay_s: float = 60.0
    # A counter nobody signed in to yet today is expected until this long into the day's first session.
    sign_in_grace_s: float = 15 * 60.0

    # -- demand (core/demand.py) --
    # Today against history: (issued so far + k) / (history's expectation so far + k), within the bounds.
    # k is large: a morning's tickets stray from history by chance alone (±7 % in 200); a lasting surplus
    # still shows (+30 % over 200 tickets gives 1.2).
    demand_prior_tickets: float = 80.0
    demand_factor_min: float = 0.5
    demand_factor_max: float = 2.0
    # An hour's own mix of services counts as much as the whole day's when the hour saw this many tickets.
    history_mix_tickets: float = 60.0
    # Without history, today's rate over this window stands in for the rest of the day.
    fallback_window_s: float = 3600.0
    # Day-to-day spread of demand around its expectation (log scale), drawn once per simulated future.
    demand_sd: float = 0.15

    # -- the point and the range (core/wait_estimate.py) --
    # The point is this percentile of the simulated waits: a little above their middle, so a citizen is
    # told too little less often than too much.
    point_quantile: float = 0.60
    low_quantile: float = 0.10
    high_quantile: float = 0.90
    # The simulated spread is widened for what the model does not know — more above the point than below
    # it (a dossier that takes an hour, a clerk called away) — and by a few seconds for the clerk's hand.
    spread_low: float = 1.0
    spread_high: float = 1.4
    margin_s: float = 5.0

DEFAULT_TUNING = Tuning()
