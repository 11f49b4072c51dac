"""Parts of the OTO page that draw: the year plan per quarter and the trend of the drills."""

import html
from collections.abc import Sequence

from PySide6.QtCore import QMargins, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from crisisapp.models.oto import KIND_LABELS, ActivityKind, ActivityStatus
from crisisapp.services import oto
from crisisapp.services.oto import ActivityRecord, YearFigures
from crisisapp.timeutil import to_local
from crisisapp.ui.charts import BarChart


class QuarterOverview(QWidget):
    """The year at a glance: per quarter its activities, cancelled ones struck through."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.labels: list[QLabel] = []
        for _quarter in oto.QUARTERS:
            label = QLabel(self)
            label.setObjectName("quarter")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setWordWrap(True)
            label.setStyleSheet("background:#eef3f8; padding:6px; border-radius:4px;")
            layout.addWidget(label, 1)
            self.labels.append(label)

    def show_activities(self, activities: Sequence[ActivityRecord], *, internal: bool) -> None:
        """``internal`` (the coordinator's view) shows the dates of unannounced activities too."""
        for quarter, label in enumerate(self.labels):
            lines = [f"<b>{self.tr('%1 kwartaal').replace('%1', oto.QUARTERS[quarter])}</b>"]
            for activity in activities:
                if (to_local(activity.start).month - 1) // 3 != quarter:
                    continue
                hidden = activity.unannounced and not internal
                when = self.tr("onaangekondigd") if hidden else f"{to_local(activity.start):%d-%m}"
                text = f"{when} {html.escape(activity.title)}"
                lines.append(f"<s>{text}</s>" if activity.status is ActivityStatus.CANCELLED else text)
            label.setText("<br>".join(lines))


def trend_chart(parent: QWidget) -> BarChart:
    """The chart of the trend per year of one kind of drill (:func:`show_trend`), in percentages on the whole
    scale so the years compare at a glance."""
    chart = BarChart(parent, percentages=True)
    # it shares the lower half of the tab with the figures: no room to spare on margins
    chart.chart().setMargins(QMargins(0, 0, 0, 0))
    chart.chart().setBackgroundRoundness(0)
    return chart


def show_trend(chart: BarChart, kind: ActivityKind, figures: Sequence[YearFigures]) -> None:
    """Per year the share of the drills of ``kind`` that responded, and that did so within the norm."""
    chart.show_counts(
        chart.tr("Trend %1 per jaar").replace("%1", KIND_LABELS[kind]),
        [f"{f.year}<br>{f.held}×" for f in figures],  # two short lines fit under a bar where one long one is cut
        [
            (chart.tr("gereageerd %"), [round(100 * (f.response_rate or 0)) for f in figures]),
            (chart.tr("binnen de norm %"), [round(100 * (f.within_norm_rate or 0)) for f in figures]),
        ],
    )
