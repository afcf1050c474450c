"""One procedure in large type: the papers to bring, fee, time, where results come back; print it, or take a ticket."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from client.language import Language
from core.procedures import LEVEL_NAMES, NOT_PUBLISHED, Procedure, field_in, name_in, paper_terms
from kiosk.ui.common import button, label, touch_scroll_area


def _left(widget: QLabel) -> QLabel:
    widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return widget


class PaperRow(QFrame):
    """A paper to bring: its name, and beside it how many of which kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "paper-row")
        self.name = _left(label("paper"))
        self.terms = label("paper-terms", wrap=False)
        self.terms.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(24)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.terms)


class ProcedurePage(QWidget):
    """Renders a Procedure and the state of its checklist's printing; sends the citizen's choices.

    Signals:
        print_requested(): "In danh sách giấy tờ / Print the checklist".
        ticket_requested(): "Lấy số / Take a ticket" for the procedure's service.
        back(): back to the search (what was typed stays).
    """

    print_requested = Signal()
    ticket_requested = Signal()
    back = Signal()

    def __init__(self, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._procedure: Procedure | None = None
        self._service: dict[str, Any] | None = None
        self._print: tuple[str, str, str] = ("", "", "")  # state, Vietnamese, English
        self._online = True
        self.name = _left(label("procedure-name"))
        self.about = _left(label("procedure-about"))
        self.papers_title = _left(label("section"))
        self.papers: list[PaperRow] = []
        self.facts: dict[str, tuple[QLabel, QLabel]] = {}
        self.note = _left(label("procedure-note"))
        details = QWidget()
        details.setProperty("role", "procedure-details")
        self._details = QVBoxLayout(details)
        self._details.setContentsMargins(24, 20, 24, 20)
        self._details.setSpacing(10)
        self._details.addWidget(self.papers_title)
        self._papers_at = self._details.count()
        for key in ("fee", "processing_time", "result_at", "legal_basis"):
            heading, value = _left(label("fact-heading")), _left(label("fact"))
            self.facts[key] = (heading, value)
            self._details.addSpacing(6)
            self._details.addWidget(heading)
            self._details.addWidget(value)
        self._details.addSpacing(6)
        self._details.addWidget(self.note)
        self._details.addStretch(1)
        self.details_area = touch_scroll_area(details)
        self.print_button = button("big")
        self.print_button.clicked.connect(self.print_requested)
        self.print_status = label("print-status")
        self.ticket_button = button("choice")
        self.ticket_button.clicked.connect(self.ticket_requested)
        self.ticket_hint = label("info-small")
        self.back_button = button("back")
        self.back_button.clicked.connect(self.back)

        actions = QVBoxLayout()
        actions.setSpacing(18)
        actions.addWidget(self.print_button)
        actions.addWidget(self.print_status)
        actions.addSpacing(20)
        actions.addWidget(self.ticket_button)
        actions.addWidget(self.ticket_hint)
        actions.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(40)
        body.addWidget(self.details_area, 3)
        body.addLayout(actions, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 24)
        layout.setSpacing(12)
        layout.addWidget(self.name)
        layout.addWidget(self.about)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        language.changed.connect(self.on_language_changed)

    # -- state in ------------------------------------------------------------------

    def show_procedure(self, procedure: Procedure, service: dict[str, Any] | None) -> None:
        """``service``: the office's service that takes it (from /api/state), or None."""
        self._procedure = procedure
        self._service = service
        self._print = ("", "", "")
        # Rows are kept and reused: as many shown as the procedure has papers (one to say "ask").
        while len(self.papers) < max(1, len(procedure.papers)):
            paper = PaperRow()
            self._details.insertWidget(self._papers_at + len(self.papers), paper)
            self.papers.append(paper)
        for i, row in enumerate(self.papers):
            row.setVisible(i < max(1, len(procedure.papers)))
        self.details_area.verticalScrollBar().setValue(0)
        self._render()

    def set_print_state(self, state: str, vi: str, en: str) -> None:
        """printing / printed / failed, with what to tell the citizen."""
        self._print = (state, vi, en)
        self._render()

    def set_online(self, online: bool) -> None:
        self._online = online
        self._render()

    def on_language_changed(self, _code: str) -> None:
        self._render()

    # -- drawing ---------------------------------------------------------------------

    def _render(self) -> None:
        procedure = self._procedure
        if procedure is None:
            return
        pick, lang = self._language.pick, self._language.code
        ask = pick(*NOT_PUBLISHED)
        self.name.setText(name_in(procedure, lang))
        level = pick(*LEVEL_NAMES[procedure.level])
        self.about.setText(f"{field_in(procedure, lang)} · {level} · {pick('Mã', 'Code')} {procedure.code}")
        self.papers_title.setText(pick("Giấy tờ cần mang theo", "Papers to bring"))
        if procedure.papers:
            for row, paper in zip(self.papers, procedure.papers, strict=False):
                row.name.setText(f"•  {paper.name}")
                row.terms.setText(paper_terms(paper, lang))
        else:
            self.papers[0].name.setText(f"•  {ask}")
            self.papers[0].terms.setText("")
        headings = {
            "fee": pick("Phí, lệ phí", "Fee"),
            "processing_time": pick("Thời hạn giải quyết", "Processing time"),
            "result_at": pick("Nơi trả kết quả", "Where results are returned"),
            "legal_basis": pick("Căn cứ pháp lý", "Legal basis"),
        }
        for key, (heading, value) in self.facts.items():
            text = getattr(procedure, key)
            heading.setText(headings[key])
            value.setText(text or ask)
            shown = bool(text) or key != "legal_basis"
            heading.setVisible(shown)
            value.setVisible(shown)
        self.note.setText(procedure.note)
        self.note.setVisible(bool(procedure.note))
        state, vi, en = self._print
        self.print_button.setText(pick("In danh sách giấy tờ", "Print the checklist"))
        self.print_button.setEnabled(state != "printing")
        self.print_status.setText(pick(vi, en))
        self.print_status.setProperty("state", state)
        self.print_status.style().polish(self.print_status)
        self.print_status.setVisible(bool(vi or en))
        service = self._service
        self.ticket_button.setVisible(service is not None)
        self.ticket_hint.setVisible(service is not None)
        if service is not None:
            self.ticket_button.setText(pick("Lấy số", "Take a ticket"))
            self.ticket_button.setEnabled(self._online)
            name = pick(service["name_vi"], service["name_en"])
            self.ticket_hint.setText(
                pick(f"Lĩnh vực: {service['code']} – {name}", f"Service: {service['code']} – {name}")
            )
        self.back_button.setText(pick("‹ Quay lại", "‹ Back"))
