"""The catalogue as a spreadsheet an office can prepare or export: CSV or XLSX, one procedure a row.

The first row names the columns, by key or by the Vietnamese heading (marks and
case do not matter): ``code`` "Mã thủ tục", ``name`` "Tên thủ tục", ``field``
"Lĩnh vực", ``level`` "Cấp thực hiện" are needed; ``name_en``, ``field_en``,
``service`` "Lĩnh vực lấy số" (the office's service code, A…), ``papers``
"Thành phần hồ sơ", ``fee`` "Phí, lệ phí", ``processing_time`` "Thời hạn giải
quyết", ``result_at`` "Nơi trả kết quả", ``legal_basis`` "Căn cứ pháp lý",
``portal_url`` "Cổng dịch vụ công" and ``note`` "Ghi chú" may be left out.

The papers cell has one paper a line: its name, then after ``|`` how many
copies and ``bản chính`` (original) or ``bản sao`` (copy); ``xuất trình`` (shown
only) for a paper shown and given back::

    Tờ khai đăng ký kết hôn (theo mẫu) | 1 | bản chính
    Giấy tờ tùy thân có ảnh | xuất trình

Every row is checked before anything is stored; each mistake is one line naming
the row and the column (``CatalogueError.problems``), and a file with any
mistake changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.model import Office
from core.procedure_search import fold
from core.procedures import CODE_PATTERN, Level, Paper, Procedure
from server.errors import InvalidError

MAX_ROWS = 5000
MAX_TEXT = 4000
MAX_PAPERS = 60
MAX_PROBLEMS = 30  # more than this many mistakes: the file is likely not a catalogue at all


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # the Vietnamese heading, read in place of the key
    required: bool = False


COLUMNS = (
    Column("code", "Mã thủ tục", True),
    Column("name", "Tên thủ tục", True),
    Column("name_en", "Tên tiếng Anh"),
    Column("field", "Lĩnh vực", True),
    Column("field_en", "Lĩnh vực tiếng Anh"),
    Column("service", "Lĩnh vực lấy số"),
    Column("level", "Cấp thực hiện", True),
    Column("papers", "Thành phần hồ sơ"),
    Column("fee", "Phí, lệ phí"),
    Column("processing_time", "Thời hạn giải quyết"),
    Column("result_at", "Nơi trả kết quả"),
    Column("legal_basis", "Căn cứ pháp lý"),
    Column("portal_url", "Cổng dịch vụ công"),
    Column("note", "Ghi chú"),
)
_BY_HEADING = {fold(c.key): c for c in COLUMNS} | {fold(c.heading): c for c in COLUMNS}
_LEVELS = {
    "commune": Level.COMMUNE,
    "xa": Level.COMMUNE,
    "cap xa": Level.COMMUNE,
    "province": Level.PROVINCE,
    "tinh": Level.PROVINCE,
    "cap tinh": Level.PROVINCE,
}
_ORIGINAL = {"ban chinh": True, "original": True, "ban sao": False, "copy": False}
_SHOWN = {"xuat trinh", "xuat trinh ban chinh", "show", "shown"}
# "1. ", "- ", "• ", "+ " before a paper: offices paste numbered lists.
_BULLET = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•+*])\s+")
_URL = re.compile(r"^https?://[^\s]+$")


class CatalogueError(InvalidError):
    """The file cannot be imported; ``problems`` has one line per mistake (row and column named)."""

    def __init__(self, problems: list[str]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more, problems[0] + more)
        self.problems = problems


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names its columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# -- reading ---------------------------------------------------------------------------------


def read_rows(path: Path) -> Iterator[list[Any]]:
    """The cells of each row of a .csv (UTF-8, comma or semicolon) or .xlsx (its first sheet)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        yield from _xlsx_rows(path)
    elif suffix == ".csv":
        yield from _csv_rows(path)
    else:
        raise CatalogueError([f"{path.name}: not a .csv or .xlsx file; save the catalogue as one of them"])


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueError(
            [f"{path.name}: not UTF-8 text (byte {exc.start}); in Excel choose 'Save as: CSV UTF-8'"]
        ) from None
    first = text.split("\n", 1)[0]
    # Excel in Vietnamese (decimal comma) writes semicolons between cells.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise CatalogueError([f"{path.name}: not a readable .xlsx file ({exc})"]) from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def parse(rows: Iterator[list[Any]] | Sequence[list[Any]], office: Office, source: str) -> list[Procedure]:
    """The procedures of ``rows`` (the header first), or CatalogueError naming every mistake."""
    problems: list[str] = []
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise CatalogueError([f"{source}: the file is empty; its first row names the columns (code, name …)"])
    columns = _header(header, source, problems)
    if problems:
        raise CatalogueError(problems)
    services = {s.code for s in office.services}
    procedures: list[Procedure] = []
    first_row: dict[str, int] = {}
    for number, cells in enumerate(iterator, start=2):
        if all(_text(c) == "" for c in cells):
            continue  # blank rows between groups
        if len(procedures) >= MAX_ROWS:
            problems.append(f"{source}: more than {MAX_ROWS} procedures; is this the right file?")
            break
        row = _Row(source, number, cells, columns, problems)
        procedure = row.procedure(services)
        if procedure is None:
            if len(problems) >= MAX_PROBLEMS:
                problems.append(f"{source}: stopped after {MAX_PROBLEMS} mistakes")
                break
            continue
        if procedure.code in first_row:
            problems.append(
                f"{row.where('code')}: code {procedure.code} is already on row {first_row[procedure.code]}; "
                "each procedure once"
            )
            continue
        first_row[procedure.code] = number
        procedures.append(procedure)
    if not problems and not procedures:
        problems.append(f"{source}: no procedures below the header row")
    if problems:
        raise CatalogueError(problems)
    return procedures


def read_catalogue(path: Path, office: Office) -> list[Procedure]:
    """``parse`` of a .csv or .xlsx file."""
    if not path.is_file():
        raise CatalogueError([f"{path}: no such file"])
    return parse(read_rows(path), office, path.name)


SAMPLE = "sample_procedures.csv"
SAMPLE_SOURCE = f"{SAMPLE} (dữ liệu mẫu / sample data)"


def sample_catalogue(office: Office) -> list[Procedure]:
    """The sample office's catalogue (server/sample_procedures.csv): sample data, so labelled in every note."""
    from importlib import resources

    with resources.as_file(resources.files("server").joinpath(SAMPLE)) as path:
        return read_catalogue(path, office)


def _header(cells: list[Any], source: str, problems: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        heading = _text(cell)
        if not heading:
            continue
        column = _BY_HEADING.get(fold(heading))
        where = f"{source} row 1, column {column_letter(index)}"
        if column is None:
            known = ", ".join(c.key for c in COLUMNS)
            problems.append(f"{where}: unknown heading {heading!r}; use one of {known}")
        elif column.key in columns:
            problems.append(f"{where}: {column.key} is already column {column_letter(columns[column.key])}")
        else:
            columns[column.key] = index
    for column in COLUMNS:
        if column.required and column.key in columns:
            continue
        if column.required:
            problems.append(f"{source} row 1: no {column.key} column ({column.heading}); add it")
    return columns


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).replace("\r\n", "\n").replace("\r", "\n").strip()


class _Row:
    """One spreadsheet row being checked; each mistake goes to ``problems`` as one line."""

    def __init__(self, source: str, number: int, cells: list[Any], columns: dict[str, int], problems: list[str]):
        self.source = source
        self.number = number
        self.cells = cells
        self.columns = columns
        self.problems = problems
        self.ok = True

    def where(self, key: str) -> str:
        return f"{self.source} row {self.number}, column {key} ({column_letter(self.columns[key])})"

    def problem(self, key: str, text: str) -> None:
        self.problems.append(f"{self.where(key)}: {text}")
        self.ok = False

    def raw(self, key: str) -> Any:
        index = self.columns.get(key)
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def text(self, key: str, required: bool = False) -> str:
        value = _text(self.raw(key))
        if required and not value:
            self.problem(key, "empty; it is needed")
        elif len(value) > MAX_TEXT:
            self.problem(key, f"{len(value)} characters; at most {MAX_TEXT}")
        return value

    def procedure(self, services: set[str]) -> Procedure | None:
        raw_code = self.raw("code")
        if isinstance(raw_code, float | int) and not isinstance(raw_code, bool):
            # 1.001190 typed into a number cell comes back as 1.00119.
            self.problem("code", f"{raw_code} is a number; format the column as Text so codes keep their zeros")
        code = self.text("code", required=True)
        if code and self.ok and not CODE_PATTERN.match(code):
            self.problem("code", f"{code!r}: use letters, digits, dots and dashes (at most 40), e.g. 1.000894")
        name = self.text("name", required=True).replace("\n", " ")
        field = self.text("field", required=True).replace("\n", " ")
        level = self._level()
        service = self.text("service").upper() or None
        if service is not None and service not in services:
            known = ", ".join(sorted(services))
            self.problem(
                "service", f"{service!r} is not a service of this office; use one of {known} or leave it empty"
            )
        portal = self.text("portal_url")
        if portal and not _URL.match(portal):
            self.problem("portal_url", f"{portal!r} is not a web address; write it as https://…")
        papers = self._papers()
        texts = {key: self.text(key) for key in ("name_en", "field_en", "fee", "processing_time", "result_at")}
        legal_basis, note = self.text("legal_basis"), self.text("note")
        if not self.ok or level is None:
            return None
        return Procedure(
            code=code,
            name=name,
            field=field,
            level=level,
            papers=papers,
            service=service,
            name_en=texts["name_en"].replace("\n", " "),
            field_en=texts["field_en"].replace("\n", " "),
            fee=texts["fee"],
            processing_time=texts["processing_time"],
            result_at=texts["result_at"],
            legal_basis=legal_basis,
            portal_url=portal,
            note=note,
        )

    def _level(self) -> Level | None:
        value = self.text("level", required=True)
        if not value:
            return None
        level = _LEVELS.get(fold(value))
        if level is None:
            self.problem("level", f"{value!r} is not a level; write commune (cấp xã) or province (cấp tỉnh)")
        return level

    def _papers(self) -> tuple[Paper, ...]:
        papers: list[Paper] = []
        lines = [line for line in self.text("papers").split("\n") if line.strip()]
        if len(lines) > MAX_PAPERS:
            self.problem("papers", f"{len(lines)} papers; at most {MAX_PAPERS}")
            return ()
        for number, line in enumerate(lines, start=1):
            paper = self._paper(_BULLET.sub("", line, count=1), number)
            if paper is not None:
                papers.append(paper)
        return tuple(papers)

    def _paper(self, line: str, number: int) -> Paper | None:
        parts = [part.strip() for part in line.split("|")]
        name, rest = parts[0], parts[1:]
        fix = "write 'name | copies | bản chính' (or bản sao), or 'name | xuất trình'"
        if not name or len(rest) > 2:
            self.problem("papers", f"paper {number} ({line.strip()!r}): {fix}")
            return None
        copies, original = 1, True
        if rest and fold(rest[-1]) in _SHOWN:
            if len(rest) == 2 and rest[0] not in ("", "0"):
                self.problem("papers", f"paper {number} ({name}): a paper only shown has no copies; {fix}")
                return None
            return Paper(name, 0, True)
        if rest:
            if not (rest[0].isascii() and rest[0].isdigit() and 1 <= int(rest[0]) <= 99):
                self.problem("papers", f"paper {number} ({name}): copies {rest[0]!r} must be a number from 1 to 99")
                return None
            copies = int(rest[0])
        if len(rest) == 2:
            kind = _ORIGINAL.get(fold(rest[1]))
            if kind is None:
                self.problem("papers", f"paper {number} ({name}): {rest[1]!r} — {fix}")
                return None
            original = kind
        return Paper(name, copies, original)


# -- writing ---------------------------------------------------------------------------------


def paper_cell(papers: Sequence[Paper]) -> str:
    """The papers as the import reads them back."""
    lines = []
    for paper in papers:
        if paper.copies == 0:
            lines.append(f"{paper.name} | xuất trình")
        else:
            lines.append(f"{paper.name} | {paper.copies} | {'bản chính' if paper.original else 'bản sao'}")
    return "\n".join(lines)


def rows_of(procedures: Sequence[Procedure]) -> list[list[str]]:
    """The header (keys) and one row per procedure: what ``parse`` reads back to the same catalogue."""
    rows = [[c.key for c in COLUMNS]]
    for p in procedures:
        values = asdict(p) | {"service": p.service or "", "level": p.level.value, "papers": paper_cell(p.papers)}
        rows.append([values[c.key] for c in COLUMNS])
    return rows


def write_catalogue(procedures: Sequence[Procedure], path: Path) -> None:
    """Export as .csv (UTF-8 with a BOM, so Excel reads the Vietnamese) or .xlsx (code as text, wrapped)."""
    rows = rows_of(procedures)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            csv.writer(f).writerows(rows)
    elif suffix == ".xlsx":
        _write_xlsx(rows, path)
    else:
        raise InvalidError(
            f"{path.name}: export to a .csv or .xlsx file", f"{path.name}: hãy xuất ra tệp .csv hoặc .xlsx"
        )


def _write_xlsx(rows: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Thủ tục"
    widths = {"code": 14, "name": 48, "papers": 60, "legal_basis": 40, "fee": 28, "processing_time": 28}
    for row in rows:
        sheet.append(row)
    for index, column in enumerate(COLUMNS):
        letter = column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(column.key, 20)
        for cell in sheet[letter]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.key == "code":
                cell.number_format = "@"  # text: 1.001190 keeps its zero when edited
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    book.save(path)
