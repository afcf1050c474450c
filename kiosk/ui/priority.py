"""The priority question: one big "No" and the office's priority groups."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from client.language import Language
from client.model import OfficeModel
from kiosk.ui.common import button, label


class PriorityScreen(QWidget):
    """Asks whether the citizen is in a priority group.

    Signals:
        priority_chosen(object): a group code, or None for a regular ticket.
        back(): return home without a ticket.
    """

    priority_chosen = Signal(object)
    back = Signal()

    def __init__(self, model: OfficeModel, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._language = language
        self._service: dict[str, Any] | None = None
        self.group_buttons: dict[str, QPushButton] = {}
        self.title = label("title")
        self.service = label("subtitle")
        self.no_button = button("big")
        self.no_button.clicked.connect(lambda: self.priority_chosen.emit(None))
        self.yes = label("caption")
        self.groups = QGridLayout()
        self.groups.setSpacing(22)
        self.back_button = button("back")
        self.back_button.clicked.connect(self.back)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 24, 80, 28)
        layout.setSpacing(20)
        layout.addWidget(self.title)
        layout.addWidget(self.service)
        layout.addSpacing(10)
        layout.addWidget(self.no_button)
        layout.addSpacing(10)
        layout.addWidget(self.yes)
        layout.addLayout(self.groups)
        layout.addStretch(1)
        layout.addLayout(bottom)
        model.reset.connect(self.on_model_reset)
        language.changed.connect(self.on_language_changed)
        self.on_model_reset()

    def set_service(self, service: dict[str, Any] | None) -> None:
        self._service = service
        self._render()

    def set_busy(self, busy: bool) -> None:
        for widget in (self.no_button, self.back_button, *self.group_buttons.values()):
            widget.setEnabled(not busy)

    def on_model_reset(self) -> None:
        for widget in self.group_buttons.values():
            self.groups.removeWidget(widget)
            widget.deleteLater()
        self.group_buttons = {}
        groups = self._model.office.get("priority_groups", [])
        # Two wide columns: group names run long ("Người có công / thương binh").
        columns = 2 if len(groups) <= 6 else 3
        for i, group in enumerate(groups):
            widget = button("choice")
            widget.clicked.connect(lambda _checked=False, code=group["code"]: self.priority_chosen.emit(code))
            self.groups.addWidget(widget, i // columns, i % columns)
            self.group_buttons[group["code"]] = widget
        self._render()

    def on_language_changed(self, _code: str) -> None:
        self._render()

    def _render(self) -> None:
        pick = self._language.pick
        self.title.setText(pick("Ông/bà có thuộc nhóm ưu tiên không?", "Are you in a priority group?"))
        if self._service:
            name = pick(self._service["name_vi"], self._service["name_en"])
            self.service.setText(pick(f"Lĩnh vực: {name}", f"Service: {name}"))
        self.no_button.setText(pick("Không — lấy số thường", "No — a regular number"))
        self.yes.setText(pick("Có, tôi là:", "Yes, I am:"))
        for group in self._model.office.get("priority_groups", []):
            widget = self.group_buttons.get(group["code"])
            if widget is not None:
                widget.setText(pick(group["name_vi"], group["name_en"]))
        self.back_button.setText(pick("‹ Quay lại", "‹ Back"))
