"""The latest batch of wait estimates, where the database thread reads it: issuing prints from it.

server/live_estimates.py computes a batch off the database thread and posts
it here through the database thread (Store.post_estimates), so every reader —
a ticket being issued, the queues each event carries, /api/state, the public
page — sees one batch or the next, never half of one. A batch of another day,
or one left too old (the estimator stopped), is not used: the queue-length
baseline (core/estimate.py) stands in, as it does before the first batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.wait_estimate import Estimates, WaitEstimate

# A batch older than this (office time) means the estimator is not keeping up or stopped;
# while the state changes it posts one every 10 s, and every minute regardless.
MAX_AGE_S = 300.0


@dataclass(frozen=True)
class Batch:
    day: str  # the office day it belongs to
    at: float  # the moment it describes (epoch s)
    as_of: int  # the seq of the last event in its snapshot
    estimates: Estimates
    compute_ms: float


class WaitBoard:
    def __init__(self) -> None:
        self.batch: Batch | None = None

    def post(self, batch: Batch) -> None:
        self.batch = batch

    def current(self, day: str, now: float) -> Batch | None:
        """The batch to go by today at ``now``, if there is one fresh enough."""
        batch = self.batch
        if batch is None or batch.day != day or not batch.at - 60 <= now <= batch.at + MAX_AGE_S:
            return None
        return batch

    def new_ticket(self, day: str, now: float, service: str, priority: bool) -> WaitEstimate | None:
        batch = self.current(day, now)
        if batch is None:
            return None
        table = batch.estimates.new_priority_ticket if priority else batch.estimates.new_ticket
        return table.get(service)

    def ticket(self, day: str, now: float, ticket_id: int) -> WaitEstimate | None:
        batch = self.current(day, now)
        return None if batch is None else batch.estimates.tickets.get(ticket_id)
