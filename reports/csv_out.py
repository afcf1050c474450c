"""CSV: every figure of the totals and of each group, one row each, for spreadsheets and scripts.

Columns are the API's figure names (stable across languages); times stay in seconds. The last two
columns count procedures looked up at the kiosk and checklists printed: in the totals row, and in rows
of their own per procedure (group ``procedure``) and per day (group ``procedure_day``). The
``appointments_*`` columns hold the appointments' figures (booked, kept, missed, called on time,
cancelled, still to come): in the totals row, and per day (group ``appointment_day``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from reports.figures import Report
from reports.tables import APPOINTMENT_FIGURES, GROUPS

SKIP = ("ratings_by_level", "wait_histogram")
PROCEDURE_COLUMNS = ("procedures_looked_up", "checklists_printed")
APPOINTMENT_COLUMNS = tuple(f"appointments_{key}" for key, _, _ in APPOINTMENT_FIGURES)


def write_csv(report: Report, path: Path) -> None:
    figures = [k for k in report.stats["totals"] if k not in SKIP]
    with path.open("w", newline="", encoding="utf-8-sig") as f:  # the BOM lets Excel read Vietnamese
        writer = csv.writer(f)
        writer.writerow(["office", "from", "to", "group", "key", *figures, *PROCEDURE_COLUMNS, *APPOINTMENT_COLUMNS])
        head = [report.office, report.first.isoformat(), report.last.isoformat()]
        procedures = report.stats["procedures"]
        appointments = report.stats["appointments"]
        uses = [procedures["looked_up"], procedures["checklists_printed"]]
        booked = [appointments[key] for key, _, _ in APPOINTMENT_FIGURES]
        no_bookings = [""] * len(APPOINTMENT_COLUMNS)
        totals = report.stats["totals"]
        writer.writerow([*head, "totals", "", *(_cell(totals[k]) for k in figures), *uses, *booked])
        blank = [""] * len(figures)
        for group, key_name, *_ in GROUPS:
            for row in report.stats[group]:
                cells = (_cell(row[k]) for k in figures)
                writer.writerow([*head, key_name, row[key_name], *cells, "", "", *no_bookings])
        for p in procedures["by_procedure"]:
            uses = [p["looked_up"], p["checklists_printed"]]
            writer.writerow([*head, "procedure", p["code"], *blank, *uses, *no_bookings])
        for d in procedures["by_day"]:
            uses = [d["looked_up"], d["checklists_printed"]]
            writer.writerow([*head, "procedure_day", d["day"], *blank, *uses, *no_bookings])
        for d in appointments["by_day"]:
            day = [d[key] for key, _, _ in APPOINTMENT_FIGURES]
            writer.writerow([*head, "appointment_day", d["day"], *blank, "", "", *day])


def _cell(value: Any) -> Any:
    return "" if value is None else value
