"""Booking an appointment on the citizens' listener: GET /book (service → day → slot), POST /book,
GET /book/{code} (the booking with its QR), POST /book/{code}/cancel.

No token: the booking's code is the key to it, as a ticket's code is to its page, and a wrong code
reads like no booking. Rate-limited per network address (``appointments.per_address_per_hour``, in
memory) and per phone number (``appointments.per_phone`` bookings still to come, in the database).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server.booking_page import TEXTS, render_book, render_booking
from server.deps import get_office
from server.errors import NotFoundError, OnestopError, TooManyTriesError
from server.http_errors import status_for
from server.public_page import HEADERS

router = APIRouter()

FORM_MAX = 4096


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _message(exc: OnestopError, lang: str) -> str:
    return exc.message_vi if lang == "vi" else exc.message_en


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get("/book", include_in_schema=False)
async def book_page(request: Request) -> HTMLResponse:
    office = get_office(request)
    lang = _lang(request)
    rules = office.config.office.appointments
    service = request.query_params.get("service")
    if service not in rules.services:
        return HTMLResponse(render_book(office.config.office, lang), headers=HEADERS)
    day = _day(request.query_params.get("day"))
    days = await office.call(office.store.bookings.days, service)
    if day is None or day.isoformat() not in {d["day"] for d in days}:
        return HTMLResponse(render_book(office.config.office, lang, service, days), headers=HEADERS)
    slots = await office.call(office.store.bookings.slots, service, day)
    html = render_book(office.config.office, lang, service, days, day.isoformat(), slots)
    return HTMLResponse(html, headers=HEADERS)


@router.post("/book", include_in_schema=False)
async def book(request: Request) -> Response:
    office = get_office(request)
    lang = _lang(request)
    raw = await request.body()
    fields = {k: v[-1] for k, v in parse_qs(raw[:FORM_MAX].decode("utf-8", "replace")).items()}
    service = fields.get("service", "")
    day = _day(fields.get("day"))
    rules = office.config.office.appointments
    if service not in rules.services or day is None:
        message = TEXTS[lang]["choose_again"]
        return HTMLResponse(render_book(office.config.office, lang, message=message), status_code=422, headers=HEADERS)
    address = request.client.host if request.client else "unknown"
    try:
        if not office.booking_window.allow(address):
            raise TooManyTriesError(
                "too many bookings from this network in the last hour: please try again later",
                "Quá nhiều lượt đặt lịch từ mạng này trong một giờ qua: xin thử lại sau",
                retry_after_s=3600,
            )
        try:
            slot = dt.datetime.fromisoformat(fields.get("slot", "")).timestamp()
        except ValueError:
            slot = 0.0
        booking = await office.call(
            office.store.bookings.book, service, slot, fields.get("name", ""), fields.get("phone", "")
        )
    except OnestopError as exc:
        days = await office.call(office.store.bookings.days, service)
        slots = await office.call(office.store.bookings.slots, service, day)
        html = render_book(
            office.config.office, lang, service, days, day.isoformat(), slots, _message(exc, lang), fields
        )
        return HTMLResponse(html, status_code=status_for(exc), headers=HEADERS)
    # Post/Redirect/Get: a reload of the booking's page books nothing again.
    return RedirectResponse(f"/book/{booking['code']}?{urlencode({'lang': lang})}", status_code=303, headers=HEADERS)


def _base_url(request: Request) -> str:
    office = get_office(request)
    return office.config.public_url or str(request.base_url)


def _not_found() -> HTMLResponse:
    html = "<!doctype html><meta charset=utf-8><title>404</title><p>Không tìm thấy lịch hẹn / Booking not found"
    return HTMLResponse(html, status_code=404, headers=HEADERS)


@router.get("/book/{code}", include_in_schema=False)
async def booking_page(request: Request, code: str) -> HTMLResponse:
    office = get_office(request)
    try:
        booking = await office.call(office.store.bookings.get, code[:32])
    except NotFoundError:
        return _not_found()
    return HTMLResponse(
        render_booking(office.config.office, booking, _lang(request), _base_url(request)), headers=HEADERS
    )


@router.post("/book/{code}/cancel", include_in_schema=False)
async def cancel(request: Request, code: str) -> Response:
    office = get_office(request)
    lang = _lang(request)
    try:
        booking = await office.call(office.store.bookings.cancel, code[:32])
    except NotFoundError:
        return _not_found()
    except OnestopError as exc:
        booking = await office.call(office.store.bookings.get, code[:32])
        html = render_booking(office.config.office, booking, lang, _base_url(request), _message(exc, lang))
        return HTMLResponse(html, status_code=status_for(exc), headers=HEADERS)
    return RedirectResponse(f"/book/{booking['code']}?{urlencode({'lang': lang})}", status_code=303, headers=HEADERS)
