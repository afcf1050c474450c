"""WAV files for the voice: the chime (made in code), joining clips into one call, their lengths.

Standard library only (``wave``): 16-bit PCM mono, the format espeak-ng writes and
every recorder can export. Clips of another format are refused by name, not resampled.
"""

from __future__ import annotations

import array
import math
import struct
import sys
import wave
from collections.abc import Sequence
from pathlib import Path

RATE = 22_050
# Two falling notes (E6, C6), like the "ding-dong" of a bank or an airport.
CHIME_NOTES = ((1318.5, 0.35), (1046.5, 0.6))
# Silence between the words of a call made of clips.
WORD_GAP_S = 0.06


class WavError(Exception):
    """A clip cannot be read or does not match the others (the message names the file)."""


def write_chime(path: Path, rate: int = RATE) -> Path:
    """Write the chime to ``path`` (about one second, soft attack, bell-like decay)."""
    samples: list[int] = []
    for frequency, seconds in CHIME_NOTES:
        count = int(rate * seconds)
        for i in range(count):
            t = i / rate
            envelope = min(1.0, t / 0.01) * math.exp(-3.5 * t / seconds)
            # The fundamental plus a quiet octave gives the bell its colour.
            value = math.sin(2 * math.pi * frequency * t) + 0.3 * math.sin(4 * math.pi * frequency * t)
            samples.append(int(12_000 * envelope * value))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path


def duration_s(path: Path) -> float:
    try:
        with wave.open(str(path), "rb") as clip:
            return clip.getnframes() / clip.getframerate()
    except (OSError, EOFError, wave.Error) as exc:
        raise WavError(f"{path}: not a readable WAV file ({exc})") from None


def join(paths: Sequence[Path], out: Path, gap_s: float = WORD_GAP_S) -> Path:
    """Write the clips one after the other, with a short silence between, as one WAV file."""
    params = None
    frames: list[bytes] = []
    for path in paths:
        try:
            with wave.open(str(path), "rb") as clip:
                shape = (clip.getnchannels(), clip.getsampwidth(), clip.getframerate())
                if params is None:
                    params = shape
                elif shape != params:
                    raise WavError(
                        f"{path}: {shape[0]} channel(s), {shape[1] * 8}-bit, {shape[2]} Hz, but {paths[0].name} is "
                        f"{params[0]} channel(s), {params[1] * 8}-bit, {params[2]} Hz; export every clip alike"
                    )
                if frames:
                    frames.append(b"\0" * (int(shape[2] * gap_s) * shape[0] * shape[1]))
                frames.append(clip.readframes(clip.getnframes()))
        except (OSError, EOFError, wave.Error) as exc:
            raise WavError(f"{path}: not a readable WAV file ({exc})") from None
    if params is None:
        raise WavError("no clips to join")
    with wave.open(str(out), "wb") as joined:
        joined.setnchannels(params[0])
        joined.setsampwidth(params[1])
        joined.setframerate(params[2])
        joined.writeframes(b"".join(frames))
    return out


def trim(path: Path, threshold: int = 300, keep_s: float = 0.02) -> Path:
    """Cut the silence a speech engine leaves before and after a word (16-bit clips), keeping ``keep_s``."""
    with wave.open(str(path), "rb") as clip:
        params = clip.getparams()
        data = clip.readframes(clip.getnframes())
    if params.sampwidth != 2:
        return path
    samples = array.array("h", data)
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, value in enumerate(samples) if abs(value) > threshold]
    if not loud:
        return path
    keep = int(keep_s * params.framerate) * params.nchannels
    start, end = max(0, loud[0] - keep), min(len(samples), loud[-1] + keep + 1)
    start -= start % params.nchannels
    kept = samples[start:end]
    if sys.byteorder == "big":
        kept.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        out.writeframes(kept.tobytes())
    return path
