"""The live office, pushed: /api/state once, then WS /api/events, reconnecting by itself.

No silent gaps: every event carries ``prev``, the ``seq`` of the event sent before it on the same
connection (README, "The event stream and its gaps"). An event whose ``prev`` is not the last seq
this stream has means one meant for this device was lost on the way: the stream resynchronises —
fetches /api/state anew and follows the events after it — and carries on. So does a reconnection
(the server closed the stream, e.g. 4409 "replay too far" or 4408 "fell behind", or the network
dropped) and a new office day. ``EventStream.resync()`` starts one on demand; ``resyncing`` says
why each one began and ``resyncs`` counts them by reason.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QNetworkRequest
from PySide6.QtWebSockets import QWebSocket

from client.api import USER_AGENT, ApiClient, ApiError, ApiReply

# Reconnect quickly after a blip, then a little less often. A LAN server restarts in seconds and every
# screen must show the office again within 2 s of its return (bench/chaos.py: at 10 s the screens took
# 11 s after a restart, p95); one refused connection a second per device costs the server nothing.
FIRST_RETRY_MS = 500
MAX_RETRY_MS = 1_000


class Resync:
    """Why the stream fetched the whole state again (``EventStream.resyncing``'s argument)."""

    GAP = "gap"  # an event's prev was not the last seq seen: one was lost
    RECONNECT = "reconnect"  # the stream was closed or lost (replay too far, fell behind, network, restart)
    DAY = "day"  # a new office day began
    ASKED = "asked"  # EventStream.resync() by the app
    CONFIGURED = "configured"  # the admin screens changed the office's configuration (office.configured)


class ConnectionState:
    CONNECTING = "connecting"
    ONLINE = "online"
    OFFLINE = "offline"


HEALTHY: dict[str, Any] = {"status": "ok", "problems": []}
# Problems that do not stop the office from taking changes (the server keeps its own time).
NOT_BLOCKING = {"clock_jump"}


def blocking_problem(health: dict[str, Any]) -> dict[str, Any] | None:
    """The server's first problem that stops changes (a storage fault: disk full, database locked …), if any."""
    for problem in health.get("problems", []):
        if problem.get("code") not in NOT_BLOCKING:
            return dict(problem)
    return None


class EventStream(QObject):
    """Follows the office: a full state, then every event after it, in order, none twice.

    On every (re)connection the state is fetched anew and the stream resumes
    from its ``seq``, so a screen that was away shows exactly the office as it is.

    Signals:
        state_loaded(dict): a full /api/state; replace everything with it.
        event_received(dict): one event newer than the last state or event (or a batch of wait estimates).
        connection_changed(str): ConnectionState.CONNECTING / ONLINE / OFFLINE.
        error(object): an ApiError explaining why the last attempt failed.
        health_changed(dict): the server's health as /api/health says it (``status``, ``problems``): sent
            with the stream's hello and whenever a problem begins or ends; a 503 at connecting counts too.
        resyncing(str): the whole state is being fetched again, and why (a ``Resync`` value); the
            ``state_loaded`` that follows ends it. Not sent for the first connection.
    """

    state_loaded = Signal(dict)
    event_received = Signal(dict)
    connection_changed = Signal(str)
    error = Signal(object)
    health_changed = Signal(dict)
    resyncing = Signal(str)

    def __init__(self, api: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._socket = QWebSocket(parent=self)
        self._socket.textMessageReceived.connect(self.on_socket_message)
        self._socket.disconnected.connect(self.on_socket_disconnected)
        self._socket.errorOccurred.connect(self.on_socket_error)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._connect)
        self._delay = FIRST_RETRY_MS
        self._seq = 0
        self._running = False
        # Not "offline": an app that has not connected yet has not lost anything.
        self._state = ConnectionState.CONNECTING
        self._pending: ApiReply | None = None
        # A state fetched again while the socket stays open (office.configured): events held meanwhile.
        self.health: dict[str, Any] = HEALTHY
        # A state was loaded once: every later load is a resync.
        self._loaded = False
        # Why the socket is being closed on purpose (a resync), so its close is not a lost connection.
        self._closing_for: str | None = None
        self.resyncs: Counter[str] = Counter()

    @property
    def state(self) -> str:
        return self._state

    @property
    def seq(self) -> int:
        return self._seq

    @property
    def running(self) -> bool:
        """Started and not stopped: the app is following the office."""
        return self._running

    def start(self) -> None:
        self._running = True
        self._connect()

    def stop(self) -> None:
        self._running = False
        self._retry.stop()
        if self._pending is not None:
            self._pending.abort()
            self._pending = None
        self._socket.abort()

    def resync(self, reason: str = Resync.ASKED) -> None:
        """Fetch /api/state again and follow the events after it, staying online meanwhile.

        The open stream is closed (its events would duplicate the replay after the new state's seq);
        events it still delivers are ignored. Does nothing before ``start`` or while a state is on its way.
        """
        if not self._running or self._pending is not None or self._closing_for is not None:
            return
        if self._socket.state() == QAbstractSocket.SocketState.UnconnectedState:
            self._begin_resync(reason)
            self._connect(quietly=True)
            return
        self._closing_for = reason
        self._socket.abort()  # on_socket_disconnected goes on
        if self._closing_for is not None:  # no disconnected signal (it was not connected after all)
            self._resync_now()

    def _begin_resync(self, reason: str) -> None:
        self.resyncs[reason] += 1
        self.resyncing.emit(reason)

    def _resync_now(self) -> None:
        reason, self._closing_for = self._closing_for or Resync.ASKED, None
        self._begin_resync(reason)
        self._connect(quietly=True)

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.connection_changed.emit(state)

    def _connect(self, quietly: bool = False) -> None:
        """Fetch the state, then open the stream; ``quietly``: a resync of a live stream, still online."""
        if not self._running:
            return
        if self._loaded and not quietly:
            self._begin_resync(Resync.RECONNECT)
        if not quietly:
            self._set_state(ConnectionState.CONNECTING)
        self._pending = self._api.get("/api/state")
        self._pending.finished.connect(self.on_state_finished)
        self._pending.failed.connect(self.on_state_failed)

    def _schedule_retry(self) -> None:
        if not self._running or self._retry.isActive():
            return
        self._set_state(ConnectionState.OFFLINE)
        self._retry.start(self._delay)
        self._delay = min(self._delay * 2, MAX_RETRY_MS)

    def on_state_finished(self, state: dict[str, Any]) -> None:
        self._pending = None
        if not self._running:
            return
        self._seq = int(state["seq"])
        self._loaded = True
        self.state_loaded.emit(state)
        url = self._api.ws_url(f"/api/events?since={self._seq}")
        request = QNetworkRequest(url)
        request.setRawHeader(b"Authorization", f"Bearer {self._api.token}".encode())
        request.setRawHeader(b"User-Agent", USER_AGENT.encode())
        # The same trust as the API's calls: the office CA (client/tls.py).
        request.setSslConfiguration(self._api.ssl)
        self._socket.setSslConfiguration(self._api.ssl)
        self._socket.open(request)

    def on_state_failed(self, error: ApiError) -> None:
        self._pending = None
        if error.status == 503:  # the server is there but cannot read its database
            problem = {"code": error.code, "message": error.message_en, "message_vi": error.message_vi}
            self._set_health({"status": "degraded", "problems": [problem]})
        self.error.emit(error)
        self._schedule_retry()

    def _set_health(self, health: dict[str, Any]) -> None:
        health = {"status": health.get("status", "ok"), "problems": list(health.get("problems", []))}
        if health != self.health:
            self.health = health
            self.health_changed.emit(health)

    def on_socket_message(self, text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            return
        if message.get("type") == "hello":
            self._delay = FIRST_RETRY_MS
            self._set_state(ConnectionState.ONLINE)
            self._set_health(message.get("health") or HEALTHY)
            return
        if message.get("type") == "health":  # a notice, not an event: no seq
            self._set_health(message)
            return
        if message.get("type") == "estimates.updated":
            # The wait estimator's figures: not stored and not numbered, applied as they come.
            self.event_received.emit(message)
            return
        if self._closing_for is not None or self._pending is not None:
            return  # a resync is under way: its state and replay bring this event
        seq, prev = message.get("seq"), message.get("prev")
        if not isinstance(seq, int) or seq <= self._seq:
            return
        if isinstance(prev, int) and prev != self._seq:
            # An event meant for this device was lost between prev and here (or a stale one arrived).
            self.resync(Resync.GAP)
            return
        self._seq = seq
        self.event_received.emit(message)
        if message.get("type") == "day.started":
            self.resync(Resync.DAY)
        elif message.get("type") == "office.configured":
            # The admin screens changed services, counters, the rating form …: the whole state anew, online.
            self.resync(Resync.CONFIGURED)

    def on_socket_disconnected(self) -> None:
        if self._closing_for is not None:
            self._resync_now()
            return
        code = self._socket.closeCode()
        if code.value == 4401:
            self.error.emit(
                ApiError(
                    401, "bad_token", "Mã truy cập của thiết bị không hợp lệ", "This device's token is not accepted"
                )
            )
        self._schedule_retry()

    def on_socket_error(self, error: QAbstractSocket.SocketError) -> None:
        if self._socket.state() == QAbstractSocket.SocketState.UnconnectedState:
            self._schedule_retry()
