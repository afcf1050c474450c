"""The rating screens a citizen touches — scale, reasons, thank-you — for any host screen.

Embed it with a RatingController (see rating/__init__.py); the host shows its own
screen when the controller's page is IDLE.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rating.controller import Page, RatingController
from rating.faces import FaceButton, level_colour, level_mood

STYLESHEET = """
RatingWidget, RatingWidget QWidget#page { background: #f7f9fb; }
QLabel#question { font-size: 34px; font-weight: bold; color: #12325a; }
QLabel#ticket { font-size: 22px; color: #5f6368; }
QLabel#message { font-size: 22px; color: #b3261e; }
QLabel#thanks { font-size: 56px; font-weight: bold; color: #1e8e3e; }
QLabel#thanksNote { font-size: 26px; color: #3c4043; }
QPushButton#reason {
    font-size: 24px; min-height: 84px; border: 3px solid #c4c9cf; border-radius: 16px;
    background: white; color: #1f1f1f; padding: 6px 18px; text-align: left;
}
QPushButton#reason:checked { border-color: #d93025; background: #fdecea; color: #8c1d18; font-weight: bold; }
QPushButton#send {
    font-size: 28px; font-weight: bold; min-height: 84px; border-radius: 16px; border: none;
    background: #1456a0; color: white; padding: 0 40px;
}
QPushButton#send:disabled { background: #9fb6d0; }
QPushButton#skip {
    font-size: 22px; min-height: 84px; border-radius: 16px; border: 2px solid #c4c9cf;
    background: white; color: #3c4043; padding: 0 30px;
}
"""


def _page() -> QWidget:
    page = QWidget()
    page.setObjectName("page")
    page.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return page



def named_label(name: str, *, wrap: bool = False, centred: bool = True) -> QLabel:
    """A label styled by the style sheet's rule for its object name."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(wrap)
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def named_button(name: str, *, checkable: bool = False) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.setCheckable(checkable)
    return button

class RatingWidget(QWidget):
    """Renders a RatingController's SCALE, REASONS and THANKS pages; taps become its intents.

    It has no signals: hosts follow ``controller.page_changed``.
    """

    def __init__(self, controller: RatingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLESHEET)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        # Scale: the question, the ticket, one face per level.
        self.scale_page = _page()
        scale = QVBoxLayout(self.scale_page)
        scale.setContentsMargins(40, 36, 40, 30)
        self.question = named_label("question", wrap=True)
        self.ticket_label = named_label("ticket")
        self.faces_row = QHBoxLayout()
        self.faces_row.setSpacing(18)
        self.faces: dict[int, FaceButton] = {}
        self.scale_message = named_label("message", wrap=True)
        scale.addWidget(self.question)
        scale.addWidget(self.ticket_label)
        scale.addSpacing(20)
        scale.addLayout(self.faces_row, 1)
        scale.addWidget(self.scale_message)

        # Reasons: big toggles, then send.
        self.reasons_page = _page()
        reasons = QVBoxLayout(self.reasons_page)
        reasons.setContentsMargins(50, 36, 50, 30)
        self.reasons_question = named_label("question", wrap=True)
        self.reasons_grid = QGridLayout()
        self.reasons_grid.setSpacing(16)
        self.reason_buttons: dict[str, QPushButton] = {}
        self.reasons_message = named_label("message", wrap=True)
        buttons = QHBoxLayout()
        self.skip = named_button("skip")
        self.send = named_button("send")
        self.skip.clicked.connect(self.controller.submit_without_reasons)
        self.send.clicked.connect(self.controller.submit)
        buttons.addStretch(1)
        buttons.addWidget(self.skip)
        buttons.addSpacing(16)
        buttons.addWidget(self.send)
        reasons.addWidget(self.reasons_question)
        reasons.addSpacing(18)
        reasons.addLayout(self.reasons_grid)
        reasons.addStretch(1)
        reasons.addWidget(self.reasons_message)
        reasons.addLayout(buttons)

        # Thanks.
        self.thanks_page = _page()
        thanks = QVBoxLayout(self.thanks_page)
        self.thanks_face = FaceButton(1.0, level_colour(0, 1), framed=False)
        self.thanks_face.setFixedSize(220, 220)
        self.thanks_face.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.thanks = named_label("thanks")
        self.thanks_note = named_label("thanksNote", wrap=True)
        thanks.addStretch(1)
        thanks.addWidget(self.thanks_face, 0, Qt.AlignmentFlag.AlignHCenter)
        thanks.addWidget(self.thanks)
        thanks.addSpacing(16)
        thanks.addWidget(self.thanks_note)
        thanks.addStretch(1)

        for page in (self.scale_page, self.reasons_page, self.thanks_page):
            self.pages.addWidget(page)
        controller.page_changed.connect(self.on_controller_page_changed)
        controller.scale_loaded.connect(self.on_controller_scale_loaded)
        controller.sending_changed.connect(self.on_controller_sending_changed)
        controller.reasons_changed.connect(self.refresh)
        controller.message.connect(self.on_controller_message)
        controller.language.changed.connect(self.on_language_changed)
        self.build_scale()
        self.refresh()

    def build_scale(self) -> None:
        """(Re)make the face and reason buttons from the controller's scale."""
        for button in [*self.faces.values(), *self.reason_buttons.values()]:
            button.deleteLater()
        self.faces.clear()
        self.reason_buttons.clear()
        levels = self.controller.levels
        for index, level in enumerate(levels):
            face = FaceButton(level_mood(index, len(levels)), level_colour(index, len(levels)))
            face.clicked.connect(lambda _checked=False, value=level["value"]: self.controller.choose(value))
            self.faces_row.addWidget(face)
            self.faces[level["value"]] = face
        columns = 2
        for index, reason in enumerate(self.controller.reasons):
            button = named_button("reason", checkable=True)
            button.clicked.connect(lambda _checked=False, code=reason["code"]: self.controller.toggle_reason(code))
            self.reasons_grid.addWidget(button, index // columns, index % columns)
            self.reason_buttons[reason["code"]] = button

    def refresh(self) -> None:
        c = self.controller
        pick = c.language.pick
        self.question.setText(pick("Xin ông/bà đánh giá mức độ hài lòng về việc giải quyết thủ tục hành chính",
                                   "How satisfied are you with how your matter was handled?"))
        number = c.ticket["number"] if c.ticket else ""
        self.ticket_label.setText(pick(f"Số thứ tự {number}", f"Ticket {number}") if number else "")
        for level in c.levels:
            self.faces[level["value"]].setText(pick(level["label_vi"], level["label_en"]))
            self.faces[level["value"]].update()
        self.reasons_question.setText(pick("Xin cho biết lý do ông/bà chưa hài lòng (chọn một hoặc nhiều):",
                                           "What was not good? (choose one or more)"))
        for reason in c.reasons:
            button = self.reason_buttons[reason["code"]]
            chosen = reason["code"] in c.chosen_reasons
            button.setText(("✓  " if chosen else "") + pick(reason["label_vi"], reason["label_en"]))
            button.setChecked(chosen)
        self.skip.setText(pick("Gửi không kèm lý do", "Send without a reason"))
        self.send.setText(pick("Gửi đánh giá", "Send") if not c.sending else pick("Đang gửi…", "Sending…"))
        self.send.setEnabled(not c.sending and bool(c.chosen_reasons))
        self.skip.setEnabled(not c.sending)
        for face in self.faces.values():
            face.setEnabled(not c.sending)
        self.thanks.setText(pick("Xin cảm ơn ông/bà!", "Thank you!"))
        self.thanks_note.setText(pick("Ý kiến của ông/bà giúp chúng tôi phục vụ tốt hơn.",
                                      "Your opinion helps us serve you better."))
        page = {Page.REASONS: self.reasons_page, Page.THANKS: self.thanks_page}.get(c.page, self.scale_page)
        self.pages.setCurrentWidget(page)

    # -- slots -------------------------------------------------------------------

    def on_controller_page_changed(self, _page: str) -> None:
        self.scale_message.clear()
        self.reasons_message.clear()
        self.refresh()

    def on_controller_scale_loaded(self) -> None:
        self.build_scale()
        self.refresh()

    def on_controller_sending_changed(self, _sending: bool) -> None:
        self.refresh()

    def on_controller_message(self, text: str) -> None:
        self.scale_message.setText(text)
        self.reasons_message.setText(text)

    def on_language_changed(self, _code: str) -> None:
        self.refresh()
