"""Reading the event stream in tests: the stored events, in order."""

from __future__ import annotations

import json
from typing import Any

from websockets.sync.client import ClientConnection

TIMEOUT = 10


def next_event(ws: ClientConnection, timeout: float = TIMEOUT) -> dict[str, Any]:
    """The next message that is not ``estimates.updated`` (the estimator's figures, sent as they are renewed,
    not numbered and not stored: whether one comes between two events depends on timing)."""
    while True:
        message: dict[str, Any] = json.loads(ws.recv(timeout=timeout))
        if message.get("type") != "estimates.updated":
            return message
