"""The catalogue file: `onestop procedures import|export`, CSV and XLSX, all or nothing, mistakes by row and column."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from onestop.cli import main
from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.procedures_file import COLUMNS, CatalogueError, parse, read_catalogue, rows_of, sample_catalogue
from server.store import Store

HEADER = ["code", "name", "field", "level", "service", "papers", "fee"]
GOOD = ["1.000894", "Đăng ký kết hôn", "Hộ tịch", "commune", "A", "Tờ khai | 1 | bản chính", "Miễn lệ phí"]


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "office"
    assert main(["init", "--data", str(folder)]) == 0
    capsys.readouterr()
    return folder


def catalogue_of(data: Path) -> list[str]:
    store = Store(data / DATABASE_NAME, load_config(data / CONFIG_NAME).office, time.time, read_only=True)
    try:
        return [p.code for p in store.procedures.all()]
    finally:
        store.close()


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def problems(rows: list[list[object]]) -> list[str]:
    office = load_config(Path(__file__).resolve().parents[2] / "server" / "sample_office.toml").office
    with pytest.raises(CatalogueError) as caught:
        parse([list(r) for r in rows], office, "f.xlsx")
    return caught.value.problems


def test_init_loads_the_sample_catalogue_labelled_as_sample_data(data: Path) -> None:
    codes = catalogue_of(data)
    assert len(codes) == 13 and "1.000894" in codes
    office = load_config(data / CONFIG_NAME).office
    sample = sample_catalogue(office)
    assert all("Dữ liệu mẫu (sample data)" in p.note for p in sample)
    # Five fields of a commune, each procedure mapped to one of the sample office's services.
    assert {p.field for p in sample} == {
        "Hộ tịch",
        "Chứng thực",
        "Đất đai",
        "Bảo trợ xã hội",
        "Thành lập và hoạt động của hộ kinh doanh",
    }
    assert {p.service for p in sample} == {"A", "B", "C", "D", "E"}
    # Where a fee or a time is not certain it is left empty, not guessed.
    assert any(p.fee == "" for p in sample) and any(p.processing_time == "" for p in sample)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_gives_the_same_catalogue(
    data: Path, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"catalogue{suffix}"
    assert main(["procedures", "export", "--data", str(data), str(out)]) == 0
    assert "exported 13 procedures" in capsys.readouterr().out
    office = load_config(data / CONFIG_NAME).office
    assert read_catalogue(out, office) == sample_catalogue(office)
    assert main(["procedures", "export", "--data", str(data), str(out)]) == 2  # never overwritten
    assert main(["procedures", "import", "--data", str(data), str(out)]) == 0
    assert "imported 13 procedures" in capsys.readouterr().out
    assert catalogue_of(data) == [p.code for p in sample_catalogue(office)]


def test_import_replaces_the_catalogue(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write_csv(tmp_path / "xa.csv", [HEADER, GOOD, ["XKS-9", "Đăng ký lại kết hôn", "Hộ tịch", "xã", "", "", ""]])
    assert main(["procedures", "import", "--data", str(data), str(file)]) == 0
    assert catalogue_of(data) == ["1.000894", "XKS-9"]


def test_vietnamese_headings_semicolons_and_a_numbered_list_of_papers(tmp_path: Path) -> None:
    office = load_config(Path(__file__).resolve().parents[2] / "server" / "sample_office.toml").office
    header = ["Mã thủ tục", "Tên thủ tục", "LĨNH VỰC", "Cấp thực hiện", "Thành phần hồ sơ"]
    papers = "1. Tờ khai | 1 | bản chính\n2. Giấy tờ tùy thân | xuất trình\n- Ảnh 4x6 | 2\n\n"
    file = write_csv(
        tmp_path / "excel.csv", [header, ["1.000894", "Đăng ký kết hôn", "Hộ tịch", "Cấp xã", papers]], ";"
    )
    (procedure,) = read_catalogue(file, office)
    assert [(p.name, p.copies, p.original) for p in procedure.papers] == [
        ("Tờ khai", 1, True),
        ("Giấy tờ tùy thân", 0, True),
        ("Ảnh 4x6", 2, True),
    ]
    assert procedure.service is None and procedure.fee == ""


def test_a_malformed_spreadsheet_is_refused_naming_row_and_column_and_nothing_changes(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = catalogue_of(data)
    rows: list[list[object]] = [
        HEADER,
        GOOD,
        ["XKS-1", "Chứng thực chữ ký", "Chứng thực", "huyện", "B", "", ""],
        ["XKS-2", "", "Hộ tịch", "commune", "Z", "Tờ khai | hai | bản chính", ""],
        ["1.000894", "Đăng ký kết hôn (lần hai)", "Hộ tịch", "commune", "A", "", ""],
    ]
    file = write_xlsx(tmp_path / "bad.xlsx", rows)
    assert main(["procedures", "import", "--data", str(data), str(file)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "onestop: bad.xlsx row 3, column level (D): 'huyện' is not a level; write commune (cấp xã) or province "
        "(cấp tỉnh)",
        "onestop: bad.xlsx row 4, column name (B): empty; it is needed",
        "onestop: bad.xlsx row 4, column service (E): 'Z' is not a service of this office; use one of A, B, C, D, "
        "E, F or leave it empty",
        "onestop: bad.xlsx row 4, column papers (F): paper 1 (Tờ khai): copies 'hai' must be a number from 1 to 99",
        "onestop: bad.xlsx row 5, column code (A): code 1.000894 is already on row 2; each procedure once",
        "onestop: nothing imported; fix the 5 line(s) above",
    ]
    assert catalogue_of(data) == before


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([["code", "name", "field"]], ["f.xlsx row 1: no level column (Cấp thực hiện); add it"]),
        (
            [["code", "name", "field", "level", "price"]],
            ["f.xlsx row 1, column E: unknown heading 'price'; use one of " + ", ".join(c.key for c in COLUMNS)],
        ),
        ([HEADER], ["f.xlsx: no procedures below the header row"]),
        (
            [HEADER, [1.00119, "Đăng ký kết hôn", "Hộ tịch", "commune", "", "", ""]],
            ["f.xlsx row 2, column code (A): 1.00119 is a number; format the column as Text so codes keep their zeros"],
        ),
        (
            [HEADER, ["a b", "Đăng ký kết hôn", "Hộ tịch", "commune", "", "", ""]],
            ["f.xlsx row 2, column code (A): 'a b': use letters, digits, dots and dashes (at most 40), e.g. 1.000894"],
        ),
        (
            [HEADER, ["X1", "Đăng ký kết hôn", "Hộ tịch", "commune", "", "Tờ khai | 2 | xuất trình", ""]],
            [
                "f.xlsx row 2, column papers (F): paper 1 (Tờ khai): a paper only shown has no copies; write "
                "'name | copies | bản chính' (or bản sao), or 'name | xuất trình'"
            ],
        ),
        (
            [HEADER, ["X1", "Đăng ký kết hôn", "Hộ tịch", "commune", "", "Tờ khai | 1 | photo", ""]],
            [
                "f.xlsx row 2, column papers (F): paper 1 (Tờ khai): 'photo' — write 'name | copies | bản chính' "
                "(or bản sao), or 'name | xuất trình'"
            ],
        ),
        (
            [["code", "name", "field", "level", "portal_url"], ["X1", "Kết hôn", "Hộ tịch", "commune", "www.gov.vn"]],
            ["f.xlsx row 2, column portal_url (E): 'www.gov.vn' is not a web address; write it as https://…"],
        ),
    ],
)
def test_each_mistake_is_one_line(rows: list[list[object]], expected: list[str]) -> None:
    assert problems(rows) == expected


def test_files_that_are_not_catalogues(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("code,name\nX,Đăng".encode("utf-16"))
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    for file, message in (
        (latin, "latin1.csv: not UTF-8 text"),
        (fake, "fake.xlsx: not a readable .xlsx file"),
        (tmp_path / "x.ods", "x.ods: not a .csv or .xlsx file"),
        (tmp_path / "missing.csv", "missing.csv: no such file"),
    ):
        if file.suffix == ".ods":
            file.write_text("")
        assert main(["procedures", "import", "--data", str(data), str(file)]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err


def test_check_changes_nothing(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write_csv(tmp_path / "one.csv", [HEADER, GOOD])
    assert main(["procedures", "import", "--check", "--data", str(data), str(file)]) == 0
    assert "1 procedures, no mistakes" in capsys.readouterr().out
    assert len(catalogue_of(data)) == 13


def test_rows_of_writes_the_columns_the_import_reads() -> None:
    office = load_config(Path(__file__).resolve().parents[2] / "server" / "sample_office.toml").office
    sample = sample_catalogue(office)
    assert parse(rows_of(sample), office, "round trip") == sample
