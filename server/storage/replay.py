"""Replaying the event log to a reconnecting listener: bounded pages, off the database thread.

A listener that asks for ``?since=SEQ`` gets the events after SEQ again. The
database thread serves every kiosk and counter, so a replay never runs there:
each has a read-only connection of its own (WAL lets it read beside the
writer) and reads ``PAGE`` events at a time on a worker thread, filtered and
encoded for its device there, and the next page only once the last one was
sent. Memory stays at a page per replay however long the history is.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from server import visibility
from server.permissions import EVENTS, FIELDS, Device, Private

PAGE = 50


class EventReplay:
    """One listener's replay; use it from one thread at a time (the worker's), then ``close``."""

    def __init__(self, path: Path, device: Device) -> None:
        self._conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._device = device
        self._types = sorted(EVENTS[device.role])
        self._everything = FIELDS[device.role] == frozenset(Private)

    def close(self) -> None:
        self._conn.close()

    def first_seq_since(self, epoch_s: float) -> int | None:
        """The first event at or after ``epoch_s`` (the office day's start), or None if none yet."""
        row = self._conn.execute("SELECT MIN(id) FROM events WHERE at >= ?", (epoch_s,)).fetchone()
        return None if row[0] is None else int(row[0])

    def page(self, after: int, until: int) -> tuple[int, list[tuple[int, str]]]:
        """The events ``after < seq <= until`` that the device receives, at most PAGE read.

        Returns the last seq read (to continue from; ``until`` when done) and the
        (seq, JSON text) the device receives of them.
        """
        marks = ", ".join("?" * len(self._types))
        rows = self._conn.execute(
            f"SELECT id, payload FROM events WHERE id > ? AND id <= ? AND type IN ({marks}) ORDER BY id LIMIT ?",
            (after, until, *self._types, PAGE),
        ).fetchall()
        if not rows:
            return until, []
        out: list[tuple[int, str]] = []
        for seq, payload in rows:
            if self._everything:
                # Stored without its seq; a supervisor's copy needs no other change (no parse, no re-encode).
                out.append((seq, f'{{"seq": {seq}, {payload[1:]}' if payload != "{}" else f'{{"seq": {seq}}}'))
                continue
            shown = visibility.event(self._device, {**json.loads(payload), "seq": seq})
            if shown is not None:
                out.append((seq, json.dumps(shown, ensure_ascii=False)))
        last = int(rows[-1][0])
        return (last if len(rows) == PAGE else until), out
