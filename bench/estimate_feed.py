"""The wait estimator's input, read from a running office server's API as any client could.

* GET /api/state: the waiting tickets, each counter's state and current ticket, the priority policy.
* WS /api/events: today's calls, finishes, no-shows, pauses and sign-ins, followed live — the
  finished calls give the day's pace; the calls give each counter's interleave count.
* GET /api/stats/hourly and /api/stats over past days: the same weekday's history.

What the API does not give and this module works out or assumes is listed in
``MISSING`` (phase 2: the server computes these itself).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from typing import Any

import requests
from websockets.sync.client import ClientConnection, connect

from core.hours import OpeningHours
from core.model import Office
from core.wait_state import (
    Activity,
    ClerkHistory,
    CounterNow,
    FinishedCall,
    HourlyHistory,
    Issued,
    LiveState,
    PauseSpan,
    WaitingTicket,
)

TIMEOUT_S = 10

MISSING = (
    "opening hours and the lunch break (not in office.toml: core.hours.SAMPLE_HOURS and the scenario's hours stand in)",
    "each counter's regular_since_priority (counter_state column; counted here from ticket.called events)",
    "whether a counter was signed in earlier today (counted here from counter.signed_in events)",
    "today's finished calls with their times, and today's pauses (here from the event stream)",
    "priority share per service and hour in history (/api/stats by_hour gives it for all services together)",
    "each clerk's pace over past days (here from replaying the event stream of the history days)",
)


def epoch(iso: str | None) -> float | None:
    return None if iso is None else datetime.fromisoformat(iso).timestamp()


def finished_call(event: dict[str, Any]) -> FinishedCall | None:
    """A ticket.finished or ticket.no_show event as the estimator's FinishedCall."""
    ticket = event.get("ticket")
    if event["type"] not in ("ticket.finished", "ticket.no_show") or not ticket or not ticket["called_at"]:
        return None
    called, queued, at = epoch(ticket["called_at"]), epoch(ticket["queued_at"]), epoch(event["at"])
    assert called is not None and queued is not None and at is not None
    return FinishedCall(
        counter=ticket["counter"],
        service=ticket["service"],
        queued_at=queued,
        called_at=called,
        started_at=epoch(ticket["started_at"]),
        finished_at=at,
        no_show=event["type"] == "ticket.no_show",
        clerk=ticket["clerk"],
    )


def past_calls(base_url: str, token: str, since: int) -> list[FinishedCall]:
    """The finished calls after event ``since``, replayed by the event stream (WS /api/events?since=)."""
    url = base_url.replace("http://", "ws://") + f"/api/events?since={since}"
    calls = []
    with connect(url, additional_headers={"Authorization": f"Bearer {token}"}, max_size=None) as ws:
        last = json.loads(ws.recv(timeout=TIMEOUT_S))["seq"]
        seq = since
        while seq < last:
            event = json.loads(ws.recv(timeout=TIMEOUT_S))
            seq = event["seq"]
            if (call := finished_call(event)) is not None:
                calls.append(call)
    return calls


class LiveFeed:
    """Follows the event stream from the start of the day; ``state()`` builds the estimator's snapshot."""

    def __init__(self, base_url: str, token: str, office: Office, hours: OpeningHours) -> None:
        self.base_url = base_url
        self.office = office
        self.hours = hours
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        ws_url = base_url.replace("http://", "ws://") + "/api/events"
        self.ws: ClientConnection = connect(ws_url, additional_headers={"Authorization": f"Bearer {token}"})
        hello = json.loads(self.ws.recv(timeout=TIMEOUT_S))
        self.seq: int = hello["seq"]
        self.finished: list[FinishedCall] = []
        self.pauses: list[PauseSpan] = []
        self.issued: list[Issued] = []
        self.open_pause: dict[int, float] = {}
        self.signed_in: set[int] = set()
        self.since_priority: dict[int, int] = defaultdict(int)
        self.history: tuple[HourlyHistory, ...] = ()
        self.clerk_history: tuple[ClerkHistory, ...] = ()
        # Ticket id → the last call of its finished or no-show call (the wait's end, as core/stats.py counts it).
        self.last_call: dict[int, float] = {}

    def close(self) -> None:
        self.ws.close()
        self.session.close()

    def get(self, path: str, **params: Any) -> Any:
        response = self.session.get(self.base_url + path, params=params, timeout=TIMEOUT_S)
        response.raise_for_status()
        return response.json()

    # -- history ----------------------------------------------------------------------

    def load_history(self, days: list[date], weekday: int) -> None:
        """The same weekday's past days: tickets per hour and service, service times, priority share per hour."""
        same = sorted(d for d in days if d.weekday() == weekday)
        if not same:
            return
        first, last = same[0].isoformat(), same[-1].isoformat()
        wanted = {d.isoformat() for d in same}
        cells = [c for c in self.get("/api/stats/hourly", **{"from": first, "to": last})["cells"] if c["day"] in wanted]
        stats = self.get("/api/stats", **{"from": first, "to": last})
        priority_share = {row["hour"]: (row["priority_share"] or 0.0) / 100 for row in stats["by_hour"]}
        issued: dict[tuple[str, int], int] = defaultdict(int)
        served_time: dict[tuple[str, int], float] = defaultdict(float)
        served: dict[tuple[str, int], int] = defaultdict(int)
        for c in cells:
            key = (c["service"], c["hour"])
            issued[key] += c["issued"]
            if c["service_mean_s"] is not None:
                served_time[key] += c["service_mean_s"] * c["served"]
                served[key] += c["served"]
        self.history = tuple(
            HourlyHistory(
                service=s,
                hour=h,
                tickets_per_hour=n / len(same),
                priority_share=priority_share.get(h, 0.0),
                mean_service_s=served_time[(s, h)] / served[(s, h)] if served[(s, h)] else None,
                days=len(same),
            )
            for (s, h), n in sorted(issued.items())
        )

    # -- today ------------------------------------------------------------------------

    def follow(self, seq: int) -> None:
        """Read the stream until event ``seq`` (a condition awaited with a timeout, not a sleep)."""
        while self.seq < seq:
            event = json.loads(self.ws.recv(timeout=TIMEOUT_S))
            if event.get("seq", 0) <= self.seq:
                continue
            self.seq = event["seq"]
            self._apply(event)

    def _apply(self, event: dict[str, Any]) -> None:
        kind = event["type"]
        at = epoch(event["at"])
        assert at is not None
        ticket = event.get("ticket")
        counter = event.get("counter")
        if kind == "ticket.issued" and ticket:
            self.issued.append(Issued(ticket["service"], ticket["priority"] is not None, at))
        elif kind == "ticket.called" and ticket and counter:
            n = counter["number"]
            self.since_priority[n] = 0 if ticket["priority"] is not None else self.since_priority[n] + 1
        elif (call := finished_call(event)) is not None:
            assert ticket is not None
            self.last_call[ticket["id"]] = call.called_at
            self.finished.append(call)
        elif kind == "counter.signed_in" and counter:
            self.signed_in.add(counter["number"])
        elif kind == "counter.paused" and counter:
            self.open_pause[counter["number"]] = at
        elif kind in ("counter.resumed", "counter.signed_out") and counter:
            start = self.open_pause.pop(counter["number"], None)
            if start is not None:
                self.pauses.append(PauseSpan(counter["number"], start, at))

    def state(self) -> tuple[LiveState, dict[str, Any]]:
        """The snapshot as of now, and the /api/state body it came from."""
        body = self.get("/api/state")
        self.follow(body["seq"])
        now = epoch(body["now"])
        assert now is not None
        counters = []
        for c in body["counters"]:
            ticket = c["ticket"]
            activity = Activity(c["state"])
            since = None
            if activity is Activity.PAUSED:
                since = epoch(c["paused_at"])
            elif activity is Activity.CALLING and ticket:
                since = epoch(ticket["called_at"])
            elif activity is Activity.SERVING and ticket:
                since = epoch(ticket["started_at"]) or epoch(ticket["called_at"])
            counters.append(
                CounterNow(
                    number=c["number"],
                    services=tuple(c["services"]),
                    activity=activity,
                    since=since,
                    current_service=ticket["service"] if ticket else None,
                    regular_since_priority=self.since_priority[c["number"]],
                    signed_in_today=c["number"] in self.signed_in,
                    clerk=c["clerk"]["username"] if c["clerk"] else None,
                )
            )
        waiting = tuple(
            WaitingTicket(t["id"], t["service"], t["priority"] is not None, epoch(t["queued_at"]) or now)
            for t in body["waiting"]
        )
        state = LiveState(
            now=now,
            office=self.office,
            hours=self.hours,
            waiting=waiting,
            counters=tuple(counters),
            finished_today=tuple(self.finished),
            pauses_today=tuple(self.pauses),
            issued_today=tuple(self.issued),
            history=self.history,
            clerk_history=self.clerk_history,
        )
        return state, body
