"""The booking form on a phone (360 x 640, headless Chromium) when a phone number has made its bookings of the
day: the refusal says why in the page's language, and the form keeps what she typed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By

from tests.helpers.chromium import chromium
from tests.helpers.office import TIMEOUT, FakeClock
from tests.server.test_bookings import at, book, code_of, start

WIDTH, HEIGHT = 360, 640


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_per_day_limit_is_said_on_the_phone(tmp_path: Path, clock: FakeClock, lang: str) -> None:
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    office, public = start(tmp_path, clock)
    driver = chromium(WIDTH, HEIGHT, "--hide-scrollbars")
    try:
        for time in ("09:00", "09:30", "10:00", "10:30"):
            code = code_of(book(public, at("2026-11-30", time)))
            requests.post(f"{public}/book/{code}/cancel", timeout=TIMEOUT, allow_redirects=False)
        driver.get(f"{public}/book?service=A&day=2026-11-30&lang={lang}")
        driver.find_element(By.XPATH, "//label[contains(@class, 'slot')][span='13:30']").click()
        driver.find_element(By.NAME, "name").send_keys("Nguyen Van An")
        driver.find_element(By.NAME, "phone").send_keys("0912 345 678")
        driver.find_element(By.CSS_SELECTOR, "button.primary").click()
        words = ("đã đặt 4 lịch hẹn trong 24 giờ qua" if lang == "vi"
                 else "has made 4 appointments in the last 24 hours")  # fmt: skip
        body = driver.find_element(By.TAG_NAME, "body").text
        assert words in body, body
        assert driver.find_element(By.NAME, "phone").get_attribute("value") == "0912 345 678"
        assert driver.execute_script("return document.documentElement.scrollWidth") <= WIDTH
        suffix = "" if lang == "vi" else "-en"
        assert driver.save_screenshot(str(out / f"book-limit{suffix}.png"))
    finally:
        driver.quit()
        office.stop()
