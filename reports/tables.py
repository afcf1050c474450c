"""The report's tables: which figures, under which headings, in which unit — the same for every format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reports.figures import Report

# (figure, Vietnamese heading, English heading, unit): "n" a count, "min" seconds shown as minutes,
# "%" a percentage, "x" a plain number.
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("issued", "Số phát", "Issued", "n"),
    ("served", "Đã phục vụ", "Served", "n"),
    ("no_show", "Vắng mặt", "No-show", "n"),
    ("cancelled", "Đã hủy", "Cancelled", "n"),
    ("waiting", "Đang chờ", "Waiting", "n"),
    ("wait_mean_s", "Chờ TB (phút)", "Wait mean (min)", "min"),
    ("wait_median_s", "Chờ trung vị", "Wait median", "min"),
    ("wait_p90_s", "Chờ P90", "Wait p90", "min"),
    ("wait_max_s", "Chờ tối đa", "Wait max", "min"),
    ("service_mean_s", "Phục vụ TB (phút)", "Service mean (min)", "min"),
    ("service_level", "Đạt chuẩn chờ %", "Service level %", "%"),
    ("no_show_rate", "Tỷ lệ vắng %", "No-show rate %", "%"),
    ("utilisation", "Hiệu suất quầy %", "Utilisation %", "%"),
    ("served_per_counter_hour", "Lượt/giờ quầy", "Served per counter-hour", "x"),
    ("ratings", "Lượt đánh giá", "Ratings", "n"),
    ("response_rate", "Tỷ lệ đánh giá %", "Response rate %", "%"),
    ("satisfaction_rate", "Hài lòng %", "Satisfaction %", "%"),
    ("priority_share", "Ưu tiên %", "Priority share %", "%"),
    ("priority_wait_mean_s", "Chờ TB ưu tiên", "Priority wait mean", "min"),
    ("estimate_mae_s", "Sai số dự báo (phút)", "Estimate error (min)", "min"),
    ("estimate_within_5min", "Dự báo đúng ±5 phút %", "Estimate within ±5 min %", "%"),
    ("estimate_in_range", "Gọi trong khoảng dự báo %", "Called within the printed range %", "%"),
)
# The columns the by-service/counter/clerk tables show (the PDF page is only so wide).
TABLE_COLUMNS = (
    "issued", "served", "no_show", "cancelled", "wait_mean_s", "wait_p90_s", "wait_max_s", "service_mean_s",
    "service_level", "utilisation", "served_per_counter_hour", "ratings", "satisfaction_rate",
)  # fmt: skip

# (stats group, its key, title vi, title en, name column vi, en)
GROUPS = (
    ("by_service", "service", "Theo lĩnh vực", "By service", "Lĩnh vực", "Service"),
    ("by_counter", "counter", "Theo quầy", "By counter", "Quầy", "Counter"),
    ("by_clerk", "clerk", "Theo cán bộ", "By clerk", "Cán bộ", "Clerk"),
    ("by_day", "day", "Theo ngày", "By day", "Ngày", "Day"),
)


@dataclass
class Table:
    title: str
    headings: list[str]
    units: list[str]  # per column, "" for the name column
    rows: list[list[Any]]  # raw values: minutes already converted, None where nothing was measured
    row_units: list[str] = field(default_factory=list)  # the totals table: the unit of each row's value


def value(figures: dict[str, Any], key: str, unit: str) -> Any:
    raw = figures.get(key)
    if raw is None:
        return None
    if unit == "min":
        return round(raw / 60, 1)
    return raw


def text(raw: Any, unit: str) -> str:
    """How a value reads in the PDF."""
    if raw is None:
        return "–"
    if unit in ("min", "%"):
        return f"{raw:.1f}"
    if unit == "x":
        return f"{raw:.2f}"
    return str(raw)


def pick(vi: str, en: str, lang: str) -> str:
    return vi if lang == "vi" else en


def totals_table(report: Report, lang: str) -> Table:
    totals = report.stats["totals"]
    rows = [[pick(vi, en, lang), value(totals, key, unit)] for key, vi, en, unit in COLUMNS]
    headings = [pick("Chỉ tiêu", "Figure", lang), pick("Giá trị", "Value", lang)]
    return Table(pick("Tổng hợp", "Totals", lang), headings, ["", ""], rows, [unit for *_, unit in COLUMNS])


def name_of(report: Report, key_name: str, key: Any, lang: str) -> str:
    if key_name == "service":
        vi, en = report.service_names.get(key, (key, key))
        return f"{key} – {pick(vi, en, lang)}"
    if key_name == "counter":
        return report.counter_names.get(key, pick(f"Quầy {key}", f"Counter {key}", lang))
    if key_name == "clerk":
        return str(report.clerk_names.get(key, key))
    return str(key)


def group_tables(report: Report, lang: str, columns: tuple[str, ...] = TABLE_COLUMNS) -> list[Table]:
    spec = {key: (vi, en, unit) for key, vi, en, unit in COLUMNS}
    tables = []
    for group, key_name, vi, en, head_vi, head_en in GROUPS:
        headings = [pick(head_vi, head_en, lang)] + [pick(*spec[c][:2], lang) for c in columns]
        rows = [
            [name_of(report, key_name, r[key_name], lang)] + [value(r, c, spec[c][2]) for c in columns]
            for r in report.stats[group]
        ]
        tables.append(Table(pick(vi, en, lang), headings, ["", *(spec[c][2] for c in columns)], rows))
    return tables


def procedure_tables(report: Report, lang: str) -> list[Table]:
    """Procedures looked up at the kiosk and checklists printed: per procedure (most looked up first), per day."""
    figures = report.stats["procedures"]
    counts = [pick("Lượt tra cứu", "Looked up", lang), pick("Phiếu giấy tờ đã in", "Checklists printed", lang)]
    by_procedure = Table(
        pick("Thủ tục được tra cứu", "Procedures looked up", lang),
        [pick("Thủ tục", "Procedure", lang), *counts],
        ["", "n", "n"],
        [[f"{p['code']} – {p['name']}", p["looked_up"], p["checklists_printed"]] for p in figures["by_procedure"]],
    )
    by_day = Table(
        pick("Tra cứu thủ tục theo ngày", "Procedure look-ups by day", lang),
        [pick("Ngày", "Day", lang), *counts],
        ["", "n", "n"],
        [[d["day"], d["looked_up"], d["checklists_printed"]] for d in figures["by_day"]],
    )
    return [by_procedure, by_day]


# (figure of GET /api/stats ``appointments``, heading vi, heading en)
APPOINTMENT_FIGURES = (
    ("booked", "Lịch hẹn đã đặt", "Appointments booked"),
    ("checked_in", "Đã đến (giữ hẹn)", "Kept (checked in)"),
    ("missed", "Không đến", "Missed"),
    ("on_time", "Được gọi đúng giờ", "Called on time"),
    ("cancelled", "Đã hủy", "Cancelled"),
    ("waiting", "Chưa đến giờ", "Still to come"),
)


def appointment_tables(report: Report, lang: str) -> list[Table]:
    """Appointments of the range: the totals (kept, missed, called by 15 min after the slot's start) and per day.

    Booked counts every appointment not cancelled; kept = checked in at the kiosk within its window.
    """
    figures = report.stats["appointments"]
    names = [pick(vi, en, lang) for _, vi, en in APPOINTMENT_FIGURES]
    totals = Table(
        pick("Lịch hẹn", "Appointments", lang),
        [pick("Chỉ tiêu", "Figure", lang), pick("Giá trị", "Value", lang)],
        ["", ""],
        [[name, figures[key]] for name, (key, _, _) in zip(names, APPOINTMENT_FIGURES, strict=True)],
        ["n"] * len(APPOINTMENT_FIGURES),
    )
    by_day = Table(
        pick("Lịch hẹn theo ngày", "Appointments by day", lang),
        [pick("Ngày", "Day", lang), *names],
        ["", *("n" for _ in APPOINTMENT_FIGURES)],
        [[d["day"], *(d[key] for key, _, _ in APPOINTMENT_FIGURES)] for d in figures["by_day"]],
    )
    return [totals, by_day]
