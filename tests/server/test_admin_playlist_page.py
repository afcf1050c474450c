"""The /admin page's lobby playlist tab in headless Chromium: upload a poster from a file, add a text, set a
duration and hours, reorder, delete — each through the admin API, each seen by the display's read."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.chromium import chromium
from tests.helpers.media import png_bytes
from tests.helpers.office import Office


def test_an_administrator_runs_the_playlist_in_the_browser(office: Office, tmp_path: Path) -> None:
    poster = tmp_path / "ap-phich.png"
    poster.write_bytes(png_bytes(320, 180, (30, 120, 200)))
    browser = chromium(1366, 768)
    try:
        browser.get(f"{office.url}/admin")
        browser.find_element(By.NAME, "username").send_keys("lan")
        browser.find_element(By.NAME, "pin").send_keys("246810")
        browser.find_element(By.CSS_SELECTOR, "#sign-in button[type=submit]").click()
        wait = WebDriverWait(browser, 10)
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-tab=playlist]").is_displayed())
        browser.find_element(By.CSS_SELECTOR, "[data-tab=playlist]").click()
        wait.until(lambda d: d.find_elements(By.ID, "playlist-file"))
        browser.find_element(By.ID, "playlist-file").send_keys(str(poster))
        browser.find_element(By.CSS_SELECTOR, "#tab-playlist form button.primary").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#playlist tbody tr")) == 1)
        text_form = browser.find_elements(By.CSS_SELECTOR, "#tab-playlist form")[1]
        text_form.find_element(By.NAME, "vi").send_keys("Tiep nhan ho so truc tuyen")
        text_form.find_element(By.CSS_SELECTOR, "button").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#playlist tbody tr")) == 2)
        items = office.get("/api/playlist", "display").json()["items"]
        assert [i["kind"] for i in items] == ["image", "text"] and items[0]["title"] == "ap-phich.png"

        first = browser.find_elements(By.CSS_SELECTOR, "#playlist tbody tr")[0]
        seconds = first.find_element(By.CSS_SELECTOR, "td.num input")
        seconds.clear()
        seconds.send_keys("15")
        first.find_element(By.CSS_SELECTOR, "button.save").click()
        wait.until(lambda d: office.get("/api/playlist", "display").json()["items"][0]["duration_s"] == 15)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#playlist tbody tr img.thumb"))
        width = "return document.querySelector('#playlist img.thumb').naturalWidth"
        wait.until(lambda d: d.execute_script(width) == 320)
        browser.save_screenshot(str(tmp_path / "admin-playlist.png"))
        # The text first: ▲ on the second row.
        second = browser.find_elements(By.CSS_SELECTOR, "#playlist tbody tr")[1]
        second.find_element(By.CSS_SELECTOR, "td button").click()
        wait.until(lambda d: office.get("/api/playlist", "display").json()["items"][0]["kind"] == "text")
        browser.find_element(By.ID, "lang").click()
        assert browser.find_element(By.CSS_SELECTOR, "[data-tab=playlist]").text == "Lobby playlist"
    finally:
        browser.quit()
