"""The supervisor app's "Quản trị / Admin" tab against the real server: sign in, edit, save, clerks, devices."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.language import Language
from supervisor.admin import AdminSession
from supervisor.admin_tab import AdminTab
from tests.helpers.office import PIN, Office

pytestmark = pytest.mark.gui
WAIT = 5000
SHOTS = Path(os.environ.get("ONESTOP_SHOTS", "/tmp/onestop-shots"))


@pytest.fixture
def tab(qtbot: QtBot, office: Office) -> Iterator[AdminTab]:
    api = ApiClient(office.url, office.tokens["supervisor"])
    widget = AdminTab(AdminSession(api), Language("vi"))
    qtbot.addWidget(widget)
    widget.resize(1920, 1080)
    yield widget


def sign_in(qtbot: QtBot, tab: AdminTab, pin: str = PIN) -> None:
    tab.username.setText("lan")
    tab.pin.setText(pin)
    with qtbot.waitSignal(tab.session.config_loaded, timeout=WAIT):
        qtbot.mouseClick(tab.sign_in_button, Qt.MouseButton.LeftButton)


def grab(tab: AdminTab, name: str, width: int, height: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.resize(width, height)
    assert tab.grab().save(str(SHOTS / f"{name}-{width}x{height}.png"))


def test_a_wrong_pin_is_said_in_both_languages(qtbot: QtBot, tab: AdminTab) -> None:
    tab.username.setText("lan")
    tab.pin.setText("999999")
    with qtbot.waitSignal(tab.session.failed, timeout=WAIT):
        qtbot.mouseClick(tab.sign_in_button, Qt.MouseButton.LeftButton)
    assert "Sai tên đăng nhập" in tab.message.text() and "wrong username" in tab.message.text()
    assert tab.stack.currentIndex() == 0
    grab(tab, "admin-tab-wrong-pin", 1366, 768)


def test_sign_in_edit_a_service_and_save_live(qtbot: QtBot, tab: AdminTab, office: Office) -> None:
    sign_in(qtbot, tab)
    assert tab.stack.currentIndex() == 1 and tab.services.rowCount() == 6
    assert tab.services.item(1, 1).text() == "Chứng thực"
    grab(tab, "admin-tab-services", 1920, 1080)
    grab(tab, "admin-tab-services", 1366, 768)
    tab.services.item(1, 1).setText("Chứng thực bản sao")
    tab.on_add_service_clicked()
    for column, text in enumerate(("g", "Bảo trợ xã hội", "Social protection", "G###", "6", "15")):
        tab.services.item(6, column).setText(text)
    with qtbot.waitSignal(tab.session.done, timeout=WAIT):
        qtbot.mouseClick(tab.save_services, Qt.MouseButton.LeftButton)
    assert "phiên bản 2" in tab.message.text()
    state = office.get("/api/state").json()
    assert [s["code"] for s in state["services"]][-1] == "G" and state["services"][1]["name_vi"] == "Chứng thực bản sao"


def test_a_refusal_shows_the_servers_reason(qtbot: QtBot, tab: AdminTab, office: Office) -> None:
    office.issue("E")
    sign_in(qtbot, tab)
    tab.services.setCurrentCell(4, 0)
    qtbot.mouseClick(tab.remove_service, Qt.MouseButton.LeftButton)
    tab.pages.setCurrentIndex(1)
    tab.counters.item(2, 2).setText("C")
    with qtbot.waitSignal(tab.session.failed, timeout=WAIT):
        qtbot.mouseClick(tab.save_counters, Qt.MouseButton.LeftButton)
    assert "Lĩnh vực E" in tab.message.text() and "ticket(s) waiting" in tab.message.text()
    grab(tab, "admin-tab-refused", 1366, 768)


def test_clerks_and_devices_pages(qtbot: QtBot, tab: AdminTab, office: Office) -> None:
    sign_in(qtbot, tab)
    with qtbot.waitSignal(tab.session.clerks_loaded, timeout=WAIT):
        tab.pages.setCurrentWidget(tab.clerks_page)
    assert tab.clerks.rowCount() == 5
    tab.new_username.setText("hoa")
    tab.new_name.setText("Trần Thị Hoa")
    tab.new_pin.setText("135790")
    with qtbot.waitSignal(tab.session.clerks_loaded, timeout=WAIT):
        qtbot.mouseClick(tab.add_clerk, Qt.MouseButton.LeftButton)
    assert tab.clerks.rowCount() == 6 and tab.clerks.item(4, 1).text() == "Trần Thị Hoa"
    assert office.act(2, "sign-in", username="hoa", pin="135790").status_code == 200
    grab(tab, "admin-tab-clerks", 1920, 1080)
    tab._language.set("en")
    with qtbot.waitSignal(tab.session.devices_loaded, timeout=WAIT):
        tab.pages.setCurrentWidget(tab.devices_page)
    assert tab.devices.rowCount() == 12 and tab.pages.tabText(tab.pages.currentIndex()) == "Devices"
    tab.devices.setCurrentCell(1, 0)
    with qtbot.waitSignal(tab.session.devices_loaded, timeout=WAIT):
        qtbot.mouseClick(tab.revoke_device, Qt.MouseButton.LeftButton)
    assert tab.devices.item(1, 5).text() == "Revoked"
    grab(tab, "admin-tab-devices-en", 1366, 768)
    with qtbot.waitSignal(tab.session.signed_out, timeout=WAIT):
        qtbot.mouseClick(tab.sign_out_button, Qt.MouseButton.LeftButton)
    assert tab.stack.currentIndex() == 0


def test_approve_a_waiting_device(qtbot: QtBot, tab: AdminTab, office: Office) -> None:
    ticket = office.post("/api/pair", None, json={"kind": "counter", "hint": "quay-3-pc"}).json()
    sign_in(qtbot, tab)
    with qtbot.waitSignal(tab.session.pairings_loaded, timeout=WAIT):
        tab.pages.setCurrentWidget(tab.devices_page)
    assert tab.pending.rowCount() == 1 and tab.pending.item(0, 2).text() == "quay-3-pc"
    assert tab.pair_role.currentText() == "counter"
    tab.pair_name.setText("quay3-moi")
    tab.pair_counter.setText("3")
    grab(tab, "admin-tab-pairing", 1920, 1080)
    with qtbot.waitSignal(tab.session.done, timeout=WAIT):
        qtbot.mouseClick(tab.approve_pairing, Qt.MouseButton.LeftButton)
    answer = office.post(f"/api/pair/{ticket['id']}/wait", None, json={"secret": ticket["secret"], "wait_s": 0})
    assert answer.json()["state"] == "approved" and answer.json()["counter"] == 3
    assert answer.json()["token"]


def test_colour_closed_hours_priority_and_rating_save_live(qtbot: QtBot, tab: AdminTab, office: Office) -> None:
    sign_in(qtbot, tab)
    tab.services.item(0, 6).setText("#1565C0")
    tab.pages.setCurrentIndex(1)
    tab.counters.item(2, 3).setCheckState(Qt.CheckState.Checked)
    grab(tab, "admin-tab-counters", 1366, 768)
    tab.pages.setCurrentIndex(2)
    tab.hours["saturday"].setText("07:30-11:30")
    grab(tab, "admin-tab-office", 1366, 768)
    tab.pages.setCurrentWidget(tab.priority)
    page = tab.priority
    assert page.groups.table.rowCount() == 5 and page.levels.table.rowCount() == 3
    page.strategy.setCurrentIndex(page.strategy.findData("interleave"))
    page.every.setText("2")
    page.groups.table.setCurrentCell(4, 0)
    page.groups.on_remove_clicked()
    page.reasons.table.item(0, 1).setText("Thái độ chưa tốt")
    grab(tab, "admin-tab-priority", 1366, 768)
    with qtbot.waitSignal(tab.session.done, timeout=WAIT):
        qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    document = office.get("/api/admin/config", "admin").json()["document"]
    assert document["services"][0]["colour"] == "#1565C0" and document["counters"][2]["closed"] is True
    assert document["hours"]["saturday"] == ["07:30-11:30"] and document["hours"]["weekdays"][0] == "07:30-11:30"
    assert document["priority"] == {"strategy": "interleave", "every": 2, "groups": document["priority"]["groups"]}
    assert [g["code"] for g in document["priority"]["groups"]] == ["elderly", "disabled", "pregnant", "merit"]
    assert document["rating"]["reasons"][0]["label_vi"] == "Thái độ chưa tốt"
    assert len(document["rating"]["levels"]) == 3 and document["rating"]["levels"][2]["negative"] is True
    # A level left without "not satisfied": the server's reason, in both languages; nothing saved.
    page.levels.table.item(2, 3).setCheckState(Qt.CheckState.Unchecked)
    with qtbot.waitSignal(tab.session.failed, timeout=WAIT):
        qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    assert "rating.levels" in tab.message.text()
    assert office.get("/api/admin/config", "admin").json()["version"] == 2


def test_edit_a_procedure(qtbot: QtBot, tab: AdminTab, office: Office) -> None:
    sign_in(qtbot, tab)
    with qtbot.waitSignal(tab.session.procedures_loaded, timeout=WAIT):
        tab.pages.setCurrentWidget(tab.procedures)
    page = tab.procedures
    assert page.pick.count() > 10
    code = page.pick.currentData()
    page.edits["fee"].setText("Miễn phí")
    page.papers.add_row({"name": "Giấy tờ tuỳ thân", "copies": 0, "original": True})
    grab(tab, "admin-tab-procedures", 1366, 768)
    with qtbot.waitSignal(tab.session.procedure_saved, timeout=WAIT):
        qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    stored = office.get(f"/api/procedures/{code}").json()
    assert stored["fee"] == "Miễn phí" and stored["papers"][-1] == {
        "name": "Giấy tờ tuỳ thân", "copies": 0, "original": True}  # fmt: skip
    page.edits["name"].setText("")
    with qtbot.waitSignal(tab.session.failed, timeout=WAIT):
        qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    assert "name" in tab.message.text()


def test_the_lobby_playlist_page(qtbot: QtBot, tab: AdminTab, office: Office, tmp_path: Path) -> None:
    from tests.helpers.media import png_bytes

    sign_in(qtbot, tab)
    page = tab.playlist
    with qtbot.waitSignal(tab.session.playlist_loaded, timeout=WAIT):
        tab.pages.setCurrentWidget(tab.playlist)
    assert page.table.rowCount() == 0
    poster = tmp_path / "ap-phich.png"
    poster.write_bytes(png_bytes(320, 180))
    with qtbot.waitSignal(tab.session.playlist_loaded, timeout=WAIT):
        page.send_file(poster)  # what the file dialog's choice does
    page.text_vi.setText("Tiếp nhận hồ sơ trực tuyến")
    page.text_en.setText("Apply online")
    with qtbot.waitSignal(tab.session.playlist_loaded, timeout=WAIT):
        qtbot.mouseClick(page.add_text, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 2 and page.table.item(0, 1).text() == "ap-phich.png"
    assert page.table.item(1, 1).text() == "Tiếp nhận hồ sơ trực tuyến"
    grab(tab, "admin-tab-playlist", 1920, 1080)
    grab(tab, "admin-tab-playlist", 1366, 768)

    page.table.setCurrentCell(0, 3)
    page.table.item(0, 3).setText("20")
    page.table.item(0, 4).setText("07:30")
    page.table.item(0, 5).setText("11:30")
    with qtbot.waitSignal(tab.session.playlist_loaded, timeout=WAIT):
        qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    item = office.get("/api/playlist", "display").json()["items"][0]
    assert (item["duration_s"], item["show_from"], item["show_to"]) == (20, "07:30", "11:30")

    # A mistake is said in both languages and changes nothing.
    page.table.setCurrentCell(0, 4)
    page.table.item(0, 4).setText("25:00")
    with qtbot.waitSignal(tab.session.failed, timeout=WAIT):
        qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    assert "HH:MM" in tab.message.text() and "Giờ chiếu" in tab.message.text()

    page.table.setCurrentCell(1, 1)
    with qtbot.waitSignal(tab.session.playlist_loaded, timeout=WAIT):
        qtbot.mouseClick(page.up, Qt.MouseButton.LeftButton)
    assert [i["kind"] for i in office.get("/api/playlist", "display").json()["items"]] == ["text", "image"]
    page.table.setCurrentCell(1, 1)
    with qtbot.waitSignal(tab.session.playlist_loaded, timeout=WAIT):
        qtbot.mouseClick(page.delete, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1
    # A file that is not an image or a video: refused by its content.
    fake = tmp_path / "virus.png"
    fake.write_bytes(b"MZ\x90\x00 not a picture")
    with qtbot.waitSignal(tab.session.failed, timeout=WAIT):
        page.send_file(fake)
    assert "PNG" in tab.message.text()
