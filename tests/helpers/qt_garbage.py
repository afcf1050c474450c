"""Finds QObjects that only Python's cyclic garbage collector would free.

Such an object is destroyed whenever and wherever the collector happens to run -- on a
worker or server thread too, which crashes Qt (issue #12). The suite fails if a test leaves
any (tests/conftest.py); the apps also pin collection to the GUI thread (client/collector.py).
"""

from __future__ import annotations

import gc
from collections import Counter

from PySide6.QtCore import QObject


def _is_qobject(candidate: object) -> bool:
    try:
        return isinstance(candidate, QObject)
    except ReferenceError:  # a weak proxy whose object is gone
        return False


def qobjects_in_cycles() -> Counter[str]:
    """Collect everything now (on this thread) and count, by class, the QObjects that were only in cycles."""
    flags = gc.get_debug()
    gc.set_debug(flags | gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = Counter(type(o).__name__ for o in gc.garbage if _is_qobject(o))
    finally:
        gc.set_debug(flags)
        gc.garbage.clear()
    gc.collect()  # and now really free them, here, on the GUI thread
    return found
