"""Who is asking: bearer tokens → devices (cached briefly), and the one-counter rule of counter devices.

What each role may do is server/permissions.py; the check is server/deps.py.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from server.errors import AuthError, ForbiddenError
from server.permissions import Device, Role

# Token lookups are cached briefly: a revoked token stops working within this.
CACHE_S = 10.0


def token_from(authorization: str | None, query_token: str | None) -> str | None:
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return query_token or None


class Authenticator:
    def __init__(self, lookup: Callable[[str], Awaitable[Device | None]]) -> None:
        self._lookup = lookup
        self._cache: dict[str, tuple[float, Device | None]] = {}

    def forget(self, token: str) -> None:
        """Drop a token from the cache at once (an administrator signed out)."""
        self._cache.pop(token, None)

    async def device(self, token: str | None) -> Device:
        if not token:
            raise AuthError(
                "missing token: send 'Authorization: Bearer <token>' (or ?token= for browsers); "
                "'onestop device add' makes one",
                "Thiếu mã truy cập (token) của thiết bị",
                code="no_token",
            )
        now = time.monotonic()
        cached = self._cache.get(token)
        if cached and cached[0] > now:
            device = cached[1]
        else:
            device = await self._lookup(token)
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[token] = (now + CACHE_S, device)
        if device is None:
            raise AuthError("unknown or revoked token", "Mã truy cập không hợp lệ", code="bad_token")
        return device


def own_counter(device: Device, number: int) -> None:
    if device.role is not Role.COUNTER or device.counter != number:
        raise ForbiddenError(
            f"device {device.name!r} may act only for counter {device.counter}, not {number}"
            if device.role is Role.COUNTER
            else f"only the device of counter {number} may act for it",
            f"Thiết bị này không được thao tác cho quầy {number}",
        )
