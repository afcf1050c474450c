"""GET /admin: the admin screens' web page, served without a token, holding nothing until sign-in."""

from __future__ import annotations

from tests.helpers.office import Office


def test_the_page_and_its_files(office: Office) -> None:
    page = office.get("/admin", None)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    assert 'id="sign-in"' in page.text and "Đăng nhập quản trị" in page.text and "UBND xã Kỳ Sơn" in page.text
    script = office.get("/admin/admin.js", None)
    assert script.status_code == 200 and "/api/admin/sign-in" in script.text
    assert "innerHTML" not in script.text  # the DOM is built with textContent only
    assert office.get("/admin/admin.css", None).status_code == 200
    missing = office.get("/admin/secrets.txt", None)
    assert missing.status_code == 404 and missing.json()["message_vi"]


def test_the_page_is_not_on_the_citizens_listener(office: Office) -> None:
    from server.public_app import PUBLIC_ROUTERS

    paths = {route.path for module in PUBLIC_ROUTERS for route in module.router.routes}  # type: ignore[attr-defined]
    assert paths and not {p for p in paths if p.startswith("/admin") or p.startswith("/api/admin")}


def test_an_administrator_changes_a_service_in_the_browser(office: Office) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.helpers.chromium import chromium

    browser = chromium(1366, 768)
    try:
        browser.get(f"{office.url}/admin")
        browser.find_element(By.NAME, "username").send_keys("lan")
        browser.find_element(By.NAME, "pin").send_keys("246810")
        browser.find_element(By.CSS_SELECTOR, "#sign-in button[type=submit]").click()
        wait = WebDriverWait(browser, 10)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tab-services tbody tr"))
        row = browser.find_elements(By.CSS_SELECTOR, "#tab-services tbody tr")[1]
        name = row.find_element(By.CSS_SELECTOR, "td.name input")
        name.clear()
        name.send_keys("Chung thuc ban sao")  # typed without accents: the driver's keyboard is ASCII
        browser.find_element(By.CSS_SELECTOR, "#tab-services button.primary").click()
        wait.until(lambda d: d.find_element(By.ID, "banner").get_attribute("class") == "ok")
        assert "phiên bản 2" in browser.find_element(By.ID, "banner").text
        assert office.get("/api/state").json()["services"][1]["name_vi"] == "Chung thuc ban sao"
        browser.find_element(By.ID, "lang").click()
        assert browser.find_element(By.CSS_SELECTOR, "[data-tab=services]").text == "Services"
    finally:
        browser.quit()


def test_priority_rating_hours_colour_and_closed_in_the_browser(office: Office) -> None:
    """Every part of the configuration the issue lists has its control on the page; each saves live."""
    import os
    from pathlib import Path

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.helpers.chromium import chromium

    shots = Path(os.environ.get("ONESTOP_SHOTS", "/tmp/onestop-shots"))
    shots.mkdir(parents=True, exist_ok=True)
    browser = chromium(1366, 768)
    wait = WebDriverWait(browser, 10)

    def save(tab: str) -> None:
        button = browser.find_element(By.CSS_SELECTOR, f"#tab-{tab} button.primary")
        browser.execute_script("arguments[0].scrollIntoView()", button)
        button.click()
        wait.until(lambda d: d.find_element(By.ID, "banner").get_attribute("class") in ("ok", "error"))
        assert browser.find_element(By.ID, "banner").get_attribute("class") == "ok", browser.find_element(
            By.ID, "banner").text  # fmt: skip
        browser.execute_script("document.getElementById('banner').className = ''")

    try:
        browser.get(f"{office.url}/admin")
        browser.find_element(By.NAME, "username").send_keys("lan")
        browser.find_element(By.NAME, "pin").send_keys("246810")
        browser.find_element(By.CSS_SELECTOR, "#sign-in button[type=submit]").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tab-services tbody tr"))
        # A service's colour: the first row leaves "automatic" and takes the picker's colour.
        first = browser.find_elements(By.CSS_SELECTOR, "#tab-services tbody tr")[0]
        first.find_element(By.CSS_SELECTOR, "td.colour input[type=checkbox]").click()
        assert browser.save_screenshot(str(shots / "admin-web-services-1366x768.png"))
        save("services")
        # A counter closed.
        browser.find_element(By.CSS_SELECTOR, "[data-tab=counters]").click()
        row = browser.find_elements(By.CSS_SELECTOR, "#tab-counters tbody tr")[2]
        row.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
        save("counters")
        # Priority groups, the rule, rating levels and reasons.
        browser.find_element(By.CSS_SELECTOR, "[data-tab=priority]").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tab-priority select"))
        browser.find_element(By.CSS_SELECTOR, "#tab-priority select option[value=interleave]").click()
        tables = browser.find_elements(By.CSS_SELECTOR, "#tab-priority table")
        assert len(tables) == 3
        tables[0].find_elements(By.CSS_SELECTOR, "button.danger")[-1].click()  # the 5th group goes
        tables = browser.find_elements(By.CSS_SELECTOR, "#tab-priority table")
        label = tables[2].find_elements(By.CSS_SELECTOR, "tbody tr")[0].find_elements(By.TAG_NAME, "input")[1]
        label.clear()
        label.send_keys("Thai do chua tot")
        assert browser.save_screenshot(str(shots / "admin-web-priority-1366x768.png"))
        save("priority")
        # Opening hours: Saturday mornings.
        browser.find_element(By.CSS_SELECTOR, "[data-tab=office]").click()
        hours = browser.find_elements(By.CSS_SELECTOR, "#tab-office .grid2")[1]
        saturday = hours.find_elements(By.TAG_NAME, "input")[1]
        saturday.send_keys("07:30-11:30")
        assert browser.save_screenshot(str(shots / "admin-web-office-1366x768.png"))
        save("office")
        document = office.get("/api/admin/config", "admin").json()["document"]
        assert document["services"][0]["colour"] == "#1565c0" and document["counters"][2]["closed"] is True
        assert document["priority"]["strategy"] == "interleave" and len(document["priority"]["groups"]) == 4
        assert document["rating"]["reasons"][0]["label_vi"] == "Thai do chua tot"
        assert document["hours"]["saturday"] == ["07:30-11:30"]
        # A mistake: bilingual, and nothing saved.
        browser.find_element(By.CSS_SELECTOR, "[data-tab=priority]").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tab-priority table"))
        every = browser.find_elements(By.CSS_SELECTOR, "#tab-priority input[type=number]")[0]
        every.clear()
        every.send_keys("0")
        browser.find_element(By.CSS_SELECTOR, "#tab-priority button.primary").click()
        wait.until(lambda d: d.find_element(By.ID, "banner").get_attribute("class") == "error")
        banner = browser.find_element(By.ID, "banner").text
        assert "priority.every" in banner and "phải là số" in banner
        assert office.get("/api/admin/config", "admin").json()["version"] == 5
    finally:
        browser.quit()
