"""The counter and its link to the server: restarts, refusals while away, uncertain answers, races."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

import client.api
from client.api import ApiClient
from counter.controller import CounterController
from counter.intents import Intent
from tests.counter.apps import WAIT, counter_app
from tests.helpers.office import Office
from tests.helpers.silent_server import silent_server

pytestmark = pytest.mark.gui


def test_restart_restores_the_ticket_and_refuses_actions_while_away(qtbot: QtBot, office: Office) -> None:
    office.sign_in(1)
    office.issue("B")
    office.issue("B")
    with counter_app(qtbot, office, 1) as app:
        c, window = app.controller, app.window
        app.click(qtbot, "next")
        qtbot.waitUntil(lambda: c.ticket is not None and c.ticket["number"] == "B001", timeout=WAIT)
        app.wait_idle(qtbot)
        with qtbot.waitSignal(c.connection_changed, timeout=WAIT, check_params_cb=lambda s: s == "offline"):
            office.stop()
        assert window.top.connection.text() == "● Mất kết nối máy chủ"
        # Pressed while the server is away: refused, said, and never sent later.
        qtbot.keyClick(window, Intent_key(Intent.FINISH))
        assert "Mất kết nối với máy chủ — chưa thực hiện «Hoàn thành»" in window.status.text()
        assert c.perform(Intent.CALL_NEXT) is False
        restarted = office.restart()
        try:
            with qtbot.waitSignal(app.stream.state_loaded, timeout=15000):
                pass
            qtbot.waitUntil(lambda: c.online, timeout=WAIT)
            # Restored from the restarted server's state: same ticket, still being called, same clerk.
            assert window.ticket.number.text() == "B001" and window.ticket.status.text() == "Đang gọi"
            assert window.top.clerk.text() == "Cán bộ 1"
            assert window.top.connection.text() == "● Đã kết nối"
            # Nothing pressed while away happened: prove it after a full round trip through the stream.
            with qtbot.waitSignal(app.model.waiting_changed, timeout=WAIT):
                restarted.issue("B")
            counters = restarted.get("/api/counters", "counter1").json()["counters"]
            assert counters[0]["ticket"]["number"] == "B001" and counters[0]["ticket"]["call_count"] == 1
            assert [t["number"] for t in app.model.waiting_for(["B"])] == ["B002", "B003"]
            # And the counter works again.
            app.click(qtbot, "finish")
            qtbot.waitUntil(lambda: c.state == "idle", timeout=WAIT)
        finally:
            restarted.stop()


def Intent_key(intent: Intent):  # noqa: N802 - reads as a table lookup
    from counter.intents import INTENTS

    return INTENTS[intent].key


def test_an_unanswered_action_reloads_the_state_before_the_next(
    qtbot: QtBot, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The press is sent again with its key while unanswered (client/api.py); here for a second, not 12.
    monkeypatch.setattr(client.api, "RETRY_FOR_MS", 1000)
    office.sign_in(1)
    office.issue("B")
    with counter_app(qtbot, office, 1) as app, silent_server() as silent_url:
        # Same office, same stream; only the actions go to a server that never answers.
        silent = ApiClient(silent_url, office.tokens["counter1"], timeout_ms=300)
        c = CounterController(silent, app.stream, app.model, app.controller.language)
        c.number = 1
        with qtbot.waitSignal(c.message, timeout=WAIT, check_params_cb=lambda kind, text: "chưa rõ" in text):
            assert c.perform(Intent.CALL_NEXT)
        assert c.resyncing and c.busy is None
        # Until the state is fetched again nothing else may go out.
        assert c.perform(Intent.CALL_NEXT) is False
        with qtbot.waitSignal(app.stream.state_loaded, timeout=WAIT):
            pass
        qtbot.waitUntil(lambda: c.online, timeout=WAIT)
        assert not c.resyncing


def test_two_counters_racing_for_one_queue_never_get_the_same_ticket(qtbot: QtBot, office: Office) -> None:
    # Counters 1 (B then A) and 2 (A then B) share both queues.
    office.sign_in(1)
    office.sign_in(2)
    issued = [office.issue(s)["number"] for s in "ABABBAABAB"]
    called: dict[int, list[str]] = {1: [], 2: []}
    with counter_app(qtbot, office, 1) as one, counter_app(qtbot, office, 2) as two:
        for app, number in ((one, 1), (two, 2)):
            app.model.called.connect(
                lambda event, number=number: event["counter"]["number"] == number
                and called[number].append(event["ticket"]["number"])
            )
        for _ in range(6):  # one more round than there are tickets for: the last presses find nobody
            # Both presses are in flight together.
            assert one.controller.perform(Intent.CALL_NEXT) and two.controller.perform(Intent.CALL_NEXT)
            one.wait_idle(qtbot)
            two.wait_idle(qtbot)
        qtbot.waitUntil(lambda: len(called[1]) + len(called[2]) == len(issued), timeout=WAIT)
        assert one.controller.ticket is None or two.controller.ticket is None or (
            one.controller.ticket["id"] != two.controller.ticket["id"]
        )
    both = called[1] + called[2]
    assert sorted(both) == sorted(issued) and len(set(both)) == len(both)
    assert not set(called[1]) & set(called[2])

