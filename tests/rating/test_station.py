"""The rating tablet at a counter, with the counter app, against a real office server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.app import ClientContext
from client.events import ConnectionState, EventStream
from client.language import Language
from client.model import OfficeModel
from rating.app import build
from rating.controller import Page
from rating.station import RatingStation
from tests.counter.apps import WAIT, counter_app
from tests.helpers.office import Office

pytestmark = pytest.mark.gui


@contextmanager
def station(qtbot: QtBot, office: Office, token: str, **timeouts: int) -> Iterator[RatingStation]:
    """A rating station built as `onestop rating` builds it, online, with its scale loaded."""
    api = ApiClient(office.url, token)
    stream = EventStream(api)
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    widget = build(ClientContext(api, stream, model, Language("vi")), **timeouts)
    assert isinstance(widget, RatingStation)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    with qtbot.waitSignal(widget.controller.scale_loaded, timeout=WAIT):
        stream.start()
    qtbot.waitUntil(lambda: stream.state == ConnectionState.ONLINE, timeout=WAIT)
    try:
        yield widget
    finally:
        stream.stop()


def tap(qtbot: QtBot, button) -> None:  # noqa: ANN001 - any QAbstractButton
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_sign_in_call_recall_finish_rate_end_to_end(
    qtbot: QtBot, office: Office, rating_token: Callable[[int], str]
) -> None:
    ticket = office.issue("B")
    with counter_app(qtbot, office, 1) as counter, station(qtbot, office, rating_token(1), thanks_ms=300) as tablet:
        assert tablet.pages.currentWidget() is tablet.idle and tablet.counter_big.text() == "Quầy 1"
        qtbot.keyClicks(counter.window.sign_in.username, "clerk1")
        qtbot.keyClicks(counter.window.sign_in.pin, "246810")
        qtbot.keyClick(counter.window.sign_in.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: counter.controller.state == "idle", timeout=WAIT)
        for intent, state in (("next", "calling"), ("recall", "calling"), ("finish", "idle")):
            counter.wait_idle(qtbot)
            counter.click(qtbot, intent)
            qtbot.waitUntil(lambda state=state: counter.controller.state == state and counter.controller.busy is None,
                            timeout=WAIT)
        # The clerk finished: the tablet asks.
        qtbot.waitUntil(lambda: tablet.controller.page is Page.SCALE, timeout=WAIT)
        widget = tablet.rating
        assert tablet.pages.currentWidget() is widget
        assert widget.ticket_label.text() == "Số thứ tự B001"
        assert widget.question.text().startswith("Xin ông/bà đánh giá mức độ hài lòng")
        assert [face.text() for face in widget.faces.values()] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
        with qtbot.waitSignal(tablet.controller.rated, timeout=WAIT) as rated:
            tap(qtbot, widget.faces[3])
        assert tablet.controller.page is Page.THANKS and widget.thanks.text() == "Xin cảm ơn ông/bà!"
        qtbot.waitUntil(lambda: tablet.pages.currentWidget() is tablet.idle, timeout=WAIT)
    stored = office.ticket(ticket['id'])["rating"]
    assert stored == rated.args[0]
    assert (stored["level"], stored["counter"], stored["clerk"], stored["service"]) == (3, 1, "clerk1", "B")


def test_not_satisfied_asks_for_reasons(qtbot: QtBot, office: Office, rating_token: Callable[[int], str]) -> None:
    office.sign_in(1)
    ticket = office.issue("A")
    with station(qtbot, office, rating_token(1)) as tablet:
        office.act(1, "call-next")
        office.act(1, "finish")
        qtbot.waitUntil(lambda: tablet.controller.page is Page.SCALE, timeout=WAIT)
        widget = tablet.rating
        tap(qtbot, widget.faces[1])
        assert widget.pages.currentWidget() is widget.reasons_page
        assert [b.text() for b in widget.reason_buttons.values()][:2] == ["Thái độ phục vụ chưa tốt",
                                                                         "Thời gian chờ lâu"]
        assert not widget.send.isEnabled()  # choose a reason first, or "send without a reason"
        tap(qtbot, widget.reason_buttons["slow"])
        tap(qtbot, widget.reason_buttons["long_wait"])
        tap(qtbot, widget.reason_buttons["attitude"])
        tap(qtbot, widget.reason_buttons["attitude"])  # changed her mind
        assert widget.reason_buttons["slow"].isChecked() and not widget.reason_buttons["attitude"].isChecked()
        with qtbot.waitSignal(tablet.controller.rated, timeout=WAIT):
            tap(qtbot, widget.send)
    stored = office.ticket(ticket['id'])["rating"]
    assert stored["level"] == 1 and stored["reasons"] == ["long_wait", "slow"]


def test_call_next_finishes_and_that_ticket_is_rated_too(
    qtbot: QtBot, office: Office, rating_token: Callable[[int], str]
) -> None:
    office.sign_in(1)
    first = office.issue("B")
    office.issue("B")
    with station(qtbot, office, rating_token(1)) as tablet:
        office.act(1, "call-next")
        office.act(1, "call-next")  # finishes B001 first ("auto")
        qtbot.waitUntil(lambda: tablet.controller.page is Page.SCALE, timeout=WAIT)
        assert tablet.controller.ticket["id"] == first["id"]
        with qtbot.waitSignal(tablet.controller.rated, timeout=WAIT):
            tap(qtbot, tablet.rating.faces[2])
    assert office.ticket(first['id'])["rating"]["level"] == 2


def test_other_counters_and_unanswered_questions(
    qtbot: QtBot, office: Office, rating_token: Callable[[int], str]
) -> None:
    office.sign_in(1)
    office.sign_in(2)
    ours, theirs = office.issue("B"), office.issue("A")
    with station(qtbot, office, rating_token(1), show_ms=300) as tablet:
        office.act(2, "call-next")
        office.act(2, "finish")  # counter 2's citizen is not asked here: the tablet never hears of her
        office.act(1, "call-next")
        office.act(1, "finish")
        qtbot.waitUntil(lambda: tablet.controller.page is Page.SCALE, timeout=WAIT)
        assert tablet.controller.ticket is not None and tablet.controller.ticket["id"] == ours["id"]
        # Nobody answers: back to the welcome, nothing stored.
        qtbot.waitUntil(lambda: tablet.pages.currentWidget() is tablet.idle, timeout=WAIT)
    assert office.ticket(ours['id']).get("rating") is None
    assert office.ticket(theirs['id'])["status"] == "done"


def test_five_level_scale(qtbot: QtBot, five_level_office: Office) -> None:
    from tests.rating.conftest import add_rating_device

    office = five_level_office
    office.sign_in(1)
    neutral, unhappy = office.issue("B"), office.issue("B")
    with station(qtbot, office, add_rating_device(office, 1), thanks_ms=100) as tablet:
        widget = tablet.rating
        assert [f.text() for f in widget.faces.values()] == [
            "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"]
        assert tablet.controller.show_ms == 20_000  # the office's show_seconds
        office.act(1, "call-next")
        office.act(1, "finish")
        qtbot.waitUntil(lambda: tablet.controller.page is Page.SCALE, timeout=WAIT)
        with qtbot.waitSignal(tablet.controller.rated, timeout=WAIT):
            tap(qtbot, widget.faces[3])  # neutral is not negative: no reasons asked
        qtbot.waitUntil(lambda: tablet.controller.page is Page.IDLE, timeout=WAIT)
        office.act(1, "call-next")
        office.act(1, "finish")
        qtbot.waitUntil(lambda: tablet.controller.page is Page.SCALE, timeout=WAIT)
        tap(qtbot, widget.faces[1])
        assert tablet.controller.page is Page.REASONS
        with qtbot.waitSignal(tablet.controller.rated, timeout=WAIT):
            tap(qtbot, widget.skip)
    assert office.ticket(neutral['id'])["rating"]["level"] == 3
    stored = office.ticket(unhappy['id'])["rating"]
    assert stored["level"] == 1 and stored["reasons"] == []
