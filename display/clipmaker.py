"""Make the voice's clips folder with espeak-ng (offline), or list what to record by hand.

``onestop display clips --out DIR`` writes ``DIR/vi/*.wav`` and ``DIR/en/*.wav``: every word a
call can need (display/speech.py), one WAV each, plus ``DIR/clips.txt`` naming each file and
what it says. espeak-ng's Vietnamese is intelligible but robotic; an office that wants a human
voice records the same files (16-bit PCM mono WAV, all at one sample rate, silence trimmed) and
drops them in over these, and may add ``DIR/chime.wav`` for its own chime.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

from display.speech import every_clip
from display.wavs import trim
from server.errors import ConfigError

log = logging.getLogger("onestop.display.clips")

ESPEAK_VOICES = {"vi": "vi", "en": "en-gb"}
ESPEAK_TIMEOUT_S = 20
# Slower than espeak's default 175 words a minute: a lobby is noisy and many listeners are elderly.
SPEED_WPM = 140


def clip_list(templates: dict[str, str], languages: list[str]) -> dict[str, str]:
    return every_clip({language: templates[language] for language in languages})


def make_clips(out: Path, templates: dict[str, str], languages: list[str], espeak: str | None = None) -> int:
    """Write every clip with espeak-ng; return how many. ConfigError when espeak-ng is missing."""
    program = espeak or shutil.which("espeak-ng")
    if program is None:
        raise ConfigError(
            "espeak-ng is not installed. Fix: 'sudo apt-get install espeak-ng' (Debian/Ubuntu), or record the "
            f"clips by hand: 'onestop display clips --out {out} --list' names every file to record"
        )
    clips = clip_list(templates, languages)
    for name, text in clips.items():
        path = out / f"{name}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        voice = ESPEAK_VOICES[name.split("/", 1)[0]]
        try:
            subprocess.run(
                [program, "-v", voice, "-s", str(SPEED_WPM), "-w", str(path), text],
                check=True, capture_output=True, timeout=ESPEAK_TIMEOUT_S,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise ConfigError(f"espeak-ng could not say {text!r} into {path} ({exc}). Fix: check espeak-ng works: "
                              f"'espeak-ng -v {voice} \"{text}\"'") from None
        trim(path)  # espeak-ng pads every word with silence; joined, the call would drag
    write_list(out, clips)
    return len(clips)


def write_list(out: Path, clips: dict[str, str]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "clips.txt"
    lines = ["# file\twhat it says (record each as 16-bit PCM mono WAV, one sample rate for all)"]
    lines += [f"{name}.wav\t{text}" for name, text in clips.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
