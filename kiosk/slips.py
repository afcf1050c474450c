"""One ticket from the server -> the TicketSlip printed for it; one procedure -> its ChecklistSlip.

The kiosk and `onestop ticket print` both print through :func:`slip_for_ticket`,
so a technician's test ticket is exactly what a citizen gets. No Qt, no network.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.procedures import Procedure, paper_terms
from hardware.checklist import ChecklistSlip
from hardware.slip import TicketSlip
from kiosk.config import KioskConfig

# The server keeps this much of a printer fault's detail (POST /api/tickets/{id}/printed).
MAX_DETAIL = 300


def printed_body(printed: bool, detail: str | None = None) -> dict[str, Any]:
    """The body that reports whether a ticket's slip came out of the printer."""
    if detail and len(detail) > MAX_DETAIL:
        detail = detail[: MAX_DETAIL - 1] + "…"
    return {"printed": printed, "detail": detail or None}


def qr_data(template: str, server: str, ticket: dict[str, Any], public_url: str | None = None) -> str:
    """The QR code's text: ``template`` with {public} {server} {id} {code} {number} {day} {service} filled in.

    {public} is the office's citizen-facing address (office.toml server.public_url, in /api/state), or the
    server's own when the office has none.
    """
    return template.format(
        public=(public_url or server).rstrip("/"),
        server=server.rstrip("/"),
        id=ticket["id"],
        code=ticket.get("public_code") or "",
        number=ticket["number"],
        day=ticket["day"],
        service=ticket["service"],
    )


def priority_name(office: dict[str, Any], code: str | None) -> str | None:
    """The Vietnamese name of a priority group (what the ticket prints), or None."""
    if code is None:
        return None
    for group in office.get("priority_groups", []):
        if group["code"] == code:
            return str(group["name_vi"])
    return code


def slip_for_ticket(
    ticket: dict[str, Any],
    office: dict[str, Any],
    services: list[dict[str, Any]],
    config: KioskConfig,
    server: str,
) -> TicketSlip:
    """The slip for ``ticket`` (POST /api/tickets' answer), with ``office`` and ``services`` from /api/state."""
    service = next((s for s in services if s["code"] == ticket["service"]), None)
    closure = ticket.get("closure") or {}
    until = closure.get("until")
    name_vi = service["name_vi"] if service else ticket["service"]
    name_en = service["name_en"] if service else ticket["service"]
    return TicketSlip(
        office_name=office["name"],
        label=ticket["number"],
        service_vi=name_vi,
        service_en=name_en,
        # The server's ISO time carries the office's offset (+07:00).
        issued_at=datetime.fromisoformat(ticket["issued_at"]),
        waiting_ahead=int(ticket["waiting_ahead"]),
        estimated_wait_s=int(ticket["estimated_wait_s"]),
        wait_low_s=ticket.get("estimated_low_s"),
        wait_high_s=ticket.get("estimated_high_s"),
        wait_called_today=ticket.get("estimated_called_today"),
        closed=closure.get("kind"),
        closed_until=datetime.fromisoformat(until).strftime("%H:%M") if until else None,
        qr_data=qr_data(config.qr, server, ticket, office.get("public_url")),
        footer=config.footer,
        language=config.ticket_language,
        priority_vi=priority_name(office, ticket.get("priority")),
        code=str(ticket.get("public_code") or ""),
        appointment=datetime.fromisoformat(slot).strftime("%H:%M") if (slot := ticket.get("booked_slot")) else None,
    )


def checklist_qr(template: str, server: str, code: str, public_url: str | None = None) -> str:
    """The checklist's QR text: ``template`` with {public} {server} {code} filled in ("" when the template is "").

    {public}, as for tickets: the office's citizen-facing address, or the server's own when it has none.
    """
    if not template:
        return ""
    return template.format(public=(public_url or server).rstrip("/"), server=server.rstrip("/"), code=code)


def checklist_for_procedure(
    procedure: Procedure,
    office: dict[str, Any],
    services: list[dict[str, Any]],
    config: KioskConfig,
    server: str,
    language: str,
    printed_at: datetime,
) -> ChecklistSlip:
    """The checklist of ``procedure`` in ``language`` (the screen's: the citizen chose it)."""
    service = next((s for s in services if s["code"] == procedure.service), None)
    service_text = ""
    if service is not None:
        service_text = f"{service['code']} – {service['name_vi'] if language == 'vi' else service['name_en']}"
    return ChecklistSlip(
        office_name=office["name"],
        procedure=procedure.name_en if language == "en" and procedure.name_en else procedure.name,
        code=procedure.code,
        papers=tuple((paper.name, paper_terms(paper, language)) for paper in procedure.papers),
        fee=procedure.fee,
        processing_time=procedure.processing_time,
        service=service_text,
        result_at=procedure.result_at,
        note=procedure.note,
        qr_data=checklist_qr(config.checklist_qr, server, procedure.code, office.get("public_url")),
        printed_at=printed_at,
        language=language,
    )
