"""The one thread that owns the Store; every database call is queued to it as a callable.

    ticket = await thread.call(store.tickets.issue, "A", None, actor)

The caller passes a bound method of one of the Store's parts and its
arguments, so mypy checks both the arguments and the result (ParamSpec); the
method runs on this thread, never on the caller's.

A single owner thread makes numbering trivially atomic and keeps SQLite's
fsync off the event loop, so WebSocket pushes never wait on the disk. Calls
that queue up while the disk is busy run together in one group commit
(Store.group): each keeps its own savepoint and result, all share one fsync,
and none is answered before it is durable.

A storage fault (server/storage/faults.py) in any call of a group fails the
whole group — SQLite may already have dropped its transaction, and no call of
it may be answered as done. While the database is in a fault, calls run one by
one outside a group: reads go on, writes are refused at once with the fault.
``maintain`` runs a call outside any transaction (Database.watch).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from server.storage.faults import StorageFault
from server.store import Store

# Enough to cover every device of a large centre at once.
MAX_GROUP = 64

P = ParamSpec("P")
T = TypeVar("T")

# What to run, where its outcome goes, and whether it runs inside a group's transaction.
_Job = tuple[Callable[[], Any], Callable[[Any, BaseException | None], None], bool]


class StoreThread:
    def __init__(self, make_store: Callable[[], Store]) -> None:
        self._make_store = make_store
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._main, name="onestop-db", daemon=True)
        self._ready = concurrent.futures.Future[Store]()

    def start(self) -> Store:
        """Open the store on the thread; raises what opening raised (bad config, locked file …)."""
        self._thread.start()
        return self._ready.result()

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(*args, **kwargs)`` on the database thread; the answer comes once its change is durable."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def deliver(result: Any, error: BaseException | None) -> None:
            loop.call_soon_threadsafe(_settle, future, result, error)

        self._jobs.put((lambda: fn(*args, **kwargs), deliver, True))
        return await future

    async def maintain(self, fn: Callable[[], T]) -> T:
        """Run ``fn()`` on the database thread by itself, outside any transaction (it manages its own)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def deliver(result: Any, error: BaseException | None) -> None:
            loop.call_soon_threadsafe(_settle, future, result, error)

        self._jobs.put((fn, deliver, False))
        return await future

    def call_blocking(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """call() for code outside the event loop (start-up, shutdown, tests)."""
        future = concurrent.futures.Future[T]()

        def deliver(result: Any, error: BaseException | None) -> None:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)

        self._jobs.put((lambda: fn(*args, **kwargs), deliver, True))
        return future.result()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def _main(self) -> None:
        try:
            store = self._make_store()
        except BaseException as exc:
            self._ready.set_exception(exc)
            return
        self._ready.set_result(store)
        try:
            while True:
                first = self._jobs.get()
                if first is None:
                    return
                batch = [first]
                stopping = False
                while len(batch) < MAX_GROUP:
                    try:
                        job = self._jobs.get_nowait()
                    except queue.Empty:
                        break
                    if job is None:
                        stopping = True
                        break
                    batch.append(job)
                self._run_group(store, batch)
                if stopping:
                    return
        finally:
            store.close()

    def _run_group(self, store: Store, batch: list[_Job]) -> None:
        alone = [job for job in batch if not job[2] or store.db.fault is not None]
        grouped = [job for job in batch if job[2] and store.db.fault is None]
        outcomes: list[tuple[Any, BaseException | None]] = []
        if grouped:
            try:
                with store.db.group():
                    for job, _, _ in grouped:
                        outcomes.append(self._run(store, job))
                        if isinstance(outcomes[-1][1], StorageFault):
                            raise outcomes[-1][1]  # the group's transaction is lost: none of it happened
            except Exception as exc:  # the COMMIT itself failed, or a fault: nothing in the group happened
                failure: BaseException = store.db.fault_from(exc) or exc
                outcomes = [(None, failure)] * len(grouped)
        for (_, deliver, _), (result, error) in zip(grouped, outcomes, strict=True):
            deliver(result, error)
        for job, deliver, _ in alone:
            deliver(*self._run(store, job))

    @staticmethod
    def _run(store: Store, job: Callable[[], Any]) -> tuple[Any, BaseException | None]:
        try:
            return job(), None
        except Exception as exc:  # this call's failure is its caller's answer; a fault is the database's
            return None, store.db.fault_from(exc) or exc


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # the client went away and the request was cancelled
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
