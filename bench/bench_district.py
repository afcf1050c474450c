"""District scale: a province's (and the country's) offices sending their hourly batches, and rankings over a year.

Prints figures and writes them to bench/district-figures.txt; asserts nothing about time. Run:

    .venv/bin/python bench/bench_district.py                   # PostgreSQL (started here) and SQLite
    .venv/bin/python bench/bench_district.py --backend postgresql --offices 3321

For each backend:

1. **Ingest.** 3,321 offices (34 provinces; one of 150 offices) registered by
   ``district office import``; each sends the batch of its day so far (8 hours
   × 6 services, gzipped) from 32 threads with keep-alive sessions. On
   PostgreSQL two ``district serve`` processes share the database, offices
   alternating between them, and 10 % of the batches are sent to *both* at
   once. Wall time for all (target ≤ 60 s), latency per batch (target p99 ≤
   500 ms), and the district's per-office totals checked against what each
   office sent (no loss, no double count).
   Offices send at independent random moments of the first 45 s (open
   loop: that is how 3,321 machines with their own timers arrive); then the
   same batches again flat out, to show the capacity.
2. **A year of history.** 365 days of daily roll-ups for every office (1.2
   million office-day rows, what ~70 million hourly cells roll up to) written
   straight into the database, and their month roll-ups rebuilt from them by
   the ingest's own statement; then, through a serve process over HTTP: the
   province ranking page of the 150-office province over the year (target p95
   ≤ 300 ms) and the national ranking over a month (its first page, as HTML
   and as JSON with limit=100; target ≤ 1 s), and the complete JSON export.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import gzip
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from common import ONESTOP, free_port, header, proc_cpu_s, summary_ms  # noqa: E402

from district.database import database_url  # noqa: E402
from district.rollups import rebuild_months  # noqa: E402
from district.store import DistrictStore  # noqa: E402
from district.tables import office_days  # noqa: E402
from sync.batches import Scale, build  # noqa: E402
from tests.helpers.postgres import PostgresServer  # noqa: E402
from tests.helpers.processes import wait_for_health  # noqa: E402

FIGURES = Path(__file__).resolve().parent / "district-figures.txt"
PROVINCES = 34
BIG_PROVINCE = 150
DAY = "2026-11-27"
SPREAD_S = 45.0  # offices send within the first 45 s of the minute (their own timers, not in step)
OPEN_LOOP_THREADS = 96  # enough that the senders never hold an office back


def structure(offices: int) -> str:
    """The import file: province p00 has 150 offices, the rest share the remainder; each province has its centre."""
    lines = ["id,name,level,province,province_name"]
    rest = offices - BIG_PROVINCE
    for i in range(offices):
        if i < BIG_PROVINCE:
            province, first = 0, i == 0
        else:
            province = 1 + (i - BIG_PROVINCE) % (PROVINCES - 1)
            first = (i - BIG_PROVINCE) < PROVINCES - 1
        level = "province" if first else "commune"
        lines.append(f"o{i:04d},UBND xã {i},{level},p{province:02d},Tỉnh {province:02d}")
    assert rest > 0
    return "\n".join(lines) + "\n"


def day_batch(office: str, rng: random.Random) -> tuple[dict[str, Any], int]:
    cells = []
    issued_total = 0
    for hour in (7, 8, 9, 10, 13, 14, 15, 16):
        for service in "ABCDEF":
            issued = rng.randint(2, 12)
            no_show = rng.randint(0, 1)
            served = issued - no_show
            rated = rng.randint(0, served)
            bad = rng.randint(0, rated // 4)
            mean = rng.uniform(200, 1200)
            issued_total += issued
            cells.append({
                "day": DAY, "hour": hour, "service": service, "issued": issued, "served": served,
                "no_show": no_show, "cancelled": 0, "wait_mean_s": round(mean, 1),
                "wait_p90_s": round(mean * 1.8, 1), "wait_max_s": round(mean * 2.5, 1),
                "service_mean_s": round(rng.uniform(180, 600), 1),
                "ratings": {"3": rated - bad, "1": bad},
            })  # fmt: skip
    scale = Scale(levels=("3", "2", "1"), negative=("1",))
    return build(office, DAY, DAY, cells, scale, 1, dt.datetime.now(dt.UTC)).body, issued_total


def start(db: str, data: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen([ONESTOP, "district", "serve", "--db", db, "--data", str(data), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    wait_for_health(url, proc, log)
    return proc, url


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(30)


def bench_ingest(db: str, data: Path, offices: int, processes: int, threads: int) -> tuple[list[str], dict[str, str]]:
    store = DistrictStore.open(db, upgrade=True)
    t = time.perf_counter()
    done = store.accounts.import_offices(structure(offices), "bench.csv", issue_tokens=True)
    import_s = time.perf_counter() - t
    reader = store.accounts.add_user("bench")
    store.close()
    tokens = {o: tok for o, tok in done.created if tok}
    rng = random.Random(7)
    bodies: dict[str, bytes] = {}
    sent: dict[str, int] = {}
    for office in tokens:
        body, issued = day_batch(office, rng)
        bodies[office], sent[office] = gzip.compress(json.dumps(body).encode()), issued
    servers = [start(db, data, data / f"serve-{i}.log") for i in range(processes)]
    urls = [url for _, url in servers]
    jobs = [(office, urls[i % len(urls)]) for i, office in enumerate(tokens)]
    if len(urls) > 1:  # 10 % also sent to the other process at the same moment
        jobs += [(office, urls[(i + 1) % len(urls)]) for i, office in enumerate(tokens) if i % 10 == 0]
        jobs.sort(key=lambda j: j[0])
    local = threading.local()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()

    def send(job: tuple[str, str], start_at: float | None = None) -> None:
        office, url = job
        if start_at is not None:  # open loop: this office's moment has come; its own new connection
            time.sleep(max(start_at - time.perf_counter(), 0.0))
            session = requests.Session()
        else:  # flat out: each sender keeps its connection
            session = getattr(local, "session", None) or requests.Session()
            local.session = session
        t0 = time.perf_counter()
        response = session.post(url + "/api/batches", data=bodies[office], timeout=(5, 60), headers={
            "Authorization": f"Bearer {tokens[office]}", "Content-Type": "application/json",
            "Content-Encoding": "gzip"})  # fmt: skip
        elapsed = time.perf_counter() - t0
        key = response.json().get("status", str(response.status_code)) if response.ok else str(response.status_code)
        with lock:
            latencies.append(elapsed)
            statuses[key] = statuses.get(key, 0) + 1

    try:
        cpu0 = [proc_cpu_s(p.pid) or 0.0 for p, _ in servers]
        # Offices are independent machines: each sends at its own moment within the first SPREAD_S seconds.
        rng_at = random.Random(5)
        t = time.perf_counter()
        moments = sorted((t + rng_at.uniform(0, SPREAD_S), job) for job in jobs)
        with concurrent.futures.ThreadPoolExecutor(OPEN_LOOP_THREADS) as pool:
            list(pool.map(lambda item: send(item[1], item[0]), moments))
        wall = time.perf_counter() - t
        open_lat, open_statuses = summary_ms(latencies), dict(statuses)
        cpu = sum((proc_cpu_s(p.pid) or 0.0) - c for (p, _), c in zip(servers, cpu0, strict=True))
        # Then flat out: the same batches again (now duplicates) from `threads` senders with no pause.
        latencies.clear()
        statuses.clear()
        t = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            list(pool.map(send, jobs))
        flat_wall = time.perf_counter() - t
        flat_lat = summary_ms(latencies)
        answer = requests.get(f"{urls[0]}/api/figures?by=office&from={DAY}&to={DAY}", timeout=60,
                              headers={"Authorization": f"Bearer {reader}"}).json()  # fmt: skip
    finally:
        for proc, _ in servers:
            stop(proc)
    stored = {row["key"]: row["issued"] for row in answer["rows"] if row["rank"] is not None}
    equal = stored == sent
    lat = open_lat
    lines = [
        f"-- 1. ingest: {offices:,} offices' hourly batches, {processes} serve process(es) --",
        f"import of {offices:,} offices in {PROVINCES} provinces (with tokens): {import_s:.1f} s",
        f"each office at a random moment of the first {SPREAD_S:.0f} s ({len(jobs) / SPREAD_S:.0f}/s on average): "
        f"all in {wall:.1f} s  (target ≤ 60 s); answers {open_statuses}",
        f"latency per batch ms: p50 {lat['p50']:.0f}, p95 {lat['p95']:.0f}, p99 {lat['p99']:.0f}, "
        f"max {lat['max']:.0f}  (target p99 ≤ 500)",
        f"CPU of the serve processes: {cpu:.1f} s",
        f"flat out, {threads} senders without pause (the same batches again: duplicates): {len(jobs) / flat_wall:,.0f} "
        f"batches/s, latency p50 {flat_lat['p50']:.0f}, p99 {flat_lat['p99']:.0f} ms",
        f"district totals equal the offices' own: {equal} ({sum(stored.values()):,} / {sum(sent.values()):,} "
        f"tickets issued, {len(stored):,} offices)",
    ]
    return lines, {"reader": reader}


def load_year(db: str, offices: int, last: dt.date) -> float:
    """365 days of day roll-ups per office, written straight into office_days (COPY on PostgreSQL), and
    their month roll-ups rebuilt from them."""
    rng = random.Random(11)
    columns = [c.name for c in office_days.columns]
    days = [(last - dt.timedelta(days=i)).isoformat() for i in range(365)]
    store = DistrictStore.open(db)
    t = time.perf_counter()
    batch_id = "00000000-0000-0000-0000-000000000000"

    def rows_of(office: str) -> list[tuple[Any, ...]]:
        out = []
        quality = rng.uniform(0.75, 0.99)
        for day in days:
            issued = rng.randint(80, 320)
            served = issued - issued // 25
            waits = issued
            mean = rng.uniform(300, 1200)
            rated = int(served * 0.6)
            bad = int(rated * (1 - quality) * rng.uniform(0.5, 1.5))
            values = {
                "office": office, "day": day, "version": 1, "batch_id": batch_id, "received_at": 0.0,
                "issued": issued, "served": served, "no_show": issued // 25, "cancelled": 0, "waits": waits,
                "within_target": waits * rng.uniform(0.4, 0.9), "wait_sum": mean * waits,
                "wait_p90": round(mean * 1.8, 1), "wait_max": round(mean * 2.6, 1),  # to 0.1 s, as ingest stores them
                "timed": served, "service_sum": served * 420.0, "rated": rated,
                "scaled": rated, "not_satisfied": bad, "ratings": json.dumps({"3": rated - bad, "1": bad}),
                "cells": "[]",
            }  # fmt: skip
            out.append(tuple(values[c] for c in columns))
        return out

    names = [f"o{i:04d}" for i in range(offices)]
    raw = store.engine.raw_connection()
    try:
        if store.engine.dialect.name == "postgresql":
            with raw.cursor() as cursor:
                pg = cursor.connection  # psycopg's connection: COPY
                with pg.cursor() as cur, cur.copy(f"COPY office_days ({', '.join(columns)}) FROM STDIN") as copy:
                    for office in names:
                        for row in rows_of(office):
                            copy.write_row(row)
            raw.commit()
        else:
            cursor = raw.cursor()
            cursor.execute("BEGIN")
            marks = ", ".join("?" * len(columns))
            for office in names:
                cursor.executemany(f"INSERT INTO office_days ({', '.join(columns)}) VALUES ({marks})", rows_of(office))
            cursor.execute("COMMIT")
    finally:
        raw.close()
    # The month roll-ups, by the statement each batch's transaction runs (district/rollups.py).
    rebuild = rebuild_months(store.engine.dialect.name)
    with store.engine.begin() as conn:
        for office in names:
            conn.execute(rebuild, {"office": office, "first": days[-1][:7] + "-01", "last": days[0][:7] + "-31"})
    raw = store.engine.raw_connection()
    try:
        if store.engine.dialect.name == "postgresql":
            # A year-old database has long been vacuumed: do it now, or autovacuum does it during the timing.
            with raw.cursor() as cursor:
                pg = cursor.connection
            pg.autocommit = True
            with pg.cursor() as cur:
                cur.execute("VACUUM (ANALYZE) office_days")
                cur.execute("VACUUM (ANALYZE) office_months")
        else:
            raw.cursor().execute("ANALYZE")
    finally:
        raw.close()
        store.close()
    return time.perf_counter() - t


def timed_get(session: requests.Session, url: str, n: int, pid: int) -> tuple[dict[str, float], int]:
    """Latencies of ``n`` GETs, their size, and (as "cpu") the serve process's CPU ms per request:
    the work a request costs, which a loaded machine stretches in time but not in amount."""
    times = []
    size = 0
    cpu0 = proc_cpu_s(pid) or 0.0
    for _ in range(n):
        t = time.perf_counter()
        response = session.get(url, timeout=60)
        times.append(time.perf_counter() - t)
        assert response.ok, response.text[:300]
        size = len(response.content)
    return {**summary_ms(times), "cpu": ((proc_cpu_s(pid) or 0.0) - cpu0) / n * 1000}, size


def bench_year(db: str, data: Path, offices: int, reader: str) -> list[str]:
    last = dt.date.fromisoformat(DAY) - dt.timedelta(days=1)
    load_s = load_year(db, offices, last)
    first_year = (last - dt.timedelta(days=364)).isoformat()
    first_month = (last - dt.timedelta(days=29)).isoformat()
    proc, url = start(db, data, data / "serve-year.log")
    try:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {reader}"
        session.cookies.set("onestop_district", reader)
        year = f"from={first_year}&to={last}"
        month = f"from={first_month}&to={last}"
        timed_get(session, f"{url}/?province=p00&{year}", 2, proc.pid)  # warm the connection pool and the page cache
        province_page, page_size = timed_get(session, f"{url}/?province=p00&{year}", 20, proc.pid)
        province_api, _ = timed_get(session, f"{url}/api/figures?by=office&province=p00&{year}", 20, proc.pid)
        national_api, api_size = timed_get(session, f"{url}/api/figures?by=office&level=commune&{month}", 10, proc.pid)
        national_top, top_size = timed_get(
            session, f"{url}/api/figures?by=office&level=commune&{month}&limit=100", 10, proc.pid
        )
        national_page, _ = timed_get(session, f"{url}/?level=commune&{month}", 10, proc.pid)
        provinces, _ = timed_get(session, f"{url}/api/figures?by=province&{month}", 10, proc.pid)
    finally:
        stop(proc)

    def fmt(s: dict[str, float]) -> str:
        return f"p50 {s['p50']:.0f}, p95 {s['p95']:.0f}, max {s['max']:.0f} ms (server CPU {s['cpu']:.0f} ms each)"

    return [
        f"-- 2. a year of history: {offices:,} offices × 365 day roll-ups ({offices * 365:,} rows) --",
        f"written in {load_s:.1f} s (straight into office_days, months rebuilt from them; bench data, not through "
        "the API)",
        f"province ranking page, {BIG_PROVINCE} offices over a year: {fmt(province_page)}  (target p95 ≤ 300 ms), "
        f"{page_size:,} bytes",
        f"  the same as JSON (/api/figures?by=office&province=…): {fmt(province_api)}",
        f"national ranking over a month, its first page (100 rows, provinces ranked above): {fmt(national_page)}  "
        "(target ≤ 1 s)",
        f"  the same 100 rows as JSON (&limit=100): {fmt(national_top)}, {top_size:,} bytes",
        f"  the complete export, {offices:,} offices as JSON: {fmt(national_api)}, {api_size:,} bytes",
        f"  provinces ranked over a month (/api/figures?by=province): {fmt(provinces)}",
    ]


def run(backend: str, offices: int, threads: int, root: Path) -> list[str]:
    data = root / backend
    data.mkdir(parents=True)
    server: PostgresServer | None = None
    if backend == "postgresql":
        server = PostgresServer().start()
        db = database_url(server.create_database("district"), data)
        processes = 2
    else:
        db = database_url(None, data)
        processes = 1
    try:
        lines, secrets = bench_ingest(db, data, offices, processes, threads)
        print("\n".join([f"== {backend} ==", *lines]), flush=True)
        year = bench_year(db, data, offices, secrets["reader"])
        print("\n".join(year), flush=True)
        lines += year
    finally:
        if server is not None:
            server.stop()
    return [f"== {backend} ==", *lines]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("postgresql", "sqlite", "both"), default="both")
    parser.add_argument("--offices", type=int, default=3321)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    lines = [header("district: 3,321 offices' batches, rankings over a year")]
    with tempfile.TemporaryDirectory(prefix="bench-district-") as tmp:
        for backend in ("postgresql", "sqlite") if args.backend == "both" else (args.backend,):
            lines += run(backend, args.offices, args.threads, Path(tmp))
    if args.backend == "both" and args.offices == 3321:
        FIGURES.write_text("\n".join(lines) + "\n")
        print(f"(written to {FIGURES})")


if __name__ == "__main__":
    main()
