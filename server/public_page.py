"""The HTML of a ticket's public page (/t/{id}?c=CODE): what a citizen's phone shows after scanning the QR.

Plain HTML and CSS, no script: it must open on any phone, and "Tải lại / Reload" is a link.
Every text from the office or the ticket goes through ``html.escape``.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from string import Template
from typing import Any
from urllib.parse import urlencode

from core.model import Office
from hardware.slip import wait_text  # the wait worded exactly as the slip prints it

PAGE = Template("""<!doctype html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>$title</title>
<style>
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans", "DejaVu Sans", Roboto, Arial, sans-serif; background: #f4f6f8;
       color: #1b1b1b; font-size: 18px; line-height: 1.4; }
header { background: #0d3b66; color: white; padding: 12px 16px; display: flex; align-items: center; gap: 12px; }
header .office { flex: 1; font-weight: bold; font-size: 17px; }
header a { color: #0d3b66; background: white; border-radius: 8px; padding: 6px 12px; text-decoration: none;
           font-weight: bold; font-size: 15px; white-space: nowrap; }
main { max-width: 520px; margin: 0 auto; padding: 16px; }
.card { background: white; border-radius: 16px; padding: 18px; margin-bottom: 14px;
        box-shadow: 0 1px 3px rgba(0, 0, 0, .12); }
.caption { color: #5f6368; font-size: 16px; text-align: center; }
.number { font-size: 76px; font-weight: bold; text-align: center; color: #0d3b66; line-height: 1.1; }
.service { text-align: center; font-weight: bold; font-size: 20px; }
.status { border-radius: 12px; padding: 14px; text-align: center; font-size: 22px; font-weight: bold;
          color: white; margin-top: 14px; }
.waiting { background: #1565c0; } .called { background: #c62828; } .serving { background: #6a1b9a; }
.done { background: #2e7d32; } .no_show, .cancelled { background: #616161; }
.facts { margin: 12px 0 0; padding: 0; list-style: none; }
.facts li { display: flex; justify-content: space-between; gap: 12px; padding: 8px 0;
            border-bottom: 1px solid #e3e6ea; }
.facts li:last-child { border-bottom: none; }
.facts b { text-align: right; }
.note { margin-top: 12px; color: #3c4043; text-align: center; }
.message { background: #fdecea; color: #b71c1c; border: 2px solid #b71c1c; border-radius: 12px; padding: 12px;
           margin-bottom: 14px; text-align: center; font-weight: bold; }
h2 { font-size: 20px; margin: 0 0 12px; text-align: center; color: #0d3b66; }
.levels { display: flex; flex-direction: column; gap: 10px; }
.levels button { font: inherit; font-size: 20px; font-weight: bold; padding: 14px; border-radius: 12px;
                 border: none; color: white; cursor: pointer; }
details { margin-bottom: 14px; } summary { cursor: pointer; color: #0d3b66; font-weight: bold; }
label.reason { display: block; padding: 8px 0; }
label.reason input { transform: scale(1.4); margin-right: 10px; }
input[type=text] { font: inherit; width: 100%; padding: 10px; border: 1px solid #c4c9cf; border-radius: 8px; }
.reload { display: block; text-align: center; background: #0d3b66; color: white; text-decoration: none;
          border-radius: 12px; padding: 14px; font-weight: bold; font-size: 20px; }
footer { text-align: center; color: #5f6368; font-size: 14px; padding: 8px 16px 24px; }
</style>
</head>
<body>
<header><div class="office">$office</div><a id="language" href="$other_href" lang="$other_lang">$other_name</a></header>
<main>
$message
<section class="card" id="ticket" data-status="$status">
  <div class="caption">$number_caption</div>
  <div class="number" id="number">$number</div>
  <div class="service" id="service">$service</div>
  <div class="status $status" id="status">$status_text</div>
  <ul class="facts" id="facts">$facts</ul>
  $note
</section>
$rating
<a class="reload" id="reload" href="$self_href">$reload</a>
</main>
<footer>$footer</footer>
</body>
</html>
""")

# Best level first (as /api/rating-scale lists them): green to red, each dark enough for white text.
LEVEL_COLOURS = ("#2e7d32", "#558b2f", "#9a6700", "#d84315", "#c62828")

TEXTS = {
    "vi": {
        "title": "Phiếu số {number}",
        "number": "Số thứ tự",
        "reload": "Tải lại",
        "ahead": "Số người chờ trước",
        "wait": "Thời gian chờ dự kiến",
        "issued": "Lấy số lúc",
        "counter": "Quầy",
        "rate": "Xin ông/bà đánh giá mức độ hài lòng",
        "reasons": "Chưa hài lòng? Xin cho biết lý do",
        "dossier": "Mã hồ sơ (nếu có)",
        "rated": "Cảm ơn ông/bà đã đánh giá: {level}",
        "footer": "Trang này không tự cập nhật — bấm “Tải lại” để xem trạng thái mới.",
        "no_show_note": "Ông/bà đã không có mặt khi được gọi. Xin liên hệ cán bộ tại quầy.",
        "waiting_note": "Xin theo dõi màn hình gọi số trong sảnh.",
        "not_found": "Không tìm thấy phiếu",
        "not_found_note": "Xin quét lại mã QR trên phiếu, hoặc hỏi cán bộ tại quầy.",
    },
    "en": {
        "title": "Ticket {number}",
        "number": "Queue number",
        "reload": "Reload",
        "ahead": "People ahead of you",
        "wait": "Estimated wait",
        "issued": "Taken at",
        "counter": "Counter",
        "rate": "How satisfied are you with our service?",
        "reasons": "Not satisfied? Tell us why",
        "dossier": "Dossier code (if any)",
        "rated": "Thank you for your rating: {level}",
        "footer": "This page does not update by itself — press “Reload” to see the latest.",
        "no_show_note": "You were not there when called. Please ask the staff at a counter.",
        "waiting_note": "Please watch the calling screen in the hall.",
        "not_found": "Ticket not found",
        "not_found_note": "Please scan the QR code on your ticket again, or ask the staff.",
    },
}


def status_text(ticket: dict[str, Any], lang: str) -> str:
    """The ticket's state in words: đang chờ / đã gọi — mời đến quầy N / …"""
    counter = ticket.get("counter")
    vi = lang == "vi"
    match ticket["status"]:
        case "waiting":
            return "Đang chờ" if vi else "Waiting"
        case "called":
            return f"Đã gọi — mời đến quầy {counter}" if vi else f"Called — please go to counter {counter}"
        case "serving":
            return f"Đang phục vụ tại quầy {counter}" if vi else f"Being served at counter {counter}"
        case "done":
            return "Hoàn thành" if vi else "Done"
        case "no_show":
            return "Vắng mặt" if vi else "Missed (not present when called)"
        case "cancelled":
            return "Đã hủy" if vi else "Cancelled"
    return str(ticket["status"])


def _href(ticket_id: int, code: str, lang: str, suffix: str = "") -> str:
    return escape(f"/t/{ticket_id}{suffix}?{urlencode({'c': code, 'lang': lang})}")


def _fact(name: str, value: str, key: str) -> str:
    return f'<li data-fact="{key}"><span>{escape(name)}</span><b>{escape(value)}</b></li>'


def _rating_form(ticket: dict[str, Any], code: str, lang: str, scale: dict[str, Any], t: dict[str, str]) -> str:
    pick = 0 if lang == "vi" else 1
    levels = scale["levels"]
    buttons = "".join(
        f'<button type="submit" name="level" value="{lv["value"]}" '
        f'style="background: {LEVEL_COLOURS[min(i * (len(LEVEL_COLOURS) - 1) // max(1, len(levels) - 1), 4)]}">'
        f'{escape((lv["label_vi"], lv["label_en"])[pick])}</button>'
        for i, lv in enumerate(levels)
    )
    reasons = "".join(
        f'<label class="reason"><input type="checkbox" name="reasons" value="{escape(r["code"])}">'
        f'{escape((r["label_vi"], r["label_en"])[pick])}</label>'
        for r in scale["reasons"]
    )
    details = f"<details><summary>{escape(t['reasons'])}</summary>{reasons}</details>" if reasons else ""
    return (
        f'<section class="card" id="rating"><h2>{escape(t["rate"])}</h2>'
        f'<form method="post" action="{_href(ticket["id"], code, lang, "/rating")}">'
        # The choices first: a level button sends the form at once.
        f'{details}<details><summary>{escape(t["dossier"])}</summary>'
        f'<input type="text" name="dossier_code" maxlength="64" autocomplete="off"></details>'
        f'<div class="levels">{buttons}</div>'
        f"</form></section>"
    )


def render_ticket(
    ticket: dict[str, Any], office: Office, scale: dict[str, Any], lang: str, message: str = ""
) -> str:
    """The page for ``ticket`` (Store.public_ticket's answer) in ``lang``; ``message`` is shown on top (an error)."""
    t = TEXTS[lang]
    code = ticket["public_code"]
    try:
        service = office.service(ticket["service"])
        service_name = service.name_vi if lang == "vi" else service.name_en
    except KeyError:
        service_name = ticket["service"]
    facts = []
    note = ""
    status = ticket["status"]
    if status == "waiting" and "position" in ticket:
        facts.append(_fact(t["ahead"], str(ticket["position"]), "ahead"))
        facts.append(_fact(t["wait"], wait_text(int(ticket["estimated_now_s"]), lang), "wait"))
        note = t["waiting_note"]
    elif status == "no_show":
        note = t["no_show_note"]
    issued = datetime.fromisoformat(ticket["issued_at"]).strftime("%H:%M %d/%m/%Y")
    facts.append(_fact(t["issued"], issued, "issued"))
    rating = ""
    if status == "done":
        rated = ticket.get("rating")
        if rated:
            level = next((lv for lv in scale["levels"] if lv["value"] == rated["level"]), None)
            name = (level["label_vi"] if lang == "vi" else level["label_en"]) if level else str(rated["level"])
            note = t["rated"].format(level=name)
        else:
            rating = _rating_form(ticket, code, lang, scale, t)
    other = "en" if lang == "vi" else "vi"
    return PAGE.substitute(
        lang=lang,
        title=escape(t["title"].format(number=ticket["number"])),
        office=escape(office.name),
        other_href=_href(ticket["id"], code, other),
        other_lang=other,
        other_name="English" if other == "en" else "Tiếng Việt",
        message=f'<div class="message" id="message">{escape(message)}</div>' if message else "",
        status=escape(status),
        number_caption=escape(t["number"]),
        number=escape(ticket["number"]),
        service=escape(service_name),
        status_text=escape(status_text(ticket, lang)),
        facts="".join(facts),
        note=f'<div class="note" id="note">{escape(note)}</div>' if note else "",
        rating=rating,
        self_href=_href(ticket["id"], code, lang),
        reload=escape(t["reload"]),
        footer=escape(t["footer"]),
    )


def render_not_found() -> str:
    """Both languages: a page that cannot say which ticket it is cannot offer a language link."""
    vi, en = TEXTS["vi"], TEXTS["en"]
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
        f"<title>{escape(vi['not_found'])} / {escape(en['not_found'])}</title></head>"
        '<body style="font-family: sans-serif; text-align: center; padding: 40px 16px; color: #1b1b1b">'
        f"<h1>{escape(vi['not_found'])}</h1><p>{escape(vi['not_found_note'])}</p>"
        f'<h2 lang="en">{escape(en["not_found"])}</h2><p lang="en">{escape(en["not_found_note"])}</p></body></html>'
    )
