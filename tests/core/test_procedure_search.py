"""Finding procedures as citizens type: the issue's queries on the sample catalogue, and the rules as properties."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.procedure_search import SearchIndex, fold, within_one_edit
from core.procedures import Level, Paper, Procedure, paper_terms
from server.config import load_config
from server.procedures_file import read_catalogue

ROOT = Path(__file__).resolve().parents[2]
# Syllables of real procedure names, with their marks.
SYLLABLES = (
    "đăng ký kết hôn khai sinh tử lại chứng thực bản sao chính chữ hợp đồng giao dịch đất đai hòa giải tranh "
    "chấp trợ cấp xã hội hằng tháng hộ kinh doanh tạm ngừng xác nhận tình trạng nhân giấy cấp trích lục tịch "
    "thay đổi cải bổ sung thông tin nuôi con giám người nước ngoài quyền sử dụng nhà ở mai táng phí"
).split()


@pytest.fixture(scope="module")
def sample() -> SearchIndex:
    office = load_config(ROOT / "server" / "sample_office.toml").office
    return SearchIndex(read_catalogue(ROOT / "server" / "sample_procedures.csv", office))


def names(index: SearchIndex, query: str) -> list[str]:
    return [p.name for p in index.find(query)]


@pytest.mark.parametrize(
    "query, first",
    [
        ("dang ky ket hon", "Đăng ký kết hôn"),
        ("ket hon", "Đăng ký kết hôn"),
        ("Kết hôn", "Đăng ký kết hôn"),
        ("khai sinh", "Đăng ký khai sinh"),
        ("khai sihn", "Đăng ký khai sinh"),  # two letters swapped
        ("dang ki khai sinh", "Đăng ký khai sinh"),  # i for y
        ("kethon", "Đăng ký kết hôn"),  # two words typed as one
        ("chung thuc ban sao", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền"),
        ("chung thuc chu ky", "Chứng thực chữ ký trong các giấy tờ, văn bản"),
        ("tranh chap dat", "Hòa giải tranh chấp đất đai"),  # the last word still being typed
        ("tro cap", "Giải quyết hưởng trợ cấp xã hội hằng tháng"),
        ("thanh lap ho kinh doanh", "Đăng ký thành lập hộ kinh doanh"),
        ("1.000894", "Đăng ký kết hôn"),  # the national code
        ("marriage", "Đăng ký kết hôn"),  # the English name
    ],
)
def test_the_issues_queries_find_the_right_procedure_first(sample: SearchIndex, query: str, first: str) -> None:
    found = names(sample, query)
    assert found and found[0].startswith(first), found


def test_a_word_of_the_field_finds_its_procedures(sample: SearchIndex) -> None:
    assert len(sample.find("ho tich")) == 5  # every procedure of the field Hộ tịch
    assert [p.field for p in sample.find("", field="Chứng thực")] == ["Chứng thực"] * 3


def test_every_word_must_match_and_unknown_words_are_left_out(sample: SearchIndex) -> None:
    assert names(sample, "ket hon khai sinh ") == []  # both words known, no procedure has both
    assert names(sample, "ket hon xqzwv") == names(sample, "ket hon")  # a word found nowhere
    assert names(sample, "xqzwv") == []


def test_empty_query_lists_the_catalogue_in_order(sample: SearchIndex) -> None:
    assert sample.find("   ") == list(sample.procedures)
    assert len(sample.find("", limit=4)) == 4


def test_paper_terms() -> None:
    assert paper_terms(Paper("Tờ khai", 1, True), "vi") == "1 bản chính"
    assert paper_terms(Paper("Tờ khai", 2, False), "vi") == "2 bản sao"
    assert paper_terms(Paper("Căn cước", 0, True), "vi") == "Xuất trình bản chính"
    assert paper_terms(Paper("Tờ khai", 2, True), "en") == "2 originals"
    assert paper_terms(Paper("Tờ khai", 1, False), "en") == "1 copy"
    assert paper_terms(Paper("Căn cước", 0, True), "en") == "Show the original"


# -- properties -----------------------------------------------------------------------------

name_words = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=8)
catalogues = st.lists(name_words, min_size=1, max_size=25)


def catalogue(names_: list[list[str]]) -> SearchIndex:
    return SearchIndex(
        [
            Procedure(f"P{i}", " ".join(words).capitalize(), "Lĩnh vực", Level.COMMUNE, ())
            for i, words in enumerate(names_)
        ]
    )


@given(st.text(max_size=40))
def test_fold_is_plain_lower_ascii_and_idempotent(text: str) -> None:
    folded = fold(text)
    assert folded.isascii() and folded == folded.lower() and fold(folded) == folded
    assert "  " not in folded and folded == folded.strip()


@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=6))
def test_marks_and_case_do_not_matter(words: list[str]) -> None:
    text = " ".join(words)
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    assert fold(text) == fold(plain.replace("đ", "d").upper())


@settings(max_examples=60)
@given(catalogues, st.data())
def test_a_procedures_own_name_is_a_best_hit(names_: list[list[str]], data: st.DataObject) -> None:
    index = catalogue(names_)
    target = data.draw(st.integers(0, len(names_) - 1))
    name = index.procedures[target].name
    for query in (name, fold(name), name.upper()):
        hits = index.search(query)
        best = hits[0].score
        assert any(h.index == target and h.score == best for h in hits), (query, hits)


@settings(max_examples=60)
@given(catalogues, st.data())
def test_the_procedure_stays_in_the_results_while_its_name_is_typed(
    names_: list[list[str]], data: st.DataObject
) -> None:
    index = catalogue(names_)
    target = data.draw(st.integers(0, len(names_) - 1))
    typed = fold(index.procedures[target].name)
    for end in range(1, len(typed) + 1):
        assert target in {h.index for h in index.search(typed[:end])}, typed[:end]


@settings(max_examples=80)
@given(catalogues, st.data())
def test_one_typing_error_in_a_word_still_finds_it(names_: list[list[str]], data: st.DataObject) -> None:
    index = catalogue(names_)
    target = data.draw(st.integers(0, len(names_) - 1))
    word = fold(data.draw(st.sampled_from(names_[target])))
    assume(len(word) >= 3)
    at = data.draw(st.integers(0, len(word) - 1))
    kind = data.draw(st.sampled_from(["drop", "add", "change", "swap"]))
    letter = data.draw(st.sampled_from("abcdeghiklmnopqrstuvxy"))
    typo = {
        "drop": word[:at] + word[at + 1 :],
        "add": word[:at] + letter + word[at:],
        "change": word[:at] + letter + word[at + 1 :],
        "swap": word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :],
    }[kind]
    assume(len(typo) >= 3)
    assert within_one_edit(word, typo)
    assert target in {h.index for h in index.search(typo + " ")}, (word, typo)


@given(st.text(alphabet="abcdxyz", max_size=7), st.text(alphabet="abcdxyz", max_size=7))
def test_within_one_edit_agrees_with_the_definition(a: str, b: str) -> None:
    def distance(x: str, y: str) -> int:  # optimal string alignment, the slow way
        d = [[i + j if i * j == 0 else 0 for j in range(len(y) + 1)] for i in range(len(x) + 1)]
        for i in range(1, len(x) + 1):
            for j in range(1, len(y) + 1):
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] != y[j - 1]))
                if i > 1 and j > 1 and x[i - 1] == y[j - 2] and x[i - 2] == y[j - 1]:
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        return d[len(x)][len(y)]

    assert within_one_edit(a, b) == (distance(a, b) <= 1)
