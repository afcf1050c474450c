"""XLSX: a sheet of totals and one per service, counter, clerk and day, with headings and number formats."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.figures import Report
from reports.tables import Table, appointment_tables, group_tables, pick, procedure_tables, totals_table

FORMATS = {"n": "0", "min": "0.0", "%": "0.0", "x": "0.00", "": "@"}
HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")


def write_xlsx(report: Report, path: Path, lang: str = "vi") -> None:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    totals = totals_table(report, lang)
    sheet.title = totals.title
    sheet.append([report.office])
    sheet["A1"].font = Font(bold=True, size=14)
    period = [pick("Từ ngày", "From", lang), report.first.isoformat(), pick("đến", "to", lang), report.last.isoformat()]
    sheet.append(period)
    sheet.append([pick("Lập lúc", "Generated", lang), report.generated])
    sheet.append([])
    _table(sheet, totals, start_row=5)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 14
    for table in group_tables(report, lang) + procedure_tables(report, lang) + appointment_tables(report, lang):
        ws = book.create_sheet(table.title[:31])
        _table(ws, table, start_row=1)
        ws.freeze_panes = "B2"
        ws.column_dimensions["A"].width = 32
        for i in range(2, len(table.headings) + 1):
            ws.column_dimensions[get_column_letter(i)].width = 12
    book.save(path)


def _table(ws: Worksheet, table: Table, start_row: int) -> None:
    for col, heading in enumerate(table.headings, start=1):
        cell = ws.cell(row=start_row, column=col, value=heading)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r, row in enumerate(table.rows, start=start_row + 1):
        for col, raw in enumerate(row, start=1):
            cell = ws.cell(row=r, column=col, value=raw)
            unit = table.row_units[r - start_row - 1] if table.row_units and col == 2 else table.units[col - 1]
            if col > 1:
                cell.number_format = FORMATS.get(unit, "General")
