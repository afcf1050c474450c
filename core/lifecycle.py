"""The life of a ticket: which action may move it from which state to which.

waiting → called (recall keeps it called) → serving → done | no_show | cancelled.
A transfer sends a called or served ticket back to waiting in another service;
a no-show may be requeued once; a waiting ticket may be cancelled.
"""

from __future__ import annotations

import enum

from core.model import TicketStatus

S = TicketStatus


class Action(enum.StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    REQUEUE = "requeue"
    TRANSFER = "transfer"
    CANCEL = "cancel"


TRANSITIONS: dict[tuple[TicketStatus, Action], TicketStatus] = {
    (S.WAITING, Action.CALL): S.CALLED,
    (S.CALLED, Action.RECALL): S.CALLED,
    (S.CALLED, Action.START): S.SERVING,
    # A clerk may finish without pressing start: service time then runs from the call.
    (S.CALLED, Action.FINISH): S.DONE,
    (S.SERVING, Action.FINISH): S.DONE,
    (S.CALLED, Action.NO_SHOW): S.NO_SHOW,
    (S.NO_SHOW, Action.REQUEUE): S.WAITING,
    (S.CALLED, Action.TRANSFER): S.WAITING,
    (S.SERVING, Action.TRANSFER): S.WAITING,
    (S.WAITING, Action.CANCEL): S.CANCELLED,
}


class TransitionError(Exception):
    """The action does not apply to a ticket in this state."""

    def __init__(self, action: Action, status: TicketStatus, label: str = "") -> None:
        self.action = action
        self.status = status
        who = f"ticket {label}" if label else "the ticket"
        super().__init__(f"cannot {action.value.replace('_', '-')} {who}: it is {status.value}")


def next_status(status: TicketStatus, action: Action, *, label: str = "") -> TicketStatus:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionError(action, status, label) from None


def can_requeue(status: TicketStatus, already_requeued: bool) -> bool:
    """A no-show comes back once; a second no-show is final."""
    return status is S.NO_SHOW and not already_requeued
