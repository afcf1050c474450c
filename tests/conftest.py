import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Qt runs without a screen here and in CI; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.helpers.district import District, prepare_district, start_district  # noqa: E402
from tests.helpers.office import (  # noqa: E402
    FakeClock,
    Office,
    load_sample_catalogue,
    prepare_data,
    register_devices,
    start_office,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def office(tmp_path: Path, clock: FakeClock) -> Iterator[Office]:
    """A real office server on loopback with the sample office, devices, clerks and procedure catalogue."""
    data = tmp_path / "office"
    prepare_data(data)
    tokens = register_devices(data, clock)
    load_sample_catalogue(data, clock)
    running = start_office(data, clock, tokens)
    yield running
    running.stop()


@pytest.fixture
def district(tmp_path: Path) -> Iterator[District]:
    """A real district server on loopback; offices ky-son and tan-ky, and a reader, with their tokens."""
    prepared = prepare_district(tmp_path / "district", {"ky-son": "UBND xã Kỳ Sơn", "tan-ky": "UBND xã Tân Kỳ"})
    running = start_district(prepared, FakeClock())
    yield running
    running.stop()


@pytest.fixture(scope="session")
def qapp() -> Iterator[QApplication]:
    """The apps' own QApplication (client.app.application): their fonts, and cyclic garbage collected on this thread."""
    from client.app import application

    yield application()


_qobjects_left_in_cycles: list[tuple[str, str]] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield
    # After the whole protocol: the test's fixtures and arguments are released by now.
    if "qtbot" in getattr(item, "fixturenames", ()):
        from tests.helpers.qt_garbage import qobjects_in_cycles

        found = qobjects_in_cycles()
        if found:
            _qobjects_left_in_cycles.append((item.nodeid, ", ".join(f"{n}×{k}" for k, n in sorted(found.items()))))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _qobjects_left_in_cycles:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _qobjects_left_in_cycles:
        terminalreporter.section("QObjects left for the cyclic garbage collector (they can crash Qt: issue #12)")
        for nodeid, found in _qobjects_left_in_cycles:
            terminalreporter.write_line(f"{nodeid}: {found}")


@pytest.fixture
def office_tls(tmp_path: Path, clock: FakeClock) -> Iterator[Office]:
    """The office fixture over HTTPS with the office's own CA (``office_tls.ca``), as `onestop server` serves."""
    data = tmp_path / "office"
    prepare_data(data)
    tokens = register_devices(data, clock)
    running = start_office(data, clock, tokens, tls=True)
    yield running
    running.stop()
