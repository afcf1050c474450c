"""The first screen of the day: which counter this is, what it serves, and the clerk's sign-in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counter.controller import CounterController


class SignInPage(QWidget):
    """Username and PIN for the counter.

    Signals:
        sign_in(str, str): username and PIN, when the clerk submits.
    """

    sign_in = Signal(str, str)

    def __init__(self, controller: CounterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        outer = QVBoxLayout(self)
        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(560)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(36, 28, 36, 28)
        layout.setSpacing(10)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 40px; font-weight: bold;")
        self.services = QLabel()
        self.services.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.services.setWordWrap(True)
        self.services.setStyleSheet("font-size: 17px;")
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.go = QPushButton()
        self.go.setObjectName("primary")
        self.go.setMinimumHeight(64)
        self.go.setStyleSheet("font-size: 24px;")
        self.username.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.on_go_clicked)
        self.go.clicked.connect(self.on_go_clicked)
        # Too many wrong PINs: the name is locked for a while, and the clerk sees for how long.
        self.lockout = QLabel()
        self.lockout.setObjectName("lockout")
        self.lockout.setWordWrap(True)
        self.lockout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lockout.setStyleSheet(
            "font-size: 18px; color: #b3261e; background: #fdecea; border-radius: 8px; padding: 10px;"
        )
        controller.tick.connect(self.refresh)
        layout.addWidget(self.title)
        layout.addWidget(self.services)
        layout.addSpacing(12)
        layout.addWidget(self.username)
        layout.addWidget(self.pin)
        layout.addSpacing(6)
        layout.addWidget(self.go)
        layout.addWidget(self.lockout)
        self.refresh()

    def refresh(self) -> None:
        c = self._controller
        pick = c.language.pick
        counter = c.counter
        self.title.setText(counter["name"] if counter else pick("Đang kết nối…", "Connecting…"))
        lines = [f"{i}. {s['code']} · {pick(s['name_vi'], s['name_en'])}" for i, s in enumerate(c.services(), 1)]
        heading = pick("Lĩnh vực phục vụ, theo thứ tự gọi:", "Services, in calling order:")
        self.services.setText(heading + "<br>" + "<br>".join(lines) if lines else "")
        self.username.setPlaceholderText(pick("Tên đăng nhập", "Username"))
        self.pin.setPlaceholderText(pick("Mã PIN", "PIN"))
        self.go.setText(pick("Đăng nhập  [Enter]", "Sign in  [Enter]") if c.busy is None else
                        pick("Đang đăng nhập…", "Signing in…"))
        self.go.setEnabled(c.busy is None and counter is not None)
        left = c.lockout_left_s()
        self.lockout.setVisible(left > 0)
        if left > 0 and c.lockout is not None:
            name, (minutes, seconds) = c.lockout[0], divmod(left, 60)
            self.lockout.setText(pick(
                f"Tài khoản “{name}” tạm khóa vì nhập sai PIN nhiều lần.\nThử lại sau {minutes}:{seconds:02d}, "
                "hoặc nhờ lãnh đạo đặt lại PIN.",
                f"“{name}” is locked: too many wrong PINs.\nTry again in {minutes}:{seconds:02d}, "
                "or ask the office head.",
            ))

    def clear(self) -> None:
        self.pin.clear()

    def on_go_clicked(self) -> None:
        self.sign_in.emit(self.username.text(), self.pin.text())
