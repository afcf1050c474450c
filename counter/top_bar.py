"""The strip across the top: which counter, who is signed in, the link to the server."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from counter.controller import CounterController
from counter.intents import INTENTS, Intent
from counter.style import CONNECTION_COLOURS

CONNECTION_WORDS = {
    "online": ("Đã kết nối", "Connected"),
    "connecting": ("Đang kết nối…", "Connecting…"),
    "offline": ("Mất kết nối máy chủ", "Server unreachable"),
}


class TopBar(QWidget):
    """Counter name and services, clerk, connection state, language and sign-out buttons.

    Signals:
        intent(str): an Intent the clerk pressed here (language, sign-out).
    """

    intent = Signal(str)

    def __init__(self, controller: CounterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setFixedHeight(64)
        # A plain QWidget subclass paints its stylesheet background only with this set.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("TopBar { background: #12325a; } TopBar QLabel { color: white; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 6, 12, 6)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 26px; font-weight: bold;")
        self.services = QLabel()
        self.services.setStyleSheet("font-size: 15px; color: #c9d6e8;")
        self.clerk = QLabel()
        self.clerk.setStyleSheet("font-size: 17px;")
        self.connection = QLabel()
        self.connection.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.language = QPushButton()
        self.language.clicked.connect(lambda: self.intent.emit(Intent.LANGUAGE.value))
        self.sign_out = QPushButton()
        self.sign_out.clicked.connect(lambda: self.intent.emit(Intent.SIGN_OUT.value))
        for button in (self.language, self.sign_out):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet("font-size: 15px; padding: 6px 12px;")
        layout.addWidget(self.title)
        layout.addSpacing(14)
        layout.addWidget(self.services, 1)
        layout.addWidget(self.clerk)
        layout.addSpacing(14)
        layout.addWidget(self.connection)
        layout.addSpacing(8)
        layout.addWidget(self.language)
        layout.addWidget(self.sign_out)
        self.refresh()

    def refresh(self) -> None:
        c = self._controller
        pick = c.language.pick
        counter = c.counter
        self.title.setText(counter["name"] if counter else pick("Quầy", "Counter"))
        codes = [f"{s['code']} {pick(s['name_vi'], s['name_en'])}" for s in c.services()]
        self.services.setText("  ·  ".join(codes))
        clerk = counter.get("clerk") if counter else None
        self.clerk.setText(clerk["name"] if clerk else "")
        vi, en = CONNECTION_WORDS[c.connection]
        colour = CONNECTION_COLOURS[c.connection]
        self.connection.setText(f"● {pick(vi, en)}")
        self.connection.setStyleSheet(
            f"background: {colour}; color: white; border-radius: 6px; padding: 4px 10px; font-size: 15px;"
        )
        lang = INTENTS[Intent.LANGUAGE]
        self.language.setText(f"{pick(lang.label_vi, lang.label_en)} ({lang.key_text})")
        out = INTENTS[Intent.SIGN_OUT]
        self.sign_out.setText(f"{pick(out.label_vi, out.label_en)} ({out.key_text})")
        self.sign_out.setVisible(c.state != "signed_out")
        self.sign_out.setEnabled(c.can(Intent.SIGN_OUT) and c.busy is None)
