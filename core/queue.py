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


def _order(entry: QueueEntry) -> tuple[float, int]:
    return (entry.queue_key, entry.ticket_id)


def pick_next(
    counter_services: Sequence[str],
    waiting: Iterable[QueueEntry],
    policy: PriorityPolicy,
    regular_since_priority: int,
) -> QueueEntry | None:
    """The ticket a counter serving ``counter_services`` (in order) calls next.

    Regular tickets: the counter's first service with anyone waiting, oldest
    first; a later service only when the earlier ones are empty.
    Priority tickets: across all the counter's services, by arrival — a
    priority citizen should not wait because she came for the counter's
    second service. ``regular_since_priority`` is how many regular tickets
    this counter called since its last priority one (for ``interleave``).
    """
    rank = {code: i for i, code in enumerate(counter_services)}
    mine = [e for e in waiting if e.service in rank]
    priority = min((e for e in mine if e.priority), key=_order, default=None)
    regular = min(
        (e for e in mine if not e.priority),
        key=lambda e: (rank[e.service], *_order(e)),
        default=None,
    )
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
) -> int:
    """How many tickets of the same service will be called before ``entry``.

    Under ``strict``, priority tickets go before every regular one; under
    ``interleave`` the ahead-count of a regular ticket is its FIFO place plus
    the priority tickets that will be slotted in before it.
    """
    same = [e for e in waiting if e.service == entry.service and e.ticket_id != entry.ticket_id]
    earlier = [e for e in same if _order(e) < _order(entry)]
    if entry.priority:
        return sum(1 for e in earlier if e.priority)
    regular_ahead = sum(1 for e in earlier if not e.priority)
    priority_waiting = sum(1 for e in same if e.priority)
    if policy.strategy is PriorityStrategy.STRICT:
        return regular_ahead + priority_waiting
    slotted = min(priority_waiting, (regular_ahead + 1) // policy.every)
    return regular_ahead + slotted
