"""The web display's content zone in headless Chromium against a real office: posters and muted videos fetched
with the display's token, a call over the zone, an admin's change within 2 s. Screenshots are kept for a look."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.display.offices import start
from tests.helpers.chromium import chromium
from tests.helpers.media import make_video, png_bytes
from tests.helpers.office import Office

WAIT_S = 10


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    running = start(tmp_path / "office", 4, 'highlight = "#00a000"\nhighlight_seconds = 2\n')
    yield running
    running.stop()


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    driver = chromium(1920, 1080, "--hide-scrollbars", "--autoplay-policy=no-user-gesture-required")
    yield driver
    driver.quit()


def wait_for(browser: webdriver.Chrome, condition: Any, seconds: float = WAIT_S) -> None:
    WebDriverWait(browser, seconds).until(lambda _: condition())


def zone(browser: webdriver.Chrome) -> Any:
    return browser.find_element(By.ID, "zone")


def test_posters_videos_and_a_call_over_them(browser: webdriver.Chrome, office: Office, tmp_path: Path) -> None:
    poster = office.post("/api/admin/playlist/media", "admin", params={"title": "poster.png", "duration_s": 3},
                         data=png_bytes(320, 180, (220, 20, 30))).json()  # fmt: skip
    clip = make_video(tmp_path / "clip.webm", seconds=2.0)
    video = office.post("/api/admin/playlist/media", "admin", params={"title": "clip.webm"}, data=clip.read_bytes())
    assert video.status_code == 201, video.text
    office.issue("A")
    office.sign_in(1)
    browser.get(f"{office.url}/display?token={office.tokens['display']}")
    wait_for(browser, lambda: zone(browser).get_attribute("data-item") == str(poster["id"]))
    image = browser.find_element(By.CSS_SELECTOR, "#slide img")
    wait_for(browser, lambda: browser.execute_script("return arguments[0].naturalWidth", image) == 320)
    browser.save_screenshot(str(tmp_path / "web-image.png"))

    office.act(1, "call-next")
    wait_for(browser, lambda: "calling" in (zone(browser).get_attribute("class") or ""))
    assert browser.find_element(By.ID, "zone-call-number").text == "A001"
    assert "Quầy 1" in browser.find_element(By.ID, "zone-call-counter").text
    browser.save_screenshot(str(tmp_path / "web-call.png"))
    wait_for(browser, lambda: "calling" not in (zone(browser).get_attribute("class") or ""))

    # The poster's 3 s, then the video: muted, playing from the server with the display's token.
    wait_for(browser, lambda: zone(browser).get_attribute("data-kind") == "video")
    played = browser.find_element(By.CSS_SELECTOR, "#slide video")
    wait_for(browser, lambda: browser.execute_script("return arguments[0].currentTime > 0.2", played))
    assert browser.execute_script("return arguments[0].muted", played) is True
    browser.save_screenshot(str(tmp_path / "web-video.png"))
    # Its end (no duration set): the poster again.
    wait_for(browser, lambda: zone(browser).get_attribute("data-kind") == "image")


def test_an_admins_change_shows_within_two_seconds(browser: webdriver.Chrome, office: Office) -> None:
    browser.get(f"{office.url}/display?token={office.tokens['display']}")
    wait_for(browser, lambda: browser.find_element(By.ID, "status").get_attribute("data-state") == "online")
    assert not zone(browser).is_displayed()
    started = time.monotonic()
    text = office.post("/api/admin/playlist/text", "admin",
                       json={"text_vi": "Tiếp nhận hồ sơ trực tuyến", "text_en": "Apply online"}).json()  # fmt: skip
    wait_for(browser, lambda: zone(browser).get_attribute("data-item") == str(text["id"]), 2)
    assert time.monotonic() - started < 2.0
    assert browser.find_element(By.CSS_SELECTOR, "#slide .text").text == "Tiếp nhận hồ sơ trực tuyến"
    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.CSS_SELECTOR, "#slide .text").text == "Apply online"
    assert office.request("DELETE", f"/api/admin/playlist/{text['id']}", "admin").status_code == 204
    wait_for(browser, lambda: not zone(browser).is_displayed(), 2)
