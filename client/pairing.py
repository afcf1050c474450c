"""Pairing a new device: ask the server for a code, show it, wait for an administrator, keep the token.

A device started with only ``--server`` (and ``--ca``) has no token: it asks POST /api/pair,
shows the 6-digit code (client/pairing_screen.py), and waits on POST /api/pair/{id}/wait — a
long request the server answers the moment an administrator approves it in the admin screens.
The token it receives is stored in a file readable by its user only (``token_file``), so the next
start needs nothing (client/token_store.py).
"""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import ApiClient, ApiError

# The server answers a wait within 25 s; the request may take a little longer on a slow LAN.
WAIT_S = 25
WAIT_TIMEOUT_MS = 35_000
RETRY_MS = 3000


class PairingClient(QObject):
    """Asks to pair and waits; never blocks the screen.

    Signals:
        code_ready(str): the code to show (a new one after an expiry).
        paired(dict): the server's answer with ``token``, ``device``, ``role``, ``counter``.
        refused(): an administrator refused this device.
        failed(object): an ApiError (the server away: it keeps trying).
    """

    code_ready = Signal(str)
    paired = Signal(dict)
    refused = Signal()
    failed = Signal(object)

    def __init__(self, api: ApiClient, kind: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A client of its own: no token, and a timeout longer than the server's wait.
        self._api = ApiClient(api.base_url, "", network=None, timeout_ms=WAIT_TIMEOUT_MS, ssl=api.ssl, parent=self)
        self._kind = kind
        self._id = 0
        self._secret = ""
        self.code = ""
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.on_retry_timeout)
        self._stopped = False

    def start(self) -> None:
        self._stopped = False
        reply = self._api.post("/api/pair", {"kind": self._kind, "hint": socket.gethostname()[:60]})
        reply.finished.connect(self.on_request_finished)
        reply.failed.connect(self.on_reply_failed)

    def stop(self) -> None:
        self._stopped = True
        self._retry.stop()

    def on_request_finished(self, ticket: dict[str, Any]) -> None:
        self._id, self._secret, self.code = int(ticket["id"]), ticket["secret"], ticket["code"]
        self.code_ready.emit(self.code)
        self._wait()

    def _wait(self) -> None:
        if self._stopped:
            return
        reply = self._api.post(f"/api/pair/{self._id}/wait", {"secret": self._secret, "wait_s": WAIT_S})
        reply.finished.connect(self.on_wait_finished)
        reply.failed.connect(self.on_reply_failed)

    def on_wait_finished(self, answer: dict[str, Any]) -> None:
        state = answer["state"]
        if state == "approved" and answer.get("token"):
            self.paired.emit(answer)
        elif state == "pending":
            self._wait()
        elif state == "refused":
            self.refused.emit()
        else:  # expired, or approved but its token lost to a server restart: a new code
            self.start()

    def on_reply_failed(self, error: ApiError) -> None:
        self.failed.emit(error)
        if not self._stopped:
            self._retry.start()

    def on_retry_timeout(self) -> None:
        if self._id:
            self._wait()
        else:
            self.start()
