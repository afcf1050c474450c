"""What the supervisor must look at now: long waits, counters paused too long, failed devices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client.clock import epoch
from client.model import OfficeModel
from supervisor import DEFAULT_PAUSE_ALERT_S

DEFAULT_WAIT_ALERT_S = 30 * 60  # office.alert_wait_min's default, until the server says
CHECK_MS = 1000  # a local clock tick, not a network poll


def minutes(seconds: float) -> int:
    return int(seconds // 60)


@dataclass(frozen=True)
class Alert:
    key: str  # stable across checks: "wait:A", "pause:3", "device:12", "server:disk_full"
    kind: str  # wait | pause | device | server
    message_vi: str
    message_en: str
    alert_id: int | None = None  # a device's alert: the server's id (to acknowledge or clear it)
    acknowledged_by: str | None = None  # who acknowledged it (a supervisor device), if anyone has

    def message(self, language: str) -> str:
        return self.message_vi if language == "vi" else self.message_en


class AlertMonitor(QObject):
    """Works out the active alerts from the live office and the clock; no widgets.

    Signals:
        changed(list): the active alerts (list of Alert), after every check.
        raised(object): an Alert that was not active at the previous check (sound the chime).
    """

    changed = Signal(list)
    raised = Signal(object)

    def __init__(
        self,
        model: OfficeModel,
        clock: Callable[[], float],
        pause_alert_s: float = DEFAULT_PAUSE_ALERT_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._clock = clock
        self.pause_alert_s = pause_alert_s
        self.wait_alert_s: float = DEFAULT_WAIT_ALERT_S
        self._devices: dict[int, dict[str, Any]] = {}
        # The server's own problems (a storage fault): live from the event stream, not stored alerts.
        self._server_problems: list[dict[str, Any]] = []
        self.active: list[Alert] = []
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        model.reset.connect(self.check)
        model.waiting_changed.connect(self.check)
        model.counter_changed.connect(self.check)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def on_state_loaded(self, state: dict[str, Any]) -> None:
        self.wait_alert_s = float(state.get("office", {}).get("alert_wait_s", DEFAULT_WAIT_ALERT_S))
        self._devices = {a["id"]: a for a in state.get("alerts", [])}
        self.check()

    def on_event(self, event: dict[str, Any]) -> None:
        alert = event.get("alert")
        if event.get("type") in ("alert.raised", "alert.acknowledged") and alert:
            self._devices[alert["id"]] = alert
            self.check()
        elif event.get("type") == "alert.cleared" and alert:
            self._devices.pop(alert["id"], None)
            self.check()

    def on_health(self, health: dict[str, Any]) -> None:
        """The server's health from the event stream; its clock problem is a stored alert already."""
        self._server_problems = [p for p in health.get("problems", []) if p.get("code") != "clock_jump"]
        self.check()

    def longest_waits(self) -> dict[str, float]:
        """Per service, how long its longest-waiting citizen has waited (seconds)."""
        now = self._clock()
        oldest: dict[str, float] = {}
        for ticket in self._model.waiting.values():
            issued = epoch(ticket["issued_at"])
            if issued < oldest.get(ticket["service"], now):
                oldest[ticket["service"]] = issued
        return {code: max(0.0, now - at) for code, at in oldest.items()}

    def check(self) -> None:
        alerts: list[Alert] = [
            Alert(
                f"server:{problem['code']}",
                "server",
                f"Máy chủ: {problem.get('message_vi') or problem.get('message')}",
                f"Server: {problem.get('message')}",
            )
            for problem in self._server_problems
        ]
        for code, wait in sorted(self.longest_waits().items()):
            if wait >= self.wait_alert_s:
                n = sum(1 for t in self._model.waiting.values() if t["service"] == code)
                alerts.append(
                    Alert(
                        f"wait:{code}",
                        "wait",
                        f"Lĩnh vực {code}: có người chờ {minutes(wait)} phút ({n} đang chờ)",
                        f"Service {code}: someone has waited {minutes(wait)} min ({n} waiting)",
                    )
                )
        now = self._clock()
        for number, counter in sorted(self._model.counters.items()):
            if counter.get("state") == "paused" and counter.get("paused_at"):
                paused = now - epoch(counter["paused_at"])
                if paused >= self.pause_alert_s:
                    reason = counter.get("pause_reason") or ""
                    alerts.append(
                        Alert(
                            f"pause:{number}",
                            "pause",
                            f"{counter['name']} tạm dừng {minutes(paused)} phút ({reason})",
                            f"Counter {number} paused for {minutes(paused)} min ({reason})",
                        )
                    )
        for alert_id, device in sorted(self._devices.items()):
            alerts.append(
                Alert(
                    f"device:{alert_id}",
                    "device",
                    f"{device['source']}: {device['message_vi']}",
                    f"{device['source']}: {device['message_en']}",
                    alert_id,
                    device.get("acknowledged_by"),
                )
            )
        before = {a.key for a in self.active}
        self.active = alerts
        for alert in alerts:
            if alert.key not in before:
                self.raised.emit(alert)
        self.changed.emit(alerts)
