"""Which waiting ticket a counter calls next."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.model import PriorityPolicy, PriorityStrategy


@dataclass(frozen=True)
class QueueEntry:
    """A waiting ticket as the queue rules see it.

    ``queue_key`` is the moment that sets its place: the issue time, kept
    across a transfer; a requeued no-show goes to the back (its requeue time).
    ``ticket_id`` breaks ties so the order is total.
    """

    ticket_id: int
    service: str
    priority: bool
    queue_key: float
    # The start of its booked slot (epoch s), for a booked citizen who checked in; None for a walk-in.
    booked_slot: float | None = None

    def due(self, now: float) -> bool:
        """A booked citizen whose slot has started: served before the walk-ins of the service."""
        return self.booked_slot is not None and self.booked_slot <= now


@dataclass(frozen=True)
class Bookings:
    """What the booked-first rule needs: the time, and how many booked citizens this counter called in a row."""

    now: float
    booked_in_row: int
    # The starvation cap (AppointmentRules.walk_in_every): after this many, a waiting walk-in goes next.
    walk_in_every: int


def _order(entry: QueueEntry) -> tuple[float, int]:
    return (entry.queue_key, entry.ticket_id)


def pick_next(
    counter_services: Sequence[str],
    waiting: Iterable[QueueEntry],
    policy: PriorityPolicy,
    regular_since_priority: int,
    bookings: Bookings | None = None,
) -> QueueEntry | None:
    """The ticket a counter serving ``counter_services`` (in order) calls next.

    Regular tickets: the counter's first service with anyone waiting, oldest
    first; a later service only when the earlier ones are empty.
    Priority tickets: across all the counter's services, by arrival — a
    priority citizen should not wait because she came for the counter's
    second service. ``regular_since_priority`` is how many regular tickets
    this counter called since its last priority one (for ``interleave``).
    Booked citizens (``bookings``): within a service, one whose slot has started goes before the
    walk-ins, earliest slot first — unless this counter has just called ``walk_in_every`` booked
    citizens in a row and a walk-in waits in its services.
    """
    rank = {code: i for i, code in enumerate(counter_services)}
    mine = [e for e in waiting if e.service in rank]
    priority = min((e for e in mine if e.priority), key=_order, default=None)
    regulars = [e for e in mine if not e.priority]
    booked_first = bookings is not None and (
        bookings.booked_in_row < bookings.walk_in_every or all(e.booked_slot is not None for e in regulars)
    )

    def regular_key(e: QueueEntry) -> tuple[int, int, float, float, int]:
        if booked_first and bookings is not None and e.due(bookings.now):
            assert e.booked_slot is not None
            return (rank[e.service], 0, e.booked_slot, *_order(e))
        return (rank[e.service], 1, 0.0, *_order(e))

    regular: QueueEntry | None
    if bookings is not None and not booked_first:
        # The cap is reached: the oldest walk-in of the counter's services, before any booked citizen.
        regular = min((e for e in regulars if e.booked_slot is None), key=lambda e: (rank[e.service], *_order(e)))
    else:
        regular = min(regulars, key=regular_key, default=None)
    if priority is None:
        return regular
    if regular is None:
        return priority
    if policy.strategy is PriorityStrategy.STRICT:
        return priority
    return priority if regular_since_priority >= policy.every else regular


def position_in_queue(
    entry: QueueEntry,
    waiting: Iterable[QueueEntry],
    policy: PriorityPolicy,
    now: float | None = None,
) -> int:
    """How many tickets of the same service will be called before ``entry``.

    Under ``strict``, priority tickets go before every regular one; under
    ``interleave`` the ahead-count of a regular ticket is its FIFO place plus
    the priority tickets that will be slotted in before it. With ``now``, booked citizens whose slot has
    started count ahead of the walk-ins, and among themselves by slot.
    """
    same = [e for e in waiting if e.service == entry.service and e.ticket_id != entry.ticket_id]
    if now is not None and not entry.priority:
        due = [e for e in same if not e.priority and e.due(now)]
        if entry.due(now):
            assert entry.booked_slot is not None
            slot = entry.booked_slot
            booked_ahead = sum(1 for e in due if (e.booked_slot, *_order(e)) < (slot, *_order(entry)))
            return booked_ahead + position_in_queue(entry, [e for e in same if e.priority], policy)
        walk_ins = [e for e in same if not e.due(now)]
        return len(due) + position_in_queue(entry, walk_ins, policy)
    earlier = [e for e in same if _order(e) < _order(entry)]
    if entry.priority:
        return sum(1 for e in earlier if e.priority)
    regular_ahead = sum(1 for e in earlier if not e.priority)
    priority_waiting = sum(1 for e in same if e.priority)
    if policy.strategy is PriorityStrategy.STRICT:
        return regular_ahead + priority_waiting
    slotted = min(priority_waiting, (regular_ahead + 1) // policy.every)
    return regular_ahead + slotted
