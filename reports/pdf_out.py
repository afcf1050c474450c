"""PDF: an A4 landscape report with Vietnamese text (a TrueType font with its glyphs is embedded)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from reports.figures import Report
from reports.tables import Table, appointment_tables, group_tables, pick, procedure_tables, text, totals_table
from server.errors import ConfigError

# Fonts with every Vietnamese letter: Debian's fonts-dejavu-core, then Windows' Arial.
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)
HEAD = FontFace(emphasis="BOLD", fill_color=(221, 231, 240))


def find_font() -> tuple[Path, Path]:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            return Path(regular), Path(bold)
    raise ConfigError(
        "no font with Vietnamese letters for the PDF. Fix: install fonts-dejavu-core "
        "(apt-get install fonts-dejavu-core), or use --format xlsx"
    )


def write_pdf(report: Report, path: Path, lang: str = "vi") -> None:
    regular, bold = find_font()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("Body", "", str(regular))
    pdf.add_font("Body", "B", str(bold))
    pdf.set_title(f"{report.office} {report.first}..{report.last}")
    pdf.add_page()
    pdf.set_font("Body", "B", 16)
    pdf.cell(0, 9, pick("BÁO CÁO TÌNH HÌNH PHỤC VỤ", "SERVICE REPORT", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", 12)
    pdf.cell(0, 7, report.office, new_x="LMARGIN", new_y="NEXT")
    period = pick(f"Từ ngày {report.first} đến ngày {report.last}", f"From {report.first} to {report.last}", lang)
    made = pick("lập lúc", "generated", lang)
    pdf.cell(0, 7, f"{period} · {made} {report.generated}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    totals = totals_table(report, lang)
    _section(pdf, totals.title)
    _totals(pdf, totals)
    for table in group_tables(report, lang) + procedure_tables(report, lang) + appointment_tables(report, lang):
        if not table.rows:
            continue
        if pdf.get_y() > 150:
            pdf.add_page()
        _section(pdf, table.title)
        (_totals if table.row_units else _grid)(pdf, table)  # a figure-value table reads as the totals do
    pdf.output(str(path))


def _section(pdf: FPDF, title: str) -> None:
    pdf.ln(2)
    pdf.set_font("Body", "B", 12)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")


def _totals(pdf: FPDF, table: Table) -> None:
    """The totals as two columns of label/value pairs, side by side, to keep them on the first page."""
    pdf.set_font("Body", "", 9)
    half = (len(table.rows) + 1) // 2
    left, right = table.rows[:half], table.rows[half:]
    units = table.row_units
    with pdf.table(
        col_widths=(70, 25, 70, 25), text_align=("LEFT", "RIGHT", "LEFT", "RIGHT"), headings_style=HEAD, line_height=5.5
    ) as t:
        row = t.row()
        for heading in table.headings * 2:
            row.cell(heading)
        for i, (name, raw) in enumerate(left):
            row = t.row()
            row.cell(name)
            row.cell(text(raw, units[i]))
            if i < len(right):
                row.cell(right[i][0])
                row.cell(text(right[i][1], units[half + i]))
            else:
                row.cell("")
                row.cell("")


def _grid(pdf: FPDF, table: Table) -> None:
    pdf.set_font("Body", "", 7.5)
    widths = (44, *([18] * (len(table.headings) - 1)))
    with pdf.table(
        col_widths=widths,
        text_align=("LEFT", *(["RIGHT"] * (len(table.headings) - 1))),
        headings_style=HEAD,
        line_height=4.2,
        repeat_headings=1,
    ) as t:
        row = t.row()
        for heading in table.headings:
            row.cell(heading)
        for values in table.rows:
            row = t.row()
            for raw, unit in zip(values, table.units, strict=True):
                row.cell(str(raw) if unit == "" else text(raw, unit))
