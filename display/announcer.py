"""The lobby voice: chime, then the call — queued, in order, each to its end; recalls speak again.

Three voices, tried in this order by ``choose_voice``:

1. ``TtsVoice``  — Qt text-to-speech (speech-dispatcher on Linux, SAPI/WinRT on Windows) with a
   Vietnamese voice installed. Offline by nature: these engines run on the machine.
2. ``ClipVoice`` — recordings in a folder (a word or phrase per WAV, see display/speech.py),
   joined into one file per call. ``onestop display clips --out DIR`` makes a set with espeak-ng.
3. ``ChimeVoice`` — the chime alone, so a call is still heard.

Each voice keeps ``spoken``: what it said for the last ``KEPT`` calls (texts, or clip names in order) —
the tests read that, since this machine has no loudspeaker; a lobby voice runs for months, so
nothing it keeps grows with the calls it made.

Qt's speech module is optional (client/optional.py): a PC whose speech libraries cannot load
gets the next voice, and the display says which in its log and its status report.
"""

from __future__ import annotations

import logging
import shutil
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from client.optional import TEXT_TO_SPEECH, qt_module, why_missing
from display import speech
from display.audio import WavPlayer
from display.wavs import RATE, WavError, join, write_chime

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

log = logging.getLogger("onestop.display.voice")

# What a voice and the announcer remember of past calls (for tests and a technician's look), at most.
KEPT = 50
# (part, state, detail) for the device's status report (client/status.py StatusReport.set).
Report = Callable[[str, str, str], None]

# A voice that has not finished a call in this long is stuck: the next call must not wait for ever.
STUCK_MS = 45_000
CHIME = "chime"
QT_LANGUAGES = {"vi": QLocale.Language.Vietnamese, "en": QLocale.Language.English}


@dataclass(frozen=True)
class Call:
    number: str
    counter: int
    recall: bool = False

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> Call | None:
        ticket, counter = event.get("ticket"), event.get("counter")
        if not ticket or not counter:
            return None
        return cls(ticket["number"], int(counter["number"]), event.get("type") == "ticket.recalled")


class Voice(QObject):
    """Says one call at a time.

    Signals:
        done(): the call in hand has been said (or given up on); the next may start.
    """

    done = Signal()
    name = "voice"

    def __init__(self, player: WavPlayer, chime: Path, templates: dict[str, str], languages: list[str]) -> None:
        super().__init__()
        self.player = player
        self.chime = chime
        self.templates = templates
        self.languages = languages
        self.spoken: deque[list[str]] = deque(maxlen=KEPT)
        self.calls = 0

    def say(self, call: Call) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        self.player.stop()

    def describe(self) -> tuple[str, str]:
        """(Vietnamese, English) words for the status line."""
        raise NotImplementedError

    def detail(self) -> str:
        """More for the log: which engine and voices, which folder."""
        return ""


class ChimeVoice(Voice):
    name = "chime"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.player.finished.connect(self.done)

    def say(self, call: Call) -> None:
        self.calls += 1
        self.spoken.append([CHIME])
        self.player.play(self.chime)

    def describe(self) -> tuple[str, str]:
        return "chỉ chuông", "chime only"


class ClipVoice(Voice):
    """Recorded words joined into one WAV per call: no gap or cut between them."""

    name = "clips"

    def __init__(self, *args: Any, clips: Path, scratch: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clips = clips
        self.scratch = scratch
        scratch.mkdir(parents=True, exist_ok=True)
        self.player.finished.connect(self.done)

    def clip_path(self, name: str) -> Path:
        return self.clips / f"{name}.wav"

    def say(self, call: Call) -> None:
        self.calls += 1
        names = [CHIME]
        for language in self.languages:
            words = speech.call_words(self.templates[language], call.number, call.counter, language)
            names += [word.clip for word in words]
        missing = [name for name in names[1:] if not self.clip_path(name).is_file()]
        if missing:
            log.error("no recording %s for %s: playing the chime alone", self.clip_path(missing[0]), call.number)
            names = [CHIME]
        paths = [self.chime] + [self.clip_path(name) for name in names[1:]]
        try:
            # Only one call plays at a time and the next is joined after it ends: two files take turns.
            joined = join(paths, self.scratch / f"call-{self.calls % 2}.wav")
        except WavError as exc:
            log.error("cannot join the clips (%s): playing the chime alone", exc)
            names, joined = [CHIME], self.chime
        self.spoken.append(names)
        self.player.play(joined)

    def describe(self) -> tuple[str, str]:
        return "tệp ghi âm", "recorded clips"

    def detail(self) -> str:
        return f"from {self.clips}"


class TtsVoice(Voice):
    """The chime, then the engine reads the call in each language with that language's voice."""

    name = "tts"

    def __init__(self, *args: Any, engine: QTextToSpeech, voices: dict[str, QVoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine = engine
        self.voices = voices
        self._steps: deque[tuple[QVoice, str]] = deque()
        self._speaking = False
        self.player.finished.connect(self.on_player_finished)
        engine.stateChanged.connect(self.on_engine_state)

    def say(self, call: Call) -> None:
        self.calls += 1
        texts = []
        for language in self.languages:
            if language not in self.voices:
                continue  # e.g. no English voice installed: Vietnamese only
            text = speech.speech_text(speech.call_words(self.templates[language], call.number, call.counter, language))
            texts.append(text)
            self._steps.append((self.voices[language], text))
        self.spoken.append([CHIME, *texts])
        self.player.play(self.chime)

    def stop(self) -> None:
        self._steps.clear()
        self.engine.stop()
        super().stop()

    def on_player_finished(self) -> None:
        self._next()

    def _next(self) -> None:
        if not self._steps:
            self.done.emit()
            return
        voice, text = self._steps.popleft()
        self.engine.setVoice(voice)
        self._speaking = True
        self.engine.say(text)

    def on_engine_state(self, state: QTextToSpeech.State) -> None:
        if not self._speaking:
            return
        states = type(state)  # QTextToSpeech.State, without importing what may not load
        if state == states.Error:
            log.error("text-to-speech failed: %s", self.engine.errorString())
        if state in (states.Ready, states.Error):
            self._speaking = False
            self._next()

    def describe(self) -> tuple[str, str]:
        return "giọng đọc máy", "text-to-speech"

    def detail(self) -> str:
        names = ", ".join(f"{language}: {voice.name()}" for language, voice in self.voices.items())
        return f"{self.engine.engine()} engine ({names})"


class Announcer(QObject):
    """Calls wait their turn; each is said whole, in the order they happened.

    Signals:
        started(object): a Call is being said.
        finished(object): that Call has been said.
    """

    started = Signal(object)
    finished = Signal(object)

    def __init__(self, voice: Voice, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.voice = voice
        self.queue: deque[Call] = deque()
        self.current: Call | None = None
        self.said: deque[Call] = deque(maxlen=KEPT)
        voice.done.connect(self.on_voice_done)
        self._stuck = QTimer(self)
        self._stuck.setSingleShot(True)
        self._stuck.setInterval(STUCK_MS)
        self._stuck.timeout.connect(self.on_stuck_timeout)

    def on_model_called(self, event: dict[str, Any]) -> None:
        call = Call.from_event(event)
        if call is not None:
            self.announce(call)

    def announce(self, call: Call) -> None:
        # A counter that calls another number before its waiting call was said has moved on: only its
        # newest is said (in its turn); a recall is said once more, not once per press. The queue so holds
        # at most a call and its recall per counter, however fast they come.
        if any(w.counter == call.counter and w.number != call.number for w in self.queue):
            self.queue = deque(w for w in self.queue if w.counter != call.counter or w.number == call.number)
        if call not in self.queue:
            self.queue.append(call)
        if self.current is None:
            self._start_next()

    def stop(self) -> None:
        self.queue.clear()
        self._stuck.stop()
        self.voice.stop()
        self.current = None

    def _start_next(self) -> None:
        if not self.queue:
            return
        self.current = self.queue.popleft()
        self._stuck.start()
        self.started.emit(self.current)
        self.voice.say(self.current)

    def on_voice_done(self) -> None:
        if self.current is None:
            return
        self._stuck.stop()
        call, self.current = self.current, None
        self.said.append(call)
        self.finished.emit(call)
        self._start_next()

    def on_stuck_timeout(self) -> None:
        seconds = self._stuck.interval() / 1000
        log.error("the voice did not finish %s in %g s; going on with the next call", self.current, seconds)
        self.voice.stop()
        self.on_voice_done()


def required_clips(templates: dict[str, str], languages: list[str]) -> list[str]:
    """The clips every call needs (the template's words, A–Z, digits, counter numbers 1–99)."""
    wanted = {language: templates[language] for language in languages}
    return sorted(speech.every_clip(wanted))


def chime_file(clips: Path | None, cache: Path) -> Path:
    """A recorded ``chime.wav`` in the clips folder, else one made here at the clips' rate."""
    if clips is not None and (clips / "chime.wav").is_file():
        return clips / "chime.wav"
    path = cache / "chime.wav"
    if not path.is_file():
        write_chime(path, _clip_rate(clips))
    return path


def _clip_rate(clips: Path | None) -> int:
    import wave

    if clips is not None:
        for sample in sorted(clips.glob("*/*.wav"))[:1]:
            try:
                with wave.open(str(sample), "rb") as clip:
                    return clip.getframerate()
            except (OSError, EOFError, wave.Error):
                break
    return RATE


def find_tts(
    languages: list[str], engine_name: str | None, report: Report | None = None
) -> tuple[QTextToSpeech, dict[str, QVoice]] | None:
    """An installed engine with a Vietnamese voice (when Vietnamese is spoken), else None (and why, to ``report``).

    Qt's "mock" engine is for tests only: used when named, never picked by itself.
    """
    report = report or (lambda *_: None)
    module: Any = qt_module(TEXT_TO_SPEECH)
    if module is None:
        report("speech", "missing", f"Qt text-to-speech cannot load: {why_missing(TEXT_TO_SPEECH)}")
        return None
    text_to_speech = module.QTextToSpeech
    engines = [engine_name] if engine_name else [e for e in text_to_speech.availableEngines() if e != "mock"]
    if not engines:
        report("speech", "missing", "no text-to-speech engine is installed")
    for name in engines:
        engine = text_to_speech(name)
        if engine.state() == text_to_speech.State.Error:
            log.info("text-to-speech engine %s is not working: %s", name, engine.errorString())
            report("speech", "fault", f"engine {name}: {engine.errorString()}")
            continue
        voices: dict[str, QVoice] = {}
        for language in languages:
            # None: every voice of every locale (Qt's null QLocale); PySide's stub does not say so.
            every = engine.allVoices(None)
            found = [v for v in every if v.locale().language() == QT_LANGUAGES[language]]
            if found:
                voices[language] = found[0]
        if "vi" in languages and "vi" not in voices:
            log.info("text-to-speech engine %s has no Vietnamese voice", name)
            report("speech", "missing", f"engine {name} has no Vietnamese voice")
            continue
        if voices:
            report("speech", "ok", f"engine {name}")
            return engine, voices
    return None


def choose_voice(
    mode: str,
    templates: dict[str, str],
    languages: list[str],
    clips: Path | None,
    cache: Path,
    player: WavPlayer,
    engine: str | None = None,
    report: Report | None = None,
) -> Voice:
    """The best voice this machine has (``mode`` "auto"), or the one asked for; logs which, and tells ``report``
    the state of each part: ``speech`` (Qt text-to-speech), ``clips``, ``espeak`` (to make clips), ``voice``."""
    report = report or (lambda *_: None)
    chime = chime_file(clips, cache)
    voice: Voice | None = None
    if shutil.which("espeak-ng"):
        report("espeak", "ok", "espeak-ng can make the clips")
    else:
        report("espeak", "missing", "espeak-ng is not installed: 'onestop display clips' cannot make recordings")
    if mode in ("auto", "tts"):
        found = find_tts(languages, engine, report)
        if found is not None:
            voice = TtsVoice(player, chime, templates, languages, engine=found[0], voices=found[1])
        elif mode == "tts":
            log.warning("no text-to-speech engine with a Vietnamese voice is installed")
    if voice is None and mode in ("auto", "tts", "clips"):
        if clips is None or not clips.is_dir():
            log.info("no clips folder%s", f" at {clips}" if clips else "")
            report("clips", "missing", "no clips folder: make one with 'onestop display clips'")
        else:
            missing = [name for name in required_clips(templates, languages) if not (clips / f"{name}.wav").is_file()]
            if missing:
                log.warning(
                    "clips folder %s lacks %d recordings, e.g. %s.wav; run 'onestop display clips --out %s'",
                    clips, len(missing), missing[0], clips,
                )  # fmt: skip
                report("clips", "fault", f"{len(missing)} recordings missing, e.g. {missing[0]}.wav")
            else:
                voice = ClipVoice(player, chime, templates, languages, clips=clips, scratch=cache / "calls")
                report("clips", "ok", str(clips))
    if voice is None:
        voice = ChimeVoice(player, chime, templates, languages)
    log.info("voice: %s %s", voice.describe()[1], voice.detail())
    state = "ok" if isinstance(voice, TtsVoice) else "fallback"
    report("voice", state, voice.describe()[1] + (f" ({voice.detail()})" if voice.detail() else ""))
    return voice
