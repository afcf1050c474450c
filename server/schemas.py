"""The shapes the office server answers with and publishes: one TypedDict per kind of object.

The storage parts build them (mypy checks every key), the routes return them
(FastAPI takes each route's return type as its response model, so
/openapi.json describes exactly these), and the event stream carries the same
``ticket`` and ``counter`` objects. Times are ISO 8601 strings in the office's
time zone, with milliseconds.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired

# On Python < 3.12 pydantic needs typing_extensions.TypedDict to read these as response models.
from typing_extensions import TypedDict

TicketStatusName = Literal["waiting", "called", "serving", "done", "no_show", "cancelled"]
CounterStateName = Literal["signed_out", "idle", "calling", "serving", "paused"]


class ErrorBody(TypedDict):
    """Every 4xx and 5xx answer of the API."""

    error: str
    message: str
    message_vi: str
    # 429 (a clerk's name locked after wrong PINs): seconds until it may try again.
    retry_after_s: NotRequired[int]


class Rating(TypedDict):
    ticket_id: int
    level: int
    reasons: list[str]
    dossier_code: str | None
    service: str
    counter: int | None
    clerk: str | None
    at: str
    # How it was made: 'tablet', 'kiosk_code', 'public_page' (null: before onestop recorded it).
    path: str | None


class AuditEntry(TypedDict):
    id: int
    at: str
    action: str
    device: str | None
    clerk: str | None
    ticket_id: int | None
    detail: dict[str, Any]


class Audit(TypedDict):
    entries: list[AuditEntry]


class WaitRange(TypedDict):
    """A wait estimate: seconds from its moment to the call, its likeliest and a range ~80 % of waits fall in."""

    point_s: int
    low_s: int
    high_s: int
    # The share of the simulated futures that call it today: below ~0.9 the range's top is "not today".
    called_today: float


class WaitNow(TypedDict):
    """A waiting ticket's wait from now; low and high null when only the queue-length baseline speaks."""

    point_s: int
    low_s: int | None
    high_s: int | None
    called_today: float | None


class Closure(TypedDict):
    """A service none of whose counters is in a session now: lunch (until it reopens), not open yet, or
    closed for today (until null)."""

    kind: Literal["lunch", "not_open_yet", "closed_today"]
    until: str | None


class Ticket(TypedDict):
    id: int
    number: str
    seq: int
    day: str
    service: str
    original_service: str
    priority: str | None
    status: TicketStatusName
    issued_at: str
    # Sets the place in the queue: the issue time, or the requeue time of a returning no-show.
    queued_at: str
    first_called_at: str | None
    called_at: str | None
    call_count: int
    started_at: str | None
    finished_at: str | None
    counter: int | None
    clerk: str | None
    waiting_ahead: int
    # The wait printed on it, and the range printed with it (null when none was: before the first estimate).
    estimated_wait_s: int
    estimated_low_s: int | None
    estimated_high_s: int | None
    estimated_called_today: float | None
    requeued: bool
    close_reason: str | None
    # Did the kiosk print it: true, false (shown on screen instead), null (not reported).
    printed: bool | None
    # People ahead, while it waits today; and whether its service is closed now (lunch …), or null.
    position: NotRequired[int]
    closure: NotRequired[Closure | None]
    # Once it is done: its rating, or null.
    rating: NotRequired[Rating | None]
    # The secret of its public page: only to the issuing kiosk and kiosk/supervisor reads.
    public_code: NotRequired[str]
    # A booked citizen's ticket: the start of the slot booked (served before walk-ins from then).
    booked_slot: NotRequired[str]
    # The public page: the wait from now, while it waits today.
    wait_now: NotRequired[WaitNow]


class Clerk(TypedDict):
    username: str
    name: str


class Counter(TypedDict):
    number: int
    name: str
    services: list[str]
    # Closed by an administrator: nobody may sign in there.
    closed: bool
    state: CounterStateName
    clerk: Clerk | None
    signed_in_at: str | None
    paused: bool
    pause_reason: str | None
    paused_at: str | None
    ticket: Ticket | None


class Queue(TypedDict):
    waiting: int
    longest_wait_s: int
    # A ticket issued now: the wait and its range (null before the estimator's first batch).
    estimated_wait_s: int
    estimated_low_s: int | None
    estimated_high_s: int | None
    estimated_called_today: float | None
    closure: Closure | None


class ServiceEstimate(TypedDict):
    regular: WaitRange
    priority: WaitRange


class Estimates(TypedDict):
    """A batch of the wait estimator (server/live_estimates.py): as of event ``as_of``, at ``at``."""

    at: str
    as_of: int
    tickets: dict[str, WaitRange]  # every waiting ticket, by id
    services: dict[str, ServiceEstimate]  # a new ticket, by service
    closures: dict[str, Closure]
    # How long the estimator took for this batch in its worker process (ms): it must keep up.
    compute_ms: float


class Service(TypedDict):
    code: str
    name_vi: str
    name_en: str
    label_format: str
    mean_service_s: float
    target_wait_s: float
    # Hidden from the kiosk: no new tickets there (its waiting ones are still called).
    hidden: bool
    # The kiosk button's colour set by the administrator (#RRGGBB); null: the kiosk's own.
    colour: str | None


class ServiceWithQueue(Service, Queue):
    pass


class PriorityGroup(TypedDict):
    code: str
    name_vi: str
    name_en: str


class Alert(TypedDict):
    id: int
    source: str
    kind: str
    state: str
    active: bool
    message_vi: str | None
    message_en: str | None
    device: str | None
    raised_at: str
    updated_at: str
    cleared_at: str | None
    acknowledged_at: str | None
    acknowledged_by: str | None


class RatingLevel(TypedDict):
    value: int
    label_vi: str
    label_en: str
    negative: bool


class RatingReason(TypedDict):
    code: str
    label_vi: str
    label_en: str


class RatingScale(TypedDict):
    levels: list[RatingLevel]
    reasons: list[RatingReason]
    show_seconds: int


class PriorityRule(TypedDict):
    strategy: str
    every: int


class OfficeInfo(TypedDict):
    name: str
    timezone: str
    priority: PriorityRule
    priority_groups: list[PriorityGroup]
    # The supervisor's wait alert threshold (office.alert_wait_min), added by GET /api/state.
    alert_wait_s: NotRequired[int]
    # The address of the citizen-facing listener (office.toml server.public_url), for the tickets' QR codes.
    public_url: NotRequired[str | None]
    # The services citizens can book ahead ([appointments]); the kiosk offers check-in when any.
    appointments: NotRequired[list[str]]


class You(TypedDict):
    device: str
    role: str
    counter: int | None


class State(TypedDict):
    """Everything a screen needs, as of event ``seq``."""

    seq: int
    day: str
    now: str
    # How fast the office's clock runs against the wall: 1, or more in the demo's simulated day.
    clock_rate: float
    office: OfficeInfo
    services: list[Service]
    queues: dict[str, Queue]
    counters: list[Counter]
    waiting: list[Ticket]
    # The last calls of the day, newest first: the events as the stream sent them.
    recent_calls: list[dict[str, Any]]
    alerts: list[Alert]
    # The wait estimator's latest batch (null before the first, or when it is too old to go by).
    estimates: Estimates | None
    # Who is asking, added by GET /api/state.
    you: NotRequired[You]


class SyncStatus(TypedDict):
    """The sync agent's last report, as it sent it, with when and from which device it came."""

    upstream: str
    backlog: int
    oldest_pending_day: str | None
    watermark: str | None
    rejected: int
    last_attempt_at: str | None
    last_success_at: str | None
    last_error: str | None
    device: str
    received_at: str


class DeviceComponent(TypedDict):
    """One optional part of a device: ``ok``, ``fallback`` (working on a lesser option), ``missing``, ``off``
    or ``fault``, and in a few words what it runs on or why not."""

    state: str
    detail: str


class DeviceStatus(TypedDict):
    """A device's last report about itself; ``version`` and ``reported_at`` are null until it has reported."""

    device: str
    role: str
    counter: int | None
    version: str | None
    components: dict[str, DeviceComponent]
    reported_at: str | None


class Paper(TypedDict):
    """One paper to bring: ``copies`` handed in (0: shown only), ``original`` needed or a copy will do."""

    name: str
    copies: int
    original: bool


class Procedure(TypedDict):
    """An administrative procedure of the office's catalogue (core/procedures.py); '' = not published."""

    code: str
    name: str
    name_en: str
    field: str
    field_en: str
    # The office's service whose queue takes it, or null.
    service: str | None
    level: Literal["commune", "province"]
    papers: list[Paper]
    fee: str
    processing_time: str
    result_at: str
    legal_basis: str
    portal_url: str
    note: str


class ProcedureField(TypedDict):
    name: str
    name_en: str


class Catalogue(TypedDict):
    """The whole catalogue; ``version`` changes with every import (event ``procedures.changed``)."""

    version: int
    imported_at: str | None
    source: str
    fields: list[ProcedureField]
    procedures: list[Procedure]


class ProcedureUseDay(TypedDict):
    day: str
    looked_up: int
    checklists_printed: int


class ProcedureUse(TypedDict):
    code: str
    # Its name now, or its code when a later import dropped it.
    name: str
    looked_up: int
    checklists_printed: int


class ProcedureFigures(TypedDict):
    """How often citizens looked procedures up at the kiosk and printed their checklists."""

    looked_up: int
    checklists_printed: int
    by_day: list[ProcedureUseDay]
    # Most looked up first.
    by_procedure: list[ProcedureUse]


class UseCounted(TypedDict):
    code: str
    day: str
    kind: Literal["looked_up", "checklist_printed"]
    count: int

# -- route answers that wrap the objects above ------------------------------------------------


class HealthProblem(TypedDict):
    """Something outside any request that keeps the office from working normally (a storage fault, the clock)."""

    code: str
    message: str
    message_vi: str
    since: float  # epoch seconds


class Health(TypedDict):
    """``degraded`` while any problem lasts; each problem says what it is and since when."""

    status: Literal["ok", "degraded"]
    version: str
    uptime_s: float
    listeners: int
    problems: list[HealthProblem]


class Services(TypedDict):
    services: list[ServiceWithQueue]
    priority_groups: list[PriorityGroup]


class Counters(TypedDict):
    counters: list[Counter]


class BookableDay(TypedDict):
    day: str
    free: int


class BookableSlot(TypedDict):
    start: str
    time: str
    free: int


BookingStatusName = Literal["booked", "cancelled", "checked_in", "missed"]


class Booking(TypedDict):
    code: str
    service: str
    day: str
    time: str
    slot_start: str
    status: BookingStatusName
    ticket_id: int | None
    # Only to its holder (the code) and supervisors; deleted 30 days after the slot.
    name: NotRequired[str | None]
    phone: NotRequired[str | None]
    # Why a supervisor cancelled it (None: the citizen did, or it is not cancelled).
    cancel_reason: NotRequired[str | None]


class FreeSlots(TypedDict):
    service: str
    days: list[BookableDay]
    # One day's slots, when a day was asked for.
    slots: list[BookableSlot]


class BookingSlot(TypedDict):
    slot_start: str
    time: str
    service: str
    bookings: list[Booking]


class BookingDay(TypedDict):
    day: str
    totals: dict[str, int]
    slots: list[BookingSlot]


class TicketAnswer(TypedDict):
    """A counter action's answer: the ticket it acted on (null: call-next found nobody waiting)."""

    ticket: Ticket | None


class CounterAnswer(TypedDict):
    counter: Counter


class AlertAnswer(TypedDict):
    """null when clearing an alert that was not active."""

    alert: Alert | None


class Alerts(TypedDict):
    alerts: list[Alert]


class DeviceStatusAnswer(TypedDict):
    status: DeviceStatus


class DevicesStatus(TypedDict):
    devices: list[DeviceStatus]


class SyncStatusAnswer(TypedDict):
    status: SyncStatus | None


class DisplayColors(TypedDict):
    background: str
    panel: str
    text: str
    accent: str
    highlight: str


class DisplaySettings(TypedDict):
    notice_vi: str
    notice_en: str
    colors: DisplayColors
    # A data: URL, or null.
    logo: str | None
    highlight_s: int
    recent_calls: int
    call_vi: str
    call_en: str
    announce: list[str]


class QueueLength(TypedDict):
    start: str
    step_s: int
    points: list[int]


# GET /api/stats: totals and the figures by service, counter, clerk, hour and day (core/stats.py);
# the functional form because 'from' is a Python keyword.
Stats = TypedDict(
    "Stats",
    {
        "from": str,
        "to": str,
        "office": dict[str, str],
        "totals": dict[str, Any],
        "by_service": list[dict[str, Any]],
        "by_counter": list[dict[str, Any]],
        "by_clerk": list[dict[str, Any]],
        "by_hour": list[dict[str, Any]],
        "by_day": list[dict[str, Any]],
        "wait_bins_min": list[int],
        # A single day: the waiting count every 15 minutes from 06:00.
        "queue_length": NotRequired[QueueLength],
        # Procedures looked up and checklists printed at the kiosk.
        "procedures": ProcedureFigures,
        # Appointments of those days: booked, checked_in (kept), missed, cancelled, waiting, on_time.
        "appointments": NotRequired[dict[str, int]],
    },
)


class HourlyCell(TypedDict):
    day: str
    hour: int
    service: str
    issued: int
    served: int
    no_show: int
    cancelled: int
    wait_mean_s: float | None
    wait_p90_s: float | None
    wait_max_s: float | None
    service_mean_s: float | None
    ratings: dict[str, int]


class Hourly(TypedDict):
    office: dict[str, str]
    cells: list[HourlyCell]


class AdminSession(TypedDict):
    """An administrator's session: the token (answered once, at sign-in) and when it ends."""

    token: str
    username: str
    name: str
    expires_at: str


class AdminMe(TypedDict):
    username: str
    expires_at: str


class Configuration(TypedDict):
    """The live configuration: its version and document (office.toml's tables but [server] and [security])."""

    version: int
    document: dict[str, Any]


class AdminClerk(TypedDict):
    """A clerk as the admin screens list her (never her PIN)."""

    username: str
    name: str
    role: Literal["counter", "admin"]
    active: bool


class AdminClerks(TypedDict):
    clerks: list[AdminClerk]


class AdminDevice(TypedDict):
    """A device as the admin screens list it (never its token)."""

    name: str
    role: str
    counter: int | None
    revoked: bool
    created_at: str
    # Its last request since the server started (null: none since), and the program it said it was.
    last_seen: str | None
    version: str | None


class AdminDevices(TypedDict):
    devices: list[AdminDevice]


class PairingTicket(TypedDict):
    """A device's pairing request: the code it shows, its own secret to ask with, until when."""

    id: int
    code: str
    secret: str
    expires_at: str


class PairingAnswer(TypedDict):
    """pending | approved (with the token, handed over once) | refused | expired."""

    state: str
    token: str | None
    device: str | None
    role: str | None
    counter: int | None


class PendingDevice(TypedDict):
    code: str
    kind: str
    hint: str
    created_at: str
    expires_at: str


class PendingDevices(TypedDict):
    pending: list[PendingDevice]


class PlaylistItem(TypedDict):
    """One slide of the lobby playlist (core/playlist.py): an image, a video or a text (vi/en)."""

    id: int
    position: int
    kind: Literal["image", "video", "text"]
    # Where a display fetches the file (its own token: GET /api/playlist/media/{name}); null for text.
    url: str | None
    media_type: str | None
    size: int | None
    title: str
    text_vi: str | None
    text_en: str | None
    # Seconds on screen; null: a video plays to its end.
    duration_s: int | None
    # Office-local HH:MM when it starts and stops showing; both null: all day.
    show_from: str | None
    show_to: str | None
    enabled: bool


class Playlist(TypedDict):
    """The lobby playlist in order; ``version`` grows with every change (displays compare it)."""

    version: int
    items: list[PlaylistItem]
