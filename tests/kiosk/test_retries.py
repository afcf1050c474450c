"""A citizen's tap whose answer is lost: the kiosk asks again with the same key and prints the one ticket.

The kiosk's calls go through a real proxy on loopback (tests/sync/faultproxy.py) that loses answers after
the real office server acted on the request; the event stream goes straight to the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import client.api
from client.api import ApiClient, ApiReply
from client.app import ClientContext
from client.events import ConnectionState, EventStream
from client.language import Language
from client.model import OfficeModel
from hardware.printer import TicketPrinter
from kiosk.app import Kiosk, build_kiosk
from kiosk.controller import Screen
from tests.helpers.office import Office
from tests.kiosk.conftest import CONFIG, WAIT
from tests.sync.faultproxy import FaultProxy

pytestmark = pytest.mark.gui


@pytest.fixture
def proxied_kiosk(qtbot: QtBot, office: Office, tmp_path: Path) -> Iterator[tuple[Kiosk, FaultProxy]]:
    proxy = FaultProxy(office.port)
    token = office.tokens["kiosk"]
    stream = EventStream(ApiClient(office.url, token))
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    context = ClientContext(ApiClient(proxy.url, token, timeout_ms=1000), stream, model, Language("vi"))
    printer = TicketPrinter(f"file:{tmp_path / 'lp0'}")
    kiosk = build_kiosk(context, replace(CONFIG, ask_priority=False), printer, lockdown=False, quit_app=False)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    stream.start()
    qtbot.waitUntil(lambda: stream.state == ConnectionState.ONLINE and kiosk.controller.online, timeout=WAIT)
    # Nothing else in flight (the rating form and the kiosk's report at start): the proxy's faults meet the ticket's.
    qtbot.waitUntil(lambda: context.status.delivered and not context.api.findChildren(ApiReply), timeout=WAIT)
    yield kiosk, proxy
    kiosk.stop()
    kiosk.window._may_close = True
    kiosk.window.close()
    kiosk.window.deleteLater()
    proxy.close()


def numbers(office: Office) -> list[str]:
    return [t["number"] for t in office.get("/api/state", device="display").json()["waiting"]]


def test_a_lost_answer_still_gives_one_ticket(qtbot: QtBot, office: Office, proxied_kiosk) -> None:
    kiosk, proxy = proxied_kiosk
    proxy.faults("lost_ack")
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as printed:
        kiosk.controller.choose_service("A")
    assert printed.args[0]["number"] == "A001"
    assert proxy.seen[-2:] == ["lost_ack", "pass"]
    assert numbers(office) == ["A001"]


def test_tapping_again_after_no_answer_is_the_same_request(
    qtbot: QtBot, office: Office, proxied_kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk, proxy = proxied_kiosk
    monkeypatch.setattr(client.api, "RETRY_FOR_MS", 1500)
    proxy.default = "lost_ack"  # every answer is lost: the server made the ticket, the kiosk never heard
    with qtbot.waitSignal(kiosk.controller.notice, timeout=WAIT) as notice:
        kiosk.controller.choose_service("A")
    assert "không trả lời kịp" in notice.args[0]
    assert kiosk.controller.screen is Screen.HOME and numbers(office) == ["A001"]
    proxy.default = "pass"
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as printed:
        kiosk.controller.choose_service("A")  # she taps again
    assert printed.args[0]["number"] == "A001"  # her ticket, not a second one
    assert numbers(office) == ["A001"]
    # Another service is another request.
    kiosk.controller.go_home()
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT) as printed:
        kiosk.controller.choose_service("B")
    assert printed.args[0]["number"] == "B001"
