"""What goes on a procedure's checklist (the papers to bring), and the words printed for it in each language.

The kiosk prints it when a citizen asks "In danh sách giấy tờ / Print the
checklist" on a procedure's page; hardware.layout.checklist lays it out in
every printing mode, as it does tickets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.procedures import NOT_PUBLISHED

from .slip import LANGUAGES


@dataclass(frozen=True)
class ChecklistSlip:
    """Everything printed on one checklist.

    ``papers``: each paper's name and how many of which kind, already worded in
    ``language`` (core.procedures.paper_terms). Empty ``fee``, ``processing_time``
    or ``result_at``: not published, printed as "ask at the counter". Empty
    ``service``: no queue takes the procedure (no "take a ticket" line). Empty
    ``qr_data``: no QR code. ``printed_at`` is office-local and timezone-aware.
    """

    office_name: str
    procedure: str
    code: str
    papers: tuple[tuple[str, str], ...]
    fee: str
    processing_time: str
    service: str
    result_at: str
    note: str
    qr_data: str
    printed_at: datetime
    language: str = "vi"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be 'vi' or 'en', not {self.language!r}")
        if self.printed_at.tzinfo is None or self.printed_at.utcoffset() is None:
            raise ValueError("printed_at must be timezone-aware (office-local time)")
        if not self.procedure.strip():
            raise ValueError("procedure must not be empty")


@dataclass(frozen=True)
class ChecklistTexts:
    """The strings of one checklist in its language, in printing order (None: not printed)."""

    office: str
    heading: str
    procedure: str
    code: str
    papers: tuple[str, ...]
    fee: str
    processing_time: str
    service: str | None
    result_at: str
    note: str | None
    qr_caption: str | None
    printed: str


def checklist_texts(slip: ChecklistSlip) -> ChecklistTexts:
    """Choose and format the texts of ``slip`` in its language."""
    vi = slip.language == "vi"
    ask = NOT_PUBLISHED[0] if vi else NOT_PUBLISHED[1]
    if slip.papers:
        # "[ ]" for the citizen to tick as she gathers each paper: ASCII, so it prints natively anywhere.
        papers = tuple(f"[ ] {name} — {terms}" for name, terms in slip.papers)
    else:
        papers = ((f"[ ] {ask}" if vi else f"[ ] Papers: {ask.lower()}"),)
    return ChecklistTexts(
        office=slip.office_name,
        heading="GIẤY TỜ CẦN MANG THEO" if vi else "PAPERS TO BRING",
        procedure=slip.procedure,
        code=("Mã thủ tục: " if vi else "Procedure code: ") + slip.code,
        papers=papers,
        fee=("Phí, lệ phí: " if vi else "Fee: ") + (slip.fee or ask),
        processing_time=("Thời hạn giải quyết: " if vi else "Processing time: ") + (slip.processing_time or ask),
        service=(("Lấy số: " if vi else "Take a ticket for: ") + slip.service) if slip.service else None,
        result_at=("Trả kết quả: " if vi else "Results: ") + (slip.result_at or ask),
        note=slip.note or None,
        qr_caption=(
            ("Quét mã để xem thủ tục trên điện thoại" if vi else "Scan to see this procedure on your phone")
            if slip.qr_data
            else None
        ),
        # Day/month/year as Vietnam writes it; ASCII so it prints natively anywhere.
        printed=("In lúc " if vi else "Printed ") + slip.printed_at.strftime("%d/%m/%Y %H:%M"),
    )
