"""The live ticket page on the citizens' listener: its own stream, the call in large type, the warning when near.

Against the real office server (HTTPS for the devices, the citizens' plain-HTTP listener beside it) and,
for the page itself, headless Chromium at a small phone's 360 x 640; the screenshots go to
$ONESTOP_SCREENSHOTS (docs/screenshots) or a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from server.embedded import EmbeddedServer
from server.hub import TicketWatch
from server.routes import public_live
from tests.helpers.office import TIMEOUT, FakeClock, Office, load_sample_catalogue, prepare_data, register_devices

# A range kept on one line on a phone (public_page._unbroken): "Khoảng 5–⁠10 phút".
WAIT_VI = re.compile("Khoảng \\d+–\u2060\\d+\u00a0phút")
WAIT_EN = re.compile("About \\d+–\u2060\\d+\u00a0min")


@pytest.fixture
def citizens(tmp_path: Path, clock: FakeClock) -> Iterator[tuple[Office, str]]:
    """The office (devices over HTTPS) and its citizens' listener's address."""
    data = tmp_path / "office"
    prepare_data(data)
    tokens = register_devices(data, clock)
    load_sample_catalogue(data, clock)
    server = EmbeddedServer(data, clock, tls=True, public=True)
    url = server.start()
    assert server.public_url
    yield Office(url=url, data=data, clock=clock, tokens=tokens, server=server, ca=server.ca), server.public_url
    server.stop()


def _events(public: str, ticket: dict[str, Any], code: str | None = None, **params: str) -> requests.Response:
    query = {"c": ticket["public_code"] if code is None else code, **params}
    return requests.get(f"{public}/t/{ticket['id']}/events", params=query, stream=True, timeout=TIMEOUT)


class Stream:
    """The data messages of an open text/event-stream, read as they come."""

    def __init__(self, response: requests.Response) -> None:
        self.response = response
        self.lines = response.iter_lines(decode_unicode=True)
        self.seen: list[str] = []
        self.last: dict[str, Any] | None = None

    def next(self) -> dict[str, Any]:
        for line in self.lines:
            self.seen.append(line)
            if line.startswith("data: "):
                result: dict[str, Any] = json.loads(line[len("data: ") :])
                self.last = result
                return result
        raise AssertionError("the stream ended")

    def moved(self) -> dict[str, Any]:
        """The next state in which more than the wait's words changed (each estimator batch may send one)."""
        words = ("wait_text", "closed_text")
        last = {k: v for k, v in (self.last or {}).items() if k not in words}
        while True:
            state = self.next()
            if {k: v for k, v in state.items() if k not in words} != last:
                return state


def test_the_stream_follows_one_ticket_and_only_it(citizens: tuple[Office, str]) -> None:
    office, public = citizens
    first = office.issue("A")
    mine = office.issue("A")
    other = office.issue("B")
    response = _events(public, mine)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-store"
    stream = Stream(response)
    try:
        state = stream.next()
        # The wait as the slip words it: the estimator's range once its batch has her, else the baseline's.
        assert WAIT_VI.fullmatch(str(state.pop("wait_text")))
        assert state == {
            "number": "A002", "status": "waiting", "status_text": "Đang chờ", "counter": None, "calls": 0,
            "ahead": 1, "closed_text": "",
        }  # fmt: skip
        assert f"retry: {public_live.RETRY_MS}" in stream.seen  # a broken stream comes back after 30 s
        office.issue("A")  # behind me: my state does not change, nothing is sent
        office.sign_in(2)  # Quầy 2 serves A first
        assert office.act(2, "call-next").json()["ticket"]["id"] == first["id"]
        state = stream.moved()
        assert state["ahead"] == 0 and state["status"] == "waiting"
        office.act(2, "finish")
        office.act(2, "call-next")
        state = stream.moved()
        assert state["status"] == "called" and state["counter"] == 2
        assert state["status_text"] == "Đã gọi — mời đến quầy 2" and "ahead" not in state
        office.act(2, "recall")
        assert stream.moved()["calls"] == 2  # the page rings again
        office.act(2, "start")
        assert stream.moved()["status"] == "serving"
    finally:
        response.close()
    text = "\n".join(stream.seen)
    for secret in (mine["public_code"], other["public_code"], first["public_code"], "clerk2", "B001", "A001"):
        assert secret not in text


def test_the_stream_answers_404_without_the_code_and_english_with_lang(citizens: tuple[Office, str]) -> None:
    office, public = citizens
    ticket = office.issue("C")
    other = office.issue("C")
    for code in ("", other["public_code"], "WRONGCOD"):
        response = _events(public, ticket, code)
        assert response.status_code == 404 and response.json()["error"] == "not_found"
    for junk in ("0", "abc", "99999999999999999999"):
        assert requests.get(f"{public}/t/{junk}/events", params={"c": "x"}, timeout=TIMEOUT).status_code == 404
    live = requests.get(f"{public}/t/{ticket['id']}/live", params={"c": ticket["public_code"], "lang": "en"},
                        timeout=TIMEOUT)  # fmt: skip
    assert live.status_code == 200 and live.headers["cache-control"] == "no-store"
    state = live.json()
    assert WAIT_EN.fullmatch(state.pop("wait_text"))
    assert state == {
        "number": "C001", "status": "waiting", "status_text": "Waiting", "counter": None, "calls": 0, "ahead": 0,
        "closed_text": "",
    }  # fmt: skip
    assert requests.get(f"{public}/t/{ticket['id']}/live", params={"c": "nope"}, timeout=TIMEOUT).status_code == 404


def test_the_device_api_is_not_on_the_citizens_listener(citizens: tuple[Office, str]) -> None:
    office, public = citizens
    for path in ("/api/state", "/api/events", "/api/stats", "/display"):
        assert requests.get(public + path, timeout=TIMEOUT).status_code == 404


def test_a_ticket_opened_on_too_many_phones_is_refused_politely(citizens: tuple[Office, str]) -> None:
    office, public = citizens
    ticket = office.issue("A")
    opened = [_events(public, ticket) for _ in range(public_live.MAX_PER_TICKET)]
    try:
        assert all(r.status_code == 200 for r in opened)
        streams = [Stream(response) for response in opened]  # kept: a dropped reader closes its connection
        assert all(stream.next()["number"] == "A001" for stream in streams)
        refused = _events(public, ticket)
        assert refused.status_code == 503
        assert "30" in refused.json()["message"] and "30 giây" in refused.json()["message_vi"]
    finally:
        for response in opened:
            response.close()


def test_the_server_stops_while_phones_listen(citizens: tuple[Office, str]) -> None:
    office, public = citizens
    ticket = office.issue("A")
    response = _events(public, ticket)
    stream = Stream(response)
    stream.next()
    started = time.monotonic()
    office.stop()
    assert time.monotonic() - started < 5
    with pytest.raises((AssertionError, requests.exceptions.RequestException)):
        stream.next()  # the stream ended with the server
    response.close()


# -- the page in a phone's browser ---------------------------------------------------------------

WIDTH, HEIGHT = 360, 640


def _shots() -> Path | None:
    folder = os.environ.get("ONESTOP_SCREENSHOTS")
    return Path(folder) if folder else None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_counts_down_and_calls_in_chromium(citizens: tuple[Office, str], lang: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.helpers.chromium import chromium

    office, public = citizens
    out = _shots() or tmp_path
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if lang == "vi" else "-en"
    ahead = [office.issue("A") for _ in range(5)]
    mine = office.issue("A")
    office.sign_in(2)
    driver = chromium(WIDTH, HEIGHT, "--hide-scrollbars", "--autoplay-policy=no-user-gesture-required")
    try:
        driver.get(f"{public}/t/{mine['id']}?c={mine['public_code']}&lang={lang}")

        def fact(name: str) -> str:
            return str(driver.find_element(By.CSS_SELECTOR, f'#facts li[data-fact="{name}"] b').text)

        assert fact("ahead") == "5"
        connection = driver.find_element(By.ID, "connection")
        WebDriverWait(driver, 5).until(lambda d: "offline" not in connection.get_attribute("class"))
        assert driver.execute_script("return document.documentElement.scrollWidth") <= WIDTH
        assert not driver.find_element(By.ID, "called").is_displayed()
        assert not driver.find_element(By.ID, "near").is_displayed()
        driver.find_element(By.ID, "enable").click()  # the one tap that lets the page ring
        assert driver.save_screenshot(str(out / f"ticket-live-waiting{suffix}.png"))
        driver.find_element(By.ID, "more").click()
        driver.find_element(By.ID, "fewer").click()
        assert driver.find_element(By.ID, "threshold").text == "3"
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        assert driver.save_screenshot(str(out / f"ticket-live-alerts{suffix}.png"))

        # The queue moves: the page counts down without a reload, and warns at 3 ahead (the default).
        driver.execute_script("window.notReloaded = true")
        office.act(2, "call-next")
        WebDriverWait(driver, 2).until(lambda d: fact("ahead") == "4")
        office.act(2, "no-show")
        office.act(2, "call-next")
        WebDriverWait(driver, 2).until(lambda d: d.find_element(By.ID, "near").is_displayed())
        near = driver.find_element(By.ID, "near").text
        assert near == ("Sắp đến lượt: còn 3 người phía trước" if lang == "vi" else "Almost your turn: 3 people ahead")
        driver.execute_script("window.scrollTo(0, 0)")
        assert driver.save_screenshot(str(out / f"ticket-live-near{suffix}.png"))

        for _ in range(3):
            office.act(2, "no-show")
            office.act(2, "call-next")
        WebDriverWait(driver, 2).until(lambda d: fact("ahead") == "0")
        office.act(2, "no-show")
        called_at = time.monotonic()
        assert office.act(2, "call-next").json()["ticket"]["id"] == mine["id"]
        WebDriverWait(driver, 2).until(lambda d: d.find_element(By.ID, "called").is_displayed())
        assert time.monotonic() - called_at < 2
        panel = driver.find_element(By.ID, "called").text.split("\n")
        assert panel == (["Mời đến", "QUẦY", "2", "A006"] if lang == "vi" else ["Please go to", "COUNTER", "2", "A006"])
        big = driver.find_element(By.ID, "called-counter")
        assert float(big.value_of_css_property("font-size").removesuffix("px")) >= 120  # the number, very large
        assert driver.execute_script("return window.notReloaded") is True  # all of it live, no reload
        alerts = driver.execute_script("return window.onestopAlerts")
        assert alerts[0].startswith("enabled") and alerts[-1].startswith("called")
        assert "sound" in alerts[-1]
        assert [a.split("+")[0] for a in alerts].count("near") == 1
        assert driver.execute_script("return document.documentElement.scrollWidth") <= WIDTH
        assert driver.save_screenshot(str(out / f"ticket-live-called{suffix}.png"))
    finally:
        driver.quit()
    del ahead


def test_a_new_batch_of_estimates_wakes_only_the_pages_of_the_tickets_it_has() -> None:
    # The live page re-reads its ticket (its range, its service's lunch) when the estimator's batch has it.
    watch = TicketWatch(7, "A")
    batch = {"type": "estimates.updated", "estimates": {"tickets": {"7": {}, "8": {}}}}
    assert watch.concerns(batch)
    assert not TicketWatch(9, "A").concerns(batch)
    assert not watch.concerns({"type": "estimates.updated", "estimates": None})
