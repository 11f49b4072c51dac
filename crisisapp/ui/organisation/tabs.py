"""The read-only tabs of the crisis-organisation page: the readiness matrix and the alarm list of a GRIP level.

The matrix shows the page's :class:`Overview`, the alarm list its own moment's; their buttons are wired by the
page, which does the editing and printing.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
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

from crisisapp.context import AppContext
from crisisapp.services.organisation import AlarmList, Overview, counted
from crisisapp.services.piket import alarm_list
from crisisapp.ui.organisation.models import AlarmModel, ReadinessMatrixModel
from crisisapp.ui.piket.moment import MomentField
from crisisapp.ui.widgets import SCROLLS_SIDEWAYS_PROPERTY, labelled, named, record_table, widen_to_headers


class ReadinessTab(QWidget):
    """Who is ready for which function: the matrix of one team or all, narrowed to the names typed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._overview: Overview | None = None
        self._stale = False
        self.team = QComboBox(self)
        self.search = named(QLineEdit(self), self.tr("Persoon zoeken"))
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
        top.addWidget(labelled(self, self.tr("Team:"), self.team))
        top.addWidget(self.team)
        top.addWidget(self.search, 1)
        top.addWidget(self.attendance_button)
        self.model = ReadinessMatrixModel()
        self.view = named(QTableView(self), self.tr("Vakbekwaamheid per persoon en functie"))
        self.view.setTabKeyNavigation(False)
        self.view.setProperty(SCROLLS_SIDEWAYS_PROPERTY, True)  # a column per person
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
        """Show ``overview``, keeping the team chosen when it still exists; while the tab is out of sight, when it
        comes into view: a column per person is not measured for a page that opens on another tab."""
        self._overview = overview
        self._stale = not self.isVisible()
        if self._stale:
            return
        current = self.team.currentData()
        self.team.blockSignals(True)
        self.team.clear()
        self.team.addItem(self.tr("alle teams"), None)
        for team in overview.teams:
            self.team.addItem(f"{team.name} ({team.code})", team.id)
        self.team.setCurrentIndex(max(self.team.findData(current), 0))
        self.team.blockSignals(False)
        self._fill()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._overview is not None:
            self.show_overview(self._overview)

    def _fill(self, *_args: object) -> None:
        if self._overview is not None:
            self.model.set_overview(self._overview, self.team.currentData(), self.search.text())
            widen_to_headers(self.view)  # a column per person: the whole name above it


class AlarmTab(QWidget):
    """Whom to call, in order, for the functions alarmed at the GRIP level chosen, at a moment: now (following
    the clock) or one the user picks. It reads the list itself, for the piket can change it by the minute."""

    def __init__(self, parent: QWidget, context: AppContext) -> None:
        super().__init__(parent)
        self.context = context
        self.alarm = AlarmList(context.now(), (), ())
        self._stale = True
        self.grip_level = QComboBox(self)
        for level in range(1, 5):
            self.grip_level.addItem(f"GRIP {level}", level)
        self.when = MomentField(self, context.now)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.print_button = QPushButton(self.tr("Alarmeringslijst afdrukken…"), self)
        top = QHBoxLayout()
        top.addWidget(labelled(self, self.tr("Alarmeren bij:"), self.grip_level))
        top.addWidget(self.grip_level)
        top.addSpacing(12)
        top.addWidget(labelled(self, self.tr("Op:"), self.when.edit))
        top.addWidget(self.when)
        top.addStretch(1)
        top.addWidget(self.print_button)
        self.model = AlarmModel()
        self.view = record_table(self, self.model, self.tr("Alarmeringslijst"))
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((230, 270, 160, 110, 110)):
            self.view.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.grip_level.currentIndexChanged.connect(self._fill)
        self.when.moment_changed.connect(self.refresh)

    def level(self) -> int:
        return int(self.grip_level.currentData())

    def refresh(self) -> None:
        """Read the alarm list again at the moment chosen (the clock's, unless the user picked one); while the tab
        is out of sight, when it comes into view (or is printed): the page opens without computing it."""
        if self.isVisible():
            self._read()
        else:
            self._stale = True

    def _read(self) -> None:
        self.alarm = self.context.call(alarm_list, self.when.moment(), self.context.now())
        self._stale = False
        self._fill()

    def current(self) -> AlarmList:
        """The list as it stands now: read again at the clock's moment unless the user chose another."""
        if self.when.following():
            self.when.follow_clock()  # the tab may not have been shown while the clock moved on
        if self._stale:
            self._read()
        return self.alarm

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _fill(self, *_args: object) -> None:
        functions = self.alarm.for_grip(self.level())
        self.model.set_functions(functions)
        people = len({call.person.id for f in functions for call in f.calls})
        gaps = sum(f.gap() is not None for f in functions)
        text = (
            f"{counted(len(functions), self.tr('functie'), self.tr('functies'))}, "
            f"{counted(people, self.tr('persoon'), self.tr('personen'))}"
        )
        if gaps:
            text += f", {counted(gaps, self.tr('hiaat'), self.tr('hiaten'))}"
        self.summary.setText(
            text
            + self.tr(
                ". Bel per functie van boven naar beneden: bij een piketfunctie eerst wie dan dienst heeft, daarna "
                "wie hierna dienst heeft en dan de rest van de pool; anders eerst de primaire functionaris. Wie "
                "afwezig is staat onderaan."
            )
        )
