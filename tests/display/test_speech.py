"""What the voice says: the words of a call, in order, in Vietnamese and English."""

from display.speech import call_words, every_clip, number_words, slug, speech_text, ticket_words

VI = "Mời công dân có số thứ tự {number} đến quầy số {counter}"
EN = "Ticket number {number}, please go to counter {counter}"


def test_the_vietnamese_call_reads_the_ticket_character_by_character() -> None:
    words = call_words(VI, "A023", 3, "vi")
    assert speech_text(words) == "Mời công dân có số thứ tự a, không, hai, ba đến quầy số ba"
    assert [w.clip for w in words] == [
        "vi/moi_cong_dan_co_so_thu_tu", "vi/letter_a", "vi/digit_0", "vi/digit_2", "vi/digit_3",
        "vi/den_quay_so", "vi/digit_3",
    ]  # fmt: skip


def test_letters_by_their_vietnamese_names() -> None:
    assert [w.text for w in ticket_words("BCDĐFY", "vi")] == ["bê", "xê", "dê", "đê", "ép", "i dài"]
    # Service-digit numbering (1001…) is digits only.
    assert speech_text(ticket_words("1023", "vi")) == "một, không, hai, ba"


def test_counter_numbers_are_read_as_numbers() -> None:
    said = {n: speech_text(number_words(n, "vi")) for n in (1, 10, 11, 15, 20, 21, 24, 25, 30)}
    assert said == {
        1: "một", 10: "mười", 11: "mười một", 15: "mười lăm", 20: "hai mươi", 21: "hai mươi mốt",
        24: "hai mươi tư", 25: "hai mươi lăm", 30: "ba mươi",
    }  # fmt: skip
    assert speech_text(number_words(23, "en")) == "twenty three"
    assert speech_text(number_words(123, "vi")) == "một, hai, ba"


def test_the_english_call_and_its_own_punctuation() -> None:
    said = speech_text(call_words(EN, "B105", 12, "en"))
    assert said == "Ticket number B, one, zero, five, please go to counter twelve"


def test_every_clip_covers_any_call() -> None:
    clips = every_clip({"vi": VI, "en": EN})
    for label, counter in (("A023", 3), ("Đ999", 30), ("F100", 99), ("1001", 17)):
        for language, template in (("vi", VI), ("en", EN)):
            assert {w.clip for w in call_words(template, label, counter, language)} <= set(clips)
    assert clips["vi/den_quay_so"] == "đến quầy số"
    assert slug("Kính mời công dân") == "kinh_moi_cong_dan"
