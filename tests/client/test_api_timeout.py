"""A call the server never answers fails as "uncertain", quietly (no Qt warning)."""

import pytest
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from tests.helpers.silent_server import silent_server

pytestmark = pytest.mark.gui


def test_timeout_is_uncertain_and_reads_nothing(qtbot: QtBot) -> None:
    with silent_server() as url:
        api = ApiClient(url, "x", timeout_ms=300)
        reply = api.post("/api/counters/1/call-next")
        with qtbot.waitSignal(reply.failed, timeout=5000) as failed:
            pass
    assert failed.args[0].unreachable and failed.args[0].uncertain
