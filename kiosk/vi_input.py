"""Typing Vietnamese on the kiosk's on-screen keyboard: letters, and tone marks placed on the right vowel.

The keyboard has a key for each letter (ă â đ ê ô ơ ư among them) and one for
each tone (sắc, huyền, hỏi, ngã, nặng). A tone key marks the last word typed:

    add_tone("dang ky ket hon", "sắc")   # "dang ky ket hón"
    add_tone("hoa", "huyền")              # "hòa" (the classic placement offices print)

The search finds procedures with or without marks, so marks are a courtesy to
those who type them; they must still land where a Vietnamese reader expects.
"""

from __future__ import annotations

import unicodedata

TONES = {"sắc": "\u0301", "huyền": "\u0300", "hỏi": "\u0309", "ngã": "\u0303", "nặng": "\u0323"}
TONE_MARKS = frozenset(TONES.values())
# Plain and marked vowels, lower case, without tones.
VOWELS = frozenset("aăâeêioôơuưy")
MODIFIED = frozenset("ăâêôơư")


def _untoned(ch: str) -> str:
    """The letter without its tone (ắ → ă, Ế → Ê); other marks stay."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", ch) if c not in TONE_MARKS))


def _vowel_cluster(word: str) -> tuple[int, int]:
    """Start and end (exclusive) of the word's vowel cluster, in letters; (0, 0) if it has none.

    The u of "qu" and the i of "gi" before another vowel belong to the consonant: quá, già.
    """
    base = [_untoned(c).lower() for c in word]
    start = next((i for i, c in enumerate(base) if c in VOWELS), None)
    if start is None:
        return 0, 0
    end = start
    while end < len(base) and base[end] in VOWELS:
        end += 1
    if end - start > 1 and start > 0 and (base[start - 1], base[start]) in (("q", "u"), ("g", "i")):
        start += 1
    return start, end


def tone_position(word: str) -> int | None:
    """Which letter of ``word`` carries its tone, or None when it has no vowel."""
    start, end = _vowel_cluster(word)
    if start == end:
        return None
    base = [_untoned(c).lower() for c in word]
    marked = [i for i in range(start, end) if base[i] in MODIFIED]
    if marked:
        return marked[-1]  # ươ: on the ơ
    size = end - start
    if size == 1:
        return start
    if end < len(word):
        return end - 1  # a consonant follows: hoàng, khuỳnh
    return start + 1 if size == 3 else start  # ngoài; hòa, mái, thủy


def add_tone(text: str, tone: str) -> str:
    """``text`` with ``tone`` (a TONES name) on its last word, replacing the tone it had.

    Pressing the tone the word already has takes it off again.
    """
    mark = TONES[tone]
    cut = len(text.rstrip()) if text.strip() else 0
    head, word_end = text[:cut], text[cut:]
    start = max(head.rfind(" ") + 1, 0)
    word = head[start:]
    position = tone_position(word)
    if position is None:
        return text
    letters = [_untoned(c) for c in word]
    had = unicodedata.normalize("NFD", word[position])
    if mark not in had:
        letters[position] = unicodedata.normalize("NFC", letters[position] + mark)
    return head[:start] + "".join(letters) + word_end
