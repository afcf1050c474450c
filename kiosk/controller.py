"""The kiosk's flow: home -> (priority question) -> ticket -> home, finding a procedure, rating, the admin's way in.

No widgets here: screens call the intent methods (``choose_service``, ``touch`` ...)
and render what the signals say.
"""

from __future__ import annotations

import enum
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import ApiClient, ApiError, new_idempotency_key
from client.events import ConnectionState, EventStream, blocking_problem
from client.language import Language
from client.model import OfficeModel
from core.procedures import Procedure
from hardware.errors import PrinterError
from kiosk.catalogue import Catalogue
from kiosk.config import KioskConfig
from kiosk.printing import KioskPrinter
from kiosk.reports import ServerReports
from kiosk.scan import booking_code, parse_scan
from kiosk.slips import checklist_for_procedure, qr_data, slip_for_ticket
from rating.controller import Page, RatingController

# The hidden way into settings: this many taps in the screen's corner within GESTURE_S.
GESTURE_TAPS = 5
GESTURE_S = 3.0
# Wrong admin PINs before the PIN pad rests for PIN_LOCK_S.
PIN_TRIES = 5
PIN_LOCK_S = 60.0
UNPRINTED_KEPT = 20
# A citizen who got no answer and taps the same service again within this is still asking for her one ticket.
SAME_ACTION_S = 120.0


# The server is there but cannot save (disk full, database locked …): the supervisor sees why; a citizen waits.
_SERVER_FAULT = (
    "Hệ thống đang gặp sự cố nên tạm thời chưa lấy được số. Vui lòng chờ trong giây lát hoặc báo cán bộ.",
    "The system has a problem and cannot issue tickets right now. Please wait a moment or tell a staff member.",
)
_UNREACHABLE = (
    "Không kết nối được máy chủ. Kiosk đang tự động kết nối lại, vui lòng chờ trong giây lát.",
    "Cannot reach the office server. The kiosk is reconnecting by itself; please wait a moment.",
)


_SCAN_OR_TABLET = (
    "Số thứ tự thôi chưa đủ để đánh giá. Xin quét mã QR trên phiếu, hoặc nhập số cùng mã đánh giá in dưới mã QR, "
    "hoặc đánh giá tại máy tính bảng ở quầy.",
    "A number alone cannot rate. Please scan the QR code on your ticket, or type the number with the rating code "
    "printed under the QR, or rate at the counter's tablet.",
)


class Screen(enum.StrEnum):
    HOME = "home"
    PRIORITY = "priority"
    TICKET = "ticket"
    PIN = "pin"
    SETTINGS = "settings"
    RATE = "rate"  # which ticket to rate: typed or scanned
    RATING = "rating"  # the rating itself (rating.widget)
    FIND = "find"  # find a procedure: fields, the keyboard and what it finds
    PROCEDURE = "procedure"  # one procedure: its papers, print them, take a ticket
    CHECK_IN = "check_in"  # a booked citizen: the booking's QR scanned or its code typed


class PrintState(enum.StrEnum):
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True)
class TicketView:
    """What the ticket screen shows: the ticket, its service and whether it printed."""

    ticket: dict[str, Any]
    service: dict[str, Any]
    qr: str
    print_state: PrintState = PrintState.PRINTING
    error: PrinterError | None = None


class KioskController(QObject):
    """The kiosk's state machine.

    Signals:
        screen_changed(str): the Screen to show.
        busy_changed(bool): a ticket request is in flight; service buttons are disabled.
        online_changed(bool): the office server is reachable (the stream is live).
        ticket_changed(object): the TicketView to show on the ticket screen.
        notice(str, str): a short message for the home screen (Vietnamese, English); empty clears it.
        printer_fault_changed(object): the printer's fault (PrinterError) or None.
        pin_rejected(str, str): why the PIN did not open settings (Vietnamese, English).
        settings_message(str, str): the result of a settings action (Vietnamese, English).
        unprinted_changed(int): how many tickets wait to be reprinted.
        quit_requested(): the admin chose "exit".
        rate_message(str): why a typed or scanned ticket cannot be rated, in the screen's language; "" clears it.
        procedure_changed(object): the Procedure to show on the procedure page.
        checklist_changed(str, str, str): its checklist's printing: "printing", "printed" or "failed", and what
            to tell the citizen (Vietnamese, English).
        procedures_changed(int): how many procedures the catalogue has now.
        check_in_message(str): why a booking code gave no ticket, in the screen's language; "" clears it.
    """

    screen_changed = Signal(str)
    busy_changed = Signal(bool)
    online_changed = Signal(bool)
    ticket_changed = Signal(object)
    notice = Signal(str, str)
    printer_fault_changed = Signal(object)
    pin_rejected = Signal(str, str)
    settings_message = Signal(str, str)
    unprinted_changed = Signal(int)
    quit_requested = Signal()
    rate_message = Signal(str)
    procedure_changed = Signal(object)
    checklist_changed = Signal(str, str, str)
    procedures_changed = Signal(int)
    check_in_message = Signal(str)

    def __init__(
        self,
        api: ApiClient,
        stream: EventStream,
        model: OfficeModel,
        language: Language,
        printer: KioskPrinter,
        reports: ServerReports,
        config: KioskConfig,
        rating: RatingController,
        catalogue: Catalogue,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.api = api
        self.model = model
        self.language = language
        self.printer = printer
        self.reports = reports
        self.config = config
        self.rating = rating
        self.catalogue = catalogue
        self.procedure: Procedure | None = None
        self._monotonic = monotonic
        self.screen = Screen.HOME
        self.busy = False
        self.online = stream.state == ConnectionState.ONLINE
        # The server's problem that stops it issuing (its health), if any.
        self.problem = blocking_problem(stream.health)
        self.view: TicketView | None = None
        self.unprinted: list[dict[str, Any]] = []
        self._service: str | None = None
        # (service, priority) → the key of a request whose answer never came: the same tap again reuses it.
        self._unanswered: tuple[tuple[str | None, str | None], str, float] | None = None
        self._corner_taps: list[float] = []
        self._pin_failures: list[float] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timer_timeout)
        stream.connection_changed.connect(self.on_stream_connection_changed)
        stream.health_changed.connect(self.on_stream_health_changed)
        printer.printed.connect(self.on_printer_printed)
        printer.failed.connect(self.on_printer_failed)
        printer.fault_changed.connect(self.on_printer_fault_changed)
        printer.test_finished.connect(self.on_printer_test_finished)
        printer.checklist_printed.connect(self.on_printer_checklist_printed)
        printer.checklist_failed.connect(self.on_printer_checklist_failed)
        catalogue.changed.connect(self.on_catalogue_changed)
        rating.page_changed.connect(self.on_rating_page_changed)
        rating.message.connect(self.on_rating_message)
        if self.online:
            rating.load_scale()

    # -- intents from the screens ------------------------------------------------

    def choose_service(self, code: str) -> None:
        if self.busy or self.screen not in (Screen.HOME, Screen.PROCEDURE):
            return  # a second tap while the first is handled
        if not self.online or self.model.service(code) is None:
            self._notice_unreachable()
            return
        if self.problem is not None:
            self.notice.emit(*_SERVER_FAULT)
            return
        self._service = code
        if self.config.ask_priority and self.model.office.get("priority_groups"):
            self._show(Screen.PRIORITY)
        else:
            self._issue(None)

    def choose_priority(self, group: str | None) -> None:
        if self.busy or self.screen is not Screen.PRIORITY:
            return
        self._issue(group)

    def go_home(self) -> None:
        self._show(Screen.HOME)

    def toggle_language(self) -> None:
        self.language.toggle()
        self.touch()

    def touch(self) -> None:
        """The citizen touched the screen: the idle timeout starts again."""
        if self.screen not in (Screen.HOME, Screen.TICKET):
            self._timer.start(self._ms(self.config.idle_timeout_s))

    def corner_tapped(self) -> None:
        now = self._monotonic()
        self._corner_taps = [t for t in self._corner_taps if now - t <= GESTURE_S] + [now]
        if len(self._corner_taps) >= GESTURE_TAPS and self.screen in (Screen.HOME, Screen.TICKET):
            self._corner_taps = []
            self._show(Screen.PIN)

    def enter_pin(self, pin: str) -> None:
        if self.screen is not Screen.PIN:
            return
        now = self._monotonic()
        self._pin_failures = [t for t in self._pin_failures if now - t < PIN_LOCK_S]
        if self.config.admin_pin is None:
            where = self.config.path or "kiosk.toml"
            self.pin_rejected.emit(
                f"Chưa đặt mã PIN quản trị: thêm admin_pin vào mục [kiosk] của {where}",
                f"No admin PIN is set: add admin_pin under [kiosk] in {where}",
            )
        elif len(self._pin_failures) >= PIN_TRIES:
            self._audit("locked")
            self.pin_rejected.emit(
                f"Nhập sai quá nhiều lần; vui lòng chờ {int(PIN_LOCK_S)} giây",
                f"Too many wrong PINs; wait {int(PIN_LOCK_S)} s",
            )
        elif hmac.compare_digest(pin.encode(), self.config.admin_pin.encode()):
            self._pin_failures = []
            self._audit("opened")
            self._show(Screen.SETTINGS)
        else:
            self._pin_failures.append(now)
            self._audit("wrong_pin")
            self.pin_rejected.emit("Sai mã PIN", "Wrong PIN")

    def _audit(self, action: str, detail: str | None = None) -> None:
        """The office's audit trail records what is done on this hidden screen (POST /api/kiosk/admin)."""
        self.api.post("/api/kiosk/admin", {"action": action, "detail": detail})

    def test_print(self) -> None:
        if self.screen is Screen.SETTINGS:
            self._audit("test_print")
            self.settings_message.emit("Đang in thử…", "Printing a test page…")
            self.printer.test_print()

    def reprint_last(self) -> None:
        """Print again the newest ticket that did not print."""
        if self.screen is not Screen.SETTINGS:
            return
        if not self.unprinted:
            self.settings_message.emit("Không có vé nào chưa in", "No ticket is waiting to be printed")
            return
        ticket = self.unprinted[-1]
        self._audit("reprint", ticket["number"])
        self.settings_message.emit(f"Đang in lại vé {ticket['number']}…", f"Reprinting ticket {ticket['number']}…")
        self.printer.print_ticket(ticket, self._slip(ticket))

    def request_exit(self) -> None:
        if self.screen is Screen.SETTINGS:
            self._audit("exit")
            self.quit_requested.emit()

    # -- rating a ticket (its citizen, after being served) --------------------------

    def open_rating(self) -> None:
        if self.screen is Screen.HOME and not self.busy:
            self._show(Screen.RATE)

    def rate_number(self, number: str, code: str) -> None:
        """The number and the rating code (under the slip's QR) typed on the rating screen's keypad."""
        if self.screen is not Screen.RATE:
            return
        if not self.online:
            self.rate_message.emit(self.language.pick(*_UNREACHABLE))
            return
        self.rating.begin_number(number, code)

    def open_check_in(self) -> None:
        if self.screen is Screen.HOME and not self.busy:
            self._show(Screen.CHECK_IN)

    def check_in(self, code: str) -> None:
        """A booked citizen's code (typed, or from her booking's QR): a ticket marked with her slot."""
        if self.screen is not Screen.CHECK_IN or self.busy:
            return
        if not self.online:
            self.check_in_message.emit(self.language.pick(*_UNREACHABLE))
            return
        self._set_busy(True)
        # One key per check-in: the API client retries a lost answer, and the server answers the same ticket.
        reply = self.api.post("/api/bookings/check-in", {"code": code}, idempotency_key=new_idempotency_key())
        reply.finished.connect(self.on_issue_finished)
        reply.failed.connect(self.on_check_in_failed)

    def on_check_in_failed(self, error: ApiError) -> None:
        self._set_busy(False)
        if error.unreachable:
            self.check_in_message.emit(self.language.pick(*_UNREACHABLE))
        else:  # too early, too late, cancelled, unknown: the server's words say what to do
            self.check_in_message.emit(self.language.pick(error.message_vi, error.message_en))

    def scan(self, text: str) -> None:
        """Text a QR scanner (or a keyboard) typed, then Enter: the ticket's QR code or its number,
        or a booking's QR (checks the citizen in)."""
        if self.screen not in (Screen.HOME, Screen.TICKET, Screen.RATE, Screen.RATING, Screen.CHECK_IN):
            return  # the admin's screens ignore stray scans
        booking = booking_code(text)
        if booking is not None:
            if self.screen is Screen.RATING:
                self.rating.cancel()
            self._show(Screen.CHECK_IN)
            self.check_in(booking)
            return
        self._show(Screen.RATE)  # where the answer (or why not) shows
        if self.rating.page is not Page.IDLE:
            self.rating.cancel()  # a new ticket replaces one being rated
        scanned = parse_scan(text)
        if scanned is None:
            self.rate_message.emit(
                self.language.pick(
                    "Không đọc được mã này. Xin quét mã QR trên phiếu, hoặc nhập số thứ tự.",
                    "This code is not a ticket. Please scan the QR code on your ticket, or type its number.",
                )
            )
        elif not self.online:
            self.rate_message.emit(self.language.pick(*_UNREACHABLE))
        elif scanned.ticket_id is not None and scanned.code:
            self.rating.begin_ticket_id(scanned.ticket_id, scanned.code)
        else:
            # A number alone (or a QR without the ticket's code) cannot rate: anyone can read it off the lobby TV.
            self.rate_message.emit(self.language.pick(*_SCAN_OR_TABLET))

    def on_rating_page_changed(self, page: str) -> None:
        if page != Page.IDLE:
            self._show(Screen.RATING)
        elif self.screen is Screen.RATING:
            self._show(Screen.HOME)  # after the thank-you, or nobody answered

    def on_rating_message(self, text: str) -> None:
        self.rate_message.emit(text)

    # -- finding a procedure ----------------------------------------------------------

    def open_find(self) -> None:
        if self.screen is Screen.HOME and not self.busy and self.catalogue.procedures:
            self._show(Screen.FIND)

    def open_procedure(self, code: str) -> None:
        """A procedure tapped in the list: its page, and one more look-up in the statistics."""
        procedure = self.catalogue.procedure(code)
        if self.screen is not Screen.FIND or procedure is None:
            return
        self.procedure = procedure
        self.reports.procedure_used(code, "looked-up")
        self.procedure_changed.emit(procedure)
        self._show(Screen.PROCEDURE)

    def back_to_find(self) -> None:
        if self.screen is Screen.PROCEDURE:
            self._show(Screen.FIND)

    def print_checklist(self) -> None:
        procedure = self.procedure
        if self.screen is not Screen.PROCEDURE or procedure is None:
            return
        self.checklist_changed.emit("printing", "Đang in danh sách giấy tờ…", "Printing the checklist…")
        office = self.model.office
        printed_at = datetime.fromtimestamp(self.model.clock(), ZoneInfo(office.get("timezone", "Asia/Ho_Chi_Minh")))
        slip = checklist_for_procedure(
            procedure, office, self.model.services, self.config, self.api.base_url, self.language.code, printed_at
        )
        self.printer.print_checklist(procedure.code, slip)

    def take_ticket_for_procedure(self) -> None:
        """The "Lấy số" button: a ticket for the procedure's service, as if its tile were tapped at home."""
        if self.screen is Screen.PROCEDURE and self.procedure is not None and self.procedure.service:
            self.choose_service(self.procedure.service)

    def on_printer_checklist_printed(self, code: str, _sent: int) -> None:
        self.reports.procedure_used(code, "checklist-printed")
        if self.procedure is not None and self.procedure.code == code:
            self.checklist_changed.emit(
                "printed",
                "Đã in — mời ông/bà nhận danh sách ở khe bên dưới",
                "Printed — please take the list from the slot below",
            )

    def on_printer_checklist_failed(self, code: str, error: PrinterError) -> None:
        if self.procedure is not None and self.procedure.code == code:
            self.checklist_changed.emit(
                "failed",
                f"{error.message_vi.rstrip('.')}. Ông/bà có thể chụp ảnh màn hình này.",
                f"{error.message_en.rstrip('.')}. You may photograph this screen instead.",
            )

    def on_catalogue_changed(self) -> None:
        self.procedures_changed.emit(len(self.catalogue.procedures))
        if self.screen in (Screen.FIND, Screen.PROCEDURE):
            self._show(Screen.HOME)  # the procedure on screen may be gone or changed

    # -- issuing -------------------------------------------------------------------

    def _issue(self, priority: str | None) -> None:
        """Ask for a ticket: one idempotency key per citizen's request, retried by the API client when the
        answer is lost; her tapping the same again after no answer is still the same request (same key)."""
        self._set_busy(True)
        choice = (self._service, priority)
        key = new_idempotency_key()
        if self._unanswered is not None:
            asked, old_key, at = self._unanswered
            if asked == choice and self._monotonic() - at < SAME_ACTION_S:
                key = old_key
        self._unanswered = (choice, key, self._monotonic())
        reply = self.api.post("/api/tickets", {"service": self._service, "priority": priority}, idempotency_key=key)
        reply.finished.connect(self.on_issue_finished)
        reply.failed.connect(self.on_issue_failed)

    def on_issue_finished(self, ticket: dict[str, Any]) -> None:
        self._unanswered = None
        self._set_busy(False)
        service = self.model.service(ticket["service"]) or {"code": ticket["service"], "name_vi": "", "name_en": ""}
        qr = qr_data(self.config.qr, self.api.base_url, ticket, self.model.office.get("public_url"))
        self.view = TicketView(ticket, service, qr)
        self.ticket_changed.emit(self.view)
        self._show(Screen.TICKET, self.config.confirm_s)
        self.printer.print_ticket(ticket, self._slip(ticket))

    def on_issue_failed(self, error: ApiError) -> None:
        if not (error.unreachable and error.uncertain):
            self._unanswered = None  # certainly not made: a new tap is a new request
        self._set_busy(False)
        self._show(Screen.HOME)
        if error.unreachable and error.uncertain:
            # The request may have reached the server: say so, never show a number we were not given.
            self.notice.emit(
                "Máy chủ không trả lời kịp. Nếu chưa nhận được số, vui lòng chọn lại hoặc báo cán bộ.",
                "The server did not answer in time. If you got no number, please try again or tell a staff member.",
            )
        elif error.unreachable:
            self._notice_unreachable()
        else:
            self.notice.emit(error.message_vi, error.message_en)

    def _notice_unreachable(self) -> None:
        self.notice.emit(*_UNREACHABLE)

    def _slip(self, ticket: dict[str, Any]) -> Any:
        return slip_for_ticket(ticket, self.model.office, self.model.services, self.config, self.api.base_url)

    # -- the printer ------------------------------------------------------------------

    def on_printer_printed(self, ticket: dict[str, Any], _sent: int) -> None:
        self.reports.printed(ticket["id"], True)
        if any(t["id"] == ticket["id"] for t in self.unprinted):
            self.unprinted = [t for t in self.unprinted if t["id"] != ticket["id"]]
            self.unprinted_changed.emit(len(self.unprinted))
            self.settings_message.emit(f"Đã in lại vé {ticket['number']}", f"Ticket {ticket['number']} reprinted")
        self._update_view(ticket, PrintState.PRINTED, None)

    def on_printer_failed(self, ticket: dict[str, Any], error: PrinterError) -> None:
        self.reports.printed(ticket["id"], False, str(error))
        if not any(t["id"] == ticket["id"] for t in self.unprinted):
            self.unprinted = [*self.unprinted, ticket][-UNPRINTED_KEPT:]
            self.unprinted_changed.emit(len(self.unprinted))
        if self.screen is Screen.SETTINGS:
            self.settings_message.emit(error.message_vi, error.message_en)
        if self._update_view(ticket, PrintState.FAILED, error) and self.screen is Screen.TICKET:
            # The citizen needs time to photograph the number and its QR code.
            self._timer.start(self._ms(self.config.fault_s))

    def _update_view(self, ticket: dict[str, Any], state: PrintState, error: PrinterError | None) -> bool:
        if self.view is None or self.view.ticket["id"] != ticket["id"]:
            return False
        self.view = replace(self.view, print_state=state, error=error)
        self.ticket_changed.emit(self.view)
        return True

    def on_printer_fault_changed(self, error: PrinterError | None) -> None:
        self.reports.printer_alert(error)
        self.printer_fault_changed.emit(error)

    def on_printer_test_finished(self, error: PrinterError | None) -> None:
        if error is None:
            self.settings_message.emit("Đã in trang thử", "Test page printed")
        else:
            self.settings_message.emit(error.message_vi, error.message_en)

    # -- connection and time ------------------------------------------------------------

    def on_stream_connection_changed(self, state: str) -> None:
        online = state == ConnectionState.ONLINE
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)
            if online:
                self.notice.emit("", "")
                self.rating.load_scale()  # the office may have changed its form

    def on_stream_health_changed(self, health: dict[str, Any]) -> None:
        problem, before = blocking_problem(health), self.problem
        self.problem = problem
        if problem is not None:
            self.notice.emit(*_SERVER_FAULT)
        elif before is not None:
            self.notice.emit("", "")

    def on_timer_timeout(self) -> None:
        self._show(Screen.HOME)

    def _show(self, screen: Screen, seconds: float | None = None) -> None:
        self.screen = screen
        if screen is Screen.HOME:
            self._timer.stop()
            self._service = None
            self.view = None
            self.procedure = None
            if self.rating.page is not Page.IDLE:
                self.rating.cancel()
        else:
            self._timer.start(self._ms(seconds if seconds is not None else self.config.idle_timeout_s))
        self.screen_changed.emit(screen.value)

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    @staticmethod
    def _ms(seconds: float) -> int:
        return max(1, int(seconds * 1000))

    @property
    def service_code(self) -> str | None:
        return self._service
