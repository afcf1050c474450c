"""A citizen's whole visit, on a phone-sized headless Chromium against the real server: book a slot at
/book, check in at the kiosk (driven offscreen) by holding the booking's QR — read from the phone's
screenshot — to its scanner, watch the live ticket page count down, and see "Mời đến QUẦY 2" when called,
before the walk-ins who came earlier.

Screenshots of the booking pages at 360 x 640 go to $ONESTOP_SCREENSHOTS (docs/screenshots) or a
temporary folder.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pytestqt.qtbot import QtBot
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from client.events import ConnectionState
from hardware.printer import TicketPrinter
from kiosk.app import build_kiosk
from kiosk.controller import Screen
from tests.helpers.chromium import chromium
from tests.helpers.office import FakeClock
from tests.kiosk.conftest import CONFIG, WAIT, make_context
from tests.kiosk.test_rating_at_kiosk import scanner_types
from tests.server.test_bookings import start

WIDTH, HEIGHT = 360, 640


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.gui
def test_book_check_in_and_be_called_first(qtbot: QtBot, tmp_path: Path, clock: FakeClock, lang: str) -> None:
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if lang == "vi" else "-en"
    office, public = start(tmp_path, clock)  # Friday 27/11/2026 08:00
    driver = chromium(WIDTH, HEIGHT, "--hide-scrollbars")
    try:

        def shot(name: str) -> None:
            assert driver.execute_script("return document.documentElement.scrollWidth") <= WIDTH, name
            assert driver.save_screenshot(str(out / f"{name}{suffix}.png"))

        # 1. Book on the phone: service, day, slot, name and phone.
        driver.get(f"{public}/book?lang={lang}")
        shot("book-services")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Tư pháp" if lang == "vi" else "Justice").click()
        shot("book-days")
        driver.find_element(By.PARTIAL_LINK_TEXT, "27/11/2026").click()
        driver.find_element(By.XPATH, "//label[contains(@class, 'slot')][span='08:30']").click()
        driver.find_element(By.NAME, "name").send_keys("Tran Thi Binh")
        driver.find_element(By.NAME, "phone").send_keys("0912 345 678")
        shot("book-slots")
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        shot("book-form")
        driver.find_element(By.CSS_SELECTOR, "button.primary").click()
        WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.ID, "code"))
        code = driver.find_element(By.ID, "code").text
        assert len(code) == 8 and driver.find_elements(By.CSS_SELECTOR, "#qr svg")
        shot("book-done")

        qr = driver.find_element(By.CSS_SELECTOR, "#qr svg")
        driver.execute_script("arguments[0].scrollIntoView()", qr)
        driver.save_screenshot(str(tmp_path / "phone.png"))
        read = zxingcpp.read_barcodes(Image.open(tmp_path / "phone.png"))
        assert [r.text for r in read] == [f"{public}/book/{code}"]

        # 2. Walk-ins arrive first; at 08:10 she holds her phone's QR to the kiosk's scanner.
        walk_ins = [office.issue("A") for _ in range(3)]
        clock.advance(10 * 60)
        context = make_context(office)
        kiosk = build_kiosk(context, CONFIG, TicketPrinter(f"file:{tmp_path / 'slips.bin'}"), lockdown=False,
                            quit_app=False)  # fmt: skip
        try:
            kiosk.window.resize(1920, 1080)
            kiosk.window.show()
            context.stream.start()
            qtbot.waitUntil(lambda: context.stream.state == ConnectionState.ONLINE, timeout=WAIT)
            qtbot.waitUntil(lambda: kiosk.window.home.appointment_button.isVisible(), timeout=WAIT)
            scanner_types(kiosk.window, read[0].text)
            qtbot.waitUntil(lambda: kiosk.controller.screen is Screen.TICKET, timeout=WAIT)
            assert kiosk.controller.view is not None
            ticket = kiosk.controller.view.ticket
        finally:
            kiosk.stop()
            kiosk.window._may_close = True
            kiosk.window.close()
            kiosk.window.deleteLater()
        assert ticket["number"] == "A004" and ticket["booked_slot"].startswith("2026-11-27T08:30")

        # 3. Her live page: 3 ahead until her slot starts, then 0 — booked citizens go first.
        driver.get(f"{public}/t/{ticket['id']}?c={ticket['public_code']}&lang={lang}")
        ahead = driver.find_element(By.CSS_SELECTOR, '#facts li[data-fact="ahead"] b')
        assert ahead.text == "3"
        driver.find_element(By.ID, "enable").click()
        office.sign_in(2)
        assert office.act(2, "call-next").json()["ticket"]["id"] == walk_ins[0]["id"]
        WebDriverWait(driver, 2).until(lambda d: ahead.text == "2")
        clock.advance(20 * 60)  # 08:30
        called_at = time.monotonic()
        assert office.act(2, "call-next").json()["ticket"]["id"] == ticket["id"]  # before walk-ins 2 and 3
        WebDriverWait(driver, 2).until(lambda d: d.find_element(By.ID, "called").is_displayed())
        assert time.monotonic() - called_at < 2
        panel = driver.find_element(By.ID, "called").text.split("\n")
        assert panel[:3] == (["Mời đến", "QUẦY", "2"] if lang == "vi" else ["Please go to", "COUNTER", "2"])
        assert driver.execute_script("return window.onestopAlerts")[-1].startswith("called")

        # 4. The supervisor's day: one booking, arrived and called on time.
        day = office.get("/api/bookings", "supervisor").json()
        assert day["totals"]["checked_in"] == 1 and day["totals"]["on_time"] == 1
    finally:
        driver.quit()
        office.stop()
