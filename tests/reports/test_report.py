"""`onestop report` in all three formats: the totals equal the API's for the same days."""

import csv
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from onestop.cli import main
from tests.helpers.office import Office

DAY = "2026-11-27"


@pytest.fixture
def played(office: Office) -> Office:
    """A small morning: served, rated, a no-show, a cancel, one still waiting."""
    office.sign_in(1)
    office.sign_in(3)
    for service in ("B", "B", "A", "C", "C"):
        office.issue(service)
        office.clock.advance(60)
    for counter in (1, 1, 3):
        ticket = office.act(counter, "call-next").json()["ticket"]
        office.clock.advance(240)
        office.act(counter, "finish")
        office.post(f"/api/tickets/{ticket['id']}/rating", f"rating{counter}", json={"level": 3 if counter == 1 else 1})
    office.act(1, "call-next")
    office.act(1, "no-show")
    office.post("/api/tickets/5/cancel", "supervisor")
    office.issue("F")
    for use in ("looked-up", "looked-up", "checklist-printed"):
        office.post(f"/api/procedures/1.000894/{use}")
    office.post("/api/procedures/2.000884/looked-up")
    return office


def report(office: Office, out: Path, *extra: str) -> int:
    return main(["report", "--data", str(office.data), "--from", DAY, "--to", DAY, "--out", str(out), *extra])


def test_csv_totals_equal_the_api(played: Office, tmp_path: Path) -> None:
    api = played.get(f"/api/stats?from={DAY}&to={DAY}", "supervisor").json()
    out = tmp_path / "r.csv"
    assert report(played, out) == 0
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    totals = next(r for r in rows if r["group"] == "totals")
    for key, value in api["totals"].items():
        if key in ("ratings_by_level", "wait_histogram", "open_s", "busy_s", "utilisation", "served_per_counter_hour"):
            continue  # open time runs to "now", which the report and the API read at different moments
        assert totals[key] == ("" if value is None else str(value)), key
    assert (totals["issued"], totals["served"], totals["no_show"], totals["cancelled"], totals["waiting"]) == (
        "6", "3", "1", "1", "1",
    )  # fmt: skip
    services = {r["key"]: r for r in rows if r["group"] == "service"}
    assert {k: int(r["issued"]) for k, r in services.items()} == {s["service"]: s["issued"] for s in api["by_service"]}
    assert [r["key"] for r in rows if r["group"] == "clerk"] == ["clerk1", "clerk3"]
    assert (totals["procedures_looked_up"], totals["checklists_printed"]) == ("3", "1")
    assert [
        (r["key"], r["procedures_looked_up"], r["checklists_printed"]) for r in rows if r["group"] == "procedure"
    ] == [
        ("1.000894", "2", "1"),
        ("2.000884", "1", "0"),
    ]
    assert [(r["key"], r["procedures_looked_up"]) for r in rows if r["group"] == "procedure_day"] == [(DAY, "3")]
    assert api["procedures"]["looked_up"] == 3
    # The report only reads: F001 still waits (no day roll-over by the report's own clock).
    after = played.get(f"/api/stats?from={DAY}&to={DAY}", "supervisor").json()["totals"]
    assert (after["waiting"], after["cancelled"]) == (1, 1)


def test_xlsx_has_totals_and_a_sheet_per_group(played: Office, tmp_path: Path) -> None:
    api = played.get(f"/api/stats?from={DAY}&to={DAY}", "supervisor").json()["totals"]
    out = tmp_path / "r.xlsx"
    assert report(played, out) == 0
    book = load_workbook(out)
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo lĩnh vực",
        "Theo quầy",
        "Theo cán bộ",
        "Theo ngày",
        "Thủ tục được tra cứu",
        "Tra cứu thủ tục theo ngày",
        "Lịch hẹn",
        "Lịch hẹn theo ngày",
    ]
    looked_up = list(book["Thủ tục được tra cứu"].iter_rows(values_only=True))
    assert looked_up == [
        ("Thủ tục", "Lượt tra cứu", "Phiếu giấy tờ đã in"),
        ("1.000894 – Đăng ký kết hôn", 2, 1),
        ("2.000884 – Chứng thực chữ ký trong các giấy tờ, văn bản", 1, 0),
    ]
    figures = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=6, values_only=True)}
    assert figures["Số phát"] == api["issued"] and figures["Đã phục vụ"] == api["served"]
    assert figures["Hài lòng %"] == api["satisfaction_rate"] == pytest.approx(66.7)
    assert figures["Chờ TB (phút)"] == round(api["wait_mean_s"] / 60, 1)
    clerks = [row[0] for row in book["Theo cán bộ"].iter_rows(min_row=2, values_only=True)]
    assert clerks == ["Cán bộ 1", "Cán bộ 3"]


def test_pdf_is_a_pdf_with_the_office_in_vietnamese(played: Office, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    assert report(played, out, "--format", "pdf") == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"DejaVu" in data
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True)
    if text.returncode == 0:  # poppler-utils (scripts/bootstrap installs it)
        assert "BÁO CÁO TÌNH HÌNH PHỤC VỤ" in text.stdout and "Đất đai – Xây dựng" in text.stdout
        assert "Thủ tục được tra cứu" in text.stdout and "1.000894 – Đăng ký kết hôn" in text.stdout


def test_mistakes_are_one_line(played: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        (["--from", "2026-11-28", "--to", DAY, "--out", str(tmp_path / "x.csv")], "after --to"),
        (["--from", "27/11/2026", "--to", DAY, "--out", str(tmp_path / "x.csv")], "YYYY-MM-DD"),
        (["--from", DAY, "--to", DAY, "--out", str(tmp_path / "x.doc")], "--format"),
        (["--from", DAY, "--to", DAY, "--out", str(tmp_path / "no" / "x.csv")], "does not exist"),
    ]
    for args, words in cases:
        assert main(["report", "--data", str(played.data), *args]) == 2
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1, err
    assert main(["report", "--data", str(tmp_path), "--from", DAY, "--to", DAY, "--out", str(tmp_path / "y.csv")]) == 2
    assert "office.toml" in capsys.readouterr().err


def test_a_long_range_reads_month_by_month(played: Office, tmp_path: Path) -> None:
    # (tqdm draws its bar only on a terminal; here stderr is not one.)
    out = tmp_path / "year.csv"
    code = main(["report", "--data", str(played.data), "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(out)])
    assert code == 0
    with out.open(encoding="utf-8-sig") as f:
        totals = next(r for r in csv.DictReader(f) if r["group"] == "totals")
    assert totals["issued"] == "6"


def test_appointments_kept_missed_and_on_time_in_every_format(office: Office, tmp_path: Path) -> None:
    """Three booked for 08:30: one checks in and is called at 08:30 (kept, on time), one never comes
    (missed once 08:45 has passed), one is cancelled; the report says so as the API does."""
    assert office.server is not None
    running = office.server.office
    slot = office.clock() + 30 * 60
    codes = [running.call_blocking(running.store.bookings.book, "A", slot, "Lê Văn Cường", phone)["code"]
             for phone in ("0911111111", "0922222222")]  # fmt: skip
    later = running.call_blocking(running.store.bookings.book, "A", slot + 1800, "Trần Thị Bình", "0933333333")
    running.call_blocking(running.store.bookings.cancel, later["code"])
    office.post("/api/bookings/check-in", json={"code": codes[0]})
    office.sign_in(2)  # A first
    office.clock.advance(30 * 60)
    assert office.act(2, "call-next").json()["ticket"]["booked_slot"]
    office.clock.advance(20 * 60)  # 08:50: the other's window closed
    api = office.get(f"/api/stats?from={DAY}&to={DAY}", "supervisor").json()["appointments"]
    assert api == {"booked": 2, "checked_in": 1, "missed": 1, "cancelled": 1, "waiting": 0, "on_time": 1}

    out = tmp_path / "r.csv"
    assert main(["report", "--data", str(office.data), "--from", DAY, "--to", DAY, "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    totals = next(r for r in rows if r["group"] == "totals")
    assert {k: int(totals[f"appointments_{k}"]) for k in api} == api
    days = [r for r in rows if r["group"] == "appointment_day"]
    assert [(r["key"], r["appointments_checked_in"], r["appointments_missed"]) for r in days] == [(DAY, "1", "1")]

    out = tmp_path / "r.xlsx"
    assert main(["report", "--data", str(office.data), "--from", DAY, "--to", DAY, "--out", str(out)]) == 0
    book = load_workbook(out)
    figures = dict(book["Lịch hẹn"].iter_rows(min_row=2, values_only=True))
    assert (figures["Lịch hẹn đã đặt"], figures["Đã đến (giữ hẹn)"], figures["Không đến"]) == (2, 1, 1)
    assert figures["Được gọi đúng giờ"] == 1 and figures["Đã hủy"] == 1
    assert list(book["Lịch hẹn theo ngày"].iter_rows(min_row=2, values_only=True)) == [(DAY, 2, 1, 1, 1, 1, 0)]

    out = tmp_path / "r.pdf"
    assert main(["report", "--data", str(office.data), "--from", DAY, "--to", DAY, "--out", str(out),
                 "--format", "pdf", "--lang", "en"]) == 0  # fmt: skip
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Appointments by day" in text and "Kept (checked in)" in text and "Called on time" in text
