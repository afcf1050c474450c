"""Python's cyclic garbage collection, run on the GUI thread only.

CPython runs the cyclic collector on whichever thread crosses its allocation threshold:
the printer's worker thread, the keypad reader, or the office server's threads in the
demo. A QObject caught in a reference cycle is then destroyed from that thread while the
GUI thread may be delivering its events -- a crash that comes "now and then, under load"
(issue #12). Reference cycles through QObjects are bugs we fix where we find them (the
tests fail on any: tests/helpers/qt_garbage.py); this makes the ones we have not found
harmless. The same pattern is used by calibre and pyqtgraph (GarbageCollector).

Automatic collection is switched off and a timer on the GUI thread collects, generation by
generation, whenever CPython would have: nothing is collected later than about
``INTERVAL_MS`` after it would have been.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """Collects cyclic garbage from the GUI thread's event loop; automatic collection stays off while it lives."""

    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.on_timer_timeout)
        gc.disable()
        self._timer.start()

    def on_timer_timeout(self) -> None:
        # What CPython does on an allocation, done here: a generation is collected once its
        # count passes its threshold, the older ones only when theirs do too.
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        for generation in range(3):
            if counts[generation] <= thresholds[generation]:
                break
            gc.collect(generation)


def collect_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """The application's collector (made once, a child of the application)."""
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        return existing
    return GuiThreadCollector(parent=app)
