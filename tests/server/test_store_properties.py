"""Hypothesis drives the real Store (a real SQLite file) through random office days.

Properties: numbers unique and gap-free per service and day; a counter holds at
most one ticket and a ticket at most one counter; no ticket is served twice;
strict priority is never jumped; every ticket ends in exactly one final state.
"""

import tempfile
from collections import Counter as Tally
from dataclasses import replace
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from core.model import PriorityPolicy, PriorityStrategy
from server.config import load_config
from server.errors import ConflictError
from server.snapshots import Actor
from server.store import Store
from tests.helpers.office import FakeClock

SAMPLE = Path(__file__).parents[2] / "server" / "sample_office.toml"
OFFICE = load_config(SAMPLE).office
SERVICES = [s.code for s in OFFICE.services]
COUNTERS = [c.number for c in OFFICE.counters]
KIOSK = Actor("kiosk")


class OfficeDay(RuleBasedStateMachine):
    office = OFFICE

    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.clock = FakeClock()
        self.store = Store(Path(self.tmp.name) / "office.db", self.office, self.clock)
        self.signed_in: set[int] = set()

    def teardown(self) -> None:
        # Close the day: nothing may stay open, and history stays.
        self.clock.advance(24 * 3600)
        self.store.tick()
        statuses = [r[0] for r in self.store.db.conn.execute("SELECT status FROM tickets")]
        assert set(statuses) <= {"done", "no_show", "cancelled"}
        self.store.close()
        self.tmp.cleanup()

    def actor(self, counter: int) -> Actor:
        return Actor(f"counter{counter}", f"clerk{counter}")

    @rule(service=st.sampled_from(SERVICES), priority=st.sampled_from([None, None, None, "elderly"]))
    def issue(self, service: str, priority: str | None) -> None:
        ticket = self.store.tickets.issue(service, priority, KIOSK)
        assert ticket["status"] == "waiting" and ticket["number"].startswith(service)

    @rule(counter=st.sampled_from(COUNTERS))
    def sign_in(self, counter: int) -> None:
        self.store.counters.sign_in(counter, f"clerk{counter}", self.actor(counter))
        self.signed_in.add(counter)

    @rule(seconds=st.integers(1, 1800))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds)

    @precondition(lambda self: self.signed_in)
    @rule(data=st.data())
    def call_next(self, data: st.DataObject) -> None:
        counter = data.draw(st.sampled_from(sorted(self.signed_in)))
        served = self.store.office.counter(counter).services
        waiting_priority = self.store.db.conn.execute(
            f"SELECT COUNT(*) FROM tickets WHERE status = 'waiting' AND priority IS NOT NULL "
            f"AND service IN ({','.join('?' * len(served))})",
            served,
        ).fetchone()[0]
        try:
            ticket = self.store.counters.call_next(counter, self.actor(counter))
        except ConflictError:  # paused
            return
        if ticket and self.office.priority.strategy is PriorityStrategy.STRICT and waiting_priority:
            assert ticket["priority"] is not None

    @precondition(lambda self: self.signed_in)
    @rule(
        data=st.data(),
        action=st.sampled_from(
            ["recall", "start", "finish", "no_show", "no_show_requeue", "transfer", "pause", "resume"]
        ),
    )
    def counter_action(self, data: st.DataObject, action: str) -> None:
        counter = data.draw(st.sampled_from(sorted(self.signed_in)))
        actor = self.actor(counter)
        try:
            if action == "no_show":
                self.store.counters.no_show(counter, False, actor)
            elif action == "no_show_requeue":
                self.store.counters.no_show(counter, True, actor)
            elif action == "transfer":
                self.store.counters.transfer(counter, data.draw(st.sampled_from(SERVICES)), actor)
            elif action == "pause":
                self.store.counters.pause(counter, "nghỉ", actor)
            else:
                getattr(self.store.counters, action)(counter, actor)
        except ConflictError:
            pass  # not applicable in this state: refused, nothing changed
        except Exception as exc:  # an InvalidError is fine only for a same-service transfer
            assert action == "transfer" and "already in service" in str(exc)

    @rule(data=st.data())
    def cancel_or_requeue_someone(self, data: st.DataObject) -> None:
        ids = [r[0] for r in self.store.db.conn.execute("SELECT id FROM tickets")]
        if not ids:
            return
        ticket_id = data.draw(st.sampled_from(ids))
        try:
            if data.draw(st.booleans()):
                self.store.tickets.cancel(ticket_id, KIOSK)
            else:
                self.store.tickets.requeue(ticket_id, KIOSK)
        except ConflictError:
            pass

    @invariant()
    def numbers_are_gap_free_per_service_and_day(self) -> None:
        rows = self.store.db.conn.execute("SELECT day, original_service, seq, label FROM tickets").fetchall()
        by_series: dict[tuple[str, str], list[int]] = {}
        for day, service, seq, label in rows:
            by_series.setdefault((day, service), []).append(seq)
            assert label == self.office.service(service).label.format(seq)
        for seqs in by_series.values():
            assert sorted(seqs) == list(range(1, len(seqs) + 1))

    @invariant()
    def one_ticket_per_counter_and_counter_per_ticket(self) -> None:
        conn = self.store.db.conn
        active = conn.execute("SELECT counter FROM tickets WHERE status IN ('called', 'serving')").fetchall()
        counters = [r[0] for r in active]
        assert None not in counters
        assert len(counters) == len(set(counters))

    @invariant()
    def no_ticket_served_twice(self) -> None:
        finished = Tally(
            r[0] for r in self.store.db.conn.execute("SELECT ticket_id FROM events WHERE type = 'ticket.finished'")
        )
        assert all(n == 1 for n in finished.values())
        done = {r[0] for r in self.store.db.conn.execute("SELECT id FROM tickets WHERE status = 'done'")}
        assert done == set(finished)

    @invariant()
    def one_status_each_and_events_agree(self) -> None:
        rows = self.store.db.conn.execute("SELECT id, status, requeued FROM tickets").fetchall()
        for ticket_id, status, requeued in rows:
            assert status in ("waiting", "called", "serving", "done", "no_show", "cancelled")
            requeues = self.store.db.conn.execute(
                "SELECT COUNT(*) FROM events WHERE ticket_id = ? AND type = 'ticket.requeued'", (ticket_id,)
            ).fetchone()[0]
            assert requeues == requeued <= 1


class InterleavedOfficeDay(OfficeDay):
    office = replace(OFFICE, priority=PriorityPolicy(PriorityStrategy.INTERLEAVE, every=2))


TestOfficeDay = OfficeDay.TestCase
TestInterleavedOfficeDay = InterleavedOfficeDay.TestCase
for case in (TestOfficeDay, TestInterleavedOfficeDay):
    case.settings = settings(max_examples=60, stateful_step_count=50, deadline=None)
