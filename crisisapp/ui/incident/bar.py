"""The bar at the top of every page while an incident is open: which, its GRIP level and the time since the
alert; its button (or Ctrl+Shift+I) goes to the incident. It reads with a light query (``services.glance``): the
incident service stays out of start-up."""

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from crisisapp.context import AppContext
from crisisapp.services import glance
from crisisapp.ui.widgets import named

TICK_MS = 20_000


class IncidentBar(QFrame):
    def __init__(self, context: AppContext, go: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentBar")
        self.context = context
        self.incident: glance.OpenIncident | None = None
        self.label = named(QLabel(self), self.tr("Lopend incident"))
        self.button = QPushButton(self.tr("Naar het incident (Ctrl+Shift+I)"), self)
        self.button.clicked.connect(go)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 3, 10, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.show_time)
        self.timer.start()
        self.refresh()

    def use(self, context: AppContext) -> None:
        self.context = context
        self.refresh()

    def refresh(self) -> None:
        self.incident = self.context.call(glance.open_incident)
        self.setVisible(self.incident is not None)
        colour = "#1f4e79" if self.incident and self.incident.exercise else "#b42318"
        self.setStyleSheet(f"#incidentBar {{ background: {colour}; }} #incidentBar QLabel {{ color: white; }}")
        self.show_time()

    def show_time(self) -> None:
        record = self.incident
        if record is None:
            return
        kind = self.tr("OEFENING") if record.exercise else self.tr("INCIDENT")
        since = glance.elapsed(record.alert_at, self.context.now())
        self.label.setText(
            f"{kind}: {record.title} · GRIP {record.grip} · " + self.tr("%1 sinds de alarmering").replace("%1", since)
        )
