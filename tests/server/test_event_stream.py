"""WS /api/events: live pushes, replay after reconnect, auth."""

import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.helpers.office import Office
from tests.helpers.stream import next_event

TIMEOUT = 5


def receive(ws) -> dict:
    return next_event(ws, TIMEOUT)


def test_every_change_is_pushed_in_order(office: Office) -> None:
    with connect(f"{office.ws_url}?token={office.tokens['supervisor']}") as ws:
        hello = receive(ws)
        assert hello["type"] == "hello"
        ticket = office.issue("B")
        office.sign_in(1)
        office.act(1, "call-next")
        events = [receive(ws) for _ in range(3)]
    assert [e["type"] for e in events] == ["ticket.issued", "counter.signed_in", "ticket.called"]
    assert [e["seq"] for e in events] == list(range(hello["seq"] + 1, hello["seq"] + 4))
    assert [e["prev"] for e in events] == [hello["seq"], *[e["seq"] for e in events[:2]]]
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


def test_filtered_streams_say_which_event_came_before(office: Office) -> None:
    """A display skips the events it may not see; ``prev`` tells it nothing was lost."""
    ticket = office.issue("B")
    office.sign_in(1)
    office.act(1, "call-next")
    with connect(f"{office.ws_url}?token={office.tokens['display']}") as display, connect(
        f"{office.ws_url}?token={office.tokens['supervisor']}"
    ) as supervisor:
        start = receive(display)["seq"]
        receive(supervisor)
        office.act(1, "finish")
        office.rate(ticket, 1, "rating1", dossier_code="H40-0001")  # rating.created: supervisors only
        office.issue("A")
        seen = [receive(display) for _ in range(2)]
        everything = [receive(supervisor) for _ in range(3)]
    assert [e["type"] for e in everything] == ["ticket.finished", "rating.created", "ticket.issued"]
    assert [e["type"] for e in seen] == ["ticket.finished", "ticket.issued"]
    assert seen[0]["prev"] == start and seen[1]["prev"] == seen[0]["seq"]
    assert seen[1]["seq"] == seen[0]["seq"] + 2  # a seq it was not meant to see, and prev says so
    text = json.dumps(seen)
    assert "clerk1" not in text and "H40-0001" not in text and ticket["public_code"] not in text
    assert "actor" not in seen[0] and seen[0]["counter"]["clerk"] is None and seen[0]["ticket"]["clerk"] is None
    assert "rating" not in seen[0]["ticket"]


def test_a_rating_tablet_hears_only_its_counters_finishes(office: Office) -> None:
    office.issue("B")
    office.issue("C")
    office.sign_in(1)
    office.sign_in(3)
    with connect(f"{office.ws_url}?token={office.tokens['rating1']}") as ws:
        receive(ws)
        office.act(3, "call-next")
        office.act(1, "call-next")
        office.act(3, "finish")
        office.act(1, "finish")
        office.issue("A")
        event = receive(ws)
        with pytest.raises(TimeoutError):
            ws.recv(timeout=0.5)
    assert event["type"] == "ticket.finished" and event["counter"]["number"] == 1
    assert event["ticket"]["number"] == "B001" and event["counter"]["ticket"] is None
    assert office.get("/api/state", "rating1").json()["waiting"] == []


def test_sync_has_no_stream(office: Office) -> None:
    with connect(f"{office.ws_url}?token={office.tokens['sync']}") as ws, pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd.code == 4403


def test_replays_reach_back_to_the_office_days_start_only_but_for_supervisors(office: Office) -> None:
    office.issue("A")  # yesterday, for the day that follows
    office.clock.advance(24 * 3600)
    office.issue("A")  # today's first event: the roll-over's, then this one
    for device in ("display", "kiosk", "counter1"):
        with connect(f"{office.ws_url}?token={office.tokens[device]}&since=0") as ws:
            receive(ws)
            with pytest.raises(ConnectionClosed) as closed:
                ws.recv(timeout=TIMEOUT)
        assert closed.value.rcvd.code == 4409, device
    with connect(f"{office.ws_url}?token={office.tokens['supervisor']}&since=0") as ws:
        hello = receive(ws)
        replayed = [receive(ws) for _ in range(hello["seq"])]
    assert [e["seq"] for e in replayed] == list(range(1, hello["seq"] + 1))
    assert replayed[0]["prev"] == 0 and all(b["prev"] == a["seq"] for a, b in zip(replayed, replayed[1:], strict=False))
    assert "queues" in replayed[-1]
