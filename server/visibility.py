"""What a device may see of tickets, counters, the state and events: server/permissions.py's EVENTS and FIELDS applied.

Every answer and every event a device receives passes through here, with its
Device; nothing is removed for supervisors. Pure functions over the shapes
of server/schemas.py: no database, no HTTP.
"""

from __future__ import annotations

from typing import Any, cast

from server import schemas
from server.permissions import EVENTS, FIELDS, Device, Private, Role


def ticket(device: Device, value: schemas.Ticket) -> schemas.Ticket:
    """The ticket without the private fields ``device`` may not see (public_code is never added here)."""
    seen = FIELDS[device.role]
    result = dict(value)
    if Private.CLERK not in seen and result.get("clerk") is not None:
        result["clerk"] = None
    if Private.RATING not in seen:
        result.pop("rating", None)
    if Private.PUBLIC_CODE not in seen:
        result.pop("public_code", None)
    return cast(schemas.Ticket, result)


def counter(device: Device, value: schemas.Counter) -> schemas.Counter:
    seen = FIELDS[device.role]
    result = dict(value)
    if Private.CLERK not in seen:
        result["clerk"] = None
    if Private.COUNTER_TICKET not in seen:
        result["ticket"] = None
    elif value["ticket"] is not None:
        result["ticket"] = ticket(device, value["ticket"])
    return cast(schemas.Counter, result)


def alerts(device: Device, values: list[schemas.Alert]) -> list[schemas.Alert]:
    if Private.OTHER_ALERTS in FIELDS[device.role]:
        return values
    return [a for a in values if a["source"] == device.name]


def event(device: Device, value: dict[str, Any]) -> dict[str, Any] | None:
    """The event as ``device`` receives it, or None when it does not receive it at all."""
    kind = value.get("type")
    if kind not in EVENTS[device.role]:
        return None
    seen = FIELDS[device.role]
    alert = value.get("alert")
    if alert is not None and Private.OTHER_ALERTS not in seen and alert.get("source") != device.name:
        return None
    if device.role is Role.RATING and kind != "day.started" and alert is None:
        # A rating tablet follows its own counter only.
        if (value.get("counter") or {}).get("number") != device.counter:
            return None
    if seen == frozenset(Private):
        return value
    result = dict(value)
    if result.get("ticket") is not None:
        result["ticket"] = ticket(device, result["ticket"])
    if result.get("counter") is not None:
        result["counter"] = counter(device, result["counter"])
    result.pop("rating", None)  # rating.created goes to supervisors only; this is for safety
    actor = result.pop("actor", None)
    if actor is not None and (Private.ACTOR_DEVICE in seen or Private.CLERK in seen):
        result["actor"] = {
            "device": actor.get("device") if Private.ACTOR_DEVICE in seen else None,
            "clerk": actor.get("clerk") if Private.CLERK in seen else None,
        }
    return result


def state(device: Device, value: schemas.State) -> schemas.State:
    """/api/state for ``device``: its role's view of counters, waiting tickets, recent calls and alerts."""
    if FIELDS[device.role] == frozenset(Private):
        return value
    result = dict(value)
    if device.role is Role.SYNC:
        # The sync agent reads the office's day and name here, and its figures from /api/stats/hourly.
        result.update(queues={}, counters=[], waiting=[], recent_calls=[], alerts=[], estimates=None)
        return cast(schemas.State, result)
    result["counters"] = [counter(device, c) for c in value["counters"]]
    if device.role is Role.RATING:
        # Only the ticket just finished at its counter, which it learns from the stream.
        result["waiting"] = []
        result["recent_calls"] = []
        result["estimates"] = None  # the queues' waits: not on a rating tablet's screen
    else:
        result["waiting"] = [ticket(device, t) for t in value["waiting"]]
        calls = (event(device, e) for e in value["recent_calls"])
        result["recent_calls"] = [e for e in calls if e is not None]
    result["alerts"] = alerts(device, value["alerts"])
    return cast(schemas.State, result)
