"""The HTML of a ticket's public page (/t/{id}?c=CODE): what a citizen's phone shows after scanning the QR.

Plain HTML and CSS, no script: it must open on any phone, and "Tải lại / Reload" is a link.
The page is server/templates/ticket.html, rendered with autoescape on: every text from the
office or the ticket is escaped by Jinja2, none by hand.
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


# How often the page of a waiting ticket reloads itself (the estimator renews its figures every 10 s at most).
REFRESH_S = 30


def _unbroken(wait: str) -> str:
    """The range and its unit kept on one line on a narrow phone ("Khoảng" / "10–25 phút", never "10–" / "25")."""
    return wait.replace("–", "–\u2060").replace(" phút", "\u00a0phút").replace(" min", "\u00a0min")


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
        now = ticket.get("wait_now")
        if now is not None:
            wait = wait_text(
                now["point_s"], lang, low_s=now["low_s"], high_s=now["high_s"], called_today=now["called_today"]
            )
        else:
            wait = wait_text(ticket["estimated_wait_s"], lang)
        facts.append(("wait", t["wait"], _unbroken(wait)))
        note = t["waiting_note"]
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
        # No script on this page: while she waits (or is being called) it reloads itself, so the wait shown
        # is the estimator's latest (renewed every 10 s at most); once served, the rating form must not reload.
        refresh_s=REFRESH_S if status in ("waiting", "called") else None,
        message=message,
        scale=scale,
        rating_form=rating_form,
        # Green to red across however many levels the office's form has.
        level_colours=[
            LEVEL_COLOURS[min(i * (len(LEVEL_COLOURS) - 1) // max(1, levels - 1), 4)] for i in range(levels)
        ],
        rate_href=_href(ticket["id"], code, lang, "/rating"),
        self_href=_href(ticket["id"], code, lang),
        other_href=_href(ticket["id"], code, other),
        other_lang=other,
        other_name="English" if other == "en" else "Tiếng Việt",
    )


def render_not_found() -> str:
    """Both languages: a page that cannot say which ticket it is cannot offer a language link."""
    return render("ticket_not_found.html", vi=TEXTS["vi"], en=TEXTS["en"])
