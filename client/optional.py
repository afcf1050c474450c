"""Qt modules an app can do without: imported once, and when one cannot load, why (logged once).

Qt's speech and multimedia modules need system libraries a PC may lack (PulseAudio's client,
GStreamer, FFmpeg): ``from PySide6.QtTextToSpeech import …`` then raises ImportError
("libpulse.so.0: cannot open shared object file"). The apps ask here instead, and fall back
to the next option: a voice of recorded clips or the chime, silence timed like speech.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

log = logging.getLogger("onestop.optional")

TEXT_TO_SPEECH = "PySide6.QtTextToSpeech"
MULTIMEDIA = "PySide6.QtMultimedia"

_loaded: dict[str, ModuleType | None] = {}
_why: dict[str, str] = {}


def qt_module(name: str) -> ModuleType | None:
    """The module, or None if it cannot be imported here (the reason is in ``why_missing``)."""
    if name not in _loaded:
        try:
            _loaded[name] = importlib.import_module(name)
        except ImportError as exc:
            _loaded[name] = None
            _why[name] = str(exc) or type(exc).__name__
            log.warning("%s cannot load (%s): going on without it", name, _why[name])
    return _loaded[name]


def why_missing(name: str) -> str:
    """Why ``qt_module(name)`` is None ("" when it loaded)."""
    qt_module(name)
    return _why.get(name, "")
