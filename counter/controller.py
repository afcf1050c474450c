"""The counter's brain: what the clerk sees and what her actions do, without any widget.

It takes the shared client parts in its constructor and turns intents (from
buttons, keys or a hardware keypad alike) into calls to the office server.
Only one action is ever in flight; an action while the server is away is
refused with a message, never queued. Each press goes out with its own
idempotency key and is retried with it while its answer is lost (client/api.py),
so it happens once; after an answer that never came at all the office's state
is fetched again before the next.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import ApiClient, ApiError, new_idempotency_key
from client.events import ConnectionState, EventStream, blocking_problem
from client.language import Language
from client.model import OfficeModel
from counter.intents import INTENTS, Intent, applies_to

# The running timers on screen move once a second.
TICK_MS = 1000
# A keypad pause has no keyboard for a reason; this one is recorded.
KEYPAD_PAUSE_REASON = "Tạm nghỉ"


class Message:
    INFO = "info"
    ERROR = "error"


class CounterController(QObject):
    """One counter, as its clerk works it.

    Signals:
        changed(): the counter's state, ticket, clerk or queues changed; redraw.
        busy_changed(bool): an action went out (True) or its answer came (False).
        connection_changed(str): ConnectionState of the link to the server.
        message(str, str): (Message.INFO or Message.ERROR, text in the current language) for the clerk.
        tick(): a second passed; redraw running timers.
    """

    changed = Signal()
    busy_changed = Signal(bool)
    connection_changed = Signal(str)
    message = Signal(str, str)
    tick = Signal()

    def __init__(
        self,
        api: ApiClient,
        stream: EventStream,
        model: OfficeModel,
        language: Language,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._stream = stream
        self._model = model
        self.language = language
        self.number: int | None = None
        self.busy: Intent | None = None
        # A username locked by the server after wrong PINs, and until when (time.monotonic()).
        self.lockout: tuple[str, float] | None = None
        self._signing_in = ""
        # Set after an answer that never came: the state must be fetched before another action.
        self.resyncing = False
        # The server's problem that stops it taking actions (disk full, database locked …), if any.
        self.problem = blocking_problem(stream.health)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        stream.state_loaded.connect(self.on_stream_state_loaded)
        stream.connection_changed.connect(self.on_stream_connection_changed)
        stream.error.connect(self.on_stream_error)
        stream.health_changed.connect(self.on_stream_health_changed)
        model.counter_changed.connect(self.on_model_counter_changed)
        model.queues_changed.connect(self.changed)
        model.waiting_changed.connect(self.changed)
        language.changed.connect(self.on_language_changed)

    # -- what the screen shows -------------------------------------------------

    @property
    def online(self) -> bool:
        return self._stream.state == ConnectionState.ONLINE

    @property
    def connection(self) -> str:
        return self._stream.state

    @property
    def counter(self) -> dict[str, Any] | None:
        if self.number is None:
            return None
        return self._model.counters.get(self.number)

    @property
    def state(self) -> str:
        """signed_out, idle, calling, serving or paused (signed_out until the state is known)."""
        counter = self.counter
        return counter["state"] if counter else "signed_out"

    @property
    def ticket(self) -> dict[str, Any] | None:
        counter = self.counter
        return counter.get("ticket") if counter else None

    def services(self) -> list[dict[str, Any]]:
        """This counter's services, in the order it calls them."""
        counter = self.counter
        if not counter:
            return []
        return [s for code in counter["services"] if (s := self._model.service(code)) is not None]

    def all_services(self) -> list[dict[str, Any]]:
        return list(self._model.services)

    def queue(self, code: str) -> dict[str, Any]:
        return self._model.queues.get(code, {"waiting": 0, "longest_wait_s": 0, "estimated_wait_s": 0})

    def longest_wait_s(self, code: str) -> int:
        """How long the longest-waiting citizen of this service has waited, now."""
        waits = [self.seconds_since(t["issued_at"]) or 0 for t in self._model.waiting_for([code])]
        return max(waits, default=0)

    def waiting_numbers(self, code: str, count: int = 6) -> list[str]:
        return [t["number"] for t in self._model.waiting_for([code])[:count]]

    def next_up(self, count: int = 4) -> list[dict[str, Any]]:
        """Who "call next" would bring, in order, by the server's own rules."""
        return self._model.next_for_counter(self.number, count) if self.number is not None else []

    def priority_name(self, code: str | None) -> str | None:
        if code is None:
            return None
        for group in self._model.office.get("priority_groups", []):
            if group["code"] == code:
                return self.language.pick(group["name_vi"], group["name_en"])
        return code

    def service_name(self, code: str) -> str:
        service = self._model.service(code)
        return self.language.pick(service["name_vi"], service["name_en"]) if service else code

    def now(self) -> float:
        """The server's clock, as epoch seconds (its "now" at the last state, moved on locally)."""
        return self._model.clock()

    def seconds_since(self, iso: str | None) -> int | None:
        if not iso:
            return None
        return max(0, int(self.now() - datetime.fromisoformat(iso).timestamp()))

    def can(self, intent: Intent) -> bool:
        """Whether the button for ``intent`` applies in the counter's present state."""
        state = self.state
        if intent is Intent.LANGUAGE:
            return True
        if state == "signed_out":
            return intent is Intent.SIGN_IN
        if intent is Intent.RESUME:
            return state == "paused"
        if intent is Intent.PAUSE_TOGGLE:
            return state in ("paused", "idle")
        if state == "paused":
            return False
        if intent is Intent.PAUSE:
            return state == "idle"
        if intent is Intent.SIGN_OUT:
            return state == "idle"
        ticket = self.ticket
        return applies_to(intent, ticket["status"] if ticket else None)

    # -- intents -----------------------------------------------------------------

    def sign_in(self, username: str, pin: str) -> bool:
        if not username.strip() or not pin:
            self._say(Message.ERROR, "Hãy nhập tên đăng nhập và mã PIN", "Enter your username and PIN")
            return False
        self._signing_in = username.strip()
        return self._post(Intent.SIGN_IN, "sign-in", {"username": username.strip(), "pin": pin})

    def lockout_left_s(self) -> int:
        """Seconds until the locked username may try again (0: none locked)."""
        if self.lockout is None:
            return 0
        return max(0, int(self.lockout[1] - time.monotonic() + 0.999))

    def perform(self, intent: Intent | str) -> bool:
        """Do an intent that needs no more input (buttons, keys and the keypad all end here)."""
        intent = Intent(intent)
        if intent is Intent.LANGUAGE:
            self.language.toggle()
            return True
        if intent is Intent.PAUSE_TOGGLE:
            intent = Intent.RESUME if self.state == "paused" else Intent.PAUSE
            if intent is Intent.PAUSE:
                return self.pause(KEYPAD_PAUSE_REASON)
        paths = {
            Intent.CALL_NEXT: ("call-next", None),
            Intent.RECALL: ("recall", None),
            Intent.START: ("start", None),
            Intent.FINISH: ("finish", None),
            Intent.NO_SHOW: ("no-show", {"requeue": False}),
            Intent.NO_SHOW_REQUEUE: ("no-show", {"requeue": True}),
            Intent.RESUME: ("resume", None),
            Intent.SIGN_OUT: ("sign-out", None),
        }
        if intent not in paths:
            raise ValueError(f"{intent} needs more input; use its own method")
        path, body = paths[intent]
        return self._post(intent, path, body)

    def call_number(self, number: str) -> bool:
        number = number.strip().upper()
        if not number.isalnum():
            self._say(Message.ERROR, "Hãy nhập số thứ tự, ví dụ A012", "Enter a ticket number, e.g. A012")
            return False
        return self._post(Intent.CALL_NUMBER, "call", {"number": number})

    def transfer(self, service: str) -> bool:
        return self._post(Intent.TRANSFER, "transfer", {"service": service})

    def pause(self, reason: str) -> bool:
        reason = reason.strip()
        if not reason:
            self._say(Message.ERROR, "Hãy chọn hoặc nhập lý do tạm dừng", "Choose or type a reason for the pause")
            return False
        return self._post(Intent.PAUSE, "pause", {"reason": reason})

    # -- the one way an action goes out --------------------------------------------

    def check(self, intent: Intent) -> bool:
        """Whether ``intent`` may go out now; if not, tell the clerk why (the one place that decides)."""
        info = INTENTS[intent]
        label = self.language.pick(info.label_vi, info.label_en).rstrip("…")
        if self.number is None or not self.online:
            self._say(
                Message.ERROR,
                f"Mất kết nối với máy chủ — chưa thực hiện «{label}». Hãy thử lại khi đã kết nối.",
                f"Not connected to the server — “{label}” was not done. Try again once connected.",
            )
            return False
        if self.resyncing:
            self._say(
                Message.ERROR,
                f"Đang kiểm tra lại trạng thái với máy chủ — chưa thực hiện «{label}».",
                f"Checking the state with the server — “{label}” was not done.",
            )
            return False
        if self.problem is not None:
            self._say_problem(self.problem, label)
            return False
        if self.busy is not None:
            self._say(
                Message.ERROR,
                "Thao tác trước chưa xong — vui lòng chờ trong giây lát.",
                "The previous action has not finished yet — please wait a moment.",
            )
            return False
        if not self.can(intent):
            self._say(Message.ERROR, f"«{label}» không áp dụng lúc này.", f"“{label}” does not apply right now.")
            return False
        return True

    def _post(self, intent: Intent, path: str, body: dict[str, Any] | None) -> bool:
        if not self.check(intent):
            return False
        self._set_busy(intent)
        path = f"/api/counters/{self.number}/{path}"
        reply = self._api.post(path, body, idempotency_key=new_idempotency_key())
        # Bound methods, not partials holding this controller: the reply, destroyed, must never drop
        # the last reference to what owns its own parent (client/status.py says more). One action
        # is in flight at a time, so ``busy`` says which one answered.
        reply.finished.connect(self.on_action_finished)
        reply.failed.connect(self.on_action_failed)
        return True

    def on_action_finished(self, body: Any) -> None:
        if self.busy is not None:
            self.on_reply_finished(self.busy, body)

    def on_action_failed(self, error: ApiError) -> None:
        if self.busy is not None:
            self.on_reply_failed(self.busy, error)

    def _set_busy(self, intent: Intent | None) -> None:
        self.busy = intent
        self.busy_changed.emit(intent is not None)
        self.changed.emit()

    def _say(self, kind: str, vi: str, en: str) -> None:
        self.message.emit(kind, self.language.pick(vi, en))

    # -- slots -------------------------------------------------------------------

    def on_reply_finished(self, intent: Intent, body: Any) -> None:
        self._set_busy(None)
        ticket = body.get("ticket") if isinstance(body, dict) else None
        if intent is Intent.CALL_NEXT and ticket is None:
            self._say(Message.INFO, "Không còn công dân nào đang chờ.", "Nobody is waiting.")
        elif intent in (Intent.CALL_NEXT, Intent.CALL_NUMBER) and ticket:
            self._say(Message.INFO, f"Đã gọi số {ticket['number']}.", f"Called {ticket['number']}.")
        elif intent is Intent.RECALL and ticket:
            self._say(Message.INFO, f"Đã gọi lại số {ticket['number']}.", f"Called {ticket['number']} again.")
        elif intent is Intent.TRANSFER and ticket:
            name = self.service_name(ticket["service"])
            self._say(Message.INFO, f"Đã chuyển số {ticket['number']} sang {name}.",
                      f"{ticket['number']} moved to {name}.")
        elif intent in (Intent.FINISH, Intent.NO_SHOW, Intent.NO_SHOW_REQUEUE) and ticket:
            self._say(Message.INFO, f"Xong số {ticket['number']}.", f"{ticket['number']} closed.")
        else:
            self.message.emit(Message.INFO, "")

    def on_reply_failed(self, intent: Intent, error: ApiError) -> None:
        self._set_busy(None)
        if intent is Intent.SIGN_IN and error.retry_after_s is not None:
            # Shown on the sign-in page with the time left, counting down (counter/signin_page.py).
            self.lockout = (self._signing_in, time.monotonic() + error.retry_after_s)
            self.changed.emit()
        if not error.unreachable:
            # The server answered: the action was refused and nothing changed.
            self.message.emit(Message.ERROR, error.message(self.language.code))
            return
        # Nothing certain about what happened: fetch the office's state before the next action.
        self.resyncing = True
        if error.uncertain:
            self._say(
                Message.ERROR,
                "Máy chủ không trả lời kịp — chưa rõ thao tác đã được thực hiện chưa. Đang tải lại trạng thái…",
                "The server did not answer in time — the action may or may not have happened. Reloading the state…",
            )
        else:
            self._say(
                Message.ERROR,
                "Không kết nối được máy chủ — thao tác chưa được thực hiện. Đang kết nối lại…",
                "Cannot reach the server — the action was not done. Reconnecting…",
            )
        self.changed.emit()
        self._stream.resync()

    def on_stream_state_loaded(self, state: dict[str, Any]) -> None:
        you = state.get("you") or {}
        if you.get("role") != "counter" or you.get("counter") is None:
            self._say(
                Message.ERROR,
                "Mã truy cập này không phải của một quầy. Hãy dùng mã của 'onestop device add --role counter'.",
                "This token is not a counter's. Use one from 'onestop device add --role counter'.",
            )
        else:
            self.number = int(you["counter"])
        if self.resyncing:
            self.resyncing = False
            self._say(Message.INFO, "Đã tải lại trạng thái từ máy chủ.", "State reloaded from the server.")
        # The model has loaded the same state first (connected before us): redraw from it.
        self.changed.emit()

    def on_stream_connection_changed(self, state: str) -> None:
        self.connection_changed.emit(state)
        self.changed.emit()

    def _say_problem(self, problem: dict[str, Any], label: str | None = None) -> None:
        vi = problem.get("message_vi") or problem.get("message", "")
        en = problem.get("message", "")
        done_vi = f" — chưa thực hiện «{label}»." if label else " — chưa thực hiện được thao tác nào."
        done_en = f" — “{label}” was not done." if label else " — no action can be done."
        self._say(Message.ERROR, f"Máy chủ đang gặp sự cố: {vi}{done_vi}", f"Server problem: {en}{done_en}")

    def on_stream_health_changed(self, health: dict[str, Any]) -> None:
        problem, before = blocking_problem(health), self.problem
        self.problem = problem
        if problem is not None:
            self._say_problem(problem)
        elif before is not None:
            self._say(Message.INFO, "Máy chủ đã hoạt động bình thường trở lại.", "The server works normally again.")
        self.changed.emit()

    def on_stream_error(self, error: ApiError) -> None:
        if error.status in (401, 403):
            self.message.emit(Message.ERROR, error.message(self.language.code))

    def on_model_counter_changed(self, number: int) -> None:
        if number == self.number:
            self.changed.emit()

    def on_language_changed(self, _code: str) -> None:
        self.changed.emit()
