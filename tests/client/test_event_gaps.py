"""No silent gaps: the Qt EventStream behind a real proxy on loopback that loses single events (issue #12, item 4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.events import ConnectionState, EventStream, Resync
from client.model import OfficeModel
from tests.helpers.event_proxy import EventProxy
from tests.helpers.office import Office

pytestmark = pytest.mark.gui
WAIT = 10_000


@pytest.fixture
def proxy(office: Office) -> Iterator[EventProxy]:
    with EventProxy("127.0.0.1", office.port) as running:
        yield running


@pytest.fixture
def display(office: Office, proxy: EventProxy) -> Iterator[tuple[EventStream, OfficeModel]]:
    stream = EventStream(ApiClient(proxy.url, office.tokens["display"]))
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    yield stream, model
    stream.stop()


def waiting_on_server(office: Office) -> list[str]:
    return sorted(t["number"] for t in office.get("/api/state", device="supervisor").json()["waiting"])


def waiting_here(model: OfficeModel) -> list[str]:
    return sorted(t["number"] for t in model.waiting.values())


def go_online(qtbot: QtBot, stream: EventStream) -> None:
    with qtbot.waitSignal(stream.connection_changed, timeout=WAIT, check_params_cb=lambda s: s == "online"):
        stream.start()


def test_a_lost_event_is_noticed_at_the_next_and_the_state_fetched_again(
    qtbot: QtBot, office: Office, proxy: EventProxy, display: tuple[EventStream, OfficeModel]
) -> None:
    stream, model = display
    go_online(qtbot, stream)
    states: list[str] = []
    stream.connection_changed.connect(states.append)
    proxy.drop_events(1)
    office.issue("A")  # lost on the way
    qtbot.waitUntil(lambda: proxy.dropped == 1, timeout=WAIT)
    office.issue("B")  # its prev is A001's seq, which this stream never had
    office.issue("C")
    # The stream tells the lost one (A001) from the ones it got, and fetches the state again.
    qtbot.waitUntil(lambda: waiting_here(model) == ["A001", "B001", "C001"], timeout=WAIT)
    assert stream.resyncs == {Resync.GAP: 1}
    assert states == [] and stream.state == ConnectionState.ONLINE  # the screen never showed "offline"
    # And it carries on live from there.
    with qtbot.waitSignal(model.waiting_changed, timeout=WAIT):
        office.issue("D")
    assert waiting_here(model) == waiting_on_server(office) == ["A001", "B001", "C001", "D001"]
    assert stream.resyncs == {Resync.GAP: 1}


def test_events_meant_for_others_are_not_gaps(
    qtbot: QtBot, office: Office, display: tuple[EventStream, OfficeModel]
) -> None:
    stream, model = display
    go_online(qtbot, stream)
    with qtbot.waitSignal(model.waiting_changed, timeout=WAIT):
        ticket = office.issue("A")
    # ticket.printed and alert events are not the display's: its seqs skip them, its prevs do not.
    assert office.post(f"/api/tickets/{ticket['id']}/printed", json={"printed": True}).status_code == 200
    alert = {"kind": "printer", "state": "paper_out", "active": True,
             "message_vi": "Hết giấy", "message_en": "Paper out"}  # fmt: skip
    assert office.post("/api/alerts", json=alert).status_code == 200
    with qtbot.waitSignal(model.waiting_changed, timeout=WAIT):
        office.issue("B")
    seq_now = office.get("/api/state", device="supervisor").json()["seq"]
    assert stream.seq == seq_now and stream.resyncs == {}
    assert waiting_here(model) == ["A001", "B001"]


def test_a_dropped_connection_is_followed_by_a_fresh_state(
    qtbot: QtBot, office: Office, proxy: EventProxy, display: tuple[EventStream, OfficeModel]
) -> None:
    stream, model = display
    go_online(qtbot, stream)
    with qtbot.waitSignal(stream.resyncing, timeout=WAIT, check_params_cb=lambda r: r == Resync.RECONNECT):
        proxy.cut()
        office.issue("A")  # while the stream is down
    qtbot.waitUntil(lambda: stream.state == ConnectionState.ONLINE and waiting_here(model) == ["A001"], timeout=WAIT)
    with qtbot.waitSignal(model.waiting_changed, timeout=WAIT):
        office.issue("B")
    assert waiting_here(model) == waiting_on_server(office) == ["A001", "B001"]


def test_resync_on_demand_stays_online(qtbot: QtBot, office: Office, display: tuple[EventStream, OfficeModel]) -> None:
    stream, model = display
    go_online(qtbot, stream)
    with qtbot.assertNotEmitted(stream.connection_changed), qtbot.waitSignal(stream.state_loaded, timeout=WAIT):
        stream.resync()
    assert stream.resyncs == {Resync.ASKED: 1}
    with qtbot.waitSignal(model.waiting_changed, timeout=WAIT):
        office.issue("A")  # and the new stream follows on
    assert waiting_here(model) == ["A001"]
