"""The running district server's state: the store, worker threads for its blocking calls, and the batch writer.

Nothing here changes an answer between processes (issue 16: several
processes share one PostgreSQL behind a load balancer): a token lookup is
trusted for at most ``TOKEN_CACHE_S`` seconds, and batches are idempotent in
the database itself (district/ingest.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from district.database import POOL_SIZE, describe
from district.errors import UnavailableError
from district.ingest import Answer
from district.schema import Batch
from district.store import DistrictStore

log = logging.getLogger("onestop.district")

P = ParamSpec("P")
T = TypeVar("T")

# Batches written in one transaction at most (group commit); a token lookup is trusted this long.
GROUP_MAX = 128
WRITERS_POSTGRESQL = 4
TOKEN_CACHE_S = 10.0
TOKEN_CACHE_MAX = 10_000
Kind = Literal["office", "user"]


class DistrictService:
    """Owns the store for the server's lifetime; every database call runs on a worker thread, off the event loop."""

    def __init__(self, url: str, clock: Callable[[], float], timezone: str) -> None:
        self.url = url
        self.clock = clock
        self.tz = ZoneInfo(timezone)
        self.workers = ThreadPoolExecutor(max_workers=POOL_SIZE, thread_name_prefix="district-db")
        self._store: DistrictStore | None = None
        self._queued: list[tuple[Batch, asyncio.Future[Answer]]] = []
        self._writers: set[asyncio.Task[None]] = set()
        self._max_writers = 1
        self._tokens: dict[tuple[Kind, str], tuple[float, str | None]] = {}

    @property
    def store(self) -> DistrictStore:
        assert self._store is not None, "the service is not open"
        return self._store

    def open(self) -> None:
        self._store = DistrictStore.open(self.url, self.clock)
        # SQLite has one writer at a time anyway; PostgreSQL takes groups side by side (each batch locks
        # only its office's row, in id order), so a round trip's wait does not hold the next group up.
        self._max_writers = WRITERS_POSTGRESQL if self._store.engine.dialect.name == "postgresql" else 1
        log.info("district server ready: %s", describe(self._store.engine))

    def close(self) -> None:
        self.workers.shutdown(wait=True)
        if self._store is not None:
            self._store.close()

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn`` on a worker thread; a database that is away is a 503, not a 500."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.workers, lambda: fn(*args, **kwargs))
        except (OperationalError, PoolTimeout) as exc:
            log.warning("district database unavailable: %s", type(exc).__name__)
            raise UnavailableError() from None
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise UnavailableError() from None
            raise

    async def ingest(self, batch: Batch) -> Answer:
        """Queue a batch for the next group commit and wait until it is durable."""
        answer: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._queued.append((batch, answer))
        if len(self._writers) < self._max_writers:
            self._writers.add(asyncio.create_task(self._write_queued()))
        return await answer

    async def _write_queued(self) -> None:
        """Write what is queued, one group per transaction; what arrives meanwhile forms the next group."""
        try:
            while self._queued:
                group, self._queued = self._queued[:GROUP_MAX], self._queued[GROUP_MAX:]
                results: list[Answer | BaseException]
                try:
                    results = list(await self.call(self.store.ingest.many, [batch for batch, _ in group]))
                except Exception as exc:  # the database failed: every batch of the group fails alike
                    results = [exc] * len(group)
                for (_, answer), result in zip(group, results, strict=True):
                    if answer.done():
                        continue
                    if isinstance(result, BaseException):
                        answer.set_exception(result)
                    else:
                        answer.set_result(result)
        finally:
            # Synchronously, right after the queue was seen empty: a batch queued from now on starts a writer.
            task = asyncio.current_task()
            if task is not None:
                self._writers.discard(task)

    async def who(self, kind: Kind, token: str) -> str | None:
        """The office or user a token belongs to; trusted for TOKEN_CACHE_S, so a revocation holds within it."""
        key = (kind, hashlib.sha256(token.encode()).hexdigest())
        now = time.monotonic()
        cached = self._tokens.get(key)
        if cached and cached[0] > now:
            return cached[1]
        lookup = self.store.accounts.office_for_token if kind == "office" else self.store.accounts.user_for_token
        found = await self.call(lookup, token)
        if len(self._tokens) >= TOKEN_CACHE_MAX:
            self._tokens.clear()
        self._tokens[key] = (now + TOKEN_CACHE_S, found)
        return found

    def today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.clock(), self.tz).date()

    def local_iso(self, epoch: float | None) -> str | None:
        return None if epoch is None else dt.datetime.fromtimestamp(epoch, self.tz).isoformat(timespec="seconds")
