"""Write server/holidays_vn.json: Vietnam's public holidays for this year and the next, from the `holidays` package.

Shipped as data so the office server needs no extra package and an office PC without Internet still
knows Tết; run again each year (`.venv/bin/python scripts/holidays_data.py [FIRST_YEAR]`) and commit.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import holidays

OUT = Path(__file__).resolve().parent.parent / "server" / "holidays_vn.json"


def main() -> None:
    first = int(sys.argv[1]) if len(sys.argv) > 1 else dt.date.today().year
    years = [first, first + 1]
    days = holidays.country_holidays("VN", years=years)
    data = {
        "source": f"holidays {holidays.__version__} (python-holidays), country VN",
        "years": years,
        "days": {day.isoformat(): name for day, name in sorted(days.items())},
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['days'])} days in {years}")


if __name__ == "__main__":
    main()
