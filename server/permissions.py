"""Who may do what: the device roles and the ONE table of what each may call, see and receive.

Three parts, all data, read by the rest of the server and by the README's
table ("Roles and what they may do", made by ``markdown_table``):

- ``TABLE``: for each Permission (one per route; tests/server/test_permissions.py
  checks every route declares exactly one), the roles that hold it and on
  which tickets or counters (``Scope``). server/deps.py ``device_for`` checks
  the role; ``check_ticket`` below the scope, for the routes about one ticket.
- ``EVENTS``: the event types each role receives on WS /api/events.
- ``FIELDS``: which private fields each role sees in tickets, counters and
  events (clerk usernames, ratings, dossier codes, public codes, who acted).
  server/visibility.py applies it to every answer and event a role gets.

Principles where the table is silent: the display sees only what the lobby
shows; rating tablet N only the ticket just finished at counter N; counter N
acts only for counter N; only supervisors cancel; a kiosk reads back only the
tickets it issued (or one whose code the citizen shows); sync reads exactly the
figures it sends upstream; supervisors read everything.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from server.errors import ForbiddenError


class Role(enum.StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    # The citizen-facing rating tablet at a counter.
    RATING = "rating"
    DISPLAY = "display"
    SUPERVISOR = "supervisor"
    SYNC = "sync"
    # Not a device: an administrator's short-lived session, opened with username and PIN
    # (POST /api/admin/sign-in) from the supervisor app's Admin tab or the /admin page.
    ADMIN = "admin"


# The roles a device token can have ('onestop device add --role', pairing); ADMIN is a session's.
DEVICE_ROLES = tuple(r for r in Role if r is not Role.ADMIN)


class ClerkRole(enum.StrEnum):
    """What a clerk (a person who signs in with a PIN) may do; stored in clerks.role.

    A counter clerk signs in at a counter; an administrator signs in to the admin screens
    (services, counters, clerks, devices). The two sign-ins never open each other's door.
    """

    COUNTER = "counter"
    ADMIN = "admin"


@dataclass(frozen=True)
class Device:
    """A registered device, as its token identifies it."""

    name: str
    role: Role
    counter: int | None


class Permission(enum.StrEnum):
    READ_STATE = "GET /api/state"
    READ_LIVE = "GET /api/services, GET /api/counters, WS /api/events"
    READ_DISPLAY = "GET /api/display"
    READ_RATING_SCALE = "GET /api/rating-scale"
    READ_TICKET = "GET /api/tickets/{id}"
    FIND_TICKET = "GET /api/tickets/by-number/{number}"
    ISSUE_TICKETS = "POST /api/tickets"
    REPORT_PRINTED = "POST /api/tickets/{id}/printed"
    CANCEL_TICKETS = "POST /api/tickets/{id}/cancel"
    REQUEUE_TICKETS = "POST /api/tickets/{id}/requeue"
    ACT_AT_COUNTER = "POST /api/counters/{n}/…: sign-in, sign-out, call-next, call, recall, start, finish, " \
        "no-show, transfer, pause, resume, follow-up"
    RATE = "POST /api/tickets/{id}/rating"
    REPORT_ALERTS = "POST /api/alerts"
    READ_ALERTS = "GET /api/alerts"
    MANAGE_ALERTS = "POST /api/alerts/{id}/acknowledge, POST /api/alerts/{id}/clear"
    REPORT_KIOSK_ADMIN = "POST /api/kiosk/admin"
    READ_STATS = "GET /api/stats"
    READ_HOURLY = "GET /api/stats/hourly"
    READ_SYNC_STATUS = "GET /api/sync/status"
    REPORT_SYNC = "POST /api/sync/status"
    READ_AUDIT = "GET /api/audit"
    READ_PROCEDURES = "GET /api/procedures, GET /api/procedures/{code}"
    COUNT_PROCEDURE_USE = "POST /api/procedures/{code}/looked-up, POST /api/procedures/{code}/checklist-printed"
    REPORT_DEVICE_STATUS = "POST /api/devices/status"
    READ_DEVICE_STATUS = "GET /api/devices/status"
    ADMIN_SESSION = "GET /api/admin/me, POST /api/admin/sign-out"
    CONFIGURE = "GET /api/admin/config, PUT /api/admin/config"
    MANAGE_CLERKS = "GET|POST /api/admin/clerks, PATCH /api/admin/clerks/{username}, " \
        "POST /api/admin/clerks/{username}/pin"
    MANAGE_DEVICES = "GET /api/admin/devices, POST /api/admin/devices/{name}/rename, " \
        "POST /api/admin/devices/{name}/revoke"
    PAIR_DEVICES = "GET /api/admin/pairings, POST /api/admin/pairings/{code}/approve, " \
        "POST /api/admin/pairings/{code}/refuse"
    EDIT_PROCEDURES = "PUT /api/admin/procedures/{code}"
    CHECK_IN_BOOKINGS = "POST /api/bookings/check-in"
    READ_BOOKINGS = "GET /api/bookings"
    READ_FREE_SLOTS = "GET /api/bookings/free"
    CANCEL_BOOKINGS = "POST /api/bookings/{code}/cancel"
    READ_PLAYLIST = "GET /api/playlist, GET /api/playlist/media/{name}"
    MANAGE_PLAYLIST = "GET /api/admin/playlist, POST /api/admin/playlist/media, POST /api/admin/playlist/text, " \
        "PATCH|DELETE /api/admin/playlist/{id}, PUT /api/admin/playlist/order"


class Scope(enum.StrEnum):
    """On what a role may use a permission; ``check_ticket`` decides the ticket scopes."""

    ANY = "yes"
    FILTERED = "yes, filtered (see the fields below)"
    OWN_COUNTER = "its own counter only"
    OWN_ALERTS = "its own alerts only (source = the device)"
    ITSELF = "about itself only"
    ISSUED = "tickets it issued"
    ISSUED_OR_CODE = "tickets it issued, or with the ticket's code (?c=)"
    CODE = "with the ticket's code (?c=), the same office day"
    CALLED_HERE = "tickets its counter called"
    AT_ITS_COUNTER = "tickets its counter called, or waiting in its services"
    JUST_FINISHED_HERE = "the ticket just finished at its counter, within the rating window"


ALL = DEVICE_ROLES
SCREENS = (Role.KIOSK, Role.COUNTER, Role.RATING, Role.DISPLAY, Role.SUPERVISOR)

TABLE: dict[Permission, dict[Role, Scope]] = {
    Permission.READ_STATE: {role: Scope.FILTERED for role in (*ALL, Role.ADMIN)},
    Permission.READ_LIVE: {role: Scope.FILTERED for role in SCREENS},
    Permission.READ_DISPLAY: {Role.DISPLAY: Scope.ANY, Role.SUPERVISOR: Scope.ANY},
    Permission.READ_RATING_SCALE: {r: Scope.ANY for r in (Role.KIOSK, Role.RATING, Role.SUPERVISOR, Role.SYNC)},
    Permission.READ_TICKET: {
        Role.KIOSK: Scope.ISSUED_OR_CODE,
        Role.COUNTER: Scope.AT_ITS_COUNTER,
        Role.RATING: Scope.JUST_FINISHED_HERE,
        Role.SUPERVISOR: Scope.ANY,
    },
    Permission.FIND_TICKET: {Role.KIOSK: Scope.CODE, Role.SUPERVISOR: Scope.ANY},
    Permission.ISSUE_TICKETS: {Role.KIOSK: Scope.ANY, Role.SUPERVISOR: Scope.ANY},
    Permission.REPORT_PRINTED: {Role.KIOSK: Scope.ISSUED, Role.SUPERVISOR: Scope.ANY},
    Permission.CANCEL_TICKETS: {Role.SUPERVISOR: Scope.ANY},
    Permission.REQUEUE_TICKETS: {Role.COUNTER: Scope.CALLED_HERE, Role.SUPERVISOR: Scope.ANY},
    Permission.ACT_AT_COUNTER: {Role.COUNTER: Scope.OWN_COUNTER},
    Permission.RATE: {Role.RATING: Scope.JUST_FINISHED_HERE, Role.KIOSK: Scope.CODE},
    Permission.REPORT_ALERTS: {role: Scope.OWN_ALERTS for role in ALL},
    Permission.READ_ALERTS: {Role.SUPERVISOR: Scope.ANY},
    Permission.MANAGE_ALERTS: {Role.SUPERVISOR: Scope.ANY},
    Permission.REPORT_KIOSK_ADMIN: {Role.KIOSK: Scope.ANY},
    Permission.READ_STATS: {Role.SUPERVISOR: Scope.ANY},
    Permission.READ_HOURLY: {Role.SUPERVISOR: Scope.ANY, Role.SYNC: Scope.ANY},
    Permission.READ_SYNC_STATUS: {Role.SUPERVISOR: Scope.ANY},
    Permission.REPORT_SYNC: {Role.SYNC: Scope.ANY},
    Permission.READ_AUDIT: {Role.SUPERVISOR: Scope.ANY},
    Permission.READ_PROCEDURES: {role: Scope.ANY for role in (*ALL, Role.ADMIN)},
    Permission.COUNT_PROCEDURE_USE: {Role.KIOSK: Scope.ANY},
    Permission.REPORT_DEVICE_STATUS: {role: Scope.ITSELF for role in ALL},
    Permission.READ_DEVICE_STATUS: {Role.SUPERVISOR: Scope.ANY},
    Permission.ADMIN_SESSION: {Role.ADMIN: Scope.ANY},
    Permission.CONFIGURE: {Role.ADMIN: Scope.ANY},
    Permission.MANAGE_CLERKS: {Role.ADMIN: Scope.ANY},
    Permission.MANAGE_DEVICES: {Role.ADMIN: Scope.ANY},
    Permission.PAIR_DEVICES: {Role.ADMIN: Scope.ANY},
    Permission.EDIT_PROCEDURES: {Role.ADMIN: Scope.ANY},
    Permission.CHECK_IN_BOOKINGS: {Role.KIOSK: Scope.ANY, Role.SUPERVISOR: Scope.ANY},
    # Names and phone numbers: the supervisor only.
    Permission.READ_BOOKINGS: {Role.SUPERVISOR: Scope.ANY},
    Permission.READ_FREE_SLOTS: {Role.COUNTER: Scope.ANY, Role.SUPERVISOR: Scope.ANY},
    Permission.CANCEL_BOOKINGS: {Role.SUPERVISOR: Scope.ANY},
    # The lobby's own slides: what the display shows (the supervisor sees the display; admins preview).
    Permission.READ_PLAYLIST: {Role.DISPLAY: Scope.ANY, Role.SUPERVISOR: Scope.ANY, Role.ADMIN: Scope.ANY},
    Permission.MANAGE_PLAYLIST: {Role.ADMIN: Scope.ANY},
}

# Who holds each permission (the role check of server/deps.py).
ROLES: dict[Permission, frozenset[Role]] = {p: frozenset(scopes) for p, scopes in TABLE.items()}

# The citizen's public ticket page (no token; the public listener): what its code opens.
PUBLIC_PAGE = {
    "GET /t/{id}?c=CODE": "the ticket's number, service, status, people ahead and wait",
    "GET /t/{id}/events?c=CODE, GET /t/{id}/live?c=CODE": "the same, live (server-sent events) or once: nothing else",
    "POST /t/{id}/rating?c=CODE": "rate it once, the same office day",
    "GET /thu-tuc, GET /thu-tuc/{code}": "the procedures catalogue the office publicises (read only)",
    "GET /book, POST /book": "book an appointment: services, days and free places; name and phone asked",
    "GET /book/{code}, POST /book/{code}/cancel": "with the booking's code: that booking, and cancelling it",
}

# Open to anyone on the devices' listener (never on the citizens'): the admin screens' door.
ADMIN_DOOR = {
    "GET /admin": "the admin page (it holds nothing until an administrator signs in)",
    "POST /api/admin/sign-in": "an administrator's username and PIN (the counters' lockout) → a session token "
    "for 60 minutes",
    "POST /api/pair, POST /api/pair/{id}/wait": "a new device asks to join: a 6-digit code to show (10 minutes, "
    "at most 20 waiting); it receives its token once an administrator approves it (PAIR_DEVICES)",
}

# -- the event stream ----------------------------------------------------------------------

TICKET_EVENTS = frozenset(
    {
        "ticket.issued",
        "ticket.called",
        "ticket.recalled",
        "ticket.started",
        "ticket.finished",
        "ticket.no_show",
        "ticket.transferred",
        "ticket.requeued",
        "ticket.cancelled",
    }
)
COUNTER_EVENTS = frozenset({"counter.signed_in", "counter.signed_out", "counter.paused", "counter.resumed"})
ALERT_EVENTS = frozenset({"alert.raised", "alert.cleared", "alert.acknowledged"})
# The wait estimator's latest figures (not stored, no seq): what the lobby's screens show of each queue.
ESTIMATE_EVENTS = frozenset({"estimates.updated"})
# Every screen reloads its state on ``office.configured`` (the admin screens changed the configuration).
LOBBY_EVENTS = TICKET_EVENTS | COUNTER_EVENTS | ESTIMATE_EVENTS | {"day.started", "office.configured"}
# The lobby playlist changed (it carries the whole list): the displays show it, the admin screens list it.
PLAYLIST_EVENTS = frozenset({"playlist.changed"})
ALL_EVENTS = LOBBY_EVENTS | ALERT_EVENTS | PLAYLIST_EVENTS | {
    "ticket.printed", "rating.created", "sync.status", "procedures.changed", "device.status"
}

# Event types each role receives; alert events only about its own alerts (but the supervisor's: all),
# rating tablet N only ``ticket.finished`` and counter events of counter N.
EVENTS: dict[Role, frozenset[str]] = {
    Role.KIOSK: LOBBY_EVENTS | ALERT_EVENTS | {"ticket.printed", "procedures.changed"},
    Role.COUNTER: LOBBY_EVENTS | ALERT_EVENTS,
    Role.RATING: frozenset({"ticket.finished", "day.started", "office.configured"}) | COUNTER_EVENTS | ALERT_EVENTS,
    Role.DISPLAY: LOBBY_EVENTS | PLAYLIST_EVENTS,
    Role.SUPERVISOR: ALL_EVENTS,
    Role.SYNC: frozenset(),
    # (it reads /api/state, not the stream: no estimates)
    Role.ADMIN: (LOBBY_EVENTS - ESTIMATE_EVENTS) | PLAYLIST_EVENTS,
}


class Private(enum.StrEnum):
    """Fields a role may be denied, wherever they appear (answers, /api/state, events)."""

    CLERK = "clerk usernames and names (ticket.clerk, counter.clerk, actor.clerk)"
    ACTOR_DEVICE = "the acting device's name (actor.device)"
    RATING = "ratings (ticket.rating, rating.created) and dossier codes"
    PUBLIC_CODE = "a ticket's public code"
    COUNTER_TICKET = "the ticket a counter is calling or serving (counter.ticket)"
    OTHER_ALERTS = "other devices' alerts"


# What each role sees of the private fields; everything else in tickets and counters
# (number, service, status, counter, times, queues, estimates) is the lobby's anyway.
FIELDS: dict[Role, frozenset[Private]] = {
    Role.KIOSK: frozenset(),  # its own tickets' public codes come with the issue answer and its own reads
    Role.COUNTER: frozenset({Private.CLERK, Private.ACTOR_DEVICE, Private.COUNTER_TICKET}),
    Role.RATING: frozenset(),
    Role.DISPLAY: frozenset({Private.COUNTER_TICKET}),
    Role.SUPERVISOR: frozenset(Private),
    Role.SYNC: frozenset(),
    # Administrators manage clerks: they see who is signed in where.
    Role.ADMIN: frozenset({Private.CLERK}),
}


def allowed(role: Role, permission: Permission) -> bool:
    return role in ROLES[permission]


# -- tickets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketFacts:
    """What the scopes of a ticket depend on, read in one go on the database thread."""

    id: int
    label: str
    day: str
    service: str
    status: str
    issued_by: str | None
    counter: int | None
    finished_at: float | None
    # Did the request carry this ticket's public code (compared in constant time)?
    code_given: bool
    code_matches: bool
    # The office's day and time when read.
    today: str
    now: float


def _refuse(en: str, vi: str, code: str = "forbidden") -> ForbiddenError:
    return ForbiddenError(en, vi, code=code)


SCAN_OR_TABLET_EN = (
    "a number alone cannot rate: scan the QR code on your ticket (or type the code printed under it), "
    "or rate at the tablet of the counter that served you"
)
SCAN_OR_TABLET_VI = (
    "Không thể đánh giá chỉ bằng số thứ tự: xin quét mã QR trên phiếu (hoặc nhập mã in dưới mã QR), "
    "hoặc đánh giá tại máy tính bảng của quầy đã phục vụ ông/bà"
)


def check_ticket(
    device: Device,
    permission: Permission,
    ticket: TicketFacts,
    *,
    counter_services: tuple[str, ...] = (),
    rating_window_s: float = 600.0,
) -> Scope:
    """The scope under which ``device`` may use ``permission`` on ``ticket``; ForbiddenError (403) if none.

    ``counter_services``: the services of the device's counter (counter devices).
    """
    scope = TABLE[permission].get(device.role)
    if scope is None:
        raise _refuse(f"a {device.role} device may not do this", f"Thiết bị loại {device.role} không được phép")
    label = ticket.label
    if scope is Scope.ANY:
        return scope
    if ticket.code_given and not ticket.code_matches:
        raise _refuse(
            f"that code is not the code of ticket {label}; check the code printed on the ticket",
            f"Mã không đúng với phiếu {label}; xin kiểm tra mã in trên phiếu",
            code="wrong_code",
        )
    if scope in (Scope.ISSUED, Scope.ISSUED_OR_CODE) and ticket.issued_by == device.name:
        return Scope.ISSUED
    if scope in (Scope.CODE, Scope.ISSUED_OR_CODE) and ticket.code_matches:
        if scope is Scope.CODE and ticket.day != ticket.today:
            raise _refuse(
                f"ticket {label} is from {ticket.day}: a ticket's code works only on its own day",
                f"Phiếu {label} là của ngày {ticket.day}: mã của phiếu chỉ dùng được trong ngày",
                code="code_expired",
            )
        return Scope.CODE
    if scope in (Scope.CALLED_HERE, Scope.AT_ITS_COUNTER) and ticket.counter == device.counter:
        return Scope.CALLED_HERE
    if scope is Scope.AT_ITS_COUNTER and ticket.status == "waiting" and ticket.service in counter_services:
        return Scope.AT_ITS_COUNTER
    if scope is Scope.JUST_FINISHED_HERE and ticket.counter == device.counter:
        if ticket.status != "done":
            if permission is Permission.RATE:
                return scope  # the store answers 409: not served yet
            raise _refuse(
                f"ticket {label} is not finished: a rating tablet reads only the ticket just finished at its counter",
                f"Vé {label} chưa xong: máy đánh giá chỉ đọc vé vừa phục vụ xong tại quầy của mình",
            )
        if ticket.finished_at is not None and ticket.now - ticket.finished_at <= rating_window_s:
            return scope
        minutes = round(rating_window_s / 60)
        raise _refuse(
            f"ticket {label} was finished more than {minutes} min ago: rate it with the QR code on the ticket",
            f"Vé {label} đã xong hơn {minutes} phút trước: xin đánh giá bằng mã QR trên phiếu",
            code="rating_window_closed",
        )
    if permission is Permission.RATE and device.role is Role.KIOSK:
        raise _refuse(SCAN_OR_TABLET_EN, SCAN_OR_TABLET_VI, code="code_required")
    raise _refuse(
        f"device {device.name!r} may not act on ticket {label} ({scope})",
        f"Thiết bị này không được thao tác với vé {label}",
    )


# -- the README's table ---------------------------------------------------------------------

_ROLE_HEADINGS = {
    Role.KIOSK: "kiosk",
    Role.COUNTER: "counter N",
    Role.RATING: "rating tablet N",
    Role.DISPLAY: "display",
    Role.SUPERVISOR: "supervisor",
    Role.SYNC: "sync",
    Role.ADMIN: "admin session",
}


def markdown_table() -> str:
    """The README's "Roles and what they may do": generated from the data above (a test compares)."""
    roles = list(Role)
    head = "| endpoint | " + " | ".join(_ROLE_HEADINGS[r] for r in roles) + " |"
    lines = [head, "|---|" + "---|" * len(roles)]
    for permission, scopes in TABLE.items():
        cells = [scopes[r].value if r in scopes else "—" for r in roles]
        lines.append(f"| `{permission.value}` | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| event types received | " + " | ".join(_ROLE_HEADINGS[r] for r in roles) + " |")
    lines.append("|---|" + "---|" * len(roles))
    for group, types in (
        ("ticket.* (issued … cancelled)", TICKET_EVENTS),
        ("counter.* (signed_in, signed_out, paused, resumed)", COUNTER_EVENTS),
        ("day.started", frozenset({"day.started"})),
        ("estimates.updated (not stored: no seq, no replay)", ESTIMATE_EVENTS),
        ("office.configured", frozenset({"office.configured"})),
        ("ticket.printed", frozenset({"ticket.printed"})),
        ("alert.* (raised, cleared, acknowledged)", ALERT_EVENTS),
        ("rating.created", frozenset({"rating.created"})),
        ("sync.status", frozenset({"sync.status"})),
        ("procedures.changed", frozenset({"procedures.changed"})),
        ("device.status", frozenset({"device.status"})),
        ("playlist.changed", PLAYLIST_EVENTS),
    ):
        cells = []
        for role in roles:
            got = types & EVENTS[role]
            cells.append("yes" if got == types else "—" if not got else ", ".join(sorted(got)))
        lines.append(f"| {group} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| private field | " + " | ".join(_ROLE_HEADINGS[r] for r in roles) + " |")
    lines.append("|---|" + "---|" * len(roles))
    for field in Private:
        cells = ["yes" if field in FIELDS[r] else "—" for r in roles]
        lines.append(f"| {field.value} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Open without a token on the devices' listener:")
    lines.append("")
    for route, what in ADMIN_DOOR.items():
        lines.append(f"- `{route}`: {what}")
    return "\n".join(lines)
