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
