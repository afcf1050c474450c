"""Who may do what: the device roles and the one table of permissions every route declares.

A route names the one Permission it needs (``server.auth.require``); this table
says which roles hold it. Changing who may do something is a change here
only, and tests/server/test_permissions.py checks that every route of the API
declares exactly one permission.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    # The citizen-facing rating tablet at a counter.
    RATING = "rating"
    DISPLAY = "display"
    SUPERVISOR = "supervisor"
    SYNC = "sync"


@dataclass(frozen=True)
class Device:
    """A registered device, as its token identifies it."""

    name: str
    role: Role
    counter: int | None


class Permission(enum.StrEnum):
    READ_OFFICE = "read the office: services, counters, state, tickets, alerts, the rating form, the event stream"
    ISSUE_TICKETS = "issue tickets and report whether they were printed"
    MANAGE_TICKETS = "cancel or requeue a ticket"
    ACT_AT_COUNTER = "sign in at a counter and call, serve, transfer or pause there (its own counter only)"
    RATE = "rate a served ticket (a counter's devices: that counter's tickets only)"
    REPORT_ALERTS = "raise and clear hardware alerts"
    READ_STATS = "read the statistics, the sync agent's report and the devices' reports"
    REPORT_SYNC = "report the sync agent's state"
    REPORT_STATUS = "report the device's own version and the state of its parts (voice, sound, printer, USB …)"


ALL_ROLES = frozenset(Role)

ROLES: dict[Permission, frozenset[Role]] = {
    Permission.READ_OFFICE: ALL_ROLES,
    Permission.ISSUE_TICKETS: frozenset({Role.KIOSK, Role.SUPERVISOR}),
    Permission.MANAGE_TICKETS: frozenset({Role.KIOSK, Role.COUNTER, Role.SUPERVISOR}),
    Permission.ACT_AT_COUNTER: frozenset({Role.COUNTER}),
    Permission.RATE: frozenset({Role.KIOSK, Role.COUNTER, Role.RATING}),
    Permission.REPORT_ALERTS: ALL_ROLES,
    Permission.READ_STATS: frozenset({Role.SUPERVISOR, Role.SYNC}),
    Permission.REPORT_SYNC: frozenset({Role.SYNC}),
    Permission.REPORT_STATUS: ALL_ROLES,
}


def allowed(role: Role, permission: Permission) -> bool:
    return role in ROLES[permission]
