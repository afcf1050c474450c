"""The dashboard at / in headless Chromium: ranking, per-day trend, last sync, Vietnamese first."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from tests.helpers.district import District, a_month, prepare_district, start_district
from tests.helpers.office import FakeClock

OFFICES = {
    "ky-son": "UBND xã Kỳ Sơn",
    "tan-ky": "UBND xã Tân Kỳ",
    "quy-hop": "UBND xã Quỳ Hợp",
    "nghia-dan": "UBND xã Nghĩa Đàn",
}


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[District]:
    district = start_district(prepare_district(tmp_path / "district", OFFICES), FakeClock())
    a_month(district, "ky-son", "2026-11-27", 10, seed=1, unhappy=0.02)
    a_month(district, "tan-ky", "2026-11-27", 10, seed=2, unhappy=0.20)
    a_month(district, "quy-hop", "2026-11-27", 10, seed=3, unhappy=0.08)
    # nghia-dan never synced
    yield district
    district.stop()


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver_path, "needs Debian's chromium and chromium-driver (scripts/bootstrap installs them)"
    options = Options()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000", "--lang=vi"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


def visible_text(driver: webdriver.Chrome, css: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def test_without_a_token_the_page_asks_for_one(filled: District, browser: webdriver.Chrome) -> None:
    browser.get(filled.url + "/")
    assert "Nhập mã truy cập" in visible_text(browser, "main")
    browser.get(filled.url + "/?token=wrong")
    assert "Mã truy cập không đúng" in visible_text(browser, "main")


def test_offices_are_ranked_by_satisfaction_with_waits_served_trend_and_last_sync(
    filled: District, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    browser.get(f"{filled.url}/?token={filled.readers['reader']}&from=2026-11-18&to=2026-11-27")
    # The token went into a cookie and out of the address bar.
    assert "token" not in browser.current_url and "from=2026-11-18" in browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")
    assert [r.get_attribute("data-office") for r in rows] == ["ky-son", "quy-hop", "tan-ky", "nghia-dan"]
    first = rows[0]
    assert "UBND xã Kỳ Sơn" in first.text
    assert "%" in first.find_element(By.CSS_SELECTOR, ".rate").text
    assert "phút" in first.find_element(By.CSS_SELECTOR, ".wait-mean").text
    assert "phút" in first.find_element(By.CSS_SELECTOR, ".wait-p90").text
    assert len(first.find_elements(By.CSS_SELECTOR, "svg.trend rect")) == 10  # a bar per day
    assert "2026-11-27 08:00" in first.find_element(By.CSS_SELECTOR, ".sync").text
    assert "chưa đồng bộ" in rows[3].find_element(By.CSS_SELECTOR, ".sync").text
    stats = filled.stats("ky-son", "2026-11-18", "2026-11-27")["totals"]
    assert first.find_element(By.CSS_SELECTOR, ".served").text == f"{stats['served']:,}".replace(",", ".")
    assert browser.get_screenshot_as_file(str(tmp_path / "district.png"))


def test_english_is_one_click_away_and_remembered(filled: District, browser: webdriver.Chrome) -> None:
    browser.get(f"{filled.url}/?token={filled.readers['reader']}")
    assert visible_text(browser, "h1") == "Mức độ hài lòng của các Bộ phận Một cửa"
    browser.find_element(By.ID, "lang").click()
    assert visible_text(browser, "h1") == "Satisfaction at one-stop offices"
    assert "RANK" in visible_text(browser, "#ranking thead")  # (headers are set in capitals by CSS)
    browser.refresh()
    assert visible_text(browser, "h1") == "Satisfaction at one-stop offices"
    browser.find_element(By.ID, "lang").click()
    assert visible_text(browser, "h1") == "Mức độ hài lòng của các Bộ phận Một cửa"
