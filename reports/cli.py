"""`onestop report --data DIR --from DATE --to DATE --format csv|xlsx|pdf --out FILE`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from reports.csv_out import write_csv
from reports.figures import read_report
from server.errors import ConfigError

MAX_DAYS = 366


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from onestop.cli import add_data_arg

    p = sub.add_parser("report", help="the office's figures for a range of days, as CSV, XLSX or PDF")
    add_data_arg(p)
    p.add_argument("--from", dest="first", required=True, help="first office day, YYYY-MM-DD")
    p.add_argument("--to", dest="last", required=True, help="last office day, YYYY-MM-DD (inclusive)")
    p.add_argument("--format", choices=("csv", "xlsx", "pdf"), help="default: from --out's extension")
    p.add_argument("--out", type=Path, required=True, help="the file to write")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="headings' language (xlsx, pdf; default vi)")
    p.set_defaults(func=cmd_report)


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{option} {text!r}: not a date. Fix: write it as YYYY-MM-DD, e.g. 2026-11-27") from None


def cmd_report(args: argparse.Namespace) -> int:
    first, last = _date(args.first, "--from"), _date(args.last, "--to")
    if first > last:
        raise ConfigError(f"--from {first} is after --to {last}. Fix: swap them")
    if (last - first).days + 1 > MAX_DAYS:
        raise ConfigError(f"{first}..{last} is longer than {MAX_DAYS} days. Fix: make one report per year")
    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx", "pdf"):
        raise ConfigError(f"--out {args.out}: which format? Fix: add --format csv, xlsx or pdf")
    if not args.out.parent.is_dir():
        raise ConfigError(f"--out {args.out}: the folder {args.out.parent} does not exist. Fix: create it first")
    report = read_report(args.data, first, last)
    if fmt == "csv":
        write_csv(report, args.out)
    elif fmt == "xlsx":
        from reports.xlsx_out import write_xlsx  # openpyxl loads only when needed

        write_xlsx(report, args.out, args.lang)
    else:
        from reports.pdf_out import write_pdf  # fpdf2 loads only when needed

        write_pdf(report, args.out, args.lang)
    totals = report.stats["totals"]
    print(f"{args.out}: {totals['issued']} issued, {totals['served']} served, {first}..{last}")
    return 0
