"""The HTML of the procedure catalogue for citizens (/thu-tuc, /thu-tuc/{code}): check at home what to bring.

Plain HTML and CSS, no script, readable on any phone, printable from the browser.
Templates in server/templates/ (autoescape on: every text of the catalogue is
escaped by Jinja2). The search is the kiosk's (core/procedure_search.py): without
accents, with typos, by a word from the middle.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from core.model import Office
from core.procedure_search import SearchIndex
from core.procedures import LEVEL_NAMES, NOT_PUBLISHED, Procedure, field_in, name_in, paper_terms
from server import schemas
from server.templates import render

# At most this many results on a page: more says "type more words".
SHOWN = 100

TEXTS = {
    "vi": {
        "title": "Thủ tục hành chính",
        "intro": "Tra cứu giấy tờ cần mang theo, phí, lệ phí và thời hạn giải quyết trước khi đến.",
        "search": "Tìm thủ tục",
        "placeholder": "Ví dụ: khai sinh",
        "go": "Tìm",
        "all": "Tất cả lĩnh vực",
        "fields": "Lĩnh vực",
        "narrow": "Lọc theo lĩnh vực",
        "count": "{n} thủ tục",
        "count_one": "{n} thủ tục",
        "found": "Tìm thấy {n} thủ tục cho “{q}”",
        "found_in": "Tìm thấy {n} thủ tục cho “{q}” trong lĩnh vực {field}",
        "in_field": "{n} thủ tục trong lĩnh vực {field}",
        "none": "Không tìm thấy thủ tục nào. Xin thử từ khác, hoặc hỏi cán bộ tại Bộ phận Một cửa.",
        "more": "Còn {n} thủ tục khác: xin gõ thêm từ để thu hẹp.",
        "back": "‹ Danh sách thủ tục",
        "papers": "Giấy tờ cần mang theo",
        "fee": "Phí, lệ phí",
        "processing_time": "Thời hạn giải quyết",
        "result_at": "Nơi trả kết quả",
        "legal_basis": "Căn cứ pháp lý",
        "ticket": "Lấy số thứ tự",
        "ticket_text": "Tại kiosk của Bộ phận Một cửa, chọn lĩnh vực {service}",
        "portal": "Xem trên Cổng Dịch vụ công",
        "code": "Mã",
        "print": "Có thể in trang này bằng lệnh In của trình duyệt để mang theo.",
        "updated": "Danh mục cập nhật lúc {at}",
        "not_found": "Không tìm thấy thủ tục",
        "not_found_note": "Thủ tục này không có trong danh mục của Bộ phận Một cửa.",
        "official_name": "",
    },
    "en": {
        "title": "Administrative procedures",
        "intro": "Check the papers to bring, the fee and the processing time before you come.",
        "search": "Find a procedure",
        "placeholder": "e.g. khai sinh",
        "go": "Search",
        "all": "All fields",
        "fields": "Fields",
        "narrow": "Narrow by field",
        "count": "{n} procedures",
        "count_one": "{n} procedure",
        "found": "{n} procedures found for “{q}”",
        "found_in": "{n} procedures found for “{q}” in {field}",
        "in_field": "{n} procedures in {field}",
        "none": "No procedure found. Try other words, or ask at the one-stop office.",
        "more": "{n} more: type more words to narrow the list.",
        "back": "‹ All procedures",
        "papers": "Papers to bring",
        "fee": "Fee",
        "processing_time": "Processing time",
        "result_at": "Where results are returned",
        "legal_basis": "Legal basis",
        "ticket": "Queue number",
        "ticket_text": "At the one-stop office's kiosk, choose {service}",
        "portal": "See it on the National Public Service Portal",
        "code": "Code",
        "print": "You can print this page with your browser's Print command and bring it.",
        "updated": "Catalogue updated {at}",
        "not_found": "Procedure not found",
        "not_found_note": "This procedure is not in the one-stop office's catalogue.",
        "official_name": "Official name: ",
    },
}
FIELD_PARAM = "linh-vuc"


def _href(path: str, **query: str | None) -> str:
    params = {key: value for key, value in query.items() if value}
    return f"{path}?{urlencode(params)}" if params else path


def _lang_links(lang: str, path: str, **query: str | None) -> dict[str, str]:
    other = "en" if lang == "vi" else "vi"
    return {
        "other_href": _href(path, **query, lang=other if other == "en" else None),
        "other_lang": other,
        "other_name": "English" if other == "en" else "Tiếng Việt",
    }


def render_catalogue(
    catalogue: schemas.Catalogue, index: SearchIndex, office: Office, lang: str, query: str, field: str | None
) -> str:
    """The list: the fields to browse when nothing is asked, else what the query (and field) find."""
    t = TEXTS[lang]
    lang_param = "en" if lang == "en" else None
    fields = [(f["name"], f["name_en"] if lang == "en" and f["name_en"] else f["name"]) for f in catalogue["fields"]]
    if field is not None and field not in {name for name, _ in fields}:
        field = None
    field_shown = next((shown for name, shown in fields if name == field), None)
    counts: dict[str, int] = {}
    for procedure in index.procedures:
        counts[procedure.field] = counts.get(procedure.field, 0) + 1
    browsing = not query.strip() and field is None
    hits = [] if browsing else index.search(query.strip() + " ", field)  # every word complete (a form was sent)
    results = [index.procedures[hit.index] for hit in hits[:SHOWN]]
    if browsing:
        heading = t["count"].format(n=len(index.procedures))
    elif query.strip():
        key = "found_in" if field_shown else "found"
        heading = t[key].format(n=len(hits), q=query.strip(), field=field_shown)
    else:
        heading = t["in_field"].format(n=len(hits), field=field_shown)
    return render(
        "catalogue.html",
        lang=lang,
        t=t,
        office_name=office.name,
        query=query,
        field=field,
        field_param=FIELD_PARAM,
        browsing=browsing,
        heading=heading,
        fields=[
            {
                "name": shown,
                "count": (t["count_one"] if counts.get(name, 0) == 1 else t["count"]).format(n=counts.get(name, 0)),
                # Choosing a field keeps what was searched for.
                "href": _href("/thu-tuc", q=query.strip() or None, **{FIELD_PARAM: name}, lang=lang_param),
                "current": name == field,
            }
            for name, shown in fields
        ],
        all_href=_href("/thu-tuc", q=query.strip() or None, lang=lang_param),
        results=[
            {
                "name": name_in(p, lang),
                "about": f"{field_in(p, lang)} · {t['code']} {p.code}",
                "href": _href(f"/thu-tuc/{p.code}", lang=lang_param),
            }
            for p in results
        ],
        nothing_found=not browsing and not hits,
        more=t["more"].format(n=len(hits) - len(results)) if len(hits) > len(results) else "",
        updated=t["updated"].format(at=_when(catalogue["imported_at"])) if catalogue["imported_at"] else "",
        **_lang_links(lang, "/thu-tuc", q=query.strip() or None, **{FIELD_PARAM: field}),
    )


def render_procedure(procedure: Procedure, office: Office, lang: str) -> str:
    t = TEXTS[lang]
    ask = NOT_PUBLISHED[0] if lang == "vi" else NOT_PUBLISHED[1]
    service_name = ""
    if procedure.service:
        try:
            service = office.service(procedure.service)
            service_name = f"{service.code} – {service.name_vi if lang == 'vi' else service.name_en}"
        except KeyError:
            service_name = ""  # the office no longer has that service: say nothing rather than mislead
    facts = [
        (key, t[key], getattr(procedure, key) or ask)
        for key in ("fee", "processing_time", "result_at", "legal_basis")
        if getattr(procedure, key) or key != "legal_basis"
    ]
    if service_name:
        facts.append(("ticket", t["ticket"], t["ticket_text"].format(service=service_name)))
    name = name_in(procedure, lang)
    lang_param = "en" if lang == "en" else None
    return render(
        "procedure.html",
        lang=lang,
        t=t,
        office_name=office.name,
        procedure_name=name,
        official=procedure.name if name != procedure.name else "",
        about=f"{field_in(procedure, lang)} · {LEVEL_NAMES[procedure.level][0 if lang == 'vi' else 1]} · "
        f"{t['code']} {procedure.code}",
        papers=[(paper.name, paper_terms(paper, lang)) for paper in procedure.papers],
        ask=ask,
        facts=facts,
        portal_url=procedure.portal_url,
        note=procedure.note,
        back_href=_href("/thu-tuc", lang=lang_param),
        **_lang_links(lang, f"/thu-tuc/{procedure.code}"),
    )


def render_not_found() -> str:
    """Both languages: the code asked for may be anything."""
    return render("procedure_not_found.html", vi=TEXTS["vi"], en=TEXTS["en"])


def _when(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M %d/%m/%Y")
