"""The ticket's public page (/t/{id}?c=CODE): no token, the ticket's own code, rating from the phone.

Against the real office server on loopback; the last test renders the page in headless
Chromium and saves it to $ONESTOP_SCREENSHOTS (docs/screenshots) or a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlite_utils import Database

from hardware.slip import wait_text
from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.credentials import CODE_ALPHABET, CODE_LENGTH
from server.migrations import migrations
from server.public_page import REFRESH_S
from server.storage.public import PUBLIC_DEVICE
from server.store import Store
from tests.helpers.office import MORNING, TIMEOUT, FakeClock, Office, prepare_data
from tests.helpers.stream import next_event


def page(office: Office, ticket: dict[str, Any], code: str | None = None, **params: str) -> requests.Response:
    query = {"c": ticket["public_code"] if code is None else code, **params}
    return requests.get(f"{office.url}/t/{ticket['id']}", params=query, timeout=TIMEOUT, allow_redirects=False)


def rate(office: Office, ticket: dict[str, Any], code: str | None = None, **kwargs: Any) -> requests.Response:
    code = ticket["public_code"] if code is None else code
    return requests.post(
        f"{office.url}/t/{ticket['id']}/rating", params={"c": code}, timeout=TIMEOUT, allow_redirects=False, **kwargs
    )


def served(office: Office, service: str = "A", counter: int = 2) -> dict[str, Any]:
    ticket = office.issue(service)
    office.sign_in(counter)
    assert office.act(counter, "call-next").json()["ticket"]["id"] == ticket["id"]
    assert office.act(counter, "finish").status_code == 200
    return ticket


def printed_wait(ticket: dict[str, Any], lang: str) -> str:
    """The wait her ticket printed, as the page writes it (no break inside the range or before the unit)."""
    text = wait_text(ticket["estimated_wait_s"], lang, low_s=ticket["estimated_low_s"],
                     high_s=ticket["estimated_high_s"], called_today=ticket["estimated_called_today"])  # fmt: skip
    return text.replace("–", "–\u2060").replace(" phút", "\u00a0phút").replace(" min", "\u00a0min")


def test_every_ticket_has_its_own_code_for_devices(office: Office) -> None:
    tickets = [office.issue("A") for _ in range(5)]
    codes = [t["public_code"] for t in tickets]
    assert len(set(codes)) == 5
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert office.get(f"/api/tickets/{tickets[0]['id']}").json()["public_code"] == codes[0]
    # The page needs no token: the devices' API still does.
    assert office.get(f"/api/tickets/{tickets[0]['id']}", device=None).status_code == 401


def test_the_page_follows_the_ticket_through_its_life(office: Office) -> None:
    # The start-up batch of the wait estimator first, so what the page says is what her ticket said (the
    # next batch is not due while the office clock stands still).
    office.settle_estimates()
    first = office.issue("A")
    mine = office.issue("A")
    said = {lang: printed_wait(mine, lang) for lang in ("vi", "en")}
    response = page(office, mine)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    assert '<html lang="vi">' in html and "Bộ phận Một cửa — UBND xã Kỳ Sơn" in html
    assert 'id="number">A002<' in html and "Tư pháp – Hộ tịch" in html
    assert 'id="status">Đang chờ<' in html
    assert '<li data-fact="ahead"><span>Số người chờ trước</span><b>1</b></li>' in html
    assert said["vi"].startswith("Khoảng ")
    assert f'<li data-fact="wait"><span>Thời gian chờ dự kiến</span><b>{said["vi"]}</b></li>' in html
    assert 'id="rating"' not in html and "Tải lại" in html
    english = page(office, mine, lang="en").text
    assert '<html lang="en">' in english and "Justice – civil status" in english
    assert 'id="status">Waiting<' in english and "People ahead of you</span><b>1</b>" in english
    assert said["en"].startswith("About ") and said["en"] in english and ">Reload<" in english

    office.sign_in(2)  # Quầy 2 serves A first
    office.act(2, "call-next")  # A001
    assert "Số người chờ trước</span><b>0</b>" in page(office, mine).text
    office.act(2, "finish")
    office.act(2, "call-next")  # mine
    assert 'id="status">Đã gọi — mời đến quầy 2<' in page(office, mine).text
    assert 'id="status">Called — please go to counter 2<' in page(office, mine, lang="en").text
    office.act(2, "start")
    html = page(office, mine).text
    assert 'id="status">Đang phục vụ tại quầy 2<' in html and 'data-fact="ahead"' not in html
    office.act(2, "finish")
    html = page(office, mine).text
    assert 'id="status">Hoàn thành<' in html and 'id="rating"' in html
    assert 'name="level" value="1"' in html and "Rất hài lòng" in html
    assert 'name="reasons" value="attitude"' in html and "Thời gian chờ lâu" in html
    assert page(office, first).status_code == 200

    gone = office.issue("C")
    office.post(f"/api/tickets/{gone['id']}/cancel", "supervisor")
    assert 'id="status">Đã hủy<' in page(office, gone).text
    missed = office.issue("B")
    office.sign_in(1)
    office.act(1, "call-next")
    office.act(1, "no-show")
    html = page(office, missed).text
    assert 'id="status">Vắng mặt<' in html and "Xin liên hệ cán bộ tại quầy" in html


def test_wrong_or_missing_code_reads_as_no_ticket(office: Office) -> None:
    ticket = office.issue("A")
    other = office.issue("A")
    nothing = requests.get(f"{office.url}/t/999999", params={"c": "ABCDEFGH"}, timeout=TIMEOUT)
    assert nothing.status_code == 404 and "Không tìm thấy phiếu" in nothing.text and "Ticket not found" in nothing.text
    for code in (other["public_code"], "", "x" * 5000, ticket["public_code"][:-1]):
        response = page(office, ticket, code)
        assert response.status_code == 404 and response.text == nothing.text
    assert requests.get(f"{office.url}/t/{ticket['id']}", timeout=TIMEOUT).status_code == 404
    # Lower case and stray spaces (typed from the slip) still open it.
    assert page(office, ticket, f" {ticket['public_code'].lower()} ").status_code == 200


@pytest.mark.parametrize("junk", ["abc", "-1", "0", "1.5", "99999999999999999999999", "%F0%9F%98%80", "1e3"])
def test_junk_ids_are_404_not_500(office: Office, junk: str) -> None:
    office.issue("A")
    response = requests.get(f"{office.url}/t/{junk}", params={"c": "x"}, timeout=TIMEOUT)
    assert response.status_code == 404
    response = requests.post(f"{office.url}/t/{junk}/rating", params={"c": "x"}, json={"level": 1}, timeout=TIMEOUT)
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_a_page_shows_no_other_tickets_code(office: Office) -> None:
    tickets = [office.issue(s) for s in "AABBC"]
    for ticket in tickets:
        html = page(office, ticket).text
        assert [t["public_code"] for t in tickets if t["public_code"] in html] == [ticket["public_code"]]


def test_rate_once_through_the_page_form(office: Office) -> None:
    waiting = office.issue("B")
    response = rate(office, waiting, data={"level": "1"})
    assert response.status_code == 409
    assert 'id="message">Vé B001 chưa được phục vụ xong nên chưa thể đánh giá<' in response.text

    ticket = served(office)
    response = rate(office, ticket, data={"level": "1", "reasons": ["long_wait", "attitude"], "dossier_code": ""})
    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{ticket['id']}?c={ticket['public_code']}&lang=vi"
    stored = office.ticket(ticket['id'])["rating"]
    assert stored["level"] == 1 and stored["reasons"] == ["attitude", "long_wait"] and stored["counter"] == 2
    assert stored["dossier_code"] is None
    html = page(office, ticket).text
    assert 'id="rating"' not in html and "Cảm ơn ông/bà đã đánh giá: Không hài lòng" in html
    assert "Thank you for your rating: Not satisfied" in page(office, ticket, lang="en").text

    again = rate(office, ticket, data={"level": "1"})
    assert again.status_code == 409 and "đã được đánh giá" in again.text
    assert rate(office, ticket, "WRONGCOD", data={"level": "1"}).status_code == 404
    # The rating's event names the page as its device.
    assert office.ticket(ticket['id'])["rating"]["level"] == 1


def test_rate_with_json_like_the_api(office: Office) -> None:
    ticket = served(office)
    assert rate(office, office.issue("A"), json={"level": 1}).json()["error"] == "not_served"
    response = rate(office, ticket, json={"level": 1, "dossier_code": "000.00.00.H42-261127-0001"})
    assert response.status_code == 201
    assert response.json()["level"] == 1 and response.json()["dossier_code"] == "000.00.00.H42-261127-0001"
    again = rate(office, ticket, json={"level": 2})
    assert again.status_code == 409 and again.json()["error"] == "already_rated"
    assert rate(office, ticket, "", json={"level": 2}).status_code == 404
    events = sqlite3.connect(office.data / DATABASE_NAME).execute(
        "SELECT device FROM events WHERE type = 'rating.created'"
    ).fetchall()
    assert events == [(PUBLIC_DEVICE,)]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"json": {"level": "many"}},
        {"json": {"level": 9}},
        {"json": {"level": 1, "reasons": ["nope"]}},
        {"json": {"level": 1, "extra": True}},
        {"json": [1, 2]},
        {"json": None},
        {"data": b"\xff\xfe{", "headers": {"Content-Type": "application/json"}},
        {"data": b"level=1", "headers": {"Content-Type": "text/plain"}},
        {"data": {"level": "x"}},
        {"data": {}},
        {"data": b"level=1&reasons=%FF", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
    ],
)
def test_junk_ratings_are_4xx_and_store_nothing(office: Office, kwargs: dict[str, Any]) -> None:
    ticket = served(office)
    response = rate(office, ticket, **kwargs)
    assert 400 <= response.status_code < 500, response.text
    assert office.ticket(ticket['id'])["rating"] is None


def test_migration_gives_existing_tickets_a_code(tmp_path: Path) -> None:
    data = tmp_path / "office"
    prepare_data(data)
    path = data / DATABASE_NAME
    db = Database(sqlite3.connect(path, isolation_level=None))
    migrations.apply(db, stop_before="m006_ticket_public_code")
    for seq in (1, 2):
        db.execute(
            "INSERT INTO tickets (day, service, original_service, seq, label, status, issued_at, queue_key, "
            "waiting_ahead, estimated_wait_s) VALUES ('2026-11-26', 'A', 'A', ?, ?, 'done', ?, ?, 0, 60)",
            (seq, f"A00{seq}", MORNING - 86400, MORNING - 86400),
        )
    db.conn.close()
    store = Store(path, load_config(data / CONFIG_NAME).office, FakeClock())
    try:
        codes = [store.tickets.public_code(i) for i in (1, 2)]
        assert len(set(codes)) == 2 and all(len(c) == CODE_LENGTH for c in codes)
        assert store.public.ticket(1, codes[0])["number"] == "A001"
    finally:
        store.close()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def test_the_page_on_a_phone_in_chromium(office: Office, tmp_path: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    for _ in range(3):
        office.issue("A")
    waiting = office.issue("A")
    ticket = served(office, "B", 1)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=412,915", "--hide-scrollbars"):
        options.add_argument(flag)
    phone = {"width": 412, "height": 915, "pixelRatio": 2}
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": phone})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.get(f"{office.url}/t/{waiting['id']}?c={waiting['public_code']}")
        assert driver.find_element(By.ID, "number").text == "A004"
        assert driver.find_element(By.ID, "status").text == "Đang chờ"
        # Nothing wider than the phone: no sideways scrolling.
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 412
        assert driver.save_screenshot(str(out / "ticket-page.png"))
        driver.find_element(By.ID, "language").click()
        assert driver.find_element(By.ID, "status").text == "Waiting"

        driver.get(f"{office.url}/t/{ticket['id']}?c={ticket['public_code']}")
        assert driver.find_element(By.ID, "status").text == "Hoàn thành"
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 412
        assert driver.save_screenshot(str(out / "ticket-page-rate.png"))
        driver.find_element(By.CSS_SELECTOR, 'button[name="level"][value="2"]').click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "note"))
        assert "Cảm ơn ông/bà đã đánh giá: Hài lòng" in driver.find_element(By.ID, "note").text
        assert driver.find_elements(By.ID, "rating") == []
    finally:
        driver.quit()
    assert office.ticket(ticket['id'])["rating"]["level"] == 2


def test_the_code_never_reaches_the_event_stream_or_the_state(office: Office) -> None:
    import json

    from websockets.sync.client import connect

    with connect(f"{office.ws_url}?token={office.tokens['display']}") as ws:
        next_event(ws)
        issued = office.issue("A")
        event = next_event(ws)
    assert issued["public_code"]  # the issuing kiosk gets it, to print it
    assert issued["public_code"] not in json.dumps(event)
    state = office.get("/api/state", device="display").text
    assert issued["public_code"] not in state
    assert "public_code" not in office.get(f"/api/tickets/{issued['id']}", device="display").json()


def test_the_wait_range_and_the_lunch_break_on_a_phone(office: Office, tmp_path: Path) -> None:
    """The estimator's range while she waits, the lunch break while the counters are out; 360x640, both languages."""
    from selenium.webdriver.common.by import By

    from hardware.slip import wait_range_minutes
    from tests.helpers.chromium import chromium

    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    done = served(office, "A", 2)  # signs counter 2 in
    office.sign_in(1)
    for _ in range(6):
        office.issue("B")
    mine = office.issue("B")
    office.clock.advance(10)
    office.settle_estimates()
    html = page(office, mine).text
    assert f'<meta http-equiv="refresh" content="{REFRESH_S}">' in html  # no script: it reloads itself
    wait = office.get(f"/api/tickets/{mine['id']}").json()
    state = office.get("/api/state", "supervisor").json()
    now = state["estimates"]["tickets"][str(mine["id"])]
    low, high = wait_range_minutes(0, now["low_s"], now["high_s"])
    assert 0 < low < high and wait["estimated_low_s"] is not None
    assert f"<b>Khoảng {low}–\u2060{high}\u00a0phút</b>" in html  # kept on one line on a phone
    driver = chromium(360, 640)
    try:
        url = f"{office.url}/t/{mine['id']}?c={mine['public_code']}"
        for lang in ("vi", "en"):
            driver.get(f"{url}&lang={lang}")
            fact = driver.find_element(By.CSS_SELECTOR, '[data-fact="wait"] b').text
            fact = fact.replace("\u2060", "").replace("\u00a0", " ")
            assert fact == (f"Khoảng {low}–{high} phút" if lang == "vi" else f"About {low}–{high} min")
            assert driver.execute_script("return document.documentElement.scrollWidth") <= 360
            assert driver.save_screenshot(str(out / f"ticket-page-range-{lang}-360x640.png"))

        office.clock.advance(3 * 3600 + 35 * 60)  # 11:35: both clerks of B at lunch
        for counter in (1, 2):
            assert office.act(counter, "pause", reason="Nghỉ trưa").status_code == 200
        office.clock.advance(10)
        office.settle_estimates()
        for lang, words in (("vi", "Bộ phận nghỉ trưa đến 13:30"), ("en", "Closed for lunch until 13:30")):
            driver.get(f"{url}&lang={lang}")
            assert driver.find_element(By.ID, "closed").text == words
            assert driver.execute_script("return document.documentElement.scrollWidth") <= 360
            assert driver.save_screenshot(str(out / f"ticket-page-lunch-{lang}-360x640.png"))
    finally:
        driver.quit()
    assert "http-equiv" not in page(office, done).text  # the rating form does not reload under her finger
