"""Booked citizens in the simulated future: ahead of the walk-ins of their service, as the server calls them.

The server calls a booked citizen whose slot has started before the walk-ins of her service
(core/queue.py ``pick_next`` with ``Bookings``). The simulation (core/wait_sim.py) keeps one queue per
service and class and calls from their heads, so a booked citizen goes to the front of her queue,
behind the booked citizens already there (earlier slots first). That holds both for those who have
checked in (a waiting ticket with ``booked_slot``) and for those expected to arrive at their slot
(core.wait_state.Booking, from the day's bookings not checked in yet).

Two simplifications, both telling a walk-in a little more rather than less: a citizen who checked in
before her slot starts (at most ``early_min`` early) counts as ahead at once, and the walk-ins' cap
(``walk_in_every`` booked citizens in a row) is not simulated — it binds only when more booked
citizens are due together than the cap, rare with a few places per slot.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from core.queue import QueueEntry
from core.wait_state import WaitingTicket


def _booked_key(slot: float | None, queue_key: float, ticket_id: int) -> tuple[int, float, float, int]:
    if slot is None:
        return (1, 0.0, queue_key, ticket_id)
    return (0, slot, queue_key, ticket_id)


def queue_order(waiting: Iterable[WaitingTicket]) -> list[WaitingTicket]:
    """The waiting tickets in the order their queues call them: booked (by slot), then the rest as queued."""
    return sorted(waiting, key=lambda t: _booked_key(t.booked_slot, t.queue_key, t.ticket_id))


def enqueue(queue: deque[QueueEntry], entry: QueueEntry) -> None:
    """``entry`` joins ``queue``: a walk-in at the back, a booked citizen behind the booked ones at the front."""
    if entry.booked_slot is None:
        queue.append(entry)
        return
    key = _booked_key(entry.booked_slot, entry.queue_key, entry.ticket_id)
    place = 0
    for waiting in queue:
        if _booked_key(waiting.booked_slot, waiting.queue_key, waiting.ticket_id) > key:
            break
        place += 1
    queue.insert(place, entry)
