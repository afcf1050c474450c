"""The HTML of a ticket's public page (/t/{id}?c=CODE): what a citizen's phone shows after scanning the QR.

Plain HTML and CSS that open on any phone; a small script (ticket.js, inline) keeps it live over the
ticket's own event stream (server/routes/public_live.py), rings and vibrates when it is called (after one
tap: browsers allow sound only then) and warns when N people are ahead. Without the script the page
reloads itself every 30 seconds. The page is server/templates/ticket.html, rendered with autoescape on:
every text from the office or the ticket is escaped by Jinja2, none by hand.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from core.model import Office
from hardware.slip import closure_words, wait_text  # the wait worded exactly as the slip prints it
from server import schemas
from server.templates import render

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
        "footer": "Trang này tự cập nhật; có thể để điện thoại trong túi khi chờ.",
        "go_to": "Mời đến",
        "counter_big": "Quầy {counter}",
        "enable": "Bật chuông và rung khi được gọi",
        "enabled": "Đã bật chuông và rung ✓",
        "alert_at": "Báo trước khi còn",
        "alert_people": "người phía trước",
        "near": "Sắp đến lượt: còn {ahead} người phía trước",
        "live": "Đang tự cập nhật",
        "offline": "Mất kết nối — sẽ thử lại sau 30 giây",
        "fewer": "Bớt",
        "more": "Thêm",
        "no_show_note": "Ông/bà đã không có mặt khi được gọi. Xin liên hệ cán bộ tại quầy.",
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
        "footer": "This page updates itself; you can keep your phone in your pocket while you wait.",
        "go_to": "Please go to",
        "counter_big": "Counter {counter}",
        "enable": "Turn on sound and vibration for my call",
        "enabled": "Sound and vibration on ✓",
        "alert_at": "Warn me when",
        "alert_people": "people are ahead",
        "near": "Almost your turn: {ahead} people ahead",
        "live": "Updating live",
        "offline": "Connection lost — trying again in 30 seconds",
        "fewer": "Fewer",
        "more": "More",
        "no_show_note": "You were not there when called. Please ask the staff at a counter.",
        "not_found": "Ticket not found",
        "not_found_note": "Please scan the QR code on your ticket again, or ask the staff.",
    },
}


# The page changes as the queue moves: never from a cache. The code is in the URL: never in a Referer.
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def ticket_id_of(text: str) -> int | None:
    # Sixteen digits hold every id up to 2**53; more would only make int() work on an attacker's 5,000 digits.
    return int(text) if len(text) <= 16 and text.isascii() and text.isdigit() and 0 < int(text) <= 2**53 else None


def status_text(ticket: schemas.Ticket, lang: str) -> str:
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


# How often a live page asks again when it has no stream (its script), or reloads itself (no script).
REFRESH_S = 30


def _unbroken(wait: str) -> str:
    """The range and its unit kept on one line on a narrow phone ("Khoảng" / "10–25 phút", never "10–" / "25")."""
    return wait.replace("–", "–\u2060").replace(" phút", "\u00a0phút").replace(" min", "\u00a0min")


def wait_words(ticket: schemas.Ticket, lang: str) -> str:
    """A waiting ticket's wait from now, as the slip words it: the estimator's range, else the baseline."""
    now = ticket.get("wait_now")
    if now is not None:
        wait = wait_text(
            now["point_s"], lang, low_s=now["low_s"], high_s=now["high_s"], called_today=now["called_today"]
        )
    else:
        wait = wait_text(ticket["estimated_wait_s"], lang)
    return _unbroken(wait)


def live_state(ticket: schemas.Ticket, lang: str) -> dict[str, object]:
    """What the live page (its stream and its 30-second fallback) gets: this ticket's public facts, in words.

    Nothing else: no code, no clerk, no rating, no other ticket.
    """
    state: dict[str, object] = {
        "number": ticket["number"],
        "status": ticket["status"],
        "status_text": status_text(ticket, lang),
        "counter": ticket.get("counter"),
        # A recall calls again: the page rings again.
        "calls": ticket["call_count"],
    }
    if ticket["status"] == "waiting" and "position" in ticket:
        state["ahead"] = ticket["position"]
        state["wait_text"] = wait_words(ticket, lang)
        # Every counter of the service at lunch (or not open yet): when it reopens; "" while one is open.
        state["closed_text"] = closure_words(dict(ticket.get("closure") or {}), lang)
    return state


def _href(ticket_id: int, code: str, lang: str, suffix: str = "") -> str:
    return f"/t/{ticket_id}{suffix}?{urlencode({'c': code, 'lang': lang})}"


def render_ticket(
    ticket: schemas.Ticket, office: Office, scale: schemas.RatingScale, lang: str, message: str = ""
) -> str:
    """The page for ``ticket`` (PublicTickets.ticket's answer) in ``lang``; ``message`` is shown on top (an error)."""
    t = TEXTS[lang]
    code = ticket.get("public_code", "")
    try:
        service = office.service(ticket["service"])
        service_name = service.name_vi if lang == "vi" else service.name_en
    except KeyError:
        service_name = ticket["service"]
    facts: list[tuple[str, str, str]] = []
    note = closed = ""
    status = ticket["status"]
    if status == "waiting" and "position" in ticket:
        facts.append(("ahead", t["ahead"], str(ticket["position"])))
        facts.append(("wait", t["wait"], wait_words(ticket, lang)))
        closed = closure_words(dict(ticket.get("closure") or {}), lang)
    elif status == "no_show":
        note = t["no_show_note"]
    facts.append(("issued", t["issued"], datetime.fromisoformat(ticket["issued_at"]).strftime("%H:%M %d/%m/%Y")))
    rating_form = False
    if status == "done":
        rated = ticket.get("rating")
        if rated:
            level = next((lv for lv in scale["levels"] if lv["value"] == rated["level"]), None)
            name = (level["label_vi"] if lang == "vi" else level["label_en"]) if level else str(rated["level"])
            note = t["rated"].format(level=name)
        else:
            rating_form = True
    levels = len(scale["levels"])
    other = "en" if lang == "vi" else "vi"
    live = status in ("waiting", "called", "serving")
    # What the page's script needs: where its stream is, its words, and the state it starts from.
    live_config = {
        "events": _href(ticket["id"], code, lang, "/events"),
        "live": _href(ticket["id"], code, lang, "/live"),
        "state": live_state(ticket, lang),
        "texts": {key: t[key] for key in ("counter_big", "enabled", "near", "live", "offline")},
    }
    return render(
        "ticket.html",
        lang=lang,
        t=t,
        ticket=ticket,
        office_name=office.name,
        service_name=service_name,
        status_text=status_text(ticket, lang),
        facts=facts,
        note=note,
        closed=closed,
        # Only without its script (<noscript>) does a live page reload itself: the script keeps it current
        # from the stream, which a reload would break; once served, the rating form must not reload.
        refresh_s=REFRESH_S,
        message=message,
        scale=scale,
        rating_form=rating_form,
        # Green to red across however many levels the office's form has.
        level_colours=[
            LEVEL_COLOURS[min(i * (len(LEVEL_COLOURS) - 1) // max(1, levels - 1), 4)] for i in range(levels)
        ],
        live=live,
        live_config=live_config,
        rate_href=_href(ticket["id"], code, lang, "/rating"),
        self_href=_href(ticket["id"], code, lang),
        other_href=_href(ticket["id"], code, other),
        other_lang=other,
        other_name="English" if other == "en" else "Tiếng Việt",
    )


def render_not_found() -> str:
    """Both languages: a page that cannot say which ticket it is cannot offer a language link."""
    return render("ticket_not_found.html", vi=TEXTS["vi"], en=TEXTS["en"])
