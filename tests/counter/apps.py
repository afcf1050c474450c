"""The counter app built against a test office, as `onestop counter` builds it (shared with tests/rating)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.events import ConnectionState, EventStream
from client.language import Language
from client.model import OfficeModel
from counter.controller import CounterController
from counter.follow_up import FollowUp
from counter.window import CounterWindow
from tests.helpers.office import Office

WAIT = 5000


@dataclass
class CounterApp:
    api: ApiClient
    stream: EventStream
    model: OfficeModel
    controller: CounterController
    window: CounterWindow

    def click(self, qtbot: QtBot, intent: str) -> None:
        from PySide6.QtCore import Qt

        from counter.intents import Intent

        button = self.window.action_bar.buttons[Intent(intent)]
        assert button.isEnabled(), f"{intent} button is disabled"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def wait_idle(self, qtbot: QtBot) -> None:
        """Until the action in flight has its answer."""
        qtbot.waitUntil(lambda: self.controller.busy is None, timeout=WAIT)


@contextmanager
def counter_app(qtbot: QtBot, office: Office, number: int, timeout_ms: int | None = None) -> Iterator[CounterApp]:
    """A running counter app for counter ``number``, online; stopped on exit."""
    api = ApiClient(office.url, office.tokens[f"counter{number}"], **({"timeout_ms": timeout_ms} if timeout_ms else {}))
    stream = EventStream(api)
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    controller = CounterController(api, stream, model, Language("vi"))
    window = CounterWindow(controller, FollowUp(api, controller.language))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    app = CounterApp(api, stream, model, controller, window)
    with qtbot.waitSignal(stream.connection_changed, timeout=WAIT,
                          check_params_cb=lambda s: s == ConnectionState.ONLINE):
        stream.start()
    try:
        yield app
    finally:
        stream.stop()
