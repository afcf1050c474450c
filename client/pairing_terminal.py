"""Pairing a process without a screen (`onestop sync`, `onestop led`): the code goes to its log, not a window.

The same exchange as the screens' client/pairing.py — POST /api/pair for a code, then long waits on
POST /api/pair/{id}/wait until an administrator approves it in the admin screens — but blocking:
these processes have nothing to show until they have a token, so they simply wait before starting.
The terminal (the service's log) shows the code and where to approve it, never the token; the token
goes to a file readable by this user only (client/token_store.py), so the next start needs nothing.
No Qt here.
"""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Callable
from typing import Any

import requests

from client.token_store import save_token
from server.errors import ConfigError


def to_terminal(line: str) -> None:
    # Printed, not logged: python-escpos 3.1 calls logging.basicConfig() when imported (escpos/capabilities.py),
    # which leaves `onestop`'s own basicConfig without effect and INFO lines unshown.
    print(f"onestop: {line}", file=sys.stderr, flush=True)

# The server answers a wait within WAIT_S; the read timeout leaves room for a slow LAN.
WAIT_S = 25
TIMEOUT = (5.0, WAIT_S + 10.0)
RETRY_S = 3.0


class PairingRefused(ConfigError):
    """An administrator refused this device (one line on the terminal, exit code 2)."""


def pair_in_terminal(
    session: requests.Session,
    server: str,
    kind: str,
    *,
    say: Callable[[str], None] = to_terminal,
    pause: Callable[[float], None] = time.sleep,
) -> str:
    """Ask to join ``server`` as ``kind``, ``say`` the code (again after each expiry), wait, keep and return the token.

    The server away: it says so once and keeps trying every RETRY_S. Refused: PairingRefused.
    """
    base = server.rstrip("/")
    told_away = False
    while True:
        try:
            ticket = _post(session, f"{base}/api/pair", {"kind": kind, "hint": socket.gethostname()[:60]})
            code = str(ticket["code"])
            say(
                f"pairing code {code[:3]} {code[3:]} (valid 10 minutes): approve this {kind} in Quản trị / Admin → "
                f"Thiết bị / Devices, or open {base}/admin?pair={code} — mã ghép nối {code[:3]} {code[3:]}: "
                "quản trị viên duyệt trong mục Thiết bị"
            )
            told_away = False
            answer = _wait(session, base, int(ticket["id"]), str(ticket["secret"]))
        except requests.RequestException as exc:
            if not told_away:
                say(f"the office server at {base} cannot be reached ({type(exc).__name__}); trying again")
                told_away = True
            pause(RETRY_S)
            continue
        if answer is None:
            continue  # expired, or approved while the server restarted (its token gone): a new code
        path = save_token(kind, answer["token"])
        say(f"paired as {answer['device']!r} (role {answer['role']}); its token is kept in {path}")
        return str(answer["token"])


def _wait(session: requests.Session, base: str, pairing_id: int, secret: str) -> dict[str, Any] | None:
    """The approved answer; None when the code expired; PairingRefused when an administrator refused it."""
    while True:
        answer = _post(session, f"{base}/api/pair/{pairing_id}/wait", {"secret": secret, "wait_s": WAIT_S})
        state = answer.get("state")
        if state == "pending":
            continue
        if state == "refused":
            raise PairingRefused(
                "an administrator refused this device's pairing. Fix: start it again and ask them to approve "
                "the code it shows"
            )
        return answer if state == "approved" and answer.get("token") else None


def _post(session: requests.Session, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = session.post(url, json=body, timeout=TIMEOUT)
    if response.status_code >= 500:
        raise requests.ConnectionError(f"HTTP {response.status_code}")  # the server in trouble: try again
    if response.status_code >= 400:
        try:
            message = response.json().get("message", "")
        except ValueError:
            message = response.reason
        raise ConfigError(f"the office server refused to pair: {message}")
    answer: dict[str, Any] = response.json()
    return answer
