"""The shared client layer against a real office server: state, live events, reconnection."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from client.api import ApiClient, ApiError
from client.events import ConnectionState, EventStream
from client.model import OfficeModel
from tests.helpers.office import Office

pytestmark = pytest.mark.gui
WAIT = 5000


@pytest.fixture
def display(office: Office) -> Iterator[tuple[EventStream, OfficeModel]]:
    api = ApiClient(office.url, office.tokens["display"])
    stream = EventStream(api)
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    yield stream, model
    stream.stop()


def test_state_then_live_events(qtbot: QtBot, office: Office, display) -> None:
    stream, model = display
    office.issue("A")
    with qtbot.waitSignal(stream.connection_changed, timeout=WAIT, check_params_cb=lambda s: s == "online"):
        stream.start()
    assert [t["number"] for t in model.waiting.values()] == ["A001"]
    with qtbot.waitSignal(model.called, timeout=WAIT) as called:
        office.sign_in(2)
        office.act(2, "call-next")
    assert called.args[0]["ticket"]["number"] == "A001" and called.args[0]["counter"]["number"] == 2
    assert model.waiting == {} and model.counters[2]["state"] == "calling"
    assert model.recent_calls[0]["ticket"]["number"] == "A001"


def test_reconnects_after_server_restart_and_misses_nothing(qtbot: QtBot, office: Office, display) -> None:
    stream, model = display
    with qtbot.waitSignal(stream.connection_changed, timeout=WAIT, check_params_cb=lambda s: s == "online"):
        stream.start()
    with qtbot.waitSignal(stream.connection_changed, timeout=WAIT, check_params_cb=lambda s: s == "offline"):
        office.stop()
    # While the display is away the office goes on (through the database, as the restarted server will).
    restarted = office.restart()
    restarted.issue("B")
    restarted.issue("B")
    qtbot.waitUntil(lambda: len(model.waiting) == 2 and stream.state == ConnectionState.ONLINE, timeout=15000)
    with qtbot.waitSignal(model.waiting_changed, timeout=WAIT):
        restarted.issue("C")
    assert sorted(t["number"] for t in model.waiting.values()) == ["B001", "B002", "C001"]
    restarted.stop()


def test_next_for_counter_follows_the_server_rules(qtbot: QtBot, office: Office, display) -> None:
    stream, model = display
    office.issue("A")
    office.issue("B")
    office.clock.advance(10)
    office.issue("A", priority="elderly")
    with qtbot.waitSignal(stream.state_loaded, timeout=WAIT):
        stream.start()
    # Counter 1 serves B then A; strict priority first.
    assert [t["number"] for t in model.next_for_counter(1)] == ["A002", "B001", "A001"]
    office.sign_in(1)
    for expected in ("A002", "B001", "A001"):
        assert office.act(1, "call-next").json()["ticket"]["number"] == expected


def test_api_errors_carry_the_servers_words(qtbot: QtBot, office: Office) -> None:
    api = ApiClient(office.url, office.tokens["counter1"])
    reply = api.post("/api/counters/1/call-next")
    with qtbot.waitSignal(reply.failed, timeout=WAIT) as failed:
        pass
    error: ApiError = failed.args[0]
    assert error.status == 409 and error.code == "not_signed_in"
    assert error.message("vi") == "Quầy 1: cán bộ cần đăng nhập trước"


def test_unreachable_server_is_status_zero(qtbot: QtBot) -> None:
    api = ApiClient("http://127.0.0.1:9", "x", timeout_ms=2000)
    reply = api.get("/api/state")
    with qtbot.waitSignal(reply.failed, timeout=WAIT) as failed:
        pass
    assert failed.args[0].unreachable and "máy chủ" in failed.args[0].message("vi")


def test_a_changed_configuration_reloads_the_screen_within_two_seconds(qtbot: QtBot, office: Office, display) -> None:
    stream, model = display
    with qtbot.waitSignal(stream.connection_changed, timeout=WAIT, check_params_cb=lambda s: s == "online"):
        stream.start()
    current = office.get("/api/admin/config", "admin").json()
    document = current["document"]
    document["services"][0]["name_vi"] = "Hộ tịch"
    document["office"]["name"] = "UBND xã Kỳ Sơn"
    with qtbot.waitSignal(stream.state_loaded, timeout=2000):
        answer = office.request("PUT", "/api/admin/config", "admin", json={"version": 1, "document": document})
        assert answer.status_code == 200, answer.text
    assert model.services[0]["name_vi"] == "Hộ tịch" and model.office["name"] == "UBND xã Kỳ Sơn"
