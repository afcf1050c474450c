"""The devices' alerts (paper out, printer offline …) with what a supervisor does about them.

"Đã biết / Seen" acknowledges an alert (someone is on it: the other supervisors
see who); "Xoá / Clear" ends it when the device cannot (a kiosk that was
unplugged). The server answers with ``alert.acknowledged`` or ``alert.cleared``
events, which the AlertMonitor turns into the rows drawn here: a click changes
nothing on the screen until the office has recorded it.
"""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from client.api import ApiClient, ApiError
from client.language import Language
from supervisor.alerts import Alert


class AlertActions(QObject):
    """Asks the server to acknowledge or clear a device's alert, without blocking the screen.

    Signals:
        failed(object): an ApiError (the alert stays as it was).
    """

    failed = Signal(object)

    def __init__(self, api: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api

    def acknowledge(self, alert_id: int) -> None:
        self._send(f"/api/alerts/{alert_id}/acknowledge")

    def clear(self, alert_id: int) -> None:
        self._send(f"/api/alerts/{alert_id}/clear")

    def _send(self, path: str) -> None:
        reply = self._api.post(path)
        reply.failed.connect(self.failed)


class DeviceAlertList(QWidget):
    """One row per active device alert: its message, who has seen it, and the two buttons. Hidden when none."""

    def __init__(self, actions: AlertActions, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        self._language = language
        self._alerts: list[Alert] = []
        self.rows: dict[int, _Row] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828; font-size: 13pt;")
        self.error.hide()
        self._layout.addWidget(self.error)
        actions.failed.connect(self.on_action_failed)
        language.changed.connect(self.on_language_changed)
        self.hide()

    def t(self, vi: str, en: str) -> str:
        return vi if self._language.code == "vi" else en

    def on_alerts_changed(self, alerts: list[Alert]) -> None:
        self._alerts = [a for a in alerts if a.kind == "device" and a.alert_id is not None]
        self.error.hide()
        self._rebuild()

    def on_language_changed(self, code: str) -> None:
        self._rebuild()

    def on_action_failed(self, error: ApiError) -> None:
        self.error.setText(error.message(self._language.code))
        self.error.show()

    def _acknowledge(self, alert_id: int, checked: bool = False) -> None:
        self._actions.acknowledge(alert_id)

    def _clear(self, alert_id: int, checked: bool = False) -> None:
        self._actions.clear(alert_id)

    def _rebuild(self) -> None:
        for row in self.rows.values():
            self._layout.removeWidget(row.widget)
            row.widget.hide()
            row.widget.deleteLater()
        self.rows.clear()
        for alert in self._alerts:
            assert alert.alert_id is not None
            row = _Row(QWidget(self))
            layout = QHBoxLayout(row.widget)
            layout.setContentsMargins(0, 0, 0, 0)
            text = f"⚠ {html.escape(alert.message(self._language.code))}"
            if alert.acknowledged_by:
                text += " — <i>" + self.t("đã biết: ", "seen by ") + html.escape(alert.acknowledged_by) + "</i>"
            row.label.setText(text)
            row.seen.setText(self.t("Đã biết", "Seen"))
            row.seen.setVisible(not alert.acknowledged_by)
            row.seen.clicked.connect(partial(self._acknowledge, alert.alert_id))
            row.clear.setText(self.t("Xoá cảnh báo", "Clear"))
            row.clear.clicked.connect(partial(self._clear, alert.alert_id))
            layout.addWidget(row.label, 1)
            layout.addWidget(row.seen)
            layout.addWidget(row.clear)
            self._layout.addWidget(row.widget)
            self.rows[alert.alert_id] = row
        self.setVisible(bool(self._alerts))


class _Row:
    """One alert's widgets (the row widget owns the others)."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget
        self.label = QLabel(widget)
        self.label.setStyleSheet("font-size: 14pt;")
        self.seen = QPushButton(widget)
        self.clear = QPushButton(widget)
