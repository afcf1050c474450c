"""Finding a procedure the way citizens type: without accents, with typos, by a word from the middle.

    index = SearchIndex(procedures)
    index.search("dang ky ket hon")      # Đăng ký kết hôn first, then what else matches
    index.search("chung thuc ban sao")    # the certification of copies
    index.search("khai sihn")             # a typo: still Đăng ký khai sinh

Text is folded (``fold``): marks removed, đ → d, lower case, anything else a
space. Every word of the query must match a word of the procedure's name, its
English name, its field or its code — exactly, as the start of a word (the
last word, which is still being typed), within one typing error (a letter
missing, extra, wrong or two swapped; words of three letters or more), or two
words typed as one ("kethon"). A word that matches nothing in the whole
catalogue is left out rather than emptying the results.

Ranking: a word found in the name counts more than in the field; exact more
than a prefix, a prefix more than a typo; words found next to each other in
the query's order, a name that starts with the query's first word and a name
with few other words rank higher. Ties keep the catalogue's order.

Fast enough to run at every key press: the vocabulary is indexed once (its
words, their one-deletion variants for the typo matches, sorted for the
prefixes), and each query word's matches are kept for the next key press.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from core.procedures import Procedure

# How much a match in each part of a procedure counts.
NAME, NAME_EN, FIELD, CODE = 1.0, 0.8, 0.5, 1.2
# How much each kind of match of a word counts.
EXACT, JOINED, PREFIX, TYPO = 1.0, 0.9, 0.75, 0.55
# Bonuses: query words next to each other in the name, the name starting with the first word,
# the share of the name's words the query covers.
ADJACENT, STARTS, COVERAGE = 0.5, 0.3, 0.6
TYPO_FROM = 3  # words shorter than this match only exactly or as a prefix
CACHE_WORDS = 512


def fold(text: str) -> str:
    """Lower case without marks: "Đăng ký Kết hôn" → "dang ky ket hon"; any other character a space."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in plain).split())


def words(text: str) -> list[str]:
    return fold(text).split()


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """One letter missing, extra or wrong, or two neighbours swapped (optimal string alignment ≤ 1)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


@dataclass(frozen=True)
class Hit:
    """A procedure found: its place in the catalogue and how well it matched."""

    index: int
    score: float


# A word's occurrence: (procedure, the part's weight, its place in the name or -1 elsewhere,
# whether it is two neighbouring name words written together). Plain tuples of numbers: once
# built the index holds no object Python's cyclic garbage collector has to look at again, so a
# collection never stalls a key press.
_Posting = tuple[int, float, int, bool]
# Per procedure: the best score of a query word, and where in the name that best match is.
_Matches = dict[int, tuple[float, tuple[int, ...]]]


class SearchIndex:
    """An index over a catalogue, built once; ``search`` answers each key press."""

    def __init__(self, procedures: Sequence[Procedure]) -> None:
        self.procedures = tuple(procedures)
        postings: dict[str, list[_Posting]] = {}
        self._name_lengths: list[int] = []
        self._fields: list[str] = []
        self._codes: dict[str, int] = {}
        for doc, procedure in enumerate(self.procedures):
            name = words(procedure.name)
            self._name_lengths.append(len(name))
            self._fields.append(procedure.field)
            for position, word in enumerate(name):
                postings.setdefault(word, []).append((doc, NAME, position, False))
            for position in range(len(name) - 1):
                postings.setdefault(name[position] + name[position + 1], []).append((doc, NAME, position, True))
            for word in words(procedure.name_en):
                postings.setdefault(word, []).append((doc, NAME_EN, -1, False))
            for word in words(procedure.field) + words(procedure.field_en):
                postings.setdefault(word, []).append((doc, FIELD, -1, False))
            for word in words(procedure.code):
                postings.setdefault(word, []).append((doc, CODE, -1, False))
            self._codes.setdefault(fold(procedure.code), doc)
        self._sorted = sorted(postings)
        variants: dict[str, list[str]] = {}
        for word in self._sorted:
            if len(word) >= TYPO_FROM - 1:
                for variant in {word} | _deletions(word):
                    variants.setdefault(variant, []).append(word)
        # Frozen into tuples (see _Posting).
        self._postings_of: dict[str, tuple[_Posting, ...]] = {w: tuple(p) for w, p in postings.items()}
        self._variants: dict[str, tuple[str, ...]] = {v: tuple(ws) for v, ws in variants.items()}
        self._matches: dict[tuple[str, bool], _Matches] = {}

    def __len__(self) -> int:
        return len(self.procedures)

    # -- one query word -------------------------------------------------------------------

    def _vocabulary_matches(self, word: str, prefix: bool) -> list[tuple[str, float]]:
        """The catalogue's words this query word stands for, with how well each matches."""
        found: dict[str, float] = {}
        if word in self._postings_of:
            found[word] = EXACT
        if prefix:
            start = bisect.bisect_left(self._sorted, word)
            for other in self._sorted[start:]:
                if not other.startswith(word):
                    break
                found.setdefault(other, PREFIX)
        if len(word) >= TYPO_FROM:
            candidates: set[str] = set()
            for variant in {word} | _deletions(word):
                candidates.update(self._variants.get(variant, ()))
            for other in candidates:
                if other not in found and within_one_edit(word, other):
                    found[other] = TYPO
        return list(found.items())

    def _word_matches(self, word: str, prefix: bool) -> _Matches:
        """Per procedure: the best score of this query word, and the places in the name of its best matches.

        Only the best matches' places count: "sinh" matching "dinh" by a typo must not make
        "Thẩm định khai sinh" look as if the query covered more of its name.
        """
        key = (word, prefix)
        cached = self._matches.get(key)
        if cached is not None:
            return cached
        best: dict[int, float] = {}
        places: dict[int, list[int]] = {}
        for other, quality in self._vocabulary_matches(word, prefix):
            for doc, weight, position, joined in self._postings_of[other]:
                score = weight * (JOINED if joined and quality == EXACT else quality)
                old = best.get(doc, 0.0)
                if score < old:
                    continue
                if score > old:
                    best[doc] = score
                    places[doc] = []
                if position >= 0:
                    places[doc] += (position, position + 1) if joined else (position,)
        result = {doc: (score, tuple(places[doc])) for doc, score in best.items()}
        if len(self._matches) >= CACHE_WORDS:
            self._matches.clear()
        self._matches[key] = result
        return result

    # -- the query --------------------------------------------------------------------------

    @property
    def vocabulary(self) -> int:
        """How many distinct words (and joined pairs) are indexed."""
        return len(self._postings_of)

    def search(self, query: str, field: str | None = None, limit: int | None = None) -> list[Hit]:
        """The procedures matching ``query`` (all, in catalogue order, for an empty one), best first.

        ``field``: only procedures of this field (lĩnh vực), as written in the catalogue.
        The query's last word counts as still being typed (it matches the start of words)
        unless the query ends with a space.
        """
        allowed = (
            range(len(self.procedures)) if field is None else [doc for doc, f in enumerate(self._fields) if f == field]
        )
        query_words = words(query)
        if not query_words:
            hits = [Hit(doc, 0.0) for doc in allowed]
            return hits[:limit] if limit is not None else hits
        typing = not query[-1:].isspace()
        per_word = [
            self._word_matches(word, prefix=typing and i == len(query_words) - 1) for i, word in enumerate(query_words)
        ]
        # A word found nowhere in the catalogue is left out, unless every word is.
        per_word = [matches for matches in per_word if matches] or per_word
        docs = set(allowed)
        for matches in per_word:
            docs.intersection_update(matches)
            if not docs:
                return []
        exact_code = self._codes.get(fold(query))
        hits = [Hit(doc, self._score(doc, per_word, exact_code)) for doc in docs]
        hits.sort(key=lambda h: (-h.score, h.index))
        return hits[:limit] if limit is not None else hits

    def _score(self, doc: int, per_word: list[_Matches], exact_code: int | None) -> float:
        score = 0.0
        places: list[tuple[int, ...]] = []
        for matches in per_word:
            value, where = matches[doc]
            score += value
            places.append(where)
        if doc == exact_code:
            score += 10.0
        # Query words next to each other, in order, in the name.
        score += ADJACENT * sum(1 for a, b in zip(places, places[1:], strict=False) if any(p + 1 in b for p in a))
        if places and 0 in places[0]:
            score += STARTS
        covered = len({p for where in places for p in where})
        length = self._name_lengths[doc]
        if length:
            score += COVERAGE * min(1.0, covered / length)
        return score

    def find(self, query: str, field: str | None = None, limit: int | None = None) -> list[Procedure]:
        """``search``'s procedures themselves."""
        return [self.procedures[hit.index] for hit in self.search(query, field, limit)]
