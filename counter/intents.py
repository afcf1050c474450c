"""What a clerk can ask the counter to do, with its key and its words.

One table, used by the buttons, the keyboard and the hardware keypad, so the
three can never disagree about what an action is called or which key runs it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import Qt

from core.lifecycle import TRANSITIONS
from core.lifecycle import Action as TicketAction
from core.model import TicketStatus


class Intent(enum.StrEnum):
    CALL_NEXT = "next"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    NO_SHOW_REQUEUE = "no_show_requeue"
    TRANSFER = "transfer"
    CALL_NUMBER = "call_number"
    PAUSE = "pause"
    FOLLOW_UP = "follow_up"  # book the citizen at the counter a visit ahead (counter/follow_up_panel.py)
    RESUME = "resume"
    # The keypad has one pause key: it pauses an idle counter and resumes a paused one.
    PAUSE_TOGGLE = "pause_toggle"
    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    LANGUAGE = "language"


@dataclass(frozen=True)
class IntentInfo:
    intent: Intent
    label_vi: str
    label_en: str
    key: Qt.Key | None
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    # The ticket action whose lifecycle rule says when the button applies (None: not ticket-bound).
    ticket_action: TicketAction | None = None

    @property
    def key_text(self) -> str:
        if self.key is None:
            return ""
        name = f"F{self.key - Qt.Key.Key_F1 + 1}"
        return f"Shift+{name}" if self.modifiers & Qt.KeyboardModifier.ShiftModifier else name


INTENTS: dict[Intent, IntentInfo] = {
    info.intent: info
    for info in (
        IntentInfo(Intent.CALL_NEXT, "Gọi số tiếp theo", "Call next", Qt.Key.Key_F1),
        IntentInfo(Intent.RECALL, "Gọi lại", "Recall", Qt.Key.Key_F2, ticket_action=TicketAction.RECALL),
        IntentInfo(Intent.START, "Bắt đầu phục vụ", "Start serving", Qt.Key.Key_F3, ticket_action=TicketAction.START),
        IntentInfo(Intent.FINISH, "Hoàn thành", "Finish", Qt.Key.Key_F4, ticket_action=TicketAction.FINISH),
        IntentInfo(Intent.NO_SHOW, "Vắng mặt", "No-show", Qt.Key.Key_F5, ticket_action=TicketAction.NO_SHOW),
        IntentInfo(
            Intent.NO_SHOW_REQUEUE,
            "Vắng mặt, xếp lại cuối hàng",
            "No-show, back of queue",
            Qt.Key.Key_F5,
            Qt.KeyboardModifier.ShiftModifier,
            ticket_action=TicketAction.NO_SHOW,
        ),
        IntentInfo(
            Intent.TRANSFER, "Chuyển lĩnh vực…", "Transfer…", Qt.Key.Key_F6, ticket_action=TicketAction.TRANSFER
        ),
        IntentInfo(Intent.CALL_NUMBER, "Gọi số cụ thể…", "Call a number…", Qt.Key.Key_F7),
        IntentInfo(Intent.PAUSE, "Tạm dừng…", "Pause…", Qt.Key.Key_F8),
        IntentInfo(Intent.RESUME, "Tiếp tục", "Resume", Qt.Key.Key_F9),
        IntentInfo(Intent.FOLLOW_UP, "Đặt lịch hẹn…", "Book a visit…", Qt.Key.Key_F10),
        IntentInfo(Intent.SIGN_IN, "Đăng nhập", "Sign in", None),
        IntentInfo(Intent.LANGUAGE, "English", "Tiếng Việt", Qt.Key.Key_F11),
        IntentInfo(Intent.SIGN_OUT, "Đăng xuất", "Sign out", Qt.Key.Key_F12),
    )
}


def intent_for_key(key: int, modifiers: Qt.KeyboardModifier) -> Intent | None:
    shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    for info in INTENTS.values():
        wants_shift = bool(info.modifiers & Qt.KeyboardModifier.ShiftModifier)
        if info.key is not None and info.key == key and wants_shift == shift:
            return info.intent
    return None


def applies_to(intent: Intent, status: str | None) -> bool:
    """Whether the lifecycle allows this ticket action on a ticket in ``status`` (None: no ticket)."""
    action = INTENTS[intent].ticket_action
    if action is None:
        return True
    return status is not None and (TicketStatus(status), action) in TRANSITIONS
