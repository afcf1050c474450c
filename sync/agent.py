"""One sync cycle, and the loop that repeats it.

A cycle: ask the office server for its day, read the hourly figures of every
day not yet delivered (today, yesterday until its final batch is applied,
and any day still missing), store one batch per day in the outbox, then send
the outbox oldest day first until it is empty or the district stops
answering, and tell the office server how it went.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sync import batches
from sync.backoff import Backoff
from sync.office import OfficeClient, OfficeUnavailableError, iso
from sync.outbox import Outbox, Pending
from sync.upstream import DistrictClient, Verdict

log = logging.getLogger("onestop.sync")

# How far back a first run looks for figures to send.
FIRST_RUN_DAYS = 30
# Days per request to /api/stats/hourly, keeping each answer small.
READ_CHUNK_DAYS = 31


class SyncAgent:
    def __init__(
        self,
        outbox: Outbox,
        office: OfficeClient,
        district: DistrictClient,
        office_id: str,
        *,
        upstream_url: str = "",
        retries: int = 5,
        backoff: Backoff | None = None,
        first_run_days: int = FIRST_RUN_DAYS,
        sleep: Callable[[float], Any] = time.sleep,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.outbox = outbox
        self.office = office
        self.district = district
        self.office_id = office_id
        self.upstream_url = upstream_url or district.url
        self.retries = retries
        self.backoff = backoff or Backoff()
        self.first_run_days = first_run_days
        self.sleep = sleep
        self.wall = wall

    # -- the cycle ------------------------------------------------------------

    def cycle(self) -> bool:
        """Read, store, send, report. True when everything is delivered (the outbox is empty)."""
        self.outbox.update(last_attempt_at=self.wall())
        errors: list[str] = []
        for _ in range(2):
            try:
                self.collect()
            except OfficeUnavailableError as exc:
                # The outbox may still hold batches worth sending.
                errors.append(exc.message_en)
            stale = self.drain(errors)
            if not stale:
                break
        empty = self.outbox.backlog() == 0 and not errors
        if empty:
            self.outbox.update(last_success_at=self.wall(), last_error=None)
        else:
            self.outbox.update(last_error=errors[-1] if errors else "backlog left", last_error_at=self.wall())
        self.report()
        return self.outbox.backlog() == 0

    def days_to_read(self, today: str) -> list[str]:
        start = self.outbox.get("start_day")
        if start is None:
            start = batches.shift(today, -(self.first_run_days - 1))
            self.outbox.update(start_day=start)
        mark = self.outbox.get("watermark")
        first = batches.shift(mark, 1) if mark else start
        if first > today:
            return []
        skip = self.outbox.done_days(first) | self.outbox.pending_final_days()
        return [d for d in batches.days_between(first, today) if d not in skip]

    def collect(self) -> int:
        """Store a fresh batch for every day that needs one; returns how many."""
        today = self.office.today()
        days = self.days_to_read(today)
        if not days:
            return 0
        scale = self.office.scale()
        chunks: list[list[str]] = []
        for day in days:
            if chunks and len(batches.days_between(chunks[-1][0], day)) <= READ_CHUNK_DAYS:
                chunks[-1].append(day)
            else:
                chunks.append([day])
        for chunk in chunks:
            cells = batches.by_day(self.office.hourly(chunk[0], chunk[-1]), chunk)
            now = self.wall()
            first_version = self.outbox.reserve_versions(len(chunk), int(now * 1_000_000))
            generated = dt.datetime.fromtimestamp(now, dt.UTC)
            built = [
                batches.build(self.office_id, day, today, cells[day], scale, first_version + i, generated)
                for i, day in enumerate(chunk)
            ]
            self.outbox.put_all(built, now)
        log.info("stored %d batch(es) for %s..%s", len(days), days[0], days[-1])
        return len(days)

    def drain(self, errors: list[str]) -> bool:
        """Send the outbox, oldest day first. Returns True if the district held a newer version of a day."""
        stale = False
        failures = 0
        for item in self.outbox.pending():
            while True:
                outcome = self.district.send(item.body, item.batch_id)
                if outcome.verdict is Verdict.ACKNOWLEDGED:
                    stale |= self._acknowledged(item, outcome.days, outcome.versions)
                    failures = 0
                    break
                if outcome.verdict is Verdict.REJECTED:
                    log.error("district refused batch %s (%s): %s", item.batch_id, item.day, outcome.message)
                    self.outbox.reject(item, outcome.status or 0, outcome.message, self.wall())
                    errors.append(f"batch for {item.day} refused: {outcome.message}")
                    break
                self.outbox.failed(item, outcome.message)
                errors.append(outcome.message)
                if outcome.verdict is Verdict.REFUSED:
                    log.error("district refuses this agent: %s", outcome.message)
                    return stale
                failures += 1
                if failures > self.retries:
                    log.warning("district unreachable after %d tries: %s", failures, outcome.message)
                    return stale
                delay = self.backoff.delay(failures)
                log.info("district: %s; trying again in %.1f s", outcome.message, delay)
                self.sleep(delay)
        return stale

    def _acknowledged(self, item: Pending, days: dict[str, str], versions: dict[str, int]) -> bool:
        applied = days.get(item.day) == "applied"
        held = versions.get(item.day, 0)
        stale = not applied and held > item.version
        if stale:
            # The district holds a version this outbox never issued (its clock or its file was reset):
            # outbid it, and read the day again.
            self.outbox.raise_version_floor(held)
        self.outbox.acknowledged(item, applied or (item.final and held == item.version), self.wall())
        return stale

    # -- telling the supervisor ---------------------------------------------------

    def status(self) -> dict[str, Any]:
        return {
            "upstream": self.upstream_url,
            "backlog": self.outbox.backlog(),
            "oldest_pending_day": self.outbox.oldest_pending_day(),
            "watermark": self.outbox.get("watermark"),
            "rejected": self.outbox.rejected_count(),
            "last_attempt_at": iso(self.outbox.get("last_attempt_at")),
            "last_success_at": iso(self.outbox.get("last_success_at")),
            "last_error": (self.outbox.get("last_error") or "")[:1000] or None,
        }

    def report(self) -> None:
        try:
            self.office.report(self.status())
        except OfficeUnavailableError as exc:
            log.warning("could not report sync status to the office server: %s", exc.message_en)

    # -- running --------------------------------------------------------------------

    def run(self, interval: float, stop: threading.Event) -> None:
        """Cycle every ``interval`` seconds; after a failed cycle sooner, backing off, until ``stop`` is set."""
        failures = 0
        while not stop.is_set():
            try:
                ok = self.cycle()
            except Exception:  # a bug: log it with its traceback, keep the outbox, try again later
                log.exception("sync cycle failed")
                ok = False
            failures = 0 if ok else failures + 1
            stop.wait(interval if ok else min(interval, self.backoff.delay(failures)))
