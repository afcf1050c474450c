"""Handing a paired device its token: from the administrator's approval to the device's waiting request.

Kept in memory only, so a token is never written to the database in clear; if the server
restarts in between, the device's request answers "approved" without a token and it pairs again.
"""

from __future__ import annotations

import asyncio
import contextlib


class TokenHandoff:
    def __init__(self) -> None:
        self._tokens: dict[int, str] = {}
        self._decided: dict[int, asyncio.Event] = {}

    def give(self, pairing_id: int, token: str) -> None:
        self._tokens[pairing_id] = token
        self.decided(pairing_id)

    def decided(self, pairing_id: int) -> None:
        self._event(pairing_id).set()

    async def wait(self, pairing_id: int, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event(pairing_id).wait(), seconds)

    def waiting(self, pairing_id: int) -> bool:
        """A device is waiting for this decision (tests)."""
        return pairing_id in self._decided and not self._decided[pairing_id].is_set()

    def take(self, pairing_id: int) -> str | None:
        """The token, once; then it is gone from here too."""
        self._decided.pop(pairing_id, None)
        return self._tokens.pop(pairing_id, None)

    def _event(self, pairing_id: int) -> asyncio.Event:
        return self._decided.setdefault(pairing_id, asyncio.Event())
