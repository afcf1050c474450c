"""The procedure catalogue for citizens (/thu-tuc): no token, searchable as at the kiosk, phone-sized, printable.

Looked at in headless Chromium at a phone's 360x640 and a computer's 1280x900; the pictures go to
$ONESTOP_SCREENSHOTS (docs/screenshots) or a temporary folder.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.common.by import By

from kiosk.slips import checklist_qr
from onestop.cli import main
from tests.helpers.chromium import chromium
from tests.helpers.office import Office


def page(office: Office, path: str) -> requests.Response:
    return requests.get(office.url + path, timeout=10)


def names(html: str) -> list[str]:
    return re.findall(r'<div class="name">(.*?)</div>', html)


def test_browse_the_fields_without_a_token(office: Office) -> None:
    answer = page(office, "/thu-tuc")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert answer.headers["cache-control"] == "no-cache"
    html = answer.text
    assert "<h1>Thủ tục hành chính</h1>" in html
    assert "Lĩnh vực · 13 thủ tục" in html
    assert re.findall(r'<li><a href="[^"]*">([^<]*)<span>(\d+) thủ tục</span>', html) == [
        ("Hộ tịch", "5"),
        ("Chứng thực", "3"),
        ("Đất đai", "1"),
        ("Bảo trợ xã hội", "2"),
        ("Thành lập và hoạt động của hộ kinh doanh", "2"),
    ]
    assert "Danh mục cập nhật lúc 08:00 27/11/2026" in html


@pytest.mark.parametrize(
    "query, first",
    [
        ("ket+hon", "Đăng ký kết hôn"),
        ("k%E1%BA%BFt+h%C3%B4n", "Đăng ký kết hôn"),  # kết hôn
        ("khai+sihn", "Đăng ký khai sinh"),
        ("chung+thuc+ban+sao", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
    ],
)
def test_search_as_at_the_kiosk(office: Office, query: str, first: str) -> None:
    html = page(office, f"/thu-tuc?q={query}").text
    assert names(html)[0].startswith(first)


def test_a_field_narrows_and_keeps_the_search(office: Office) -> None:
    html = page(office, "/thu-tuc?linh-vuc=Ch%E1%BB%A9ng+th%E1%BB%B1c").text
    assert "3 thủ tục trong lĩnh vực Chứng thực" in html and len(names(html)) == 3
    html = page(office, "/thu-tuc?q=chu+ky&linh-vuc=Ch%E1%BB%A9ng+th%E1%BB%B1c").text
    assert names(html) == ["Chứng thực chữ ký trong các giấy tờ, văn bản"]
    assert 'href="/thu-tuc?q=chu+ky&amp;linh-vuc=%C4%90%E1%BA%A5t+%C4%91ai"' in html  # another field, same words
    assert "Tìm thấy 1 thủ tục cho “chu ky” trong lĩnh vực Chứng thực" in html
    # A field the catalogue does not have is ignored, not an error.
    assert "Lĩnh vực · 13 thủ tục" in page(office, "/thu-tuc?linh-vuc=Kh%C3%B4ng").text


def test_nothing_found_says_what_to_do(office: Office) -> None:
    html = page(office, "/thu-tuc?q=qqqq").text
    assert "Không tìm thấy thủ tục nào" in html and names(html) == []


def test_english(office: Office) -> None:
    html = page(office, "/thu-tuc?q=marriage&lang=en").text
    assert "<h1>Administrative procedures</h1>" in html and names(html) == ["Marriage registration"]
    assert 'href="/thu-tuc/1.000894?lang=en"' in html
    one = page(office, "/thu-tuc/1.000894?lang=en").text
    assert '<h1 id="name">Marriage registration</h1>' in one
    assert "Official name: Đăng ký kết hôn" in one
    assert '<span class="terms">1 original</span>' in one
    assert "At the one-stop office&#39;s kiosk, choose A – Justice – civil status" in one


def test_a_procedures_page(office: Office) -> None:
    html = page(office, "/thu-tuc/1.000894").text
    assert '<h1 id="name">Đăng ký kết hôn</h1>' in html
    assert '<p class="about" id="about">Hộ tịch · Cấp xã · Mã 1.000894</p>' in html
    assert re.findall(r'<span class="paper">(.*?)</span><span class="terms">(.*?)</span>', html) == [
        ("Tờ khai đăng ký kết hôn (theo mẫu; hai bên có thể khai chung một tờ)", "1 bản chính"),
        ("Giấy xác nhận tình trạng hôn nhân (khi một bên không thường trú tại xã)", "1 bản chính"),
        ("Giấy tờ tùy thân có ảnh của cả hai bên nam, nữ", "Xuất trình bản chính"),
    ]
    facts = dict(re.findall(r'<dd data-fact="(\w+)">(.*?)</dd>', html))
    assert facts["fee"] == "Miễn lệ phí (công dân Việt Nam cư trú trong nước)"
    assert facts["ticket"] == "Tại kiosk của Bộ phận Một cửa, chọn lĩnh vực A – Tư pháp – Hộ tịch"
    assert "Dữ liệu mẫu (sample data)" in html  # the sample catalogue says what it is
    # Not published: the page says to ask, it does not guess.
    unknown = page(office, "/thu-tuc/XKS-HT-04").text
    assert '<dd data-fact="fee">Xin hỏi cán bộ tại quầy</dd>' in unknown


def test_the_qr_on_a_printed_checklist_opens_the_procedure(office: Office) -> None:
    url = checklist_qr("{server}/thu-tuc/{code}", office.url, "1.000894")
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200 and '<h1 id="name">Đăng ký kết hôn</h1>' in answer.text


@pytest.mark.parametrize("path", ["/thu-tuc/9.999999", "/thu-tuc/a%20b", "/thu-tuc/" + "x" * 41])
def test_an_unknown_procedure_is_404_in_both_languages(office: Office, path: str) -> None:
    answer = page(office, path)
    assert answer.status_code == 404
    assert "Không tìm thấy thủ tục" in answer.text and "Procedure not found" in answer.text


def test_what_the_office_imported_is_escaped(office: Office, tmp_path: Path) -> None:
    file = tmp_path / "x.csv"
    with file.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(
            [
                ["code", "name", "field", "level", "papers", "portal_url"],
                ["X1", "<script>alert(1)</script>", "<b>Hộ tịch</b>", "xã", 'Tờ "khai" | 1', "https://a.vn/?x=<1>"],
            ]
        )
    assert main(["procedures", "import", "--data", str(office.data), str(file)]) == 0
    for path in ("/thu-tuc?q=script", "/thu-tuc/X1"):
        html = page(office, path).text
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>Hộ tịch</b>" not in html
    assert 'href="https://a.vn/?x=&lt;1&gt;"' in page(office, "/thu-tuc/X1").text


# -- looked at in Chromium -------------------------------------------------------------------


@pytest.fixture(params=[(360, 640), (1280, 900)], ids=["phone", "computer"])
def browser(request: pytest.FixtureRequest) -> Iterator[tuple[webdriver.Chrome, str]]:
    width, height = request.param
    driver = chromium(width, height, "--hide-scrollbars")
    yield driver, "phone" if width < 500 else "computer"
    driver.quit()


def test_the_pages_in_chromium(office: Office, browser: tuple[webdriver.Chrome, str], tmp_path: Path) -> None:
    driver, kind = browser
    out = Path(os.environ.get("ONESTOP_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    width = driver.execute_script("return window.innerWidth")

    def shot(name: str) -> None:
        # Nothing wider than the window: no sideways scrolling on a phone.
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width, name
        assert driver.save_screenshot(str(out / f"catalogue-{name}-{kind}.png"))

    driver.get(f"{office.url}/thu-tuc")
    shot("fields")
    box = driver.find_element(By.ID, "q")
    box.send_keys("ket hon")
    box.submit()
    assert driver.find_element(By.CSS_SELECTOR, "#results .name").text == "Đăng ký kết hôn"
    shot("search")
    driver.find_element(By.CSS_SELECTOR, "#results a").click()
    assert driver.find_element(By.ID, "name").text == "Đăng ký kết hôn"
    shot("procedure")
    driver.find_element(By.ID, "language").click()
    assert driver.find_element(By.ID, "name").text == "Marriage registration"
    shot("procedure-en")
    driver.find_element(By.ID, "back").click()
    assert driver.find_element(By.TAG_NAME, "h1").text == "Administrative procedures"
    shot("fields-en")
