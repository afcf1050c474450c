"""A change sent with an idempotency key is retried when its answer is lost, and happens once.

Through a real proxy on loopback (tests/sync/faultproxy.py) in front of the real office server:
the answer lost after the server acted, a request never answered, a refused connection, a 503.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

import client.api
from client.api import ApiClient, new_idempotency_key
from tests.helpers.office import Office, free_socket
from tests.sync.faultproxy import FaultProxy

pytestmark = pytest.mark.gui
WAIT = 15_000


@pytest.fixture
def proxy(office: Office) -> Iterator[FaultProxy]:
    running = FaultProxy(office.port)
    yield running
    running.close()


def tickets(office: Office) -> list[str]:
    return [t["number"] for t in office.get("/api/state", device="display").json()["waiting"]]


@pytest.mark.parametrize(
    "faults",
    [("lost_ack",), ("hang",), ("refuse", "refuse"), ("http503",), ("lost_ack", "refuse", "lost_ack")],
    ids=["answer lost after the change", "no answer", "server down", "try again later", "several"],
)
def test_a_keyed_change_is_retried_until_answered_and_happens_once(
    qtbot: QtBot, office: Office, proxy: FaultProxy, faults: tuple[str, ...]
) -> None:
    proxy.faults(*faults)
    api = ApiClient(proxy.url, office.tokens["kiosk"], timeout_ms=500)
    reply = api.post("/api/tickets", {"service": "A"}, idempotency_key=new_idempotency_key())
    with qtbot.waitSignal(reply.finished, timeout=WAIT) as done:
        pass
    assert done.args[0]["number"] == "A001"
    assert proxy.seen == [*faults, "pass"]
    assert tickets(office) == ["A001"]  # however many times it reached the server


def test_a_change_without_a_key_is_never_sent_twice(qtbot: QtBot, office: Office, proxy: FaultProxy) -> None:
    proxy.faults("lost_ack")
    api = ApiClient(proxy.url, office.tokens["kiosk"], timeout_ms=500)
    reply = api.post("/api/tickets", {"service": "A"})
    with qtbot.waitSignal(reply.failed, timeout=WAIT) as failed:
        pass
    assert failed.args[0].unreachable and proxy.seen == ["lost_ack"]


def test_retries_give_up_in_time_and_say_whether_it_may_have_happened(
    qtbot: QtBot, office: Office, proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client.api, "RETRY_FOR_MS", 1500)
    closed = free_socket()  # a port nobody listens on: every connection refused
    port = closed.getsockname()[1]
    closed.close()
    nobody = ApiClient(f"http://127.0.0.1:{port}", office.tokens["kiosk"], timeout_ms=500)
    reply = nobody.post("/api/tickets", {"service": "A"}, idempotency_key=new_idempotency_key())
    with qtbot.waitSignal(reply.failed, timeout=WAIT) as failed:
        pass
    assert failed.args[0].unreachable and not failed.args[0].uncertain  # refused every time: certainly not made
    assert reply.attempts >= 3
    api = ApiClient(proxy.url, office.tokens["kiosk"], timeout_ms=500)
    for fault in ("hang", "lost_ack"):  # each may have reached the server: "uncertain"
        proxy.default = fault
        reply = api.post("/api/tickets", {"service": "A"}, idempotency_key=new_idempotency_key())
        with qtbot.waitSignal(reply.failed, timeout=WAIT) as failed:
            pass
        assert failed.args[0].uncertain and reply.attempts >= 2
    assert len(tickets(office)) == 1  # the lost_ack one, made once however often it was sent


def test_a_refusal_is_final(qtbot: QtBot, office: Office, proxy: FaultProxy) -> None:
    api = ApiClient(proxy.url, office.tokens["kiosk"], timeout_ms=500)
    reply = api.post("/api/tickets", {"service": "Z"}, idempotency_key=new_idempotency_key())
    with qtbot.waitSignal(reply.failed, timeout=WAIT) as failed:
        pass
    assert failed.args[0].status == 422 and proxy.seen == ["pass"]
