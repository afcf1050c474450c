"""What the lobby voice says for a call, as words: text for a speech engine, clip names for recordings.

"Mời công dân có số thứ tự A 0 2 3 đến quầy số 3": the ticket is read character by character
(letters by their Vietnamese names, digits one by one) so it cannot be misheard as a quantity;
the counter is read as a number ("quầy số mười hai"), the way clerks say it.

Vietnamese letter names: the names schools teach for spelling (a, bê, xê, dê, đê, e, ép, giê,
hát, i, gi, ca, e-lờ, em-mờ, en-nờ, o, pê, quy, e-rờ, ét-xì, tê, u, vê, vê kép, ích-xì, i dài,
dét), with the vowels that carry marks read as themselves (ă, â, ê, ô, ơ, ư).

Every word has a clip name: the recording ``<name>.wav`` in the clips folder says it. Template
text between the placeholders becomes one clip named after its letters without marks
(``moi_cong_dan_co_so_thu_tu.wav``). No Qt and no I/O here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LETTERS_VI = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "Ê": "ê",
    "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e-lờ", "M": "em-mờ",
    "N": "en-nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "e-rờ", "S": "ét-xì",
    "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê kép", "X": "ích-xì", "Y": "i dài", "Z": "dét",
}  # fmt: skip
DIGITS_VI = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
DIGITS_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# Counter numbers in words need these besides the digits: 10 "mười", 20 "hai mươi",
# 21 "hai mươi mốt", 15 "mười lăm", 24 "hai mươi tư".
NUMBER_PARTS_VI = {"muoi10": "mười", "muoi": "mươi", "mot21": "mốt", "lam": "lăm", "tu24": "tư"}
NUMBER_WORDS_EN = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
TENS_EN = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


@dataclass(frozen=True)
class Word:
    """One spoken piece: ``text`` for a speech engine, ``clip`` the recording's name (without .wav)."""

    text: str
    clip: str
    # One character of the ticket: read apart from its neighbours.
    spelled: bool = False


def slug(text: str) -> str:
    """``"Mời công dân có số thứ tự"`` → ``"moi_cong_dan_co_so_thu_tu"`` (a file name any OS accepts)."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def ticket_words(label: str, language: str) -> list[Word]:
    """Each character of the printed label: letters by name, digits one by one."""
    words = []
    for ch in label.upper():
        if ch.isdigit():
            digit = int(ch)
            text = DIGITS_VI[digit] if language == "vi" else DIGITS_EN[digit]
            words.append(Word(text, f"{language}/digit_{digit}", spelled=True))
        elif ch.isalpha():
            text = LETTERS_VI.get(ch, ch.lower()) if language == "vi" else ch
            name = f"letter_{slug(ch) or 'x'}" + ("" if ch.isascii() else f"_{ord(ch)}")
            words.append(Word(text, f"{language}/{name}", spelled=True))
    return words


def number_words(number: int, language: str) -> list[Word]:
    """A counter number (1–99; more is read digit by digit) as words."""
    if not 0 <= number <= 99:
        return ticket_words(str(number), language)
    if language == "en":
        text = NUMBER_WORDS_EN[number] if number < 20 else TENS_EN[number // 10]
        words = [Word(text, f"en/number_{number if number < 20 else number // 10 * 10}")]
        if number >= 20 and number % 10:
            words.append(Word(DIGITS_EN[number % 10], f"en/digit_{number % 10}"))
        return words
    tens, ones = divmod(number, 10)
    if tens == 0:
        return [_digit_vi(ones)]
    words = [_part_vi("muoi10")] if tens == 1 else [_digit_vi(tens), _part_vi("muoi")]
    if ones == 1 and tens >= 2:
        words.append(_part_vi("mot21"))
    elif ones == 5:
        words.append(_part_vi("lam"))
    elif ones == 4 and tens >= 2:
        words.append(_part_vi("tu24"))
    elif ones:
        words.append(_digit_vi(ones))
    return words


def _digit_vi(digit: int) -> Word:
    return Word(DIGITS_VI[digit], f"vi/digit_{digit}")


def _part_vi(key: str) -> Word:
    return Word(NUMBER_PARTS_VI[key], f"vi/{key}")


def call_words(template: str, label: str, counter: int, language: str) -> list[Word]:
    """The whole call: the template's own text, the ticket and the counter, in the template's order."""
    words: list[Word] = []
    for piece in re.split(r"({number}|{counter})", template):
        if piece == "{number}":
            words.extend(ticket_words(label, language))
        elif piece == "{counter}":
            words.extend(number_words(counter, language))
        elif slug(piece):
            text = piece.strip()
            words.append(Word(text, f"{language}/{slug(text)}"))
    return words


def speech_text(words: list[Word]) -> str:
    """Text for a speech engine; commas between the characters of the ticket make it read them apart."""
    parts: list[str] = []
    for before, word in zip([None, *words], words, strict=False):
        if parts and before is not None and before.spelled and word.spelled:
            parts[-1] += ","
        parts.append(word.text)
    # Template text may start with its own punctuation (", please go to…").
    return re.sub(r"\s+([,.;:])", r"\1", " ".join(parts))


def every_clip(templates: dict[str, str], max_counter: int = 99) -> dict[str, str]:
    """Every clip the calls can need, name → text: for making or recording the clips folder."""
    clips: dict[str, str] = {}
    for language, template in templates.items():
        for piece in re.split(r"{number}|{counter}", template):
            if slug(piece):
                clips[f"{language}/{slug(piece)}"] = piece.strip()
        for letter in LETTERS_VI:
            for word in ticket_words(letter, language):
                clips[word.clip] = word.text
        for number in range(max_counter + 1):
            for word in number_words(number, language) + ticket_words(str(number), language):
                clips[word.clip] = word.text
    return clips
