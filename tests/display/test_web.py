"""The web display at /display in headless Chromium (Debian's chromium + chromium-driver) against a real office."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.display.offices import start
from tests.helpers.event_proxy import EventProxy
from tests.helpers.office import Office

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WAIT_S = 10


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1920,1080", "--hide-scrollbars"):
        options.add_argument(flag)
    # An explicit driver path: Selenium Manager never downloads one.
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    running = start(tmp_path / "office", 4, 'notice_en = "Welcome"\nhighlight = "#00a000"\n')
    yield running
    running.stop()


def text(browser: webdriver.Chrome, element_id: str) -> str:
    return browser.find_element(By.ID, element_id).text


def wait_for(browser: webdriver.Chrome, condition) -> None:
    WebDriverWait(browser, WAIT_S).until(lambda _: condition())


def test_the_page_follows_the_office_live_and_after_a_restart(browser: webdriver.Chrome, office: Office) -> None:
    office.issue("A")
    office.sign_in(1)
    office.act(1, "call-next")
    browser.get(f"{office.url}/display?token={office.tokens['display']}")
    wait_for(browser, lambda: browser.find_element(By.ID, "status").get_attribute("data-state") == "online")
    assert text(browser, "call-number") == "A001" and text(browser, "call-counter") == "→ Quầy 1"
    assert text(browser, "office") == "Bộ phận Một cửa — UBND xã Kỳ Sơn"
    tile = browser.find_element(By.CSS_SELECTOR, '.counter[data-counter="1"]')
    assert tile.get_attribute("data-state") == "calling" and "A001" in tile.text

    # Live: a new call shows at once, highlighted.
    office.issue("B")
    office.sign_in(2)  # serves B then C
    office.act(2, "call-next")
    wait_for(browser, lambda: text(browser, "call-number") == "B001")
    assert "fresh" in browser.find_element(By.ID, "call").get_attribute("class")
    assert [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#recent .number")] == ["A001"]
    queue = browser.find_element(By.CSS_SELECTOR, '.queue[data-service="B"]')
    assert "không chờ" in queue.text

    # The server goes away: the page says so, reconnects by itself and fetches the whole state again.
    office.stop()
    wait_for(browser, lambda: browser.find_element(By.ID, "status").get_attribute("data-state") != "online")
    restarted = office.restart()
    try:
        restarted.issue("C")
        restarted.issue("C")
        wait_for(browser, lambda: browser.find_element(By.ID, "status").get_attribute("data-state") == "online")
        wait_for(browser, lambda: "2 chờ" in browser.find_element(By.CSS_SELECTOR, '.queue[data-service="C"]').text)
        restarted.act(2, "call-next")
        wait_for(browser, lambda: text(browser, "call-number") == "C001")
        # English, one key away.
        browser.find_element(By.ID, "lang").click()
        assert text(browser, "call-title") == "NOW CALLING" and text(browser, "notice-text") == "Welcome"
    finally:
        restarted.stop()


def test_a_wrong_token_is_explained_on_the_screen(browser: webdriver.Chrome, office: Office) -> None:
    browser.get(f"{office.url}/display?token=wrong")
    wait_for(browser, lambda: "token" in text(browser, "status").lower() or "mã truy cập" in text(browser, "status"))
    assert browser.find_element(By.ID, "status").get_attribute("data-state") == "offline"


def test_the_settings_need_a_token_and_the_files_are_served(office: Office) -> None:
    assert office.get("/api/display", device=None).status_code == 401
    settings = office.get("/api/display", device="display").json()
    assert settings["colors"]["highlight"] == "#00a000" and settings["notice_en"] == "Welcome"
    assert settings["logo"] is None and settings["announce"] == ["vi"]
    for path, kind in (("/display", "text/html"), ("/display/display.js", "text/javascript")):
        response = office.get(path, device=None)
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
    assert office.get("/display/secret.py", device=None).status_code == 404


def test_the_strip_shows_the_estimators_range_live_and_the_lunch_break(
    browser: webdriver.Chrome, office: Office, tmp_path: Path
) -> None:
    """estimates.updated repaints the strip (no stored event needed); the lunch break in both languages."""
    import os

    from hardware.slip import wait_range_minutes

    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    for counter in (1, 2, 3, 4):
        office.sign_in(counter)
    for service in "AABBBBCDD":
        office.issue(service)
    office.act(1, "call-next")
    browser.get(f"{office.url}/display?token={office.tokens['display']}")
    wait_for(browser, lambda: browser.find_element(By.ID, "status").get_attribute("data-state") == "online")
    office.clock.advance(10)
    office.settle_estimates()  # the batch reaches the page as estimates.updated alone
    queue = office.get("/api/state", "display").json()["queues"]["B"]
    low, high = wait_range_minutes(0, queue["estimated_low_s"], queue["estimated_high_s"])

    def strip() -> str:  # the figures on one line, or the count above the rest when too long for one
        return browser.find_element(By.CSS_SELECTOR, '.queue[data-service="B"] .figures').text.replace("\n", " · ")

    wait_for(browser, lambda: strip() == f"4 chờ · {low}–{high} phút")
    assert browser.save_screenshot(str(out / "display-web-ranges-1920x1080.png"))
    browser.find_element(By.ID, "lang").click()
    wait_for(browser, lambda: strip() == f"4 waiting · {low}–{high} min")
    assert browser.save_screenshot(str(out / "display-web-ranges-en-1920x1080.png"))

    office.clock.advance(3 * 3600 + 45 * 60)  # 11:45: everyone at lunch
    office.act(1, "finish")
    for counter in (1, 2, 3, 4):
        assert office.act(counter, "pause", reason="Nghỉ trưa").status_code == 200
    office.clock.advance(10)
    office.settle_estimates()
    wait_for(browser, lambda: strip() == "4 waiting · Lunch break until 13:30")
    assert browser.save_screenshot(str(out / "display-web-lunch-en-1920x1080.png"))
    browser.find_element(By.ID, "lang").click()
    wait_for(browser, lambda: strip() == "4 chờ · Nghỉ trưa đến 13:30")
    assert browser.save_screenshot(str(out / "display-web-lunch-1920x1080.png"))


def test_a_lost_event_makes_the_page_fetch_the_state_again(browser: webdriver.Chrome, office: Office) -> None:
    """No silent gaps (issue #12, item 4): a real proxy between the page and the server loses one event."""
    with EventProxy("127.0.0.1", office.port) as proxy:
        browser.get(f"{proxy.url}/display?token={office.tokens['display']}")
        wait_for(browser, lambda: browser.find_element(By.ID, "status").get_attribute("data-state") == "online")
        states = "window.__states = []; new MutationObserver(() => window.__states.push(document.getElementById(" \
            "'status').dataset.state)).observe(document.getElementById('status'), {attributes: true})"  # fmt: skip
        browser.execute_script(states)
        proxy.drop_events(1)
        office.issue("A")  # lost on the way
        WebDriverWait(browser, WAIT_S).until(lambda _: proxy.dropped == 1)
        office.issue("A")  # its prev is the lost one's seq: the page notices
        wait_for(browser, lambda: browser.find_element(By.TAG_NAME, "body").get_attribute("data-resync-gap") == "1")
        wait_for(browser, lambda: "2 chờ" in browser.find_element(By.CSS_SELECTOR, '.queue[data-service="A"]').text)
        # It carries on live from the new state, and never showed itself offline.
        office.issue("A")
        wait_for(browser, lambda: "3 chờ" in browser.find_element(By.CSS_SELECTOR, '.queue[data-service="A"]').text)
        seq = office.get("/api/state", device="supervisor").json()["seq"]
        body = browser.find_element(By.TAG_NAME, "body")
        assert body.get_attribute("data-seq") == str(seq) and body.get_attribute("data-resync-gap") == "1"
        assert set(browser.execute_script("return window.__states")) <= {"online"}


def test_a_changed_configuration_shows_within_two_seconds(browser: webdriver.Chrome, office: Office) -> None:
    """Applied live on the same event stream: no reconnection, never shown offline, a call made at once still shows."""
    browser.get(f"{office.url}/display?token={office.tokens['display']}")
    wait_for(browser, lambda: browser.find_element(By.ID, "status").get_attribute("data-state") == "online")
    states = "window.__first = socket; window.__states = []; new MutationObserver(() => window.__states.push(" \
        "document.getElementById('status').dataset.state)).observe(document.getElementById('status'), " \
        "{attributes: true})"  # fmt: skip
    browser.execute_script(states)
    config = office.get("/api/admin/config", "admin").json()
    document = config["document"]
    document["display"]["notice_vi"] = "Từ 1/12 văn phòng làm việc cả sáng thứ Bảy."
    document["services"].append({"code": "G", "name_vi": "Bảo trợ xã hội", "name_en": "Social protection",
                                 "label": "G###", "mean_service_min": 6.0, "target_wait_min": 15.0, "hidden": False})
    body = {"version": config["version"], "document": document}
    answer = office.request("PUT", "/api/admin/config", "admin", json=body)
    assert answer.status_code == 200, answer.text
    WebDriverWait(browser, 2).until(lambda _d: text(browser, "notice-text").startswith("Từ 1/12"))
    WebDriverWait(browser, 2).until(lambda _d: browser.find_elements(By.CSS_SELECTOR, '.queue[data-service="G"]'))
    office.issue("A")
    office.sign_in(1)
    office.act(1, "call-next")
    wait_for(browser, lambda: text(browser, "call-number") == "A001")
    body = browser.find_element(By.TAG_NAME, "body")
    assert body.get_attribute("data-resync-configured") == "1"
    assert body.get_attribute("data-resync-reconnect") is None
    assert browser.execute_script("return socket === window.__first")  # the same event stream throughout
    assert set(browser.execute_script("return window.__states")) <= {"online"}
