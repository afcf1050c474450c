"""The Qt client layer over HTTPS: QNetworkAccessManager and QWebSocket both trust the office CA (--ca), and
nothing else."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.events import ConnectionState, EventStream
from client.model import OfficeModel
from client.tls import ssl_configuration
from server.errors import ConfigError
from tests.helpers.office import Office

pytestmark = pytest.mark.gui
WAIT = 5000


def test_state_and_stream_over_https_with_the_office_ca(qtbot: QtBot, office_tls: Office) -> None:
    assert office_tls.url.startswith("https://") and office_tls.ca is not None
    api = ApiClient(office_tls.url, office_tls.tokens["display"], ssl=ssl_configuration(office_tls.ca))
    stream = EventStream(api)
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    try:
        with qtbot.waitSignal(stream.connection_changed, timeout=WAIT, check_params_cb=lambda s: s == "online"):
            stream.start()
        with qtbot.waitSignal(model.waiting_changed, timeout=WAIT):
            office_tls.issue("A")  # pushed over WSS
        assert [t["number"] for t in model.waiting.values()] == ["A001"]
    finally:
        stream.stop()


def test_without_the_office_ca_the_server_is_not_trusted(qtbot: QtBot, office_tls: Office) -> None:
    api = ApiClient(office_tls.url, office_tls.tokens["display"])
    reply = api.get("/api/state")
    with qtbot.waitSignal(reply.failed, timeout=WAIT) as failed:
        pass
    assert failed.args[0].unreachable
    stream = EventStream(api)
    try:
        with qtbot.waitSignal(stream.connection_changed, timeout=WAIT, check_params_cb=lambda s: s == "offline"):
            stream.start()
        assert stream.state == ConnectionState.OFFLINE
    finally:
        stream.stop()


def test_a_wrong_ca_file_is_one_line(tmp_path) -> None:
    with pytest.raises(ConfigError, match="no certificate in it"):
        (tmp_path / "x.pem").write_text("not a certificate")
        ssl_configuration(tmp_path / "x.pem")
    with pytest.raises(ConfigError, match="ca.pem"):
        ssl_configuration(tmp_path / "missing.pem")
