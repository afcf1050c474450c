"""Administrative procedures (thủ tục hành chính) as plain data, and the words a citizen reads about them.

An office publicises every procedure it handles: its code in the national
database, name, field (lĩnh vực), the level that handles it, the papers to
bring, fee, processing time, where results are returned and the legal basis.
``service`` maps the procedure to the office's service (office.toml) whose
queue takes it, so the kiosk can offer "take a ticket for this".

Empty texts mean "not published here": the screens say "ask at the counter"
rather than guessing a fee or a time.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# The national database's codes look like 1.000894 or 2.000815.000.00.00.H12; an office's own
# codes (for procedures it numbers itself) are letters, digits, dots, dashes and underscores.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


class Level(enum.StrEnum):
    """Who handles the procedure (Vietnam has two tiers since 1 July 2025)."""

    COMMUNE = "commune"
    PROVINCE = "province"


LEVEL_NAMES = {
    Level.COMMUNE: ("Cấp xã", "Commune level"),
    Level.PROVINCE: ("Cấp tỉnh", "Provincial level"),
}


@dataclass(frozen=True)
class Paper:
    """One paper of the dossier (thành phần hồ sơ).

    ``copies``: how many are handed in; 0 means shown only (xuất trình), not kept.
    ``original``: the original is needed (handed in, or shown); False: a copy will do.
    """

    name: str
    copies: int = 1
    original: bool = True

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a paper needs a name")
        if not 0 <= self.copies <= 99:
            raise ValueError(f"copies must be 0 to 99, not {self.copies}")
        if self.copies == 0 and not self.original:
            raise ValueError("a paper only shown (0 copies) is shown in the original")


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    level: Level
    papers: tuple[Paper, ...]
    # The office's service code whose queue takes this procedure; None: none (no "take a ticket").
    service: str | None = None
    name_en: str = ""
    field_en: str = ""
    fee: str = ""
    processing_time: str = ""
    result_at: str = ""
    legal_basis: str = ""
    portal_url: str = ""
    # Shown on the procedure's page: e.g. "sample data", or where to ask.
    note: str = ""

    def __post_init__(self) -> None:
        if not CODE_PATTERN.match(self.code):
            raise ValueError(
                f"code {self.code!r} must be 1 to 40 letters, digits, dots, dashes or underscores, e.g. 1.000894"
            )
        if not self.name.strip():
            raise ValueError("a procedure needs a name")
        if not self.field.strip():
            raise ValueError("a procedure needs a field (lĩnh vực)")


def paper_terms(paper: Paper, language: str) -> str:
    """How many and which kind: "1 bản chính", "2 bản sao", "Xuất trình bản chính" / "1 original" …"""
    vi = language == "vi"
    if paper.copies == 0:
        return "Xuất trình bản chính" if vi else "Show the original"
    if vi:
        return f"{paper.copies} bản {'chính' if paper.original else 'sao'}"
    kind = "original" if paper.original else "copy"
    if paper.copies > 1:
        kind = "originals" if paper.original else "copies"
    return f"{paper.copies} {kind}"


def name_in(procedure: Procedure, language: str) -> str:
    """The procedure's name in ``language``: the official Vietnamese one unless an English one is given."""
    return procedure.name_en if language == "en" and procedure.name_en else procedure.name


def field_in(procedure: Procedure, language: str) -> str:
    return procedure.field_en if language == "en" and procedure.field_en else procedure.field


def fields(procedures: list[Procedure] | tuple[Procedure, ...]) -> list[tuple[str, str]]:
    """The catalogue's fields as (Vietnamese, English) names, in order of first appearance."""
    seen: dict[str, str] = {}
    for procedure in procedures:
        if procedure.field not in seen:
            seen[procedure.field] = procedure.field_en or procedure.field
    return list(seen.items())


NOT_PUBLISHED = ("Xin hỏi cán bộ tại quầy", "Please ask at the counter")
