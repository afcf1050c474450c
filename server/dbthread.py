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
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from server.store import Store

# Enough to cover every device of a large centre at once.
MAX_GROUP = 64

P = ParamSpec("P")
T = TypeVar("T")

# What to run, and where its outcome goes.
_Job = tuple[Callable[[], Any], Callable[[Any, BaseException | None], None]]


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

        self._jobs.put((lambda: fn(*args, **kwargs), deliver))
        return await future

    def call_blocking(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """call() for code outside the event loop (start-up, shutdown, tests)."""
        future = concurrent.futures.Future[T]()

        def deliver(result: Any, error: BaseException | None) -> None:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)

        self._jobs.put((lambda: fn(*args, **kwargs), deliver))
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
        outcomes: list[tuple[Any, BaseException | None]] = []
        try:
            with store.db.group():
                for job, _ in batch:
                    try:
                        outcomes.append((job(), None))
                    except Exception as exc:  # this call's failure is its caller's answer
                        outcomes.append((None, exc))
        except Exception as exc:  # the COMMIT itself failed: nothing in the group happened
            outcomes = [(None, exc)] * len(batch)
        for (_, deliver), (result, error) in zip(batch, outcomes, strict=True):
            deliver(result, error)


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # the client went away and the request was cancelled
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
