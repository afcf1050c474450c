"""The one thread that owns the Store: every database call is queued to it.

A single writer thread makes numbering trivially atomic and keeps SQLite's
fsync off the event loop, so WebSocket pushes never wait on the disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class DatabaseThread:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onestop-db")

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn, *args)

    def call(self, fn: Callable[..., T], *args: object) -> T:
        """Blocking variant for start-up and shutdown."""
        return self._executor.submit(fn, *args).result()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
