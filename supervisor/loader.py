"""Asking the server for figures (/api/stats) and the sync agent's state, without blocking the screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from client.api import ApiClient, ApiError, ApiReply


class LatestRequest(QObject):
    """One GET at a time: a newer request replaces the one in flight (a screen wants only the latest).

    Signals:
        loaded(dict): the answer to the latest request.
        failed(object): an ApiError.
    """

    loaded = Signal(dict)
    failed = Signal(object)

    def __init__(self, api: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._pending: ApiReply | None = None

    def get_latest(self, path: str) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.finished.disconnect()
            pending.failed.disconnect()
            pending.abort()
        reply = self._api.get(path)
        reply.finished.connect(self.on_reply_finished)
        reply.failed.connect(self.on_reply_failed)
        self._pending = reply

    @property
    def busy(self) -> bool:
        return self._pending is not None

    def on_reply_finished(self, body: dict[str, Any]) -> None:
        self._pending = None
        self.loaded.emit(body)

    def on_reply_failed(self, error: ApiError) -> None:
        self._pending = None
        self.failed.emit(error)


class StatsLoader(LatestRequest):
    """/api/stats for a range of days; ``loaded`` carries its figures (with its "from" and "to")."""

    def fetch(self, first: str, last: str) -> None:
        self.get_latest(f"/api/stats?from={first}&to={last}")


class SyncStatusLoader(QObject):
    """The sync agent's last report: fetched once, then followed through ``sync.status`` events.

    Signals:
        changed(object): the status dict, or None (no agent has reported, or the server has no sync).
    """

    changed = Signal(object)

    def __init__(self, api: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self.status: dict[str, Any] | None = None

    def fetch(self) -> None:
        reply = self._api.get("/api/sync/status")
        reply.finished.connect(self.on_reply_finished)
        reply.failed.connect(self.on_reply_failed)

    def on_reply_finished(self, body: dict[str, Any]) -> None:
        self.status = body.get("status") if isinstance(body, dict) else None
        self.changed.emit(self.status)

    def on_reply_failed(self, error: ApiError) -> None:
        self.changed.emit(None)  # 404: a server without the sync agent's API; shown as "no sync"

    def on_event(self, event: dict[str, Any]) -> None:
        if event.get("type") == "sync.status":
            self.status = event.get("sync")
            self.changed.emit(self.status)


class DevicesLoader(QObject):
    """Every device's last report about itself (/api/devices/status), followed through ``device.status`` events.

    Signals:
        changed(): ``devices`` changed.
    """

    changed = Signal()

    def __init__(self, api: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self.devices: dict[str, dict[str, Any]] = {}

    def fetch(self) -> None:
        reply = self._api.get("/api/devices/status")
        reply.finished.connect(self.on_reply_finished)

    def on_reply_finished(self, body: dict[str, Any]) -> None:
        self.devices = {d["device"]: d for d in body.get("devices", [])} if isinstance(body, dict) else {}
        self.changed.emit()

    def on_event(self, event: dict[str, Any]) -> None:
        status = event.get("status")
        if event.get("type") == "device.status" and isinstance(status, dict):
            self.devices[status["device"]] = status
            self.changed.emit()

    def not_ok(self) -> list[tuple[str, str, dict[str, str]]]:
        """(device, part, its report) of every part that is not ok, by device then part."""
        return [
            (name, part, report)
            for name, device in sorted(self.devices.items())
            for part, report in sorted(device.get("components", {}).items())
            if report.get("state") not in ("ok", "off")
        ]
