"""Every kiosk screen at the sizes it runs, checked for text that does not fit.

The pictures go to a temporary folder, or to $ONESTOP_SCREENSHOTS (docs/screenshots
for the README: ``ONESTOP_SCREENSHOTS=docs/screenshots pytest tests/kiosk/test_screens.py``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.controller import Screen
from tests.helpers.office import Office
from tests.kiosk.conftest import WAIT, MakeKiosk

pytestmark = pytest.mark.gui


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons whose text needs more room than they have."""
    problems = []
    for widget in root.findChildren(QLabel):
        if not widget.isVisibleTo(root) or not widget.text():
            continue
        if widget.wordWrap():
            need_h, need_w = widget.heightForWidth(widget.width()), 0
        else:
            need_h, need_w = widget.sizeHint().height(), widget.sizeHint().width()
        if need_h > widget.height() or need_w > widget.width():
            problems.append(f"label {widget.text()!r}: needs {need_w}x{need_h}, has {widget.width()}x{widget.height()}")
    for widget in root.findChildren(QPushButton):
        if widget.isVisibleTo(root) and widget.text():
            width = widget.fontMetrics().horizontalAdvance(widget.text())
            if width > widget.contentsRect().width():
                problems.append(f"button {widget.text()!r}: needs {width}, has {widget.contentsRect().width()}")
    # A layout given less room than its widgets' minimum sizes lays them over each other.
    for parent in root.findChildren(QWidget):
        shown = [w for w in parent.children() if isinstance(w, QWidget) and w.isVisibleTo(root)]
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                if a.geometry().intersects(b.geometry()) and not (a.isAncestorOf(b) or b.isAncestorOf(a)):
                    names = [getattr(w, "text", w.objectName)() or type(w).__name__ for w in (a, b)]
                    problems.append(f"{names[0]!r} overlaps {names[1]!r}")
    return problems


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_every_screen_fits(qtbot: QtBot, office: Office, pty_printer, make_kiosk: MakeKiosk, tmp_path, size) -> None:
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    codes = {}
    for service in "AABBBCDDF":
        issued = office.issue(service)
        codes[issued["number"]] = issued["public_code"]
    office.sign_in(1)
    office.clock.advance(10)
    office.settle_estimates()  # the tiles show the estimator's ranges
    kiosk = make_kiosk(f"serial:{pty_printer.path}?baudrate=115200", size=size, lockdown=True)
    window, controller = kiosk.window, kiosk.controller
    suffix = f"{size[0]}x{size[1]}"
    problems: dict[str, list[str]] = {}

    def shoot(name: str) -> None:
        qtbot.waitUntil(lambda: window.stack.currentWidget().isVisible(), timeout=WAIT)
        QApplication.processEvents()  # the layout requests posted by the last change
        problems[name] = clipped(window)
        assert window.grab().save(str(out / f"kiosk-{name}-{suffix}.png"))

    shoot("home")
    controller.toggle_language()
    shoot("home-en")
    controller.toggle_language()
    controller.choose_service("D")
    shoot("priority")
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT):
        controller.choose_priority("merit")
    shoot("confirmation")
    controller.go_home()
    pty_printer.state = "paper_out"
    controller.choose_service("B")
    with qtbot.waitSignal(kiosk.printer.failed, timeout=WAIT):
        controller.choose_priority(None)
    shoot("printer-fault")
    controller.go_home()
    for _ in range(5):
        controller.corner_tapped()
    controller.enter_pin("2468")
    assert controller.screen is Screen.SETTINGS
    shoot("settings")
    controller.go_home()
    # Rating at the kiosk: A001 is served, its citizen types the number.
    office.sign_in(2)
    office.act(2, "call-next")
    office.act(2, "finish")
    qtbot.waitUntil(lambda: bool(controller.rating.levels), timeout=WAIT)
    controller.open_rating()
    for key in "A001":
        window.rate.keys[key].click()
    window.rate.keys["OK"].click()
    for key in codes["A001"]:
        window.rate.keys[key].click()
    shoot("rate-entry")
    with qtbot.waitSignal(controller.rating.page_changed, timeout=WAIT):
        window.rate.keys["OK"].click()
    shoot("rate-scale")
    controller.rating.choose(1)
    # The reasons page was laid out while hidden: settle its layout before measuring.
    window.rating.widget.reasons_page.layout().activate()
    shoot("rate-reasons")
    controller.go_home()
    controller.open_rating()
    controller.rate_number("B002", codes["B002"])  # waiting, not served
    qtbot.waitUntil(lambda: window.rate.message.text() != "", timeout=WAIT)
    shoot("rate-not-served")
    controller.go_home()
    controller.scan("A001")  # a number alone: scan the QR, or type its code too
    shoot("rate-number-alone")
    controller.go_home()
    controller.toggle_language()
    controller.scan("A001")  # said in the screen's language at the time
    shoot("rate-number-alone-en")
    controller.go_home()
    controller.open_rating()
    for key in "B002":
        window.rate.keys[key].click()
    window.rate.keys["OK"].click()
    window.rate.keys[codes["B002"][0]].click()
    shoot("rate-entry-en")
    controller.toggle_language()
    controller.go_home()
    pty_printer.state = "ready"
    qtbot.waitUntil(lambda: kiosk.printer.fault is None, timeout=WAIT)
    with qtbot.waitSignal(controller.online_changed, timeout=WAIT):
        office.stop()
    shoot("server-down")
    assert problems == {name: [] for name in problems}


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_procedure_screens_fit(qtbot: QtBot, pty_printer, make_kiosk: MakeKiosk, tmp_path, size) -> None:
    """Finding a procedure, its page, its checklist printed or not: in both languages, nothing clipped."""
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    kiosk = make_kiosk(f"serial:{pty_printer.path}?baudrate=115200", size=size, lockdown=True)
    window, controller = kiosk.window, kiosk.controller
    qtbot.waitUntil(lambda: window.home.find_button.isVisible(), timeout=WAIT)
    suffix = f"{size[0]}x{size[1]}"
    problems: dict[str, list[str]] = {}

    def shoot(name: str) -> None:
        qtbot.waitUntil(lambda: window.stack.currentWidget().isVisible(), timeout=WAIT)
        QApplication.processEvents()
        problems[name] = clipped(window)
        assert window.grab().save(str(out / f"kiosk-{name}-{suffix}.png"))

    for lang in ("", "-en"):
        controller.go_home()
        controller.open_find()
        shoot(f"find{lang}")
        for key in "chung thuc":
            window.search.keyboard.press("space" if key == " " else key)
        shoot(f"find-typed{lang}")
        controller.open_procedure("2.000815")  # the longest name of the sample catalogue
        with qtbot.waitSignal(kiosk.printer.checklist_printed, timeout=WAIT):
            controller.print_checklist()
        shoot(f"procedure{lang}")
        controller.back_to_find()
        window.search.keyboard.press("clear")
        window.search.on_row_clicked(window.search.rows[0])  # browse: Hộ tịch
        shoot(f"find-field{lang}")
        pty_printer.state = "paper_out"
        controller.open_procedure("1.000894")
        with qtbot.waitSignal(kiosk.printer.checklist_failed, timeout=WAIT):
            controller.print_checklist()
        shoot(f"procedure-fault{lang}")
        pty_printer.state = "ready"
        qtbot.waitUntil(lambda: kiosk.printer.fault is None, timeout=WAIT)
        controller.toggle_language()
    assert problems == {name: [] for name in problems}


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_lunch_on_the_tiles_the_ticket_and_the_slip(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path, size: tuple[int, int]
) -> None:
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    for counter in (1, 2, 3, 4):
        office.sign_in(counter)
    office.clock.advance(3 * 3600 + 35 * 60)  # 11:35: the clerks are at lunch
    for counter in (1, 2, 3, 4):
        assert office.act(counter, "pause", reason="Nghỉ trưa").status_code == 200
    for service in "AABBBCDF":
        office.issue(service)
    office.clock.advance(10)
    office.settle_estimates()
    slips = tmp_path / "slips"
    kiosk = make_kiosk(f"preview:{slips}", size=size, lockdown=True, ask_priority=False)
    window, controller = kiosk.window, kiosk.controller
    suffix = f"{size[0]}x{size[1]}"
    problems: dict[str, list[str]] = {}

    def shoot(name: str) -> None:
        qtbot.waitUntil(lambda: window.stack.currentWidget().isVisible(), timeout=WAIT)
        QApplication.processEvents()
        problems[name] = clipped(window)
        assert window.grab().save(str(out / f"kiosk-{name}-{suffix}.png"))

    tile = window.home.tiles["B"]
    assert "Bộ phận nghỉ trưa đến 13:30" in tile.stats.text()
    shoot("lunch-home")
    controller.toggle_language()
    assert "Closed for lunch until 13:30" in tile.stats.text()
    shoot("lunch-home-en")
    with qtbot.waitSignal(kiosk.printer.printed, timeout=WAIT):
        controller.choose_service("B")
    screen = window.ticket
    assert screen.closed.text() == "Closed for lunch until 13:30" and "–" in screen.wait.text()
    shoot("lunch-ticket-en")
    controller.toggle_language()
    assert screen.closed.text() == "Bộ phận nghỉ trưa đến 13:30"
    shoot("lunch-ticket")
    printed = sorted(slips.glob("*.png"))
    assert len(printed) == 1
    shutil.copyfile(printed[0], out / f"slip-lunch-{suffix}.png")
    assert problems == {name: [] for name in problems}


def test_a_colour_set_in_the_admin_screens_paints_its_tile_live(
    qtbot: QtBot, office: Office, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(f"preview:{tmp_path / 'slips'}", size=(1920, 1080), lockdown=True, ask_priority=False)
    window = kiosk.window
    qtbot.waitUntil(lambda: "B" in window.home.tiles, timeout=WAIT)
    assert "#8E24AA" not in window.home.tiles["B"].styleSheet()
    config = office.get("/api/admin/config", "admin").json()
    config["document"]["services"][1]["colour"] = "#8E24AA"
    changed = office.request("PUT", "/api/admin/config", "admin", json=config)
    assert changed.status_code == 200, changed.text
    qtbot.waitUntil(lambda: "#8E24AA" in window.home.tiles["B"].styleSheet(), timeout=2000)  # live, within 2 s
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / "kiosk-admin-colour-1920x1080.png"))
