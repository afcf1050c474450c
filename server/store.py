"""The office database: the one object that opens the SQLite file, composed of one part per group of tables.

    store = Store(path, office, clock)
    store.tickets.issue("A", None, Actor("kiosk1"))     # tickets, sequences
    store.counters.call_next(3, Actor("counter3"))      # counter_state
    store.ratings.rate(…) · store.alerts.set(…) · store.accounts.add_device(…) · store.audit.record(…)
    store.idempotency.once(device, key, request, change)  # a retried change answered once
    store.device_status.report(…)                         # what each app says about its parts
    store.wait_inputs.live() · store.post_estimates(batch)    # the wait estimator's input and output
    store.views.ticket(7) · store.state() · store.stats.facts(…) · store.events.since(…)
    store.procedures.all() · store.procedures.replace(…) · store.procedures.count_use(…)
    store.playlist.current() · store.playlist.add(…)     # the lobby's slides

Every part writes through ``store.db`` (server/storage/database.py: the
connection and its transactions) and receives the other parts it needs in its
constructor; none refers back to the Store. Not thread-safe: the server calls
it from one thread (server/dbthread.py), passing the bound methods of these
parts, so every call is checked by mypy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.model import Office
from server import schemas, snapshots
from server.config import OfficeConfig, OfficeDocument
from server.stats import DayCache
from server.storage.accounts import Accounts
from server.storage.alerts import Alerts
from server.storage.audit import AuditTrail
from server.storage.bookings import Bookings
from server.storage.counters import Counters
from server.storage.database import Access, Database, Event, StoreBusyError
from server.storage.day import OfficeDay
from server.storage.device_status import DeviceReports
from server.storage.events import EventLog
from server.storage.idempotency import Idempotency
from server.storage.pairing import Pairings
from server.storage.playlist import Playlist
from server.storage.procedures import Procedures
from server.storage.public import PublicTickets
from server.storage.ratings import Ratings
from server.storage.settings import LiveConfiguration
from server.storage.stats import StatsReader
from server.storage.sync_status import SyncStatusLog
from server.storage.tickets import Tickets
from server.storage.views import Views
from server.storage.wait_board import Batch, WaitBoard
from server.storage.wait_inputs import WaitInputs

__all__ = ["Access", "Event", "Store", "StoreBusyError"]


class Store:
    """Owns the office database and its parts.

    ``clock`` returns epoch seconds; tests pass a controllable one.
    ``on_commit`` receives each committed batch of events, in commit order,
    each with the queues as they are after the batch.
    """

    def __init__(
        self,
        path: Path,
        office: Office,
        clock: Callable[[], float],
        on_commit: Callable[[list[Event]], None] | None = None,
        *,
        access: Access = Access.SERVER,
        read_only: bool = False,
        config: OfficeConfig | None = None,
        seed: OfficeDocument | None = None,
    ) -> None:
        """``access``: ``Access.SERVER`` for the server (and ``onestop init``); ``Access.ADMIN`` for admin commands
        (devices, clerks) that write beside the running server — no migration, no checkpoint, no day roll-over
        (only the server closes a day, so its screens see the ``day.started`` event); ``Access.READ_ONLY``
        (or ``read_only=True``) for reports and ``onestop status`` — no write at all.

        The office in use is the live configuration stored in the database (``settings``), once there is
        one; ``office`` only until then. ``seed``: office.toml's document, stored as version 1 on a new
        office. ``config``: the server's office.toml, to which ``settings.config`` applies the live version.
        """
        if read_only:
            access = Access.READ_ONLY
        self.db = db = Database(path, office, clock, access=access)
        self.wait_board = WaitBoard()
        self.views = views = Views(db, self.wait_board)
        self.events = events = EventLog(db, views)
        self.audit = audit = AuditTrail(db)
        stats_cache = DayCache()
        self.idempotency = idempotency = Idempotency(db)
        self.day = OfficeDay(db, events, stats_cache, idempotency, enabled=access is Access.SERVER)
        self.tickets = tickets = Tickets(db, events, views, audit)
        self.accounts = accounts = Accounts(db, views, audit)
        self.counters = Counters(db, events, views, tickets, accounts, audit)
        self.ratings = ratings = Ratings(db, events, views, stats_cache, audit)
        self.public = PublicTickets(db, views, ratings)
        self.alerts = Alerts(db, events, audit)
        self.sync_status = SyncStatusLog(db, events)
        self.device_status = DeviceReports(db, events)
        self.stats = StatsReader(db, stats_cache, self.day)
        self.wait_inputs = WaitInputs(db)
        self.procedures = Procedures(db, events, audit)
        self.pairings = Pairings(db, accounts, audit)
        self.bookings = Bookings(db, tickets, audit)
        self.playlist = Playlist(db, events, audit)
        # The office day whose bookings' personal data was last swept (once a day, not every tick).
        self._swept_day = ""
        self.settings = settings = LiveConfiguration(db, events, audit, config)
        settings.load(seed)
        if access is not Access.SERVER:
            return
        db.on_begin.append(self.day.roll)
        db.on_rollback.append(self.day.forget)
        if on_commit is not None:

            def publish(events: list[Event]) -> None:
                # Screens show queue lengths: each batch carries them as they are after it.
                queues = views.queues()
                for event in events:
                    event["queues"] = queues
                on_commit(events)

            db.on_commit.append(publish)
        with db.write():
            for counter in db.office.counters:
                db.conn.execute("INSERT OR IGNORE INTO counter_state (number) VALUES (?)", (counter.number,))

    @property
    def office(self) -> Office:
        return self.db.office

    def close(self) -> None:
        self.db.close()

    def today(self) -> str:
        return self.db.today()

    def tick(self) -> None:
        """Run the day roll-over even when nobody changes anything, and announce a catalogue imported
        beside the server and a configuration imported beside it (called by a timer)."""
        self.day.tick()
        self.procedures.announce()
        self.settings.refresh()
        if self._swept_day != self.db.today():
            self.bookings.forget_personal()
            self._swept_day = self.db.today()

    def state(self) -> schemas.State:
        """Everything a screen needs, as of event ``seq``."""
        db, office = self.db, self.db.office
        return {
            "seq": self.events.last_seq(),
            "day": db.today(),
            "now": snapshots.iso(db.clock(), db.tz),
            # How fast the office's clock runs against the wall: 1, or more in the demo's simulated day.
            "clock_rate": float(getattr(db.clock, "speed", 1.0)),
            "office": {
                "name": office.name,
                "timezone": office.timezone,
                "priority": {"strategy": office.priority.strategy.value, "every": office.priority.every},
                "priority_groups": [
                    {"code": g.code, "name_vi": g.name_vi, "name_en": g.name_en} for g in office.priority_groups
                ],
                "appointments": list(office.appointments.services),
            },
            "services": [snapshots.service(s) for s in office.services],
            "queues": self.views.queues(),
            "counters": self.views.counters(),
            "waiting": self.views.waiting_tickets(),
            "recent_calls": self.events.recent_calls(),
            "alerts": self.alerts.active(),
            "estimates": self.views.estimates(),
        }

    def post_estimates(self, batch: Batch) -> Event:
        """Make ``batch`` the one issuing and the screens go by; the event that tells the screens.

        Not stored and not numbered (no ``seq``): it is figures worked out from the events before it,
        renewed every few seconds, and /api/state carries the latest. ``queues``, as on every event.
        """
        self.wait_board.post(batch)
        return {
            "type": "estimates.updated",
            "at": snapshots.iso(batch.at, self.db.tz),
            "estimates": self.views.estimates(),
            "queues": self.views.queues(),
        }
