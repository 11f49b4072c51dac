"""Charts for the pages (QtCharts, loaded only when a page with a chart is opened)."""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QWidget


def bar_chart(
    parent: QWidget, title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
) -> QWidget:
    """A bar chart of one or more series over the categories."""
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
    chart.addSeries(bars)
    chart.setTitle(title)
    axis_x = QBarCategoryAxis()
    axis_x.append(list(categories))
    axis_y = QValueAxis()
    axis_y.setRange(0, max(top * 1.1, 1))
    axis_y.applyNiceNumbers()
    axis_y.setLabelFormat("%d")  # whole numbers: counts of people and reports
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(axis_x)
    bars.attachAxis(axis_y)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart, parent)
    view.setMinimumHeight(200)
    return view


def replace_chart(layout: QBoxLayout, old: QWidget | None, new: QWidget) -> QWidget:
    """Show ``new`` in ``layout`` where ``old`` was (at the end when there was none)."""
    if old is not None:
        layout.removeWidget(old)
        old.hide()
        old.deleteLater()
    layout.addWidget(new, 1)
    return new
