"""The HTML of the booking pages on the citizens' listener (/book, /book/{code}): plain forms, no script.

Three steps of plain GET links and one form — service, day, then slot with name and phone — so it
works on any phone; templates server/templates/book*.html with autoescape on.
"""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from markupsafe import Markup

from core.model import Office
from server import schemas
from server.templates import render

WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

TEXTS = {
    "vi": {
        "title": "Đặt lịch hẹn",
        "choose_service": "Chọn lĩnh vực",
        "choose_day": "Chọn ngày",
        "choose_slot": "Chọn giờ",
        "free": "còn {n} chỗ",
        "full": "hết chỗ",
        "name": "Họ và tên",
        "phone": "Số điện thoại",
        "book": "Đặt lịch",
        "back": "← Quay lại",
        "none": "Hiện không còn ngày nào nhận đặt lịch cho lĩnh vực này.",
        "off": "Văn phòng chưa nhận đặt lịch hẹn trực tuyến.",
        "privacy": "Họ tên và số điện thoại chỉ dùng cho lịch hẹn này (để cán bộ liên hệ khi cần) "
        "và được xóa 30 ngày sau giờ hẹn.",
        "your_code": "Mã đặt lịch của ông/bà",
        "booked": "Đã đặt lịch",
        "cancelled": "Đã hủy",
        "checked_in": "Đã đến và lấy số",
        "missed": "Đã lỡ hẹn",
        "when": "Thời gian",
        "service": "Lĩnh vực",
        "arrive": "Khi đến, chọn “Tôi đã đặt lịch hẹn” ở máy lấy số và quét mã QR này (hoặc nhập mã), "
        "từ {early} phút trước đến {late} phút sau giờ hẹn. Ông/bà sẽ được gọi trước người chưa đặt lịch.",
        "cancel": "Hủy lịch hẹn",
        "keep": "Xin lưu lại trang này hoặc chụp màn hình mã.",
        "new": "Đặt lịch khác",
        "choose_again": "Xin chọn lại lĩnh vực, ngày và giờ hẹn.",
    },
    "en": {
        "title": "Book an appointment",
        "choose_service": "Choose a service",
        "choose_day": "Choose a day",
        "choose_slot": "Choose a time",
        "free": "{n} places left",
        "full": "full",
        "name": "Full name",
        "phone": "Phone number",
        "book": "Book",
        "back": "← Back",
        "none": "No day can be booked for this service at the moment.",
        "off": "This office does not take bookings online yet.",
        "privacy": "Your name and phone number are used only for this appointment (so the staff can reach you) "
        "and deleted 30 days after it.",
        "your_code": "Your booking code",
        "booked": "Booked",
        "cancelled": "Cancelled",
        "checked_in": "Arrived, ticket taken",
        "missed": "Missed",
        "when": "When",
        "service": "Service",
        "arrive": "When you come, choose “I have an appointment” at the ticket kiosk and scan this QR code "
        "(or type the code), from {early} minutes before to {late} minutes after your time. You will be "
        "called before people without an appointment.",
        "cancel": "Cancel the appointment",
        "keep": "Please keep this page or take a screenshot of the code.",
        "new": "Book another",
        "choose_again": "Please choose the service, the day and the time again.",
    },
}


def _common(office: Office, lang: str, path: str, params: dict[str, str]) -> dict[str, object]:
    other = "en" if lang == "vi" else "vi"
    return {
        "lang": lang,
        "t": TEXTS[lang],
        "office_name": office.name,
        "other_href": f"{path}?{urlencode({**params, 'lang': other})}",
        "other_lang": other,
        "other_name": "English" if other == "en" else "Tiếng Việt",
    }


def _service_name(office: Office, code: str, lang: str) -> str:
    service = office.service(code)
    return service.name_vi if lang == "vi" else service.name_en


def day_name(day: str, lang: str) -> str:
    parsed = date.fromisoformat(day)
    return f"{WEEKDAYS[lang][parsed.weekday()]} {parsed.strftime('%d/%m/%Y')}"


def render_book(
    office: Office,
    lang: str,
    service: str | None = None,
    days: list[schemas.BookableDay] | None = None,
    day: str | None = None,
    slots: list[schemas.BookableSlot] | None = None,
    message: str = "",
    form: dict[str, str] | None = None,
) -> str:
    """/book: the services; with ``service`` its days; with ``day`` too, its slots and the form."""
    params = {k: v for k, v in (("service", service), ("day", day)) if v}
    rules = office.appointments
    return render(
        "book.html",
        **_common(office, lang, "/book", params),
        services=[(code, _service_name(office, code, lang)) for code in rules.services],
        service=service,
        service_name=_service_name(office, service, lang) if service else "",
        days=[(d["day"], day_name(d["day"], lang), d["free"]) for d in days or []],
        day=day,
        day_label=day_name(day, lang) if day else "",
        slots=slots or [],
        message=message,
        form=form or {},
        href=lambda **query: "/book?" + urlencode({**{k: v for k, v in query.items() if v}, "lang": lang}),
    )


def qr_svg(text: str) -> Markup:
    """The QR code of ``text`` as inline SVG (qrcode's own SVG writer; ``text`` is a URL we made)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode("utf-8")
    return Markup(svg[svg.index("<svg") :])  # noqa: S704 — made by qrcode from our own URL, not user input


def render_booking(office: Office, booking: schemas.Booking, lang: str, base_url: str, message: str = "") -> str:
    """/book/{code}: the booking, its code and QR (the kiosk scans it), and a cancel button while it can be."""
    code = booking["code"]
    rules = office.appointments
    phone = booking.get("phone") or ""
    return render(
        "booking.html",
        **_common(office, lang, f"/book/{code}", {}),
        booking=booking,
        status_text=TEXTS[lang][booking["status"]],
        service_name=_service_name(office, booking["service"], lang),
        when=f"{booking['time']} — {day_name(booking['day'], lang)}",
        # Enough of the number to recognise it, not all of it on a screen others may see.
        phone_hint=("•" * 6 + phone[-4:]) if phone else "",
        qr=qr_svg(f"{base_url.rstrip('/')}/book/{code}"),
        arrive=TEXTS[lang]["arrive"].format(early=rules.early_min, late=rules.late_min),
        cancel_href=f"/book/{code}/cancel?{urlencode({'lang': lang})}",
        new_href=f"/book?{urlencode({'lang': lang})}",
        message=message,
    )
