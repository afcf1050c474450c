"""CSV: every figure of the totals and of each group, one row each, for spreadsheets and scripts.

Columns are the API's figure names (stable across languages); times stay in seconds.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from reports.figures import Report
from reports.tables import GROUPS

SKIP = ("ratings_by_level", "wait_histogram")


def write_csv(report: Report, path: Path) -> None:
    figures = [k for k in report.stats["totals"] if k not in SKIP]
    with path.open("w", newline="", encoding="utf-8-sig") as f:  # the BOM lets Excel read Vietnamese
        writer = csv.writer(f)
        writer.writerow(["office", "from", "to", "group", "key", *figures])
        head = [report.office, report.first.isoformat(), report.last.isoformat()]
        writer.writerow([*head, "totals", "", *(_cell(report.stats["totals"][k]) for k in figures)])
        for group, key_name, *_ in GROUPS:
            for row in report.stats[group]:
                writer.writerow([*head, key_name, row[key_name], *(_cell(row[k]) for k in figures)])


def _cell(value: Any) -> Any:
    return "" if value is None else value
