"""The dashboard in headless Chromium: a sign-in form, the ranking within a level, drill-down, both languages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from district import pages
from district.database import database_url
from district.store import DistrictStore
from tests.helpers.chromium import chromium
from tests.helpers.district import District, a_month, prepare_district, start_district
from tests.helpers.office import FakeClock

OFFICES = {
    "ky-son": "UBND xã Kỳ Sơn",
    "tan-ky": "UBND xã Tân Kỳ",
    "quy-hop": "UBND xã Quỳ Hợp",
    "nghia-dan": "UBND xã Nghĩa Đàn",
    "ttphcc-nghe-an": "Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
    "phuong-hue": "UBND phường Thuận Hóa",
}
STRUCTURE = """id,name,level,province,province_name
ky-son,UBND xã Kỳ Sơn,commune,nghe-an,Nghệ An
tan-ky,UBND xã Tân Kỳ,commune,nghe-an,Nghệ An
quy-hop,UBND xã Quỳ Hợp,commune,nghe-an,Nghệ An
nghia-dan,UBND xã Nghĩa Đàn,commune,nghe-an,Nghệ An
ttphcc-nghe-an,Trung tâm Phục vụ hành chính công tỉnh Nghệ An,province,nghe-an,Nghệ An
phuong-hue,UBND phường Thuận Hóa,commune,hue,Thành phố Huế
"""
SCREENS = Path(os.environ.get("ONESTOP_SCREENSHOTS", "")) if os.environ.get("ONESTOP_SCREENSHOTS") else None


@pytest.fixture
def filled(tmp_path: Path, db: str | None) -> Iterator[District]:
    prepared = prepare_district(tmp_path / "district", OFFICES, db=db)
    store = DistrictStore.open(database_url(db, tmp_path / "district"))
    store.accounts.import_offices(STRUCTURE, "structure.csv", issue_tokens=False)
    store.close()
    district = start_district(prepared, FakeClock())
    a_month(district, "ky-son", "2026-11-27", 10, seed=1, unhappy=0.02)
    a_month(district, "tan-ky", "2026-11-27", 10, seed=2, unhappy=0.20)
    a_month(district, "quy-hop", "2026-11-27", 10, seed=3, unhappy=0.08)
    a_month(district, "ttphcc-nghe-an", "2026-11-27", 10, seed=4, unhappy=0.01, load=4)
    a_month(district, "phuong-hue", "2026-11-27", 10, seed=5, unhappy=0.05)
    # nghia-dan never synced
    yield district
    district.stop()


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    driver = chromium(1600, 1000, "--lang=vi")
    yield driver
    driver.quit()


def visible_text(driver: webdriver.Chrome, css: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def submit(browser: webdriver.Chrome, token: str) -> None:
    """Type the token into the sign-in form, send it, and wait for the page that answers."""
    old = browser.find_element(By.CSS_SELECTOR, "form.sign-in")
    browser.find_element(By.ID, "token").send_keys(token)
    browser.find_element(By.CSS_SELECTOR, "form.sign-in button").click()
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(old))


def follow(browser: webdriver.Chrome, link: WebElement) -> None:
    """Click a link and wait until its page has replaced this one."""
    old = browser.find_element(By.TAG_NAME, "main")
    link.click()
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(old))


def sign_in(browser: webdriver.Chrome, district: District, path: str, token: str) -> None:
    browser.get(district.url + path)
    submit(browser, token)


def shot(browser: webdriver.Chrome, name: str, tmp_path: Path) -> None:
    folder = SCREENS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(folder / name))


def test_signing_in_is_a_form_post_and_the_cookie_is_httponly_and_strict(
    filled: District, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    browser.get(filled.url + "/?from=2026-11-18&to=2026-11-27")
    assert "Nhập mã truy cập" in visible_text(browser, "main")
    form = browser.find_element(By.CSS_SELECTOR, "form.sign-in")
    assert form.get_attribute("method") == "post"
    shot(browser, "district-sign-in.png", tmp_path)
    submit(browser, "wrong")
    assert "Mã truy cập không đúng" in visible_text(browser, "main")
    submit(browser, filled.readers["reader"])
    # Back where it was asked for, the token nowhere in the address.
    assert browser.current_url.endswith("/?from=2026-11-18&to=2026-11-27")
    assert filled.readers["reader"] not in browser.current_url
    cookie = browser.get_cookie("onestop_district")
    assert cookie is not None
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert cookie["secure"] is False  # plain HTTP here; tests/district/test_https.py checks Secure under HTTPS
    old = browser.find_element(By.ID, "ranking")
    browser.find_element(By.CSS_SELECTOR, "header form.out button").click()
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(old))
    assert "Nhập mã truy cập" in visible_text(browser, "main")
    browser.get(filled.url + "/")
    assert "Nhập mã truy cập" in visible_text(browser, "main")


def test_a_token_in_the_address_does_not_sign_in(filled: District, browser: webdriver.Chrome) -> None:
    browser.get(f"{filled.url}/?token={filled.readers['reader']}")
    assert "Nhập mã truy cập" in visible_text(browser, "main")
    assert browser.get_cookie("onestop_district") is None


def test_communes_are_ranked_within_their_level_nationally_and_in_a_province(
    filled: District, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    sign_in(browser, filled, "/?from=2026-11-18&to=2026-11-27", filled.readers["reader"])
    provinces = browser.find_elements(By.CSS_SELECTOR, "#provinces tbody tr")
    assert [p.get_attribute("data-province") for p in provinces] == ["hue", "nghe-an"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")
    # The provincial centre is not ranked among communes.
    assert [r.get_attribute("data-office") for r in rows] == ["ky-son", "phuong-hue", "quy-hop", "tan-ky", "nghia-dan"]
    first = rows[0]
    assert "UBND xã Kỳ Sơn" in first.text and "Nghệ An" in first.text
    assert "%" in first.find_element(By.CSS_SELECTOR, ".rate").text
    assert "phút" in first.find_element(By.CSS_SELECTOR, ".wait-mean").text
    assert len(first.find_elements(By.CSS_SELECTOR, "svg.trend rect")) == 10  # a bar per day
    assert "2026-11-27 08:00" in first.find_element(By.CSS_SELECTOR, ".sync").text
    assert "chưa đồng bộ" in rows[4].find_element(By.CSS_SELECTOR, ".sync").text
    assert rows[4].find_element(By.CSS_SELECTOR, ".rank").text == "—"
    stats = filled.stats("ky-son", "2026-11-18", "2026-11-27")["totals"]
    assert first.find_element(By.CSS_SELECTOR, ".served").text == f"{stats['served']:,}".replace(",", ".")
    # Ranked without p90s, then pooled for the page's rows: the same as the complete JSON's.
    whole = filled.request("GET", "/api/figures?by=office&level=commune&from=2026-11-18&to=2026-11-27",
                           filled.readers["reader"]).json()["rows"]  # fmt: skip
    p90s = {r["key"]: r["wait_p90_s"] for r in whole}
    for row in rows:
        p90 = p90s[str(row.get_attribute("data-office"))]
        cell = str(row.find_element(By.CSS_SELECTOR, ".wait-p90").get_attribute("textContent"))
        assert cell.startswith("—" if p90 is None else pages._vi_decimal(p90 / 60) + " phút")  # (then English)
    assert sum(p is not None for p in p90s.values()) == 4
    shot(browser, "district-national.png", tmp_path)

    # Drill down: a province, then its provincial centre's level, then an office.
    follow(browser, browser.find_element(By.CSS_SELECTOR, '#provinces tr[data-province="nghe-an"] a'))
    assert "Nghệ An" in visible_text(browser, "nav.crumbs")
    rows = browser.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")
    assert [r.get_attribute("data-office") for r in rows] == ["ky-son", "quy-hop", "tan-ky", "nghia-dan"]
    assert [r.find_element(By.CSS_SELECTOR, ".rank").text for r in rows] == ["1", "2", "3", "—"]
    shot(browser, "district-province.png", tmp_path)
    follow(browser, browser.find_element(By.LINK_TEXT, "Trung tâm cấp tỉnh"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")
    assert [r.get_attribute("data-office") for r in rows] == ["ttphcc-nghe-an"]
    follow(browser, rows[0].find_element(By.CSS_SELECTOR, "a"))
    assert "Trung tâm Phục vụ hành chính công tỉnh Nghệ An" in visible_text(browser, "nav.crumbs")
    services = browser.find_elements(By.CSS_SELECTOR, "#by-service tbody tr")
    assert [s.text.split()[0] for s in services] == list("ABCDEF")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#by-day tbody tr")) == 10
    shot(browser, "district-office.png", tmp_path)


def test_english_is_one_click_away_and_remembered(filled: District, browser: webdriver.Chrome) -> None:
    sign_in(browser, filled, "/", filled.readers["reader"])
    assert visible_text(browser, "h1") == "Mức độ hài lòng của các Bộ phận Một cửa"
    browser.find_element(By.ID, "lang").click()
    assert visible_text(browser, "h1") == "Satisfaction at one-stop offices"
    assert "RANK" in visible_text(browser, "#ranking thead")  # (headers are set in capitals by CSS)
    old = browser.find_element(By.TAG_NAME, "main")
    browser.refresh()
    # Wait for the reloaded document: asking the old one mid-reload fails ("node does not belong to the document").
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(old))
    assert visible_text(browser, "h1") == "Satisfaction at one-stop offices"
    browser.find_element(By.ID, "lang").click()
    assert visible_text(browser, "h1") == "Mức độ hài lòng của các Bộ phận Một cửa"


def test_on_a_phone_the_ranking_fits_the_screen(filled: District, tmp_path: Path) -> None:
    phone = chromium(390, 844, "--lang=vi")
    try:
        sign_in(phone, filled, "/?province=nghe-an&from=2026-11-18&to=2026-11-27", filled.readers["reader"])
        shot(phone, "district-phone.png", tmp_path)
        widest = (
            "return Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
        )
        inner = phone.execute_script("return window.innerWidth")
        assert phone.execute_script(widest) <= inner, "something on the page is wider than the phone"
        phone.get(filled.url + "/offices/ky-son?from=2026-11-18&to=2026-11-27")
        shot(phone, "district-office-phone.png", tmp_path)
        assert phone.execute_script(widest) <= inner, "something on the page is wider than the phone"
    finally:
        phone.quit()
