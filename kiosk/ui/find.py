"""Tra cứu thủ tục / Find a procedure: browse the fields, or type on the keyboard and pick from what it finds."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from client.language import Language
from core.procedures import field_in, name_in
from kiosk.catalogue import SHOWN, ProcedureFinder, Results
from kiosk.ui.common import button, label, touch_scroll_area
from kiosk.ui.keyboard import VietnameseKeyboard


class ResultRow(QPushButton):
    """One line of the list: a field to open, or a procedure (its name, field and code)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "result")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.key = ""  # the field's name or the procedure's code
        self.main = label("result-main")
        self.other = label("result-other", wrap=False)
        for child in (self.main, self.other):
            child.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # touches belong to the row
        self._lines = QVBoxLayout(self)
        self._lines.setContentsMargins(20, 10, 20, 10)
        self._lines.setSpacing(2)
        self._lines.addWidget(self.main)
        self._lines.addWidget(self.other)

    def show_item(self, key: str, main: str, other: str) -> None:
        self.key = key
        self.main.setText(main)
        self.other.setText(other)
        self.show()

    # QPushButton sizes itself by its own (empty) text; a row is as tall as its two lines.
    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._lines.totalHeightForWidth(self.width()))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lines.totalHeightForWidth(width)


class FindScreen(QWidget):
    """The search screen: the typed text, the field chosen, the list, the keyboard.

    Signals:
        procedure_chosen(str): a procedure's code was tapped.
        back(): home.
    """

    procedure_chosen = Signal(str)
    back = Signal()

    def __init__(self, finder: ProcedureFinder, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._finder = finder
        self._language = language
        self.title = label("title")
        self.search = label("search-box", wrap=False)
        self.search.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.field_chip = button("chip")
        self.field_chip.clicked.connect(lambda: finder.choose_field(None))
        self.hint = label("list-hint")
        self.rows: list[ResultRow] = []
        rows_page = QWidget()
        rows_page.setProperty("role", "result-list")
        self._rows_layout = QVBoxLayout(rows_page)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(10)
        for _ in range(SHOWN):
            row = ResultRow()
            row.clicked.connect(lambda _checked=False, r=row: self.on_row_clicked(r))
            row.hide()
            self.rows.append(row)
            self._rows_layout.addWidget(row)
        self._rows_layout.addWidget(self.hint)
        self._rows_layout.addStretch(1)
        self.list_area = touch_scroll_area(rows_page)
        self.keyboard = VietnameseKeyboard(language)
        self.keyboard.text_changed.connect(finder.set_query)
        self.back_button = button("back")
        self.back_button.clicked.connect(self.back)

        left = QVBoxLayout()
        left.setSpacing(14)
        left.addWidget(self.search)
        left.addWidget(self.field_chip, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.list_area, 1)
        right = QVBoxLayout()
        right.addStretch(1)
        right.addWidget(self.keyboard, 6)
        body = QHBoxLayout()
        body.setSpacing(40)
        body.addLayout(left, 11)
        body.addLayout(right, 9)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 24)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        finder.results_changed.connect(self.on_finder_results_changed)
        language.changed.connect(self.on_language_changed)
        self._render(finder.results)

    def reset(self) -> None:
        """A new citizen: nothing typed, no field chosen, the list at its top."""
        self.keyboard.set_text("")
        self._finder.reset()
        self.list_area.verticalScrollBar().setValue(0)

    def on_row_clicked(self, row: ResultRow) -> None:
        if self._finder.results.procedures:
            self.procedure_chosen.emit(row.key)
        else:
            self._finder.choose_field(row.key)
            self.list_area.verticalScrollBar().setValue(0)

    def on_finder_results_changed(self, results: Results) -> None:
        self._render(results)

    def on_language_changed(self, _code: str) -> None:
        self._render(self._finder.results)

    def _render(self, results: Results) -> None:
        pick, lang = self._language.pick, self._language.code
        self.title.setText(pick("Tra cứu thủ tục hành chính", "Find an administrative procedure"))
        self.back_button.setText(pick("‹ Quay lại", "‹ Back"))
        typed = results.query
        self.search.setProperty("empty", not typed)
        self.search.setText(
            f"{typed}▏" if typed else pick("Gõ tên thủ tục, ví dụ: khai sinh", "Type a procedure, e.g. khai sinh")
        )
        self.search.style().polish(self.search)
        field = self._finder.field_names(results.field)
        self.field_chip.setVisible(field is not None)
        if field is not None:
            self.field_chip.setText(pick("Lĩnh vực: ", "Field: ") + (field[0] if lang == "vi" else field[1]) + "   ✕")
        items: list[tuple[str, str, str]] = []
        if results.procedures:
            for p in results.procedures:
                items.append((p.code, name_in(p, lang), f"{field_in(p, lang)} · {p.code}"))
        else:
            for name, name_en, count in results.fields:
                counted = pick(f"{count} thủ tục", f"{count} procedure" + ("" if count == 1 else "s"))
                items.append((name, name if lang == "vi" else name_en, counted))
        for row, item in zip(self.rows, items, strict=False):
            row.show_item(*item)
        for row in self.rows[len(items) :]:
            row.hide()
        self.hint.setText(self._hint(results))
        self.hint.setVisible(bool(self.hint.text()))

    def _hint(self, results: Results) -> str:
        pick = self._language.pick
        if results.fields:
            return pick(
                "Chọn một lĩnh vực, hoặc gõ tên thủ tục trên bàn phím",
                "Choose a field, or type the procedure's name on the keyboard",
            )
        if results.total == 0:
            return pick(
                "Không tìm thấy thủ tục nào. Xin thử từ khác, hoặc hỏi cán bộ tại quầy.",
                "No procedure found. Try other words, or ask at a counter.",
            )
        more = results.total - len(results.procedures)
        if more > 0:
            return pick(
                f"Còn {more} thủ tục khác — gõ thêm để tìm đúng thủ tục",
                f"{more} more — type more words to narrow the list",
            )
        return ""
