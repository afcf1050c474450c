"""The four charts: queue length over the day, wait distribution, served per counter, ratings."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

ACCENT = QColor("#1f6fb2")
RATING_COLOURS = ("#2e8b57", "#7cb342", "#f9a825", "#ef6c00", "#c62828")


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    font = QFont()
    font.setPointSize(13)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(6)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    return chart, view


def _bars(
    chart: QChart, categories: list[str], values: list[float], colour: QColor, horizontal: bool = False
) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    bars = QBarSet("")
    bars.setColor(colour)
    for v in values:
        bars.append(v)
    series: QAbstractBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideEnd)
    bars.setLabelColor(QColor("white"))
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.append(categories or [""])
    small = QFont()
    small.setPointSize(9)
    x.setLabelsFont(small)
    y = QValueAxis()
    y.setLabelFormat("%d")
    chart.addAxis(x, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
    count_axis(y, max([*values, 1]))


def count_axis(axis: QValueAxis, top: float) -> None:
    """A 0…top axis for counts: whole-number ticks (Qt's nice numbers label 0.5 as "0" and "1" twice)."""
    step = 1
    while top / step > 5:
        step = next(s * 10**e for e in range(9) for s in (1, 2, 5) if s * 10**e > step)
    ticks = max(1, math.ceil(top / step))
    axis.setRange(0, ticks * step)
    axis.setTickCount(ticks + 1)


class StatsCharts(QWidget):
    """Shows a /api/stats answer as charts; the queue chart also takes the live waiting count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue_chart, queue_view = _chart("")
        self.wait_chart, wait_view = _chart("")
        self.counter_chart, counter_view = _chart("")
        self.rating_chart, rating_view = _chart("")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, view in enumerate((queue_view, wait_view, counter_view, rating_view)):
            grid.addWidget(view, 0, i)
        self._queue = QLineSeries()
        self._queue.setColor(ACCENT)
        pen = self._queue.pen()
        pen.setWidth(3)
        self._queue.setPen(pen)
        self.queue_chart.addSeries(self._queue)
        self._qx = QValueAxis()
        self._qx.setRange(6, 18)
        self._qx.setTickCount(7)
        self._qx.setLabelFormat("%dh")
        self._qy = QValueAxis()
        self._qy.setLabelFormat("%d")
        self.queue_chart.addAxis(self._qx, Qt.AlignmentFlag.AlignBottom)
        self.queue_chart.addAxis(self._qy, Qt.AlignmentFlag.AlignLeft)
        self._queue.attachAxis(self._qx)
        self._queue.attachAxis(self._qy)
        self.served_by_counter: list[float] = []

    def set_titles(self, queue: str, waits: str, served: str, ratings: str) -> None:
        self.queue_chart.setTitle(queue)
        self.wait_chart.setTitle(waits)
        self.counter_chart.setTitle(served)
        self.rating_chart.setTitle(ratings)

    def show_stats(
        self, stats: dict[str, Any], counter_names: dict[int, str], level_names: dict[str, str]
    ) -> None:
        queue = stats.get("queue_length")
        self._queue.clear()
        if queue:
            start_h = int(queue["start"][11:13]) + int(queue["start"][14:16]) / 60
            for i, n in enumerate(queue["points"]):
                self._queue.append(start_h + i * queue["step_s"] / 3600, n)
        self._rescale_queue()
        bins = stats.get("wait_bins_min", [])
        # Each bar from its lower bound (the title says "minutes"): short enough for 8 bars.
        labels = [str(a) for a in bins[:-1]] + ([f"{bins[-1]}+"] if bins else [])
        _bars(self.wait_chart, labels, [float(n) for n in stats["totals"]["wait_histogram"]], ACCENT)
        by_counter = stats.get("by_counter", [])
        self.served_by_counter = [float(r["served"]) for r in by_counter]
        _bars(
            self.counter_chart,
            [counter_names.get(r["counter"], str(r["counter"])) for r in by_counter],
            self.served_by_counter,
            QColor("#2e8b57"),
        )
        ratings = stats["totals"]["ratings_by_level"]
        # Best at the top of the horizontal bars (Qt draws the first category at the bottom).
        levels = list(reversed(list(level_names) or list(ratings)))
        _bars(
            self.rating_chart,
            [level_names.get(v, v) for v in levels],
            [float(ratings.get(v, 0)) for v in levels],
            QColor("#f9a825"),
            horizontal=True,
        )

    def set_live_queue(self, hour: float, waiting: int) -> None:
        """Today's curve goes on with the live count (replacing the point of the same quarter hour)."""
        points = self._queue.points()
        if points and hour - points[-1].x() < 0.25:
            self._queue.replace(len(points) - 1, hour, waiting)
        else:
            self._queue.append(hour, waiting)
        self._rescale_queue()

    def _rescale_queue(self) -> None:
        count_axis(self._qy, max([p.y() for p in self._queue.points()] + [4]))
