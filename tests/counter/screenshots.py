"""Render every counter and rating screen against a real office, for looking at them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.counter.screenshots docs/screenshots

Counter screens at 1366×768, rating screens at 1280×800.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from client.api import ApiClient  # noqa: E402
from client.app import ClientContext, application  # noqa: E402
from client.events import ConnectionState, EventStream  # noqa: E402
from client.language import Language  # noqa: E402
from client.model import OfficeModel  # noqa: E402
from counter.app import build as build_counter  # noqa: E402
from counter.intents import Intent  # noqa: E402
from rating.app import build as build_rating  # noqa: E402
from rating.controller import Page  # noqa: E402
from tests.helpers.office import FakeClock, Office, prepare_data, register_devices, start_office  # noqa: E402
from tests.rating.conftest import add_rating_device, five_level_config  # noqa: E402


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not get there")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def start_app(office: Office, token: str, build: Callable[[ClientContext], QWidget], size: tuple[int, int]):
    api = ApiClient(office.url, token)
    stream = EventStream(api)
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    window = build(ClientContext(api, stream, model, Language("vi")))
    window.resize(*size)
    stream.start()
    wait_until(lambda: stream.state == ConnectionState.ONLINE)
    settle()
    return window, stream


def save(window: QWidget, out: Path, name: str) -> None:
    settle(0.2)
    path = out / f"{name}.png"
    assert window.grab().save(str(path)), path
    print(path)


def new_office(config: str | None = None) -> Office:
    data = Path(tempfile.mkdtemp()) / "office"
    prepare_data(data, config)
    clock = FakeClock()
    return start_office(data, clock, register_devices(data, clock))


def counter_screens(out: Path) -> None:
    office = new_office()
    for service in "BBBBAAB":
        office.issue(service)
    office.clock.advance(300)
    office.issue("A", priority="elderly")
    office.clock.advance(420)
    window, stream = start_app(office, office.tokens["counter1"], build_counter, (1366, 768))
    c = window.controller
    window.sign_in.username.setText("clerk1")
    save(window, out, "counter-sign-in")
    for _ in range(5):  # a name locked after wrong PINs: the time left, counting down
        c.sign_in("lan", "000000")
        wait_until(lambda: c.busy is None)
    save(window, out, "counter-sign-in-locked")
    c.language.toggle()
    save(window, out, "counter-sign-in-locked-en")
    c.language.toggle()
    office.sign_in(1)
    wait_until(lambda: c.state == "idle")
    save(window, out, "counter-idle")
    c.perform(Intent.CALL_NEXT)
    wait_until(lambda: c.state == "calling" and c.busy is None)
    save(window, out, "counter-calling")
    window.on_intent(Intent.TRANSFER.value)
    save(window, out, "counter-transfer")
    window.close_form()
    c.perform(Intent.START)
    wait_until(lambda: c.state == "serving" and c.busy is None)
    office.clock.advance(200)
    stream.resync()  # the server's clock moved (a fake one): take its "now" again
    wait_until(lambda: c.online)
    settle(1.2)
    window.show_message("info", "")  # the reload's "reconnected" is this script's doing, not the clerk's
    save(window, out, "counter-serving")
    c.perform(Intent.FINISH)
    wait_until(lambda: c.state == "idle" and c.busy is None)
    window.on_intent(Intent.PAUSE.value)
    save(window, out, "counter-pause-form")
    window.forms[Intent.PAUSE].presets[1].click()
    wait_until(lambda: c.state == "paused" and c.busy is None)
    save(window, out, "counter-paused")
    c.perform(Intent.RESUME)
    wait_until(lambda: c.state == "idle" and c.busy is None)
    c.perform(Intent.CALL_NEXT)
    wait_until(lambda: c.state == "calling" and c.busy is None)
    office.stop()
    wait_until(lambda: c.connection == ConnectionState.OFFLINE)
    c.perform(Intent.FINISH)
    save(window, out, "counter-disconnected")
    stream.stop()


def rating_screens(out: Path, config: str | None, suffix: str) -> None:
    office = new_office(config)
    office.sign_in(1)
    office.issue("B")
    token = add_rating_device(office, 1)
    window, stream = start_app(office, token, lambda ctx: build_rating(ctx, show_ms=600_000, thanks_ms=600_000),
                               (1280, 800))
    controller = window.controller
    wait_until(lambda: bool(controller.levels))
    if suffix == "3":
        save(window, out, "rating-idle")
    office.act(1, "call-next")
    office.act(1, "finish")
    wait_until(lambda: controller.page is Page.SCALE)
    save(window, out, f"rating-scale-{suffix}")
    negative = next(lv["value"] for lv in reversed(controller.levels) if lv["negative"])
    controller.choose(negative)
    wait_until(lambda: controller.page is Page.REASONS)
    for code in ("long_wait", "slow"):
        controller.toggle_reason(code)
    save(window, out, f"rating-reasons-{suffix}")
    controller.submit()
    wait_until(lambda: controller.page is Page.THANKS)
    if suffix == "3":
        save(window, out, "rating-thanks")
    stream.stop()
    office.stop()


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    counter_screens(out)
    rating_screens(out, None, "3")
    rating_screens(out, five_level_config(), "5")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
