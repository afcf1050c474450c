"""WS /api/events: live pushes, replay after reconnect, auth."""


import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.helpers.office import Office
from tests.helpers.stream import next_event

TIMEOUT = 5


def receive(ws) -> dict:
    return next_event(ws, TIMEOUT)


def test_every_change_is_pushed_in_order(office: Office) -> None:
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:
        hello = receive(ws)
        assert hello["type"] == "hello"
        ticket = office.issue("B")
        office.sign_in(1)
        office.act(1, "call-next")
        events = [receive(ws) for _ in range(3)]
    assert [e["type"] for e in events] == ["ticket.issued", "counter.signed_in", "ticket.called"]
    assert [e["seq"] for e in events] == list(range(hello["seq"] + 1, hello["seq"] + 4))
    called = events[2]
    assert called["ticket"]["number"] == ticket["number"] and called["counter"]["number"] == 1
    assert called["actor"] == {"device": "counter1", "clerk": "clerk1"}
    assert called["queues"]["B"]["waiting"] == 0


def test_token_in_header_works(office: Office) -> None:
    headers = {"Authorization": f"Bearer {office.tokens['supervisor']}"}
    with connect(office.ws_url, additional_headers=headers) as ws:
        assert receive(ws)["type"] == "hello"


def test_reconnect_with_since_misses_nothing(office: Office) -> None:
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:
        seen = receive(ws)["seq"]
        office.issue("A")
        seen = receive(ws)["seq"]
    # Disconnected: these happen while the display is away.
    missed = [office.issue("A")["number"], office.issue("C")["number"]]
    with connect(f"{office.ws_url}?token={office.tokens['display']}&since={seen}") as ws:
        assert receive(ws)["type"] == "hello"
        replayed = [receive(ws) for _ in range(2)]
        office.issue("D")
        live = receive(ws)
    assert [e["ticket"]["number"] for e in replayed] == missed
    assert live["ticket"]["number"] == "D001" and live["seq"] == replayed[-1]["seq"] + 1


def test_state_then_stream_is_consistent(office: Office) -> None:
    office.issue("A")
    state = office.get("/api/state", device="display").json()
    with connect(f"{office.ws_url}?token={office.tokens['display']}&since={state['seq']}") as ws:
        assert receive(ws)["seq"] == state["seq"]
        office.issue("A")
        event = receive(ws)
    assert event["seq"] == state["seq"] + 1


@pytest.mark.parametrize("query", ["", "?token=wrong"])
def test_no_or_bad_token_is_closed_4401(office: Office, query: str) -> None:
    with connect(office.ws_url + query) as ws, pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd.code == 4401


def test_bad_since_is_closed_4422(office: Office) -> None:
    with connect(f"{office.ws_url}?token={office.tokens['display']}&since=-3") as ws:
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd.code == 4422


def test_replayed_events_end_with_todays_queues(office: Office) -> None:
    state = office.get("/api/state", device="display").json()
    office.issue("A")
    office.issue("A")
    with connect(f"{office.ws_url}?token={office.tokens['display']}&since={state['seq']}") as ws:
        receive(ws)
        replayed = [receive(ws) for _ in range(2)]
    assert replayed[-1]["queues"]["A"]["waiting"] == 2


def test_a_revoked_device_is_cut_off_while_connected(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    from server import auth
    from server.config import CONFIG_NAME, DATABASE_NAME, load_config
    from server.routes import events as stream
    from server.store import Store

    monkeypatch.setattr(stream, "RECHECK_S", 0.2)
    monkeypatch.setattr(auth, "CACHE_S", 0.0)
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:
        receive(ws)
        store = Store(office.data / DATABASE_NAME, load_config(office.data / CONFIG_NAME).office, office.clock)
        store.accounts.revoke_device("display")
        store.close()
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd.code == 4401
