"""The screen a new device shows until an administrator approves it: the code, large, and a QR of the admin page."""

from __future__ import annotations

import io

import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from client.api import ApiError
from client.language import Language
from client.pairing import PairingClient


def qr_pixmap(text: str, size: int) -> QPixmap:
    image = qrcode.make(text, border=2)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)


class PairingScreen(QWidget):
    """Renders the PairingClient's code and state; L (the button) switches the language."""

    def __init__(self, pairing: PairingClient, server: str, kind: str, language: Language,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._pairing = pairing
        self._server = server.rstrip("/")
        self._kind = kind
        self._language = language
        self._error: ApiError | None = None
        self._refused = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        self.title, self.explain, self.code, self.status = QLabel(), QLabel(), QLabel(), QLabel()
        self.qr = QLabel()
        for label, size, bold in ((self.title, 30, True), (self.explain, 18, False), (self.code, 96, True),
                                  (self.status, 16, False)):  # fmt: skip
            font = QFont()
            font.setPointSize(size)
            font.setBold(bold)
            label.setFont(font)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lang_button = QPushButton()
        self.lang_button.clicked.connect(language.toggle)
        layout.addWidget(self.title)
        layout.addWidget(self.explain)
        layout.addStretch(1)
        layout.addWidget(self.code)
        layout.addWidget(self.qr)
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(self.lang_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setStyleSheet("PairingScreen { background: #0b2545; } QLabel { color: white; }"
                           " QLabel#code { color: #ffd166; } QPushButton { font-size: 16pt; padding: 6px 18px; }")
        self.code.setObjectName("code")
        pairing.code_ready.connect(self.on_pairing_code_ready)
        pairing.failed.connect(self.on_pairing_failed)
        pairing.refused.connect(self.on_pairing_refused)
        language.changed.connect(self.retranslate)
        self.retranslate()

    def t(self, vi: str, en: str) -> str:
        return self._language.pick(vi, en)

    def on_pairing_code_ready(self, code: str) -> None:
        self._error = None
        self._refused = False
        self.qr.setPixmap(qr_pixmap(f"{self._server}/admin?pair={code}", 260))
        self.retranslate()

    def on_pairing_failed(self, error: ApiError) -> None:
        self._error = error
        self.retranslate()

    def on_pairing_refused(self) -> None:
        self._refused = True
        self.retranslate()

    def retranslate(self) -> None:
        code = self._pairing.code
        self.title.setText(self.t("Thiết bị mới chưa được đăng ký", "This device is not registered yet"))
        self.explain.setText(self.t(
            f"Nhờ quản trị viên mở Quản trị › Thiết bị (ứng dụng giám sát, hoặc quét mã QR) và duyệt mã dưới đây "
            f"cho thiết bị loại «{self._kind}». Mã có hiệu lực 10 phút.",
            f"Ask an administrator to open Admin › Devices (the supervisor app, or scan the QR code) and approve "
            f"the code below for this {self._kind}. The code is valid for 10 minutes."))
        self.code.setText(f"{code[:3]} {code[3:]}" if code else "…")
        if self._refused:
            status = self.t("Quản trị viên đã từ chối thiết bị này.", "An administrator refused this device.")
        elif self._error is not None:
            status = self._error.message(self._language.code) + self.t(" Đang thử lại…", " Trying again…")
        else:
            status = self.t("Đang chờ duyệt…", "Waiting for approval…") + f"  {self._server}"
        self.status.setText(status)
        self.lang_button.setText("English" if self._language.code == "vi" else "Tiếng Việt")
