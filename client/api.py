"""HTTP calls to the office server that never block the UI.

A change sent with an idempotency key (``ApiClient.post(…, idempotency_key=…)``: one
key per person's action) is sent again with the same key when its answer is lost —
a timeout, a dropped or refused connection — or the server says "try again" (503),
for up to ``RETRY_FOR_MS``: the server answers a repeated key with its first answer,
so a retry never makes a second ticket.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QFile, QIODevice, QObject, QTimer, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest, QSslConfiguration

# Every call gives up after this: a LAN server that has not answered in 5 s is away.
TIMEOUT_MS = 5000
# A keyed change is retried for this long (a server restart takes 2-3 s), waiting a little more each time.
RETRY_FOR_MS = 12_000
FIRST_RETRY_DELAY_MS = 250
MAX_RETRY_DELAY_MS = 2000
# A file sent to the server (a playlist's 50 MB video over a slow office LAN): a stalled transfer after this.
UPLOAD_TIMEOUT_MS = 120_000


def new_idempotency_key() -> str:
    """A key for one person's action; every retry of that action sends the same key."""
    return uuid.uuid4().hex




def _user_agent() -> str:
    try:
        return f"onestop/{metadata.version('onestop')}"
    except metadata.PackageNotFoundError:
        return "onestop"


# Sent with every call: the admin screens' device list shows each device's version.
USER_AGENT = _user_agent()


@dataclass(frozen=True)
class ApiError:
    """Why a call failed, in words for the person at the screen.

    ``status`` is the HTTP status, or 0 when the server could not be reached
    (then the action certainly did not happen unless ``uncertain``).
    """

    status: int
    code: str
    message_vi: str
    message_en: str
    # The request may have reached the server (timeout after sending).
    uncertain: bool = False
    # 429: seconds until it may be tried again (a clerk's name locked after wrong PINs).
    retry_after_s: int | None = None

    @property
    def unreachable(self) -> bool:
        return self.status == 0

    def message(self, language: str) -> str:
        return self.message_vi if language == "vi" else self.message_en


UNREACHABLE_VI = "Không kết nối được máy chủ. Vui lòng thử lại."
UNREACHABLE_EN = "Cannot reach the office server. Please try again."


class ApiReply(QObject):
    """One call in flight (with its retries, if it may be retried).

    Signals:
        finished(object): the decoded JSON body of a 2xx answer.
        failed(object): an ApiError.
    """

    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self, send: Callable[[], QNetworkReply], retry_for_ms: int = 0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._send = send
        self._give_up_at = time.monotonic() + retry_for_ms / 1000
        self._delay_ms = FIRST_RETRY_DELAY_MS
        # Some attempt may have reached the server (it timed out after sending).
        self._uncertain = False
        self._aborted = False
        self._sending = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.on_retry_timeout)
        self._reply = self._start()
        self.attempts = 1

    def _start(self) -> QNetworkReply:
        reply = self._send()
        reply.finished.connect(self.on_reply_finished)
        self._sending = True
        return reply

    def abort(self) -> None:
        """Give up: the call fails now (as "uncertain" if it may have reached the server)."""
        if self._aborted:
            return
        self._aborted = True
        if self._sending:
            self._reply.abort()  # finishes it: on_reply_finished reports the failure
        elif self._retry.isActive():
            self._retry.stop()
            self.deleteLater()
            self.failed.emit(ApiError(0, "unreachable", UNREACHABLE_VI, UNREACHABLE_EN, uncertain=self._uncertain))

    def on_retry_timeout(self) -> None:
        if not self._aborted:
            self.attempts += 1
            self._reply = self._start()

    def _retried(self, status: int) -> bool:
        """Send again later if this answer means "not now" and there is time left; True if so."""
        if self._aborted or status not in (0, 503):
            return False
        if time.monotonic() + self._delay_ms / 1000 >= self._give_up_at:
            return False
        self._retry.start(self._delay_ms)
        self._delay_ms = min(self._delay_ms * 2, MAX_RETRY_DELAY_MS)
        return True

    def on_reply_finished(self) -> None:
        reply = self._reply
        self._sending = False
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0
        # A reply aborted by its transfer timeout is closed; reading it warns "device not open".
        raw = bytes(reply.readAll().data()) if reply.isOpen() else b""
        error = reply.error()
        reply.deleteLater()
        if status and _lost_in_transit(error):
            # The status line came, then the connection broke: the server acted, its answer is lost
            # (found by bench/chaos.py: a 200 with half a body was taken for an empty answer).
            status = 0
            self._uncertain = True
        # Timed out, or cut off after sending: the server may have acted on it.
        self._uncertain |= status == 0 and error in (
            QNetworkReply.NetworkError.OperationCanceledError,
            QNetworkReply.NetworkError.TimeoutError,
            QNetworkReply.NetworkError.RemoteHostClosedError,
        )
        if self._retried(status):
            return
        self.deleteLater()
        if status == 0:
            self.failed.emit(ApiError(0, "unreachable", UNREACHABLE_VI, UNREACHABLE_EN, uncertain=self._uncertain))
            return
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if 200 <= status < 300:
            self.finished.emit(body)
            return
        if isinstance(body, dict) and "message" in body:
            self.failed.emit(
                ApiError(
                    status,
                    str(body.get("error", "error")),
                    str(body.get("message_vi") or body["message"]),
                    str(body["message"]),
                    retry_after_s=body["retry_after_s"] if isinstance(body.get("retry_after_s"), int) else None,
                )
            )
        else:
            self.failed.emit(ApiError(status, "http", f"Lỗi máy chủ ({status})", f"Server error ({status})"))


def _lost_in_transit(error: QNetworkReply.NetworkError) -> bool:
    """The connection failed (Qt's network-layer errors, 1-99) or the answer could not be parsed: no answer.

    Not the HTTP errors (4xx/5xx are Qt errors 201-499 too): their bodies say what is wrong.
    """
    return 0 < error.value < 100 or error == QNetworkReply.NetworkError.ProtocolFailure


def shared_network() -> QNetworkAccessManager:
    """The application's one network manager (Qt's advice: one per application).

    It lives as long as the application, not as long as a client: Qt must never destroy a manager
    under a reply still sending its body ("shared QObject was deleted directly", then a crash),
    which is what a client going away with a POST in flight did. A reply whose client is gone
    finishes on its own; ``ApiClient.close`` aborts a client's calls before the application ends.
    """
    app = QCoreApplication.instance()
    found = app.findChild(QNetworkAccessManager, "onestop-network") if app is not None else None
    if isinstance(found, QNetworkAccessManager):
        return found
    network = QNetworkAccessManager(app)
    network.setObjectName("onestop-network")
    return network


class ApiClient(QObject):
    """The office server's HTTP API, bound to one device token; ``ssl`` trusts the office CA (client/tls.py)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        network: QNetworkAccessManager | None = None,
        timeout_ms: int = TIMEOUT_MS,
        parent: QObject | None = None,
        ssl: QSslConfiguration | None = None,
    ) -> None:
        super().__init__(parent)
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_ms = timeout_ms
        self.ssl = ssl or QSslConfiguration.defaultConfiguration()
        self._network = network or shared_network()

    def close(self) -> None:
        """Abort every call in flight (each fails as "uncertain"): before the client goes, with the application.

        Qt must not destroy the network manager under a reply still sending its body: that aborts
        the process ("shared QObject was deleted directly").
        """
        for reply in self.findChildren(ApiReply):
            reply.abort()

    def ws_url(self, path: str) -> QUrl:
        scheme = "wss" if self.base_url.startswith("https") else "ws"
        return QUrl(scheme + self.base_url[self.base_url.index(":") :] + path)

    def _request(self, path: str) -> QNetworkRequest:
        request = QNetworkRequest(QUrl(self.base_url + path))
        request.setRawHeader(QByteArray(b"Authorization"), QByteArray(f"Bearer {self.token}".encode()))
        # The admin screens' device list shows each device's version (server/deps.py records it).
        request.setRawHeader(QByteArray(b"User-Agent"), QByteArray(USER_AGENT.encode()))
        request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/json")
        request.setTransferTimeout(self.timeout_ms)
        request.setSslConfiguration(self.ssl)
        return request

    def get(self, path: str) -> ApiReply:
        network, request = self._network, self._request(path)
        return ApiReply(lambda: network.get(request), parent=self)

    def download(self, path: str) -> QNetworkReply:
        """GET a file (bytes, not JSON): the caller reads the reply as it arrives (a playlist's video)."""
        request = self._request(path)
        # A large file on a slow LAN: the timeout is for a stalled transfer, so give it longer than a call.
        request.setTransferTimeout(self.timeout_ms * 6)
        return self._network.get(request)

    def post(self, path: str, body: dict[str, Any] | None = None, *, idempotency_key: str | None = None) -> ApiReply:
        """POST ``body``; with ``idempotency_key`` (one per person's action) it is retried when the answer is lost."""
        # The closures hold the network manager, never this client: the client's wrapper holds its
        # replies' (Qt parent), and a reply holding the client back would be a cycle (issue #12).
        network, request = self._network, self._request(path)
        data = QByteArray(json.dumps(body or {}, ensure_ascii=False).encode())
        if idempotency_key is None:
            return ApiReply(lambda: network.post(request, data), parent=self)
        request.setRawHeader(QByteArray(b"Idempotency-Key"), QByteArray(idempotency_key.encode("ascii")))
        return ApiReply(lambda: network.post(request, data), RETRY_FOR_MS, self)

    def upload(self, path: str, file: Path, timeout_ms: int = UPLOAD_TIMEOUT_MS) -> ApiReply:
        """POST a file's bytes as the body, read by Qt as it sends (never loaded here in one block).

        Not retried (no idempotency key): an upload whose answer is lost is looked for in the list.
        """
        network, request = self._network, self._request(path)
        request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/octet-stream")
        request.setTransferTimeout(timeout_ms)

        def send() -> QNetworkReply:
            device = QFile(str(file))
            if not device.open(QIODevice.OpenModeFlag.ReadOnly):
                raise OSError(f"cannot read {file}: {device.errorString()}")
            reply = network.post(request, device)
            device.setParent(reply)  # lives as long as the upload
            return reply

        return ApiReply(send, parent=self)

    def send(self, method: str, path: str, body: dict[str, Any]) -> ApiReply:
        """PUT, PATCH …: a method QNetworkAccessManager has no shortcut for (never retried)."""
        network, request = self._network, self._request(path)
        data = QByteArray(json.dumps(body, ensure_ascii=False).encode())
        verb = QByteArray(method.encode())
        return ApiReply(lambda: network.sendCustomRequest(request, verb, data), parent=self)

    def with_token(self, token: str) -> ApiClient:
        """The same server, network and trust with another token (an administrator's session)."""
        return ApiClient(
            self.base_url, token, network=self._network, timeout_ms=self.timeout_ms, ssl=self.ssl, parent=self
        )
