"""The bar at the top of every page while an incident is open: which, its GRIP level and the time since the alert; its
button (or Ctrl+Shift+I) goes to the incident. With more than one open it shows a real incident before any exercise,
then the highest GRIP level first, and says how many others run, each a click away. It reads with a light query
(``services.glance``): the incident service stays out of start-up."""

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from crisisapp.context import AppContext
from crisisapp.services import glance
from crisisapp.ui.widgets import named

TICK_MS = 20_000


class IncidentBar(QFrame):
    def __init__(
        self, context: AppContext, go: Callable[[], None], reveal: Callable[[int], None], parent: QWidget | None = None
    ) -> None:
        """``go``: to the incident shown first; ``reveal``: to the incident of that id."""
        super().__init__(parent)
        self.setObjectName("incidentBar")
        self.context = context
        self.reveal = reveal
        self.incident: glance.OpenIncident | None = None
        self.others: tuple[glance.OpenIncident, ...] = ()
        self.label = named(QLabel(self), self.tr("Lopend incident"))
        self.others_button = QPushButton(self)
        self.others_button.setMenu(QMenu(self.others_button))
        self.button = QPushButton(self.tr("Naar het incident (Ctrl+Shift+I)"), self)
        self.button.clicked.connect(go)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 3, 10, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.others_button)
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
        running = self.context.call(glance.open_incidents)
        self.incident = running[0] if running else None
        self.others = running[1:]
        self.setVisible(self.incident is not None)
        colour = "#1f4e79" if self.incident and self.incident.exercise else "#b42318"
        self.setStyleSheet(f"#incidentBar {{ background: {colour}; }} #incidentBar QLabel {{ color: white; }}")
        self.others_button.setVisible(bool(self.others))
        self.others_button.setText(
            self.tr("+1 ander incident loopt")
            if len(self.others) == 1
            else self.tr("+%1 andere incidenten lopen").replace("%1", str(len(self.others)))
        )
        menu = self.others_button.menu()
        menu.clear()
        for record in self.others:
            action = menu.addAction(f"{self._name(record)} · GRIP {record.grip}")
            action.triggered.connect(lambda _checked=False, key=record.id: self.reveal(key))
        self.show_time()

    def _name(self, record: glance.OpenIncident) -> str:
        """Its kind and title, and on a server (where each municipality has its own) whose it is."""
        kind = self.tr("OEFENING") if record.exercise else self.tr("INCIDENT")
        whose = f" ({record.municipality})" if self.context.access is not None else ""
        return f"{kind}: {record.title}{whose}"

    def show_time(self) -> None:
        record = self.incident
        if record is None:
            return
        since = glance.elapsed(record.alert_at, self.context.now())
        self.label.setText(
            f"{self._name(record)} · GRIP {record.grip} · " + self.tr("%1 sinds de alarmering").replace("%1", since)
        )
