"""Charts for the pages (QtCharts, loaded only when a page with a chart is opened)."""

import itertools
import math
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QWidget

#: At most this many steps on the value axis, so that its labels stay apart.
MAX_STEPS = 6


def whole_steps(top: float) -> tuple[int, int]:
    """A value axis for counts from 0 to at least ``top``: (its maximum, the number of steps), each step a
    whole 1, 2 or 5 times a power of ten, so that every label is a whole number ("75", never "75.0" or a
    "0, 0, 1, 1" of rounded halves)."""
    step = next(
        factor * 10**power
        for power in itertools.count()
        for factor in (1, 2, 5)
        if math.ceil(top / (factor * 10**power)) <= MAX_STEPS
    )
    steps = max(1, math.ceil(top / step))
    return step * steps, steps


def bar_chart(
    parent: QWidget, title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
) -> QWidget:
    """A bar chart of one or more series of counts over the categories."""
    from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis

    bars = QBarSeries()
    top = 0.0
    for name, values in series:
        bar_set = QBarSet(name)
        for value in values:
            bar_set.append(value)
            top = max(top, value)
        bars.append(bar_set)
    chart = QChart()
    chart.setLocalizeNumbers(True)  # "4.000" in the Dutch locale the app sets
    chart.addSeries(bars)
    chart.setTitle(title)
    axis_x = QBarCategoryAxis()
    axis_x.append(list(categories))
    axis_y = QValueAxis()
    maximum, steps = whole_steps(top)
    axis_y.setRange(0, maximum)
    axis_y.setTickCount(steps + 1)
    axis_y.setLabelFormat("%.0f")  # whole numbers ("%d" shows nothing with localised numbers)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(axis_x)
    bars.attachAxis(axis_y)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart, parent)
    view.setMinimumHeight(200)
    return view


def replace_chart(layout: QBoxLayout, old: QWidget | None, new: QWidget, stretch: int = 1) -> QWidget:
    """Show ``new`` in ``layout`` where ``old`` was (at the end when there was none), with ``stretch``."""
    if old is not None:
        layout.removeWidget(old)
        old.hide()
        old.deleteLater()
    layout.addWidget(new, stretch)
    return new
