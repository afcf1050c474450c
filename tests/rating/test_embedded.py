"""The rating widget embedded elsewhere (the kiosk): by ticket id, by typed number, once per ticket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.language import Language
from rating.controller import Page, RatingController
from rating.widget import RatingWidget
from tests.counter.apps import WAIT
from tests.helpers.office import Office

pytestmark = pytest.mark.gui


@pytest.fixture
def kiosk_rating(qtbot: QtBot, office: Office) -> Iterator[tuple[RatingController, RatingWidget]]:
    controller = RatingController(ApiClient(office.url, office.tokens["kiosk"]), Language("vi"), thanks_ms=100)
    widget = RatingWidget(controller)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(controller.scale_loaded, timeout=WAIT):
        controller.load_scale()
    yield controller, widget


def served(office: Office, service: str = "B") -> dict:
    ticket = office.issue(service)
    office.sign_in(1)
    office.act(1, "call-next")
    office.act(1, "finish")
    return ticket


def test_rate_by_scanned_ticket_id(qtbot: QtBot, office: Office, kiosk_rating) -> None:
    controller, widget = kiosk_rating
    ticket = served(office)
    with qtbot.waitSignal(controller.page_changed, timeout=WAIT):
        controller.begin_ticket_id(ticket["id"], ticket["public_code"], dossier_code="000.00.12.H40-261127-0001")
    assert widget.ticket_label.text() == "Số thứ tự B001"
    with qtbot.waitSignal(controller.rated, timeout=WAIT):
        qtbot.mouseClick(widget.faces[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.page is Page.IDLE, timeout=WAIT)
    stored = office.ticket(ticket['id'])["rating"]
    assert stored["level"] == 2 and stored["dossier_code"] == "000.00.12.H40-261127-0001"


def test_typed_numbers_unserved_rated_and_unknown(qtbot: QtBot, office: Office, kiosk_rating) -> None:
    controller, widget = kiosk_rating
    waiting = office.issue("C")
    with qtbot.waitSignal(controller.message, timeout=WAIT) as said:
        controller.begin_number(waiting["number"].lower(), waiting["public_code"].lower())
    assert said.args[0] == "Số C001 chưa được phục vụ xong nên chưa thể đánh giá."
    with qtbot.waitSignal(controller.message, timeout=WAIT) as said:
        controller.begin_number("Z999", waiting["public_code"])
    assert said.args[0] == "Hôm nay không có số Z999"
    assert controller.page is Page.IDLE

    ticket = served(office)
    with qtbot.waitSignal(controller.page_changed, timeout=WAIT):
        controller.begin_number(ticket["number"], ticket["public_code"])
    with qtbot.waitSignal(controller.rated, timeout=WAIT):
        qtbot.mouseClick(widget.faces[3], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(controller.message, timeout=WAIT) as said:
        controller.begin_number(ticket["number"], ticket["public_code"])
    assert said.args[0] == "Số B001 đã được đánh giá. Xin cảm ơn!"


def test_a_second_rating_of_the_same_ticket_is_thanked_not_stored(
    qtbot: QtBot, office: Office, kiosk_rating
) -> None:
    controller, widget = kiosk_rating
    ticket = served(office)
    fetched = office.ticket(ticket['id'])
    assert office.rate(ticket, 3).status_code == 201
    controller.begin(fetched, code=ticket["public_code"])  # the screen still held the ticket from before
    with qtbot.waitSignal(controller.page_changed, timeout=WAIT, check_params_cb=lambda p: p == "thanks"):
        qtbot.mouseClick(widget.faces[1], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(widget.skip, Qt.MouseButton.LeftButton)
    assert office.ticket(ticket['id'])["rating"]["level"] == 3


def test_english_one_tap_away(qtbot: QtBot, office: Office, kiosk_rating) -> None:
    controller, widget = kiosk_rating
    controller.begin(served(office) | {"number": "B001"})
    controller.language.toggle()
    assert [f.text() for f in widget.faces.values()] == ["Very satisfied", "Satisfied", "Not satisfied"]
    assert widget.ticket_label.text() == "Ticket B001"
    qtbot.mouseClick(widget.faces[1], Qt.MouseButton.LeftButton)
    assert widget.reason_buttons["long_wait"].text() == "Long wait" and widget.send.text() == "Send"
