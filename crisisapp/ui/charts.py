"""Charts for the pages (QtCharts: this module is imported only when a page with a chart is opened)."""

import itertools
import math
from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

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


class BarChart(QChartView):
    """A bar chart of one or more series of counts over categories, which its page keeps and fills anew on every
    refresh (:meth:`show_counts`): a new chart, axes and view each time churned objects that Qt and Python share,
    and one of them, freed under the other, brought the app down in a drill's rapid refreshes."""

    def __init__(self, parent: QWidget, *, percentages: bool = False) -> None:
        super().__init__(parent)
        chart = self.chart()  # the view's own chart, kept for its life
        chart.setLocalizeNumbers(True)  # "4.000" in the Dutch locale the app sets
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.percentages = percentages
        self.axis_x = QBarCategoryAxis(chart)
        self.axis_y = QValueAxis(chart)
        self.axis_y.setLabelFormat("%.0f")  # whole numbers ("%d" shows nothing with localised numbers)
        chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self._bars: QBarSeries | None = None
        self.setMinimumHeight(200)

    def show_counts(self, title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]) -> None:
        chart = self.chart()
        if self._bars is not None:
            chart.removeSeries(self._bars)  # given back to us: deleted with its sets once Qt is done with it
            self._bars.deleteLater()
        bars = QBarSeries(chart)
        top = 0.0
        for name, values in series:
            bar_set = QBarSet(name, bars)
            for value in values:
                bar_set.append(value)
                top = max(top, value)
            bars.append(bar_set)
        chart.addSeries(bars)
        self._bars = bars
        chart.setTitle(title)
        self.axis_x.clear()
        self.axis_x.append(list(categories))
        maximum, steps = (100, 5) if self.percentages else whole_steps(top)  # percentages in steps of 20
        self.axis_y.setRange(0, maximum)
        self.axis_y.setTickCount(steps + 1)
        bars.attachAxis(self.axis_x)
        bars.attachAxis(self.axis_y)
