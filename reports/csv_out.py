"""CSV: every figure of the totals and of each group, one row each, for spreadsheets and scripts.

Columns are the API's figure names (stable across languages); times stay in seconds. The last two
columns count procedures looked up at the kiosk and checklists printed: in the totals row, and in rows
of their own per procedure (group ``procedure``) and per day (group ``procedure_day``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from reports.figures import Report
from reports.tables import GROUPS

SKIP = ("ratings_by_level", "wait_histogram")
PROCEDURE_COLUMNS = ("procedures_looked_up", "checklists_printed")


def write_csv(report: Report, path: Path) -> None:
    figures = [k for k in report.stats["totals"] if k not in SKIP]
    with path.open("w", newline="", encoding="utf-8-sig") as f:  # the BOM lets Excel read Vietnamese
        writer = csv.writer(f)
        writer.writerow(["office", "from", "to", "group", "key", *figures, *PROCEDURE_COLUMNS])
        head = [report.office, report.first.isoformat(), report.last.isoformat()]
        procedures = report.stats["procedures"]
        uses = [procedures["looked_up"], procedures["checklists_printed"]]
        writer.writerow([*head, "totals", "", *(_cell(report.stats["totals"][k]) for k in figures), *uses])
        blank = [""] * len(figures)
        for group, key_name, *_ in GROUPS:
            for row in report.stats[group]:
                writer.writerow([*head, key_name, row[key_name], *(_cell(row[k]) for k in figures), "", ""])
        for p in procedures["by_procedure"]:
            writer.writerow([*head, "procedure", p["code"], *blank, p["looked_up"], p["checklists_printed"]])
        for d in procedures["by_day"]:
            writer.writerow([*head, "procedure_day", d["day"], *blank, d["looked_up"], d["checklists_printed"]])


def _cell(value: Any) -> Any:
    return "" if value is None else value
