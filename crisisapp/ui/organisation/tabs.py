"""The read-only tabs of the crisis-organisation page: the readiness matrix and the alarm list of a GRIP level.

Both show the page's :class:`Overview`; their buttons are wired by the page, which does the editing and
printing.
"""

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisapp.services.organisation import Overview
from crisisapp.ui.organisation.models import AlarmModel, ReadinessMatrixModel
from crisisapp.ui.widgets import record_table


class ReadinessTab(QWidget):
    """Who is ready for which function: the matrix of one team or all, narrowed to the names typed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._overview: Overview | None = None
        self.team = QComboBox(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Persoon zoeken…"))
        self.search.setClearButtonEnabled(True)
        self.attendance_button = QPushButton(self.tr("Deelname vastleggen…"), self)
        legend = QLabel(
            self.tr(
                '<span style="background:#d3f0da">&nbsp;vakbekwaam&nbsp;</span> '
                '<span style="background:#fff1c2">&nbsp;verloopt binnen 60 dagen&nbsp;</span> '
                '<span style="background:#f8d4d0">&nbsp;niet vakbekwaam&nbsp;</span> · vet: primair · '
                "wijs een cel aan voor de reden"
            ),
            self,
        )
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Team:"), self))
        top.addWidget(self.team)
        top.addWidget(self.search, 1)
        top.addWidget(self.attendance_button)
        self.model = ReadinessMatrixModel()
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setDefaultSectionSize(130)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(legend)
        layout.addWidget(self.view, 1)
        self.team.currentIndexChanged.connect(self._fill)
        self.search.textChanged.connect(self._fill)

    def show_overview(self, overview: Overview) -> None:
        """Show ``overview``, keeping the team chosen when it still exists."""
        self._overview = overview
        current = self.team.currentData()
        self.team.blockSignals(True)
        self.team.clear()
        self.team.addItem(self.tr("alle teams"), None)
        for team in overview.teams:
            self.team.addItem(f"{team.name} ({team.code})", team.id)
        self.team.setCurrentIndex(max(self.team.findData(current), 0))
        self.team.blockSignals(False)
        self._fill()

    def _fill(self, *_args: object) -> None:
        if self._overview is not None:
            self.model.set_overview(self._overview, self.team.currentData(), self.search.text())


class AlarmTab(QWidget):
    """The calling order of the functions alarmed at the GRIP level chosen."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._overview: Overview | None = None
        self.grip_level = QComboBox(self)
        for level in range(1, 5):
            self.grip_level.addItem(f"GRIP {level}", level)
        self.summary = QLabel(self)
        self.print_button = QPushButton(self.tr("Alarmeringslijst afdrukken…"), self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Alarmeren bij:"), self))
        top.addWidget(self.grip_level)
        top.addWidget(self.summary, 1)
        top.addWidget(self.print_button)
        self.model = AlarmModel()
        self.view = record_table(self, self.model)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((300, 130, 200, 130, 130)):
            self.view.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.grip_level.currentIndexChanged.connect(self._fill)

    def level(self) -> int:
        return int(self.grip_level.currentData())

    def show_overview(self, overview: Overview) -> None:
        self._overview = overview
        self._fill()

    def _fill(self, *_args: object) -> None:
        if self._overview is None:
            return
        staffings = self._overview.for_grip(self.level())
        self.model.set_staffing(staffings)
        people = sum(len(s.holders) for s in staffings)
        self.summary.setText(
            self.tr("%1 functies, %2 personen; per functie eerst de primaire functionaris")
            .replace("%1", str(len(staffings)))
            .replace("%2", str(people))
        )
