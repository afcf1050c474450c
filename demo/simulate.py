"""A realistic office day driven through the real API, compressed in time.

Citizens arrive by the reference day's profile and take tickets at the kiosk;
clerks call, serve (lognormal service times), mark the odd no-show, break for
lunch; most citizens rate. One scheduler thread, plain HTTP with timeouts:
the screens see exactly what a real day would push to them.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import random
import threading
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from core.clock import ScaledClock, local_epoch
from core.reference_day import NO_SHOW_SHARE, arrivals, service_time_s

log = logging.getLogger("onestop.demo.simulate")

TIMEOUT_S = 5
LUNCH = (11 * 60 + 30, 13 * 60 + 30)
END_OF_DAY = 17 * 60 + 15
RATING_RESPONSE = 0.7
RATING_WEIGHTS = {3: 0.72, 2: 0.22, 1: 0.06}
REASONS = ["long_wait", "slow", "unclear", "attitude"]


class DaySimulation:
    """Drives one office day; ``run`` returns when ``stop`` is set or the day is over.

    ``tokens``: 'kiosk' and 'counter<N>' device tokens; clerks 'clerk<N>' sign in with ``pin``.
    """

    def __init__(
        self,
        base_url: str,
        tokens: dict[str, str],
        clock: ScaledClock,
        tz: ZoneInfo,
        counters: dict[int, list[str]],
        mean_service_s: dict[str, float],
        seed: int = 1,
        pin: str = "246810",
        ca: Path | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.tz = tz
        self.counters = counters
        self.mean_service_s = mean_service_s
        self.rng = random.Random(seed)
        self.pin = pin
        self.ca = ca
        # Each ticket's code, as its citizen holds it on her slip: she rates with it at the kiosk.
        self.codes: dict[int, str] = {}
        self._sessions = {name: self._session(token) for name, token in tokens.items()}
        self._queue: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self.issued = 0
        self.served = 0

    def _session(self, token: str) -> requests.Session:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        if self.ca is not None:
            session.verify = str(self.ca)  # the office's own CA: the demo runs HTTPS as an office does
        return session

    def _post(self, device: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any] | None:
        try:
            response = self._sessions[device].post(self.base_url + path, json=body or {}, timeout=TIMEOUT_S)
        except requests.RequestException as exc:
            log.warning("simulation: %s %s failed: %s", device, path, exc)
            return None
        if response.status_code >= 400:
            log.debug("simulation: %s %s → %s %s", device, path, response.status_code, response.text[:120])
            return None
        result: dict[str, Any] = response.json()
        return result

    def act(self, device: str, path: str) -> None:
        """A call whose answer does not matter (a recall)."""
        self._post(device, path)

    def at(self, epoch_s: float, action: Callable[[], None]) -> None:
        heapq.heappush(self._queue, (epoch_s, next(self._order), action))

    def after(self, seconds: float, action: Callable[[], None]) -> None:
        self.at(self.clock() + seconds, action)

    def minute_now(self) -> float:
        now = datetime.fromtimestamp(self.clock(), self.tz)
        return now.hour * 60 + now.minute + now.second / 60

    # -- the day ----------------------------------------------------------------

    def plan(self, day: date) -> None:
        start_minute = self.minute_now()
        for arrival in arrivals(self.rng):
            if arrival.minute >= start_minute:
                when = local_epoch(day, arrival.minute, self.tz)
                self.at(when, partial(self.arrive, arrival.service, arrival.priority))
        for number in self.counters:
            self.after(self.rng.uniform(0, 60), partial(self.open_counter, number))

    def arrive(self, service: str, priority: bool) -> None:
        group = self.rng.choice(["elderly", "disabled", "pregnant", "merit", "child"]) if priority else None
        ticket = self._post("kiosk", "/api/tickets", {"service": service, "priority": group})
        if ticket:
            self.issued += 1
            self.codes[int(ticket["id"])] = str(ticket["public_code"])

    def open_counter(self, number: int) -> None:
        credentials = {"username": f"clerk{number}", "pin": self.pin}
        self._post(f"counter{number}", f"/api/counters/{number}/sign-in", credentials)
        self.idle(number)

    def idle(self, number: int) -> None:
        minute = self.minute_now()
        device = f"counter{number}"
        if minute >= END_OF_DAY:
            return
        if LUNCH[0] <= minute < LUNCH[1]:
            self._post(device, f"/api/counters/{number}/pause", {"reason": "Nghỉ trưa"})
            resume = local_epoch(datetime.fromtimestamp(self.clock(), self.tz).date(), LUNCH[1], self.tz)
            self.at(resume + self.rng.uniform(0, 120), lambda: self.resume(number))
            return
        answer = self._post(device, f"/api/counters/{number}/call-next")
        ticket = answer.get("ticket") if answer else None
        if ticket is None:
            self.after(self.rng.uniform(30, 90), lambda: self.idle(number))
        elif self.rng.random() < NO_SHOW_SHARE:
            self.after(60, partial(self.act, device, f"/api/counters/{number}/recall"))
            self.after(150, lambda: self.no_show(number))
        else:
            self.after(self.rng.uniform(15, 60), lambda: self.start(number, ticket))

    def resume(self, number: int) -> None:
        self._post(f"counter{number}", f"/api/counters/{number}/resume")
        self.idle(number)

    def no_show(self, number: int) -> None:
        self._post(f"counter{number}", f"/api/counters/{number}/no-show", {"requeue": False})
        self.after(10, lambda: self.idle(number))

    def start(self, number: int, ticket: dict[str, Any]) -> None:
        self._post(f"counter{number}", f"/api/counters/{number}/start")
        duration = service_time_s(self.rng, self.mean_service_s.get(ticket["service"], 480))
        self.after(duration, lambda: self.finish(number, ticket))

    def finish(self, number: int, ticket: dict[str, Any]) -> None:
        if self._post(f"counter{number}", f"/api/counters/{number}/finish"):
            self.served += 1
            if self.rng.random() < RATING_RESPONSE:
                self.after(self.rng.uniform(5, 20), lambda: self.rate(number, ticket["id"]))
        self.after(self.rng.uniform(10, 40), lambda: self.idle(number))

    def rate(self, number: int, ticket_id: int) -> None:
        """At the counter's tablet where there is one (counter 1 here), else at the kiosk with the slip's code."""
        level = self.rng.choices(list(RATING_WEIGHTS), list(RATING_WEIGHTS.values()))[0]
        reasons = self.rng.sample(REASONS, self.rng.randint(1, 2)) if level == 1 else []
        body = {"level": level, "reasons": reasons}
        tablet = f"rating{number}"
        if tablet in self._sessions:
            self._post(tablet, f"/api/tickets/{ticket_id}/rating", body)
        elif ticket_id in self.codes:
            self._post("kiosk", f"/api/tickets/{ticket_id}/rating?c={self.codes.pop(ticket_id)}", body)

    def run(self, stop: threading.Event) -> None:
        self.plan(datetime.fromtimestamp(self.clock(), self.tz).date())
        while self._queue and not stop.is_set():
            when, _, action = self._queue[0]
            wait = self.clock.real_seconds_until(when)
            if wait > 0:
                stop.wait(min(wait, 0.5))
                continue
            heapq.heappop(self._queue)
            try:
                action()
            except Exception:  # a bug in the simulation must not take the demo down
                log.exception("simulation step failed")
        log.info("simulation ended: %d issued, %d served", self.issued, self.served)
