"""Live-queue queries with a year of history: do they stay fast?

Prints figures; asserts nothing about time. Run:

    .venv/bin/python bench/bench_history.py                  # 300 working days, 300,000 tickets
    .venv/bin/python bench/bench_history.py --tickets 600000 # two years

Two offices, both made by ``onestop init`` (30 counters): one empty, one with a
year of closed tickets and their events written straight into SQLite (one
transaction, executemany; columns as in server/migrations.py). Each is opened
through ``server.store.Store`` with a controllable clock set to today 09:00,
30 clerks sign in, ~50 tickets are issued today, then the live operations are
timed ``--reps`` times each: state(), queues(), issue_ticket(), call_next()
(issue and call-next alternate, so ~50 stay waiting). Writes include the fsync
of synchronous=FULL.

Then every distinct statement the store ran during those operations (caught
with sqlite3's trace callback, so the list follows the code) is shown with its
EXPLAIN QUERY PLAN, its time on both databases, and a warning if it scans a
big table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    COUNTER_SERVICES,
    PRIORITY_GROUPS,
    PRIORITY_SHARE,
    SERVICE_MIX,
    fs_type,
    header,
    init_office,
    summary_ms,
)

from server.config import load_config  # noqa: E402
from server.snapshots import Actor  # noqa: E402
from server.store import Store  # noqa: E402

WAITING_TODAY = 50
BIG_TABLES = ("tickets", "events")


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def local_epoch(day: date, hour: float, tz: ZoneInfo) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=tz).timestamp() + hour * 3600


def working_days_before(today: date, n: int) -> list[date]:
    days: list[date] = []
    d = today - timedelta(days=1)
    while len(days) < n:
        if d.weekday() < 5:
            days.append(d)
        d -= timedelta(days=1)
    return sorted(days)


# -- a year of history ------------------------------------------------------------


def build_history(db_path: Path, office: Any, today: date, n_days: int, n_tickets: int, seed: int) -> dict[str, int]:
    """Closed tickets, their events and numbering for ``n_days`` working days before today."""
    rng = random.Random(seed)
    tz = ZoneInfo(office.timezone)
    conn = sqlite3.connect(db_path, isolation_level=None)
    cols = {r[1]: r for r in conn.execute("PRAGMA table_info(tickets)")}
    ours = {
        "id", "day", "service", "original_service", "seq", "label", "priority", "status", "issued_at",
        "queue_key", "first_called_at", "called_at", "call_count", "started_at", "finished_at", "counter",
        "clerk", "issued_by", "waiting_ahead", "estimated_wait_s", "requeued", "close_reason",
    }  # fmt: skip
    # cid, name, type, notnull, dflt_value, pk
    missing = [name for name, r in cols.items() if name not in ours and r[3] and r[4] is None]
    if missing or not ours <= set(cols):
        raise SystemExit(
            f"tickets schema changed (new NOT NULL columns {missing} or gone {ours - set(cols)}): update me"
        )
    services = {s.code: s for s in office.services}
    by_service: dict[str, list[int]] = {code: [] for code in services}
    for n, served in enumerate(COUNTER_SERVICES, start=1):
        for code in served:
            by_service[code].append(n)
    codes, weights = list(SERVICE_MIX), list(SERVICE_MIX.values())
    days = working_days_before(today, n_days)
    per_day = [n_tickets // n_days + (1 if i < n_tickets % n_days else 0) for i in range(n_days)]

    ticket_cols = sorted(ours)
    tickets: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    sequences: list[tuple[str, str, int]] = []
    tid = 0
    eid = 0

    def event(at: float, kind: str, ticket: dict[str, Any] | None, counter: int | None, device: str, clerk: str | None,
              **extra: Any) -> None:  # fmt: skip
        nonlocal eid
        eid += 1
        payload: dict[str, Any] = {
            "type": kind,
            "at": datetime.fromtimestamp(at, tz).isoformat(timespec="milliseconds"),
        }
        payload.update(extra)
        if ticket is not None:
            payload["ticket"] = ticket
        if counter is not None:
            payload["counter"] = {
                "number": counter, "name": f"Quầy {counter}", "services": list(COUNTER_SERVICES[counter - 1]),
                "state": "calling", "clerk": {"username": clerk, "name": f"Cán bộ {counter}"},
            }  # fmt: skip
        payload["actor"] = {"device": device, "clerk": clerk}
        events.append(
            (eid, at, kind, ticket and ticket["id"], counter, device, clerk, json.dumps(payload, ensure_ascii=False))
        )

    left_open = 0  # tickets the day closed (day_end), counted on the next day.started
    for day, count in zip(days, per_day, strict=True):
        d = day.isoformat()
        open_at = local_epoch(day, 7.5, tz)
        event(open_at - 60, "day.started", None, None, "server", None, day=d, closed_tickets=left_open)
        left_open = 0
        seqs = dict.fromkeys(services, 0)
        for k in range(count):
            tid += 1
            code = rng.choices(codes, weights)[0]
            seqs[code] += 1
            issued = open_at + 9 * 3600 * (k + rng.random()) / count
            priority = rng.choice(PRIORITY_GROUPS) if rng.random() < PRIORITY_SHARE else None
            r = rng.random()
            status, reason = (
                ("done", None) if r < 0.90 else ("no_show", "no_show") if r < 0.96 else
                ("cancelled", "cancelled") if r < 0.99 else ("cancelled", "day_end")
            )  # fmt: skip
            counter = rng.choice(by_service[code])
            clerk = f"clerk{counter}"
            kiosk = f"kiosk{rng.randint(1, 3)}"
            wait = rng.uniform(60, 2400)
            called = issued + wait if status in ("done", "no_show") else None
            started = called + rng.uniform(5, 60) if status == "done" else None
            service_s = services[code].mean_service_s * rng.uniform(0.3, 2.0)
            finished = (
                started + service_s if status == "done" else called + 120 if status == "no_show"
                else issued + rng.uniform(60, 3600) if reason == "cancelled"
                else local_epoch(day + timedelta(1), 0.1, tz)
            )  # fmt: skip
            row = {
                "id": tid, "day": d, "service": code, "original_service": code, "seq": seqs[code],
                "label": services[code].label.format(seqs[code]), "priority": priority, "status": status,
                "issued_at": issued, "queue_key": issued, "first_called_at": called, "called_at": called,
                "call_count": (1 if rng.random() < 0.9 else 2) if called else 0, "started_at": started,
                "finished_at": finished, "counter": counter if called else None, "clerk": clerk if called else None,
                "issued_by": kiosk, "waiting_ahead": rng.randint(0, 40),
                "estimated_wait_s": int(wait * rng.uniform(0.7, 1.3)),
                "requeued": 0, "close_reason": reason,
            }  # fmt: skip
            tickets.append(tuple(row[c] for c in ticket_cols))
            snap = {
                "id": tid, "number": row["label"], "seq": row["seq"], "day": d, "service": code,
                "original_service": code, "priority": priority, "status": "waiting",
                "issued_at": datetime.fromtimestamp(issued, tz).isoformat(timespec="milliseconds"),
                "counter": None, "clerk": None, "waiting_ahead": row["waiting_ahead"],
                "estimated_wait_s": row["estimated_wait_s"], "requeued": False, "close_reason": None,
            }  # fmt: skip
            event(issued, "ticket.issued", snap, None, kiosk, None)
            if reason == "day_end":
                left_open += 1
                continue
            if reason == "cancelled":
                event(finished, "ticket.cancelled", {**snap, "status": "cancelled"}, None, kiosk, None)
                continue
            snap = {**snap, "status": "called", "counter": counter, "clerk": clerk}
            event(called, "ticket.called", snap, counter, f"counter{counter}", clerk)
            if status == "no_show":
                event(finished, "ticket.no_show", {**snap, "status": "no_show"}, counter, f"counter{counter}", clerk)
                continue
            event(started, "ticket.started", {**snap, "status": "serving"}, counter, f"counter{counter}", clerk)
            event(
                finished, "ticket.finished", {**snap, "status": "done"}, counter, f"counter{counter}", clerk, auto=False
            )
        sequences += [(d, code, last) for code, last in seqs.items() if last]

    conn.execute("BEGIN")
    conn.executemany(
        f"INSERT INTO tickets ({', '.join(ticket_cols)}) VALUES ({', '.join('?' * len(ticket_cols))})", tickets
    )
    conn.executemany(
        "INSERT INTO events (id, at, type, ticket_id, counter, device, clerk, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    conn.executemany("INSERT INTO sequences (day, service, last) VALUES (?, ?, ?)", sequences)
    conn.execute("COMMIT")
    # No ANALYZE: the server never runs it, so the planner works without statistics here too.
    conn.close()
    return {"tickets": len(tickets), "events": len(events), "days": n_days}


# -- timing the live operations -------------------------------------------------------


class Trace:
    """Distinct statements the store runs (bound values inlined by sqlite3), in first-seen order."""

    def __init__(self) -> None:
        self.on = False
        self.seen: dict[str, tuple[str, str]] = {}  # normalised → (expanded sql, where)
        self.where = ""
        self.counts: dict[str, int] = {}  # statements run per operation (one traced run of each)

    def __call__(self, sql: str) -> None:
        if not self.on:
            return
        text = " ".join(sql.split())
        head = text.split(" ", 1)[0].upper()
        if head in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA"):
            return
        self.counts[self.where] = self.counts.get(self.where, 0) + 1
        norm = re.sub(r"'[^']*'|\b\d+(\.\d+)?\b", "?", text)
        norm = re.sub(r"\((\?, )+\?\)", "(…)", norm)
        self.seen.setdefault(norm, (text, self.where))


def open_store(data: Path, clock: Clock) -> tuple[Store, float]:
    office = load_config(data / "office.toml").office
    t = time.perf_counter()
    store = Store(data / "office.db", office, clock)
    return store, time.perf_counter() - t


OPS = ("state()", "queues()", "issue_ticket()", "call_next()")


def time_ops(data: Path, today: date, reps: int, closed_today: int, seed: int, trace: Trace | None) -> dict[str, Any]:
    """Morning: ~50 waiting, little else today. Afternoon: the same after ``closed_today`` more were served.

    Today's volume matters as much as history: a live query that finds today's rows by
    ``day`` alone reads all of today's tickets, open or closed.
    """
    office = load_config(data / "office.toml").office
    tz = ZoneInfo(office.timezone)
    clock = Clock(local_epoch(today, 8.0, tz))
    store, open_s = open_store(data, clock)
    rng = random.Random(seed)
    codes, weights = list(SERVICE_MIX), list(SERVICE_MIX.values())
    kiosk = Actor("kiosk1")
    counters = [c.number for c in office.counters]

    def waiting() -> int:
        return sum(q["waiting"] for q in store.views.queues().values())

    def top_up() -> None:
        while waiting() < WAITING_TODAY:
            clock.now += 2
            store.tickets.issue(rng.choices(codes, weights)[0], None, kiosk)

    def measure(label: str, n_reps: int, traced: bool) -> dict[str, Any]:
        times: dict[str, list[float]] = {name: [] for name in OPS}
        got = 0

        def timed(name: str, fn: Callable[[], Any]) -> Any:
            if traced and trace is not None:
                trace.where, trace.on = name, True
            t = time.perf_counter()
            try:
                return fn()
            finally:
                times[name].append(time.perf_counter() - t)
                if trace is not None:
                    trace.on = False

        for i in range(n_reps):
            clock.now += 5
            timed("state()", store.state)
            timed("queues()", store.views.queues)
            code = rng.choices(codes, weights)[0]
            priority = rng.choice(PRIORITY_GROUPS) if rng.random() < PRIORITY_SHARE else None
            timed("issue_ticket()", lambda: store.tickets.issue(code, priority, kiosk))  # noqa: B023
            n = counters[i % len(counters)]
            got += timed("call_next()", lambda: store.counters.call_next(n, Actor(f"counter{n}"))) is not None  # noqa: B023
        conn = store.db.conn
        today_total = conn.execute("SELECT COUNT(*) FROM tickets WHERE day = ?", (today.isoformat(),)).fetchone()
        return {"label": label, "times": times, "got_ticket": got, "waiting_end": waiting(), "today": today_total[0]}

    try:
        for c in office.counters:
            store.accounts.add_clerk(f"clerk{c.number}", "246810", f"Cán bộ {c.number}")
            store.counters.sign_in(c.number, f"clerk{c.number}", Actor(f"counter{c.number}", f"clerk{c.number}"))
        top_up()
        morning = measure("morning", reps, traced=False)
        # Serve ``closed_today`` more citizens (issue one, call the next at a counter in turn).
        for k in range(closed_today):
            clock.now += 20
            store.tickets.issue(rng.choices(codes, weights)[0], None, kiosk)
            n = counters[k % len(counters)]
            store.counters.call_next(n, Actor(f"counter{n}"))
        top_up()
        afternoon = measure("afternoon", reps, traced=False)
        if trace is not None:
            store.db.conn.set_trace_callback(trace)
            measure("traced", 1, traced=True)
            # The first write of a day closes what older days left open (_roll_day): catch its statements too.
            trace.where, trace.on = "day roll-over (_roll_day)", True
            store.day.rolled = None
            store.tick()
            trace.on = False
        return {"open_s": open_s, "morning": morning, "afternoon": afternoon}
    finally:
        store.close()


def explain(conn: sqlite3.Connection, sql: str) -> list[str]:
    try:
        rows = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    except sqlite3.Error as exc:
        return [f"(cannot explain: {exc})"]
    depth: dict[int, int] = {0: -1}
    lines = []
    for node_id, parent, _, detail in rows:
        depth[node_id] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node_id] + detail)
    return lines


def full_scans(plan: list[str]) -> list[str]:
    """Plan lines that read a whole big table (or a whole index of one)."""
    bad = []
    for line in plan:
        m = re.match(r"\s*SCAN (\w+)(.*)", line)
        if m and m.group(1) in BIG_TABLES:
            bad.append(line.strip())
    return bad


def time_statement(conn: sqlite3.Connection, sql: str, n: int = 20) -> float:
    """Median seconds of a read-only statement (writes are not repeated)."""
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        conn.execute(sql).fetchall()
        samples.append(time.perf_counter() - t)
    return sorted(samples)[len(samples) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=300_000, help="tickets of history (default 300000)")
    parser.add_argument("--days", type=int, default=300, help="working days of history (default 300)")
    parser.add_argument("--reps", type=int, default=200, help="repetitions of each live operation (default 200)")
    parser.add_argument(
        "--closed-today", type=int, default=950, help="tickets served today before the afternoon round (default 950)"
    )
    parser.add_argument(
        "--try-index",
        action="append",
        default=[],
        metavar="SQL",
        help="what-if: run this CREATE INDEX on both databases before timing (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tmp", type=Path, default=None, help="where to make the temp data dirs")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="onestop-history-", dir=args.tmp))
    try:
        print(header("bench_history: live queries with a year of history"))
        empty, full = root / "empty", root / "year"
        init_office(empty)
        init_office(full)
        office = load_config(full / "office.toml").office
        today = datetime.now(ZoneInfo(office.timezone)).date()
        t = time.perf_counter()
        made = build_history(full / "office.db", office, today, args.days, args.tickets, args.seed)
        build_s = time.perf_counter() - t
        for sql in args.try_index:
            for db in (empty, full):
                with sqlite3.connect(db / "office.db") as conn:
                    conn.execute(sql)
            print(f"what-if index added to both databases: {sql}")
        # Flush the freshly written file now, or its writeback lands in the first fsyncs we time.
        os.sync()
        db_mb = (full / "office.db").stat().st_size / 2**20
        print(
            f"history: {made['tickets']:,} tickets, {made['events']:,} events over {made['days']} working days "
            f"before {today} (90 % done, 6 % no-show, 4 % cancelled; all closed), written in {build_s:.1f} s; "
            f"office.db {db_mb:.1f} MiB on {fs_type(root)}"
        )
        print(
            f"live: 30 counters signed in, ~{WAITING_TODAY} waiting today, {args.reps}× each op in the morning, "
            f"then again in the afternoon after {args.closed_today} more were served today "
            "(issue and call-next alternate; writes include the WAL fsync of synchronous=FULL)"
        )
        trace = Trace()
        res_empty = time_ops(empty, today, args.reps, args.closed_today, args.seed, None)
        res_full = time_ops(full, today, args.reps, args.closed_today, args.seed, trace)
        for phase in ("morning", "afternoon"):
            e_ph, f_ph = res_empty[phase], res_full[phase]
            print(
                f"\n{phase}: {f_ph['today']} tickets today by the end of it "
                f"({'~50 waiting' if phase == 'morning' else f'{args.closed_today} more served, ~50 waiting'}); "
                f"call_next got a ticket {f_ph['got_ticket']}/{args.reps} times; "
                f"{f_ph['waiting_end']} waiting at the end"
            )
            print(f"{'operation':<16} {'empty p50':>10} {'empty p99':>10} {'year p50':>10} {'year p99':>10}   (ms)")
            for name in OPS:
                e, f = summary_ms(e_ph["times"][name]), summary_ms(f_ph["times"][name])
                print(f"{name:<16} {e['p50']:>10.2f} {e['p99']:>10.2f} {f['p50']:>10.2f} {f['p99']:>10.2f}")
        print(
            f"\nStore() open: {res_empty['open_s'] * 1000:.1f} ms empty, "
            f"{res_full['open_s'] * 1000:.1f} ms with history "
            "(one-off: migrations check + first write of the day)"
        )
        print(
            f"DB file: empty office {(empty / 'office.db').stat().st_size / 2**20:.2f} MiB, "
            f"with history {(full / 'office.db').stat().st_size / 2**20:.1f} MiB"
        )

        print("\nstatements run by one call: " + ", ".join(f"{w} {n}" for w, n in trace.counts.items()))
        print("\nstatements the live operations ran, with EXPLAIN QUERY PLAN on the year-of-history DB")
        print("(time = median of 20 runs of the statement alone, read-only statements only)")
        scans: list[tuple[str, str, list[str]]] = []
        full_conn = sqlite3.connect(full / "office.db")
        empty_conn = sqlite3.connect(empty / "office.db")
        for k, (sql, where) in enumerate(trace.seen.values(), start=1):
            plan = explain(full_conn, sql)
            shown = sql if len(sql) <= 220 else sql[:217] + "…"
            is_read = sql.split(" ", 1)[0].upper() == "SELECT"
            timing = ""
            if is_read:
                te, tf = time_statement(empty_conn, sql), time_statement(full_conn, sql)
                timing = f"  [{te * 1000:.3f} ms empty → {tf * 1000:.3f} ms with history]"
            print(f"\n[{k}] in {where}:{timing}\n    {shown}")
            for line in plan:
                print("      " + line)
            bad = full_scans(plan)
            if bad:
                scans.append((where, shown, bad))
        full_conn.close()
        empty_conn.close()
        print()
        if scans:
            print(f"WHOLE-TABLE SCANS on {', '.join(BIG_TABLES)}: {len(scans)} statement(s)")
            for where, sql, bad in scans:
                print(f"  - in {where}: {'; '.join(bad)}\n      {sql}")
        else:
            print(f"no statement scans a whole {' or '.join(BIG_TABLES)} table")
        return 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
