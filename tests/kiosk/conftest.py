"""A whole kiosk (window, controller, printer on its worker) against the real office server on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.app import ClientContext
from client.events import ConnectionState, EventStream
from client.language import Language
from client.model import OfficeModel
from hardware.printer import TicketPrinter
from kiosk.app import Kiosk, build_kiosk
from kiosk.config import KioskConfig
from tests.hardware.conftest import pty_printer  # noqa: F401  (the fake printer fixture, shared)
from tests.helpers.office import Office

WAIT = 10_000
# Long enough that a screen never times out under a test's feet, unless a test shortens it.
CONFIG = KioskConfig(
    admin_pin="2468",
    idle_timeout_s=60,
    confirm_s=60,
    fault_s=60,
    status_poll_s=0.05,
    qr="{server}/t/{id}",
)

MakeKiosk = Callable[..., Kiosk]


def make_context(office: Office, token: str = "kiosk", timeout_ms: int = 5000) -> ClientContext:
    api = ApiClient(office.url, office.tokens[token], timeout_ms=timeout_ms)
    stream = EventStream(api)
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    return ClientContext(api=api, stream=stream, model=model, language=Language("vi"))


@pytest.fixture
def make_kiosk(qtbot: QtBot, office: Office) -> Iterator[MakeKiosk]:
    built: list[Kiosk] = []

    def make(
        printer: str | TicketPrinter,
        size: tuple[int, int] = (1920, 1080),
        lockdown: bool = False,
        **config: object,
    ) -> Kiosk:
        context = make_context(office)
        if isinstance(printer, str):
            printer = TicketPrinter(printer, status_timeout=0.5)
        kiosk = build_kiosk(context, replace(CONFIG, **config), printer, lockdown=lockdown, quit_app=False)
        built.append(kiosk)
        kiosk.window.resize(*size)
        kiosk.window.show()
        context.stream.start()
        qtbot.waitUntil(
            lambda: context.stream.state == ConnectionState.ONLINE and kiosk.controller.online, timeout=WAIT
        )
        return kiosk

    yield make
    for kiosk in built:
        kiosk.stop()
        kiosk.window._may_close = True
        kiosk.window.close()
        kiosk.window.deleteLater()
