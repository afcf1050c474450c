"""The district's page at ``/``: offices ranked by satisfaction rate, rendered on the server.

Vietnamese first; every text is written in both languages and a button
switches which one shows (remembered in the browser), so the page works
without JavaScript in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from district import figures
from district.figures import StoredCell

# An office whose last batch is older than this is shown as late.
LATE_S = 24 * 3600


@dataclass(frozen=True)
class Row:
    office: str
    name: str
    totals: dict[str, Any]
    trend: list[tuple[str, int, float | None]]  # (day, served, satisfaction rate)
    last_batch_at: float | None


def ranking(offices: Sequence[Mapping[str, Any]], cells: Iterable[StoredCell], first: str, last: str) -> list[Row]:
    """Every office, best satisfaction rate first; ties (and offices nobody rated) by shorter mean wait."""
    by_office: dict[str, list[StoredCell]] = {o["id"]: [] for o in offices}
    for cell in cells:
        by_office.setdefault(cell.office, []).append(cell)
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    days = [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    rows = []
    for office in offices:
        mine = by_office[office["id"]]
        per_day = {d["day"]: d for d in figures.by(mine, "day")}
        empty = {"served": 0, "satisfaction_rate": None}
        trend = [(day, per_day.get(day, empty)["served"], per_day.get(day, empty)["satisfaction_rate"]) for day in days]
        rows.append(Row(office["id"], office["name"], figures.combine(mine), trend, office["last_batch_at"]))

    def order(row: Row) -> tuple[Any, ...]:
        rate = row.totals["satisfaction_rate"]
        wait = row.totals["wait_mean_s"]
        return (rate is None, -(rate or 0.0), wait is None, wait or 0.0, -row.totals["served"], row.office)

    return sorted(rows, key=order)


def _t(vi: str, en: str) -> str:
    """Both languages; CSS shows the one chosen."""
    return f'<span lang="vi">{escape(vi)}</span><span lang="en">{escape(en)}</span>'


def _count(n: int) -> str:
    """Thousands grouped the way each language writes them: 12.002 / 12,002."""
    return _t(f"{n:,}".replace(",", "."), f"{n:,}")


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    m = seconds / 60
    return _t(f"{m:.1f}".replace(".", ",") + " phút", f"{m:.1f} min")


def _rate(rate: float | None, rated: int) -> str:
    if rate is None:
        return f'<td class="num none">{_t("chưa có đánh giá", "no ratings")}</td>'
    level = "good" if rate >= 95 else "fair" if rate >= 85 else "poor"
    vi = f"{rate:.1f}".replace(".", ",")
    return (
        f'<td class="num rate {level}"><b>{_t(vi + " %", f"{rate:.1f} %")}</b>'
        f'<div class="bar"><i style="width:{rate:.1f}%"></i></div>'
        f"<small>{_t(f'{rated} lượt đánh giá', f'{rated} ratings')}</small></td>"
    )


def _trend(trend: list[tuple[str, int, float | None]]) -> str:
    """Served per day as bars, coloured by that day's satisfaction rate."""
    if not trend:
        return "—"
    top = max((served for _, served, _ in trend), default=0) or 1
    width, height = 4 * len(trend), 28
    bars = []
    for i, (day, served, rate) in enumerate(trend):
        h = max(round(served / top * height), 1 if served else 0)
        tone = "none" if rate is None else "good" if rate >= 95 else "fair" if rate >= 85 else "poor"
        tip = f"{day}: {served}" + ("" if rate is None else f" · {rate:.1f} %")
        bars.append(
            f'<rect class="{tone}" x="{4 * i}" y="{height - h}" width="3" height="{h}"><title>{tip}</title></rect>'
        )
    size = f'viewBox="0 0 {width} {height}" width="{max(width, 40)}" height="{height}"'
    return f'<svg class="trend" {size}>{"".join(bars)}</svg>'


def _last_sync(at: float | None, now: float, tz: ZoneInfo) -> str:
    if at is None:
        return f'<td class="sync never">{_t("chưa đồng bộ", "never")}</td>'
    when = dt.datetime.fromtimestamp(at, tz).strftime("%Y-%m-%d %H:%M")
    ago = max(now - at, 0)
    if ago < 60:
        rel = _t("vừa xong", "just now")
    elif ago < 3600:
        rel = _t(f"{int(ago // 60)} phút trước", f"{int(ago // 60)} min ago")
    elif ago < 2 * 86400:
        rel = _t(f"{int(ago // 3600)} giờ trước", f"{int(ago // 3600)} h ago")
    else:
        rel = _t(f"{int(ago // 86400)} ngày trước", f"{int(ago // 86400)} days ago")
    late = " late" if ago > LATE_S else ""
    return f'<td class="sync{late}"><time>{when}</time><small>{rel}</small></td>'


STYLE = """
:root { font-family: "Noto Sans", "DejaVu Sans", sans-serif; color: #1d2733; background: #f3f5f8; }
html[data-lang="vi"] [lang="en"], html[data-lang="en"] [lang="vi"] { display: none; }
body { margin: 0; }
header { background: #a4161a; color: #fff; padding: 14px 28px; display: flex; align-items: center; gap: 24px; }
header h1 { font-size: 22px; margin: 0; flex: 1; }
header button { background: #fff; color: #a4161a; border: 0; border-radius: 4px; padding: 6px 14px;
  font-weight: 600; cursor: pointer; }
main { padding: 18px 28px; }
form.range { display: flex; gap: 10px; align-items: center; margin-bottom: 12px; }
.summary { display: flex; gap: 16px; margin-bottom: 16px; }
.summary div { background: #fff; border-radius: 6px; padding: 10px 16px; box-shadow: 0 1px 2px #0002; }
.summary b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; background: #fff; box-shadow: 0 1px 2px #0002; }
th, td { padding: 8px 12px; border-bottom: 1px solid #e3e7ed; text-align: left; vertical-align: middle; }
th { background: #e9edf2; font-size: 13px; text-transform: uppercase; letter-spacing: .03em; }
td.num { text-align: right; }
td small, td time { display: block; }
td small { color: #66717f; font-size: 12px; }
.rank { font-size: 20px; font-weight: 700; color: #66717f; width: 40px; }
.rate .bar { background: #e3e7ed; height: 5px; border-radius: 3px; margin: 3px 0; }
.rate .bar i { display: block; height: 5px; border-radius: 3px; background: currentColor; }
.good { color: #1b7f3b; fill: #1b7f3b; } .fair { color: #b7791f; fill: #d69e2e; }
.poor { color: #c53030; fill: #c53030; } .none { color: #8a94a3; fill: #b8c0cc; }
.sync.late { color: #c53030; } .sync.never { color: #8a94a3; }
footer { color: #66717f; font-size: 12px; padding: 12px 28px; }
"""

SCRIPT = """
(function () {
  var root = document.documentElement;
  var saved = null;
  try { saved = localStorage.getItem("onestop.lang"); } catch (e) {}
  if (saved === "en" || saved === "vi") root.dataset.lang = saved;
  document.getElementById("lang").addEventListener("click", function () {
    root.dataset.lang = root.dataset.lang === "vi" ? "en" : "vi";
    root.lang = root.dataset.lang;
    try { localStorage.setItem("onestop.lang", root.dataset.lang); } catch (e) {}
  });
})();
"""


def _shell(body: str) -> str:
    return (
        '<!doctype html><html lang="vi" data-lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>onestop — Sở/Tỉnh</title><style>{STYLE}</style></head><body>{body}"
        f"<script>{SCRIPT}</script></body></html>"
    )


def _header() -> str:
    return (
        f"<header><h1>{_t('Mức độ hài lòng của các Bộ phận Một cửa', 'Satisfaction at one-stop offices')}</h1>"
        f'<button id="lang" type="button">{_t("English", "Tiếng Việt")}</button></header>'
    )


def page(rows: list[Row], first: str, last: str, user: str, now: float, tz: ZoneInfo) -> str:
    served = sum(r.totals["served"] for r in rows)
    rated = sum(r.totals["rated"] for r in rows)
    unhappy = sum(r.totals["not_satisfied"] for r in rows)
    rate = (rated - unhappy) / rated * 100 if rated else None
    overall = _t(f"{rate:.1f} %".replace(".", ","), f"{rate:.1f} %") if rate is not None else "—"
    late = sum(1 for r in rows if r.last_batch_at is None or now - r.last_batch_at > LATE_S)
    body = [
        _header(),
        "<main>",
        '<form class="range" method="get">',
        f'{_t("Từ ngày", "From")} <input type="date" name="from" value="{first}">',
        f'{_t("đến ngày", "to")} <input type="date" name="to" value="{last}">',
        f'<button type="submit">{_t("Xem", "Show")}</button></form>',
        '<div class="summary">',
        f"<div>{_t('Đơn vị', 'Offices')}<b>{len(rows)}</b></div>",
        f"<div>{_t('Đã phục vụ', 'Served')}<b>{_count(served)}</b></div>",
        f"<div>{_t('Tỷ lệ hài lòng chung', 'Overall satisfaction')}<b>{overall}</b></div>",
        f"<div>{_t('Chậm đồng bộ (> 24 giờ)', 'Late syncing (> 24 h)')}<b>{late}</b></div>",
        "</div>",
        '<table id="ranking"><thead><tr>',
        f"<th>{_t('Hạng', 'Rank')}</th><th>{_t('Đơn vị', 'Office')}</th>",
        f"<th>{_t('Tỷ lệ hài lòng', 'Satisfaction')}</th><th>{_t('Chờ trung bình', 'Mean wait')}</th>",
        f"<th>{_t('Chờ p90', 'p90 wait')}</th><th>{_t('Đã phục vụ', 'Served')}</th>",
        f"<th>{_t('Theo ngày', 'Per day')}</th><th>{_t('Đồng bộ lần cuối', 'Last sync')}</th>",
        "</tr></thead><tbody>",
    ]
    for i, row in enumerate(rows, 1):
        t = row.totals
        body.append(
            f'<tr data-office="{escape(row.office)}"><td class="rank">{i}</td>'
            f"<td><b>{escape(row.name)}</b><small>{escape(row.office)}</small></td>"
            f"{_rate(t['satisfaction_rate'], t['rated'])}"
            f'<td class="num wait-mean">{_minutes(t["wait_mean_s"])}</td>'
            f'<td class="num wait-p90">{_minutes(t["wait_p90_s"])}</td>'
            f'<td class="num served">{_count(t["served"])}</td>'
            f"<td>{_trend(row.trend)}</td>{_last_sync(row.last_batch_at, now, tz)}</tr>"
        )
    if not rows:
        body.append(f'<tr><td colspan="8">{_t("Chưa có đơn vị nào", "No offices yet")}</td></tr>')
    generated = dt.datetime.fromtimestamp(now, tz).strftime("%Y-%m-%d %H:%M")
    body += [
        "</tbody></table></main>",
        f"<footer>{_t('Cập nhật', 'Generated')} {generated} · {escape(user)} · "
        + _t(
            "Tỷ lệ hài lòng = (số lượt đánh giá − không hài lòng) ÷ số lượt đánh giá × 100 %",
            "Satisfaction = (rated − not satisfied) ÷ rated × 100 %",
        )
        + "</footer>",
    ]
    return _shell("".join(body))


def sign_in_page(bad: bool) -> str:
    wrong = f'<p class="poor">{_t("Mã truy cập không đúng.", "That token is not valid.")}</p>' if bad else ""
    return _shell(
        _header() + "<main>" + wrong + '<form method="get">'
        f"<p>{_t('Nhập mã truy cập để xem số liệu:', 'Enter your read token to see the figures:')}</p>"
        f'<input name="token" type="password" size="40" autofocus> '
        f'<button type="submit">{_t("Xem", "Show")}</button></form></main>'
    )
