"""The voice: chime then the call, queued in order, none cut off; the fallbacks; failing soft without audio."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from display.announcer import Announcer, Call, ChimeVoice, ClipVoice, TtsVoice, choose_voice, find_tts
from display.audio import WavPlayer
from display.wavs import WORD_GAP_S, WavError, duration_s, join
from tests.display.conftest import QT_NOISE, TEMPLATES, write_clip

pytestmark = [pytest.mark.gui, QT_NOISE]
WAIT = 5000

A023 = ["chime", "vi/moi_cong_dan_co_so_thu_tu", "vi/letter_a", "vi/digit_0", "vi/digit_2", "vi/digit_3",
        "vi/den_quay_so", "vi/digit_3"]  # fmt: skip


def voice_from(clips: Path, tmp_path: Path, languages: list[str] | None = None, mode: str = "auto"):
    return choose_voice(mode, TEMPLATES, languages or ["vi"], clips, tmp_path / "cache", WavPlayer(audible=False))


def test_a_burst_of_calls_is_said_in_order_each_whole(qtbot: QtBot, clips: Path, tmp_path: Path) -> None:
    voice = voice_from(clips, tmp_path)
    assert isinstance(voice, ClipVoice)
    announcer = Announcer(voice)
    times: list[tuple[str, str, float]] = []
    announcer.started.connect(lambda call: times.append(("start", call.number, time.monotonic())))
    announcer.finished.connect(lambda call: times.append(("end", call.number, time.monotonic())))
    burst = [Call("A023", 3), Call("B001", 1), Call("C002", 12), Call("A023", 3, recall=True)]
    with qtbot.waitSignals([announcer.finished] * 4, timeout=WAIT):
        for call in burst:
            announcer.announce(call)
    assert list(announcer.said) == burst
    assert voice.spoken[0] == A023
    assert voice.spoken[2][-3:] == ["vi/den_quay_so", "vi/muoi10", "vi/digit_2"]  # "mười hai"
    assert voice.spoken[3] == A023  # the recall is said again, whole
    # One after the other: each call ends before the next starts, and lasts its whole length.
    assert [kind for kind, _, _ in times] == ["start", "end"] * 4
    for (_, number, start), (_, same, end), names in zip(times[::2], times[1::2], list(voice.spoken), strict=True):
        length = 0.03 + (len(names) - 1) * (0.02 + WORD_GAP_S)  # the chime, then each word after a gap
        assert number == same and end - start >= length * 0.95


def test_the_joined_call_is_the_clips_one_after_another(clips: Path, tmp_path: Path) -> None:
    parts = [clips / "chime.wav", clips / "vi/letter_a.wav", clips / "vi/digit_0.wav"]
    joined = join(parts, tmp_path / "call.wav", gap_s=0.01)
    assert duration_s(joined) == pytest.approx(0.03 + 0.02 + 0.02 + 2 * 0.01, abs=0.001)
    odd = write_clip(tmp_path / "odd.wav", 0.02, rate=44_100)
    with pytest.raises(WavError, match="odd.wav: 1 channel.*44100 Hz"):
        join([parts[0], odd], tmp_path / "bad.wav")


def test_english_after_vietnamese_when_configured(qtbot: QtBot, clips: Path, tmp_path: Path) -> None:
    voice = voice_from(clips, tmp_path, ["vi", "en"])
    announcer = Announcer(voice)
    with qtbot.waitSignal(announcer.finished, timeout=WAIT):
        announcer.announce(Call("A023", 3))
    english = ["en/ticket_number", "en/letter_a", "en/digit_0", "en/digit_2", "en/digit_3", "en/please_go_to_counter",
               "en/number_3"]  # fmt: skip
    assert list(voice.spoken) == [A023 + english]


def test_missing_clips_fall_back_to_the_chime(qtbot: QtBot, clips: Path, tmp_path: Path, caplog) -> None:
    (clips / "vi/digit_7.wav").unlink()
    with caplog.at_level(logging.INFO, logger="onestop.display.voice"):
        voice = voice_from(clips, tmp_path)
    assert isinstance(voice, ChimeVoice)
    assert "lacks 1 recordings, e.g. vi/digit_7.wav" in caplog.text and "voice: chime only" in caplog.text
    announcer = Announcer(voice)
    with qtbot.waitSignals([announcer.finished] * 2, timeout=WAIT):
        announcer.announce(Call("A007", 1))
        announcer.announce(Call("A008", 2))
    assert list(voice.spoken) == [["chime"], ["chime"]]


def test_a_call_needing_an_unrecorded_word_gets_the_chime(qtbot: QtBot, clips: Path, tmp_path: Path, caplog) -> None:
    voice = voice_from(clips, tmp_path)
    announcer = Announcer(voice)
    with qtbot.waitSignal(announcer.finished, timeout=WAIT):
        announcer.announce(Call("Ω1", 2))  # a letter nobody recorded
    assert list(voice.spoken) == [["chime"]] and "no recording" in caplog.text


def test_no_clips_folder_means_the_chime_made_in_code(qtbot: QtBot, tmp_path: Path) -> None:
    voice = voice_from(tmp_path / "nowhere", tmp_path)
    assert isinstance(voice, ChimeVoice)
    assert voice.chime == tmp_path / "cache" / "chime.wav" and 0.5 < duration_s(voice.chime) < 2


def test_text_to_speech_says_the_words(qtbot: QtBot, clips: Path, tmp_path: Path) -> None:
    # Qt's "mock" engine speaks nothing but keeps time like a real one; it has English voices only.
    found = find_tts(["en"], "mock")
    assert found is not None
    voice = TtsVoice(WavPlayer(audible=False), clips / "chime.wav", TEMPLATES, ["en"], engine=found[0], voices=found[1])
    announcer = Announcer(voice)
    with qtbot.waitSignals([announcer.finished] * 2, timeout=WAIT):
        announcer.announce(Call("A023", 3))
        announcer.announce(Call("B104", 21, recall=True))
    assert list(voice.spoken) == [
        ["chime", "Ticket number A, zero, two, three, please go to counter three"],
        ["chime", "Ticket number B, one, zero, four, please go to counter twenty one"],
    ]


def test_a_vietnamese_voice_is_required_for_text_to_speech(clips: Path, tmp_path: Path, caplog) -> None:
    assert find_tts(["vi"], "mock") is None
    with caplog.at_level(logging.INFO, logger="onestop.display.voice"):
        voice = choose_voice("tts", TEMPLATES, ["vi"], clips, tmp_path, WavPlayer(audible=False), "mock")
    assert isinstance(voice, ClipVoice)
    assert "no Vietnamese voice" in caplog.text and "voice: recorded clips from" in caplog.text


def test_without_an_audio_device_the_player_says_so_and_keeps_time(qtbot: QtBot, clips: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="onestop.display.audio"):
        player = WavPlayer()  # this machine has no audio output
    assert not player.audible and "no audio output device" in caplog.text
    start = time.monotonic()
    with qtbot.waitSignal(player.finished, timeout=WAIT):
        player.play(clips / "chime.wav")
    assert time.monotonic() - start >= 0.025
    with qtbot.waitSignal(player.finished, timeout=WAIT):
        player.play(clips / "not-there.wav")  # logged, not raised
    assert "cannot play" in caplog.text


def test_a_stuck_voice_does_not_hold_the_queue(qtbot: QtBot, clips: Path, tmp_path: Path, monkeypatch) -> None:
    voice = voice_from(clips, tmp_path)
    announcer = Announcer(voice)
    announcer._stuck.setInterval(50)
    monkeypatch.setattr(voice, "say", lambda call: voice.spoken.append(["(silence)"]))
    with qtbot.waitSignals([announcer.finished] * 2, timeout=WAIT):
        announcer.announce(Call("A001", 1))
        announcer.announce(Call("A002", 1))
    assert [c.number for c in announcer.said] == ["A001", "A002"]


def test_a_counter_calling_again_before_its_call_was_said_has_only_its_newest_said(
    qtbot: QtBot, clips: Path, tmp_path: Path
) -> None:
    announcer = Announcer(voice_from(clips, tmp_path))
    calls = [Call("A001", 1), Call("B001", 2), Call("A002", 1), Call("B002", 2), Call("A003", 1)]
    with qtbot.waitSignals([announcer.finished] * 3, timeout=WAIT):
        for call in calls:
            announcer.announce(call)  # A001 is being said; the others wait
        assert [c.number for c in announcer.queue] == ["B002", "A003"]
    # A001 was said whole (it had begun); then each counter's newest, in the order they were made.
    assert [c.number for c in announcer.said] == ["A001", "B002", "A003"]
