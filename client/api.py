"""HTTP calls to the office server that never block the UI."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest, QSslConfiguration

# Every call gives up after this: a LAN server that has not answered in 5 s is away.
TIMEOUT_MS = 5000




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
    """One call in flight.

    Signals:
        finished(object): the decoded JSON body of a 2xx answer.
        failed(object): an ApiError.
    """

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, reply: QNetworkReply, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reply = reply
        reply.finished.connect(self.on_reply_finished)

    def abort(self) -> None:
        self._reply.abort()

    def on_reply_finished(self) -> None:
        reply = self._reply
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0
        # A reply aborted by its transfer timeout is closed; reading it warns "device not open".
        raw = bytes(reply.readAll().data()) if reply.isOpen() else b""
        error = reply.error()
        reply.deleteLater()
        self.deleteLater()
        if status == 0:
            timed_out = error in (
                QNetworkReply.NetworkError.OperationCanceledError,
                QNetworkReply.NetworkError.TimeoutError,
            )
            self.failed.emit(ApiError(0, "unreachable", UNREACHABLE_VI, UNREACHABLE_EN, uncertain=timed_out))
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
        self._network = network or QNetworkAccessManager(self)

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
        return ApiReply(self._network.get(self._request(path)), self)

    def post(self, path: str, body: dict[str, Any] | None = None) -> ApiReply:
        data = QByteArray(json.dumps(body or {}, ensure_ascii=False).encode())
        return ApiReply(self._network.post(self._request(path), data), self)

    def send(self, method: str, path: str, body: dict[str, Any]) -> ApiReply:
        """PUT, PATCH …: a method QNetworkAccessManager has no shortcut for."""
        data = QByteArray(json.dumps(body, ensure_ascii=False).encode())
        return ApiReply(self._network.sendCustomRequest(self._request(path), QByteArray(method.encode()), data), self)

    def with_token(self, token: str) -> ApiClient:
        """The same server, network and trust with another token (an administrator's session)."""
        return ApiClient(
            self.base_url, token, network=self._network, timeout_ms=self.timeout_ms, ssl=self.ssl, parent=self
        )
