"""The incident page: the OvD-Bz's first hours, keyboard first.

The log line is always at hand (Ctrl+L): type and Enter adds a timestamped entry, committed at once; F5–F8 choose
its kind. The alarm board lists the functions of the GRIP level with whom to call next; on a row 1–4 record the
outcome of that call (bereikt, voicemail, niet bereikt, afgemeld), 5 the arrival of whoever was reached, Enter a
call with a note. Entries, calls, arrivals and GRIP changes are the official record: they are not on the undo
stack, and a wrong entry is corrected (F2) by a new one that leaves the original readable.

On a server each incident is a municipality's: a medewerker of another sees it, but its controls that write are
disabled, saying whose it is. A line typed but not saved stays with its incident when another is shown, and is
back in the line when the user returns to it: it never goes into another incident's log.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.models.incident import CallOutcome, EntryKind, Incident, IncidentAction, IncidentFinding
from crisisapp.places import Place
from crisisapp.services import incident as inc
from crisisapp.services import versions
from crisisapp.services.commands import Command, Done
from crisisapp.services.incident import ActionRecord, EntryRecord, FunctionAlarm, IncidentRecord
from crisisapp.storage.roles import Owned
from crisisapp.timeutil import format_datetime, to_local
from crisisapp.ui import interaction
from crisisapp.ui.forms import datetime_edit
from crisisapp.ui.incident.dialogs import (
    ActionDialog,
    CallDialog,
    CorrectionDialog,
    GripDialog,
    IncidentFindingDialog,
    MeetingDialog,
    MomentDialog,
    StartDialog,
)
from crisisapp.ui.incident.models import (
    ActionModel,
    BoardModel,
    DecisionModel,
    LogModel,
    MeetingModel,
    RegisterModel,
    TimesModel,
)
from crisisapp.ui.oto.models import FindingModel
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import labelled, named, page_header, record_table, select_record, selected_record

R = TypeVar("R")
#: The keys of the alarm board: the outcome of a call to whoever is next.
OUTCOME_KEYS = {
    Qt.Key.Key_1: CallOutcome.REACHED,
    Qt.Key.Key_2: CallOutcome.VOICEMAIL,
    Qt.Key.Key_3: CallOutcome.NOT_REACHED,
    Qt.Key.Key_4: CallOutcome.DECLINED,
}
KIND_KEYS = ("F5", "F6", "F7", "F8")
BOARD_TAB = 1
#: How often the times since the alert and the amber of the alarm board are brought up to date.
TICK_MS = 20_000


class _BoardKeys(QObject):
    """The keys of the alarm board's table."""

    def __init__(self, page: "IncidentPage") -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and not event.modifiers():
            key = Qt.Key(event.key())
            if key in (*OUTCOME_KEYS, Qt.Key.Key_5, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.page.refused:
                interaction.information(self.page, self.page.tr("Alarmering"), self.page.refused)
                return True
            if key in OUTCOME_KEYS:
                self.page.record_outcome(OUTCOME_KEYS[key])
                return True
            if key == Qt.Key.Key_5:
                self.page.record_arrival()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.page.call_dialog()
                return True
        return False


@dataclass(frozen=True, slots=True)
class _Draft:
    """A log line typed but not saved, kept with its incident while another is shown."""

    kind: int
    text: str
    owner: str
    at: datetime | None  # the time typed, if one was


class IncidentPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        self.incident: IncidentRecord | None = None
        #: The controls that write into the incident shown (all but Nieuw…), as far as the role may use them at all.
        self._writing: list[QWidget | QShortcut] = []
        #: Why the user may not write into the incident shown (another municipality's), or None.
        self.refused: str | None = None
        self._drafts: dict[int, _Draft] = {}
        titles, self.subtitle = page_header(self, self.tr("Incident"), "")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.chooser = named(QComboBox(self), self.tr("Incident"))
        self.chooser.setMinimumWidth(220)
        self.chooser.setMaximumWidth(340)
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        header = QHBoxLayout()
        header.addLayout(titles, 1)

        actions = QHBoxLayout()
        self.start_button = self._button(
            actions, self.tr("Nieuw… (Ctrl+Shift+I)"), self.start_incident, inc.StartIncident
        )
        self.grip_button = self._button(actions, self.tr("&GRIP… (Ctrl+G)"), self.change_grip, inc.SetGrip)
        self.meeting_button = self._button(actions, self.tr("&Overleg…"), self.add_meeting, inc.AddMeeting)
        self.edit_button = self._button(actions, self.tr("Gegevens…"), self.edit_incident, inc.UpdateIncident)
        self.print_button = self._button(actions, self.tr("&Sitrap… (Ctrl+P)"), self.print_requested.emit)
        self.close_button = self._button(actions, self.tr("Af&sluiten…"), self.close_incident, inc.CloseIncident)
        actions.addStretch(1)
        actions.addWidget(labelled(self, self.tr("&Incident:"), self.chooser))
        actions.addWidget(self.chooser, 1)

        # the log line
        self.kind = QComboBox(self)
        for number, kind in enumerate(EntryKind):
            self.kind.addItem(f"{kind.value} ({KIND_KEYS[number]})", kind)
        self.at = datetime_edit(self, context.now())
        self.at.setClock(context.now)
        self.at.setMaximumWidth(170)
        self._at_typed = False
        self.at.textEdited.connect(self._time_typed)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(self.tr("Typ een logregel en druk op Enter (Ctrl+L)"))
        self.owner = QLineEdit(self)
        self.owner.setPlaceholderText(self.tr("eigenaar (bij actie)"))
        self.owner.setMaximumWidth(180)
        self.add_button = QPushButton(self.tr("Toevoegen"), self)
        entry = QHBoxLayout()
        entry.addWidget(labelled(self, self.tr("Soort:"), self.kind))
        entry.addWidget(self.kind)
        entry.addWidget(labelled(self, self.tr("Tijd:"), self.at))
        entry.addWidget(self.at)
        entry.addWidget(labelled(self, self.tr("&Logregel:"), self.line))
        entry.addWidget(self.line, 1)
        entry.addWidget(named(self.owner, self.tr("Eigenaar van de actie")))
        entry.addWidget(self.add_button)

        self.tabs = QTabWidget(self)
        self.log_model = LogModel()
        self.log_view, _ = self._table_tab_with_buttons(
            self.log_model,
            self.tr("Logboek"),
            (50, 60, 70, 90, 600),
            ((self.tr("Corrigeren… (F2)"), self.correct_entry, inc.AddEntry),),
        )
        self.log_view.horizontalHeader().setStretchLastSection(False)
        self.log_view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.log_view.setColumnWidth(5, 140)
        self.log_view.setToolTip(self.tr("F2 corrigeert de gekozen regel: een nieuwe regel, de oude blijft leesbaar."))
        self.board_model = BoardModel()
        board_tab = QWidget(self.tabs)
        self.board_view = self._table(
            board_tab, self.board_model, self.tr("Alarmering"), (230, 200, 130, 105, 190, 110)
        )
        self.board_view.installEventFilter(_BoardKeys(self))
        hint = QLabel(
            self.tr(
                "Op een regel: 1 bereikt · 2 voicemail · 3 niet bereikt · 4 afgemeld (voor wie nu gebeld wordt) · "
                "5 aangekomen · Enter: oproep met notitie of een ander."
            ),
            board_tab,
        )
        hint.setWordWrap(True)
        board_buttons = QHBoxLayout()
        self.call_button = self._button(board_buttons, self.tr("Oproep…"), self.call_dialog, inc.RecordCall)
        self.arrival_button = self._button(
            board_buttons, self.tr("Aangekomen…"), self.arrival_dialog, inc.RecordArrival
        )
        board_buttons.addStretch(1)
        board_layout = QVBoxLayout(board_tab)
        board_layout.addWidget(hint)
        board_layout.addWidget(self.board_view, 1)
        board_layout.addLayout(board_buttons)
        self.tabs.addTab(board_tab, self.tr("Alarmering"))
        self.decision_model = DecisionModel()
        self.decision_view = self._table_tab(self.decision_model, self.tr("Besluitenlijst"), (60, 70, 700))
        self.action_model = ActionModel()
        self.action_view, (update_action,) = self._table_tab_with_buttons(
            self.action_model,
            self.tr("Actielijst"),
            (60, 420, 180, 150),
            ((self.tr("Bijwerken…"), self.edit_action, inc.UpdateAction),),
        )
        self.action_view.doubleClicked.connect(update_action.click)
        self.meeting_model = MeetingModel()
        self.meeting_view = self._table_tab(self.meeting_model, self.tr("Overleggen"), (60, 60, 220, 220, 220))
        self.meeting_view.setWordWrap(True)  # few meetings, each read whole: BOB in full
        self.meeting_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.times_model = TimesModel()
        self.finding_model = FindingModel(subject=None)  # of this incident
        self.tabs.addTab(self._evaluation_tab(), self.tr("Evaluatie"))
        self.register_model = RegisterModel()
        self.register_view, _ = self._table_tab_with_buttons(
            self.register_model,
            self.tr("Register"),
            (40, 130, 280, 180, 50, 80),
            ((self.tr("Openen"), self.open_from_register, None),),
        )
        self.register_view.doubleClicked.connect(self.open_from_register)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(actions)
        layout.addLayout(entry)
        layout.addWidget(self.tabs, 1)

        self.tabs.currentChanged.connect(self._tab_changed)
        self.line.returnPressed.connect(self.add_entry)
        self.add_button.clicked.connect(self.add_entry)
        self.chooser.activated.connect(lambda _row: self._choose(self.chooser.currentData()))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for number, keys in enumerate(KIND_KEYS):
            QShortcut(QKeySequence(keys), self).activated.connect(lambda n=number: self._set_kind(n))
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.focus_line)
        grip = QShortcut(QKeySequence("Ctrl+G"), self)
        grip.activated.connect(self.change_grip)
        correct = QShortcut(QKeySequence("F2"), self.log_view)
        correct.activated.connect(self.correct_entry)
        self.guard(grip, inc.SetGrip)
        for control in (correct, self.line, self.kind, self.at, self.owner, self.add_button):
            self.guard(control, inc.AddEntry)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self._kind_changed()
        self.refresh()

    # -- building ------------------------------------------------------------------------------------------------

    def guard(self, control: QWidget | QShortcut, *kinds: type[Command[Any]], owned: Owned | None = None) -> None:
        """As :meth:`Page.guard`; a control that writes into the incident shown is also disabled while that incident
        is one the user's role may not write into (see :meth:`_show`)."""
        super().guard(control, *kinds, owned=owned)
        if inc.StartIncident not in kinds and all(self.context.refusal(kind) is None for kind in kinds):
            self._writing.append(control)

    def _button(
        self, row: QHBoxLayout, text: str, slot: Callable[[], object], kind: type[Command[Any]] | None = None
    ) -> QPushButton:
        """A button in ``row``; ``kind``: the command it runs, if it changes something (see :meth:`guard`)."""
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        if kind is not None:
            self.guard(button, kind)
        return button

    def _table(self, parent: QWidget, model: LogModel | object, name: str, widths: tuple[int, ...]) -> QTableView:
        view = record_table(parent, model, name)  # type: ignore[arg-type]
        view.setWordWrap(False)
        rows = view.verticalHeader()
        rows.setDefaultSectionSize(view.fontMetrics().height() + 8)  # many lines in view
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # a row added never re-measures the others
        view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)
        return view

    def _table_tab(self, model: object, title: str, widths: tuple[int, ...]) -> QTableView:
        view, _ = self._table_tab_with_buttons(model, title, widths, ())
        return view

    def _table_tab_with_buttons(
        self,
        model: object,
        title: str,
        widths: tuple[int, ...],
        buttons: tuple[tuple[str, Callable[[], object], type[Command[Any]] | None], ...],
    ) -> tuple[QTableView, list[QPushButton]]:
        tab = QWidget(self.tabs)
        view = self._table(tab, model, title, widths)
        layout = QVBoxLayout(tab)
        layout.addWidget(view, 1)
        made = []
        if buttons:
            row = QHBoxLayout()
            for text, slot, kind in buttons:
                button = QPushButton(text, tab)
                button.clicked.connect(slot)
                row.addWidget(button)
                made.append(button)
                if kind is not None:
                    self.guard(button, kind)
            row.addStretch(1)
            layout.addLayout(row)
        self.tabs.addTab(tab, title)
        return view, made

    def _evaluation_tab(self) -> QWidget:
        tab = QWidget(self.tabs)
        self.norm_label = QLabel(tab)
        self.norm_label.setWordWrap(True)
        self.times_view = self._table(tab, self.times_model, self.tr("Tijden per functie"), (300, 120, 120, 120))
        self.finding_view = self._table(tab, self.finding_model, self.tr("Bevindingen en actiepunten"), (500, 180, 100))
        row = QHBoxLayout()
        self._button(row, self.tr("Bevinding of actiepunt…"), self.add_finding, inc.AddFinding)
        self._button(row, self.tr("Gereed"), self.finding_done, inc.SetFindingStatus)
        row.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.norm_label)
        layout.addWidget(self.times_view, 1)
        layout.addWidget(QLabel(self.tr("Bevindingen en actiepunten"), tab))
        layout.addWidget(self.finding_view, 1)
        layout.addLayout(row)
        return tab

    # -- reading -------------------------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.context.now()

    def today(self) -> date:
        return to_local(self.now()).date()

    def refresh(self) -> None:
        incidents = self.context.call(inc.list_incidents)
        self.register_model.set_rows(incidents)
        wanted = self.incident.id if self.incident else None
        if wanted not in {i.id for i in incidents}:
            current = self.context.call(inc.current_incident)
            wanted = current.id if current else (incidents[0].id if incidents else None)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for record in incidents:
            state = "" if record.is_open else self.tr(", afgesloten")
            self.chooser.addItem(
                f"{record.id} · {record.name()} ({format_datetime(record.alert_at)}{state})", record.id
            )
        if wanted is not None:
            self.chooser.setCurrentIndex(self.chooser.findData(wanted))
        self.chooser.blockSignals(False)
        self._show(wanted)

    def _choose(self, incident_id: int | None) -> None:
        self._show(incident_id)

    def _show(self, incident_id: int | None) -> None:
        shown = self.incident.id if self.incident else None
        if incident_id != shown:
            self._keep_draft(shown, incident_id)
        self.incident = self.context.call(inc.get_incident, incident_id) if incident_id is not None else None
        record = self.incident
        running = record is not None and record.is_open
        widgets = [control for control in self._writing if isinstance(control, QWidget)]
        self.refused = self.restrict(widgets, None if record is None else inc.owned(record), inc.WRITING)
        while_running: tuple[QWidget, ...] = (self.line, self.kind, self.at, self.owner, self.add_button)
        while_running += (
            self.grip_button,
            self.call_button,
            self.arrival_button,
            self.close_button,
            self.meeting_button,
        )
        for control in self._writing:  # a widget the refusal holds disabled; a shortcut it cannot
            may = running if control in while_running else record is not None if control is self.edit_button else True
            control.setEnabled(may and (self.refused is None or isinstance(control, QWidget)))
        self._kind_changed()
        if record is None:
            self.subtitle.setText(self.tr("Geen incident. Start er een met Ctrl+Shift+I (ook op Vandaag)."))
            for model in (self.log_model, self.board_model, self.decision_model, self.action_model):
                model.set_rows(())
            self.meeting_model.set_rows(())
            self.times_model.set_rows(())
            self.finding_model.set_rows(())
            return
        self._subtitle()
        alert = record.alert_at
        self.log_model.alert_at = self.board_model.alert_at = self.decision_model.alert_at = alert
        entries = self.context.call(inc.log, record.id)
        self.log_model.set_rows(entries)
        self.log_view.scrollToBottom()
        self._decisions_from(entries)
        self.action_model.set_rows(self.context.call(inc.actions, record.id))
        self.meeting_model.set_rows(self.context.call(inc.meetings, record.id))
        self._board_stale = True
        if self.tabs.currentIndex() == BOARD_TAB:
            self.refresh_board()
        self.finding_model.today = self.today()
        self.finding_model.set_rows(self.context.call(inc.findings, record.id))
        self.times_model.set_rows(self.context.call(inc.times, record.id) if not record.is_open else ())
        reach, arrival = self.context.call(inc.norms)
        self.norm_label.setText(
            self.tr("Tijden vanaf de alarmering tegen de OTO-normen: bereikt binnen %1, aanwezig binnen %2 minuten.")
            .replace("%1", str(reach))
            .replace("%2", str(arrival))
            + ("" if not record.is_open else self.tr(" De tijden volgen bij het afsluiten."))
        )

    def _keep_draft(self, shown: int | None, showing: int | None) -> None:
        """Keep the log line typed for the incident ``shown`` with it, and bring back the one kept for ``showing``
        (or an empty line): a line never goes into the log of an incident it was not typed for."""
        if shown is not None and self.line.text().strip():
            at = self.at.moment() if self._at_typed and not self.at.problem() else None
            self._drafts[shown] = _Draft(self.kind.currentIndex(), self.line.text(), self.owner.text(), at)
        draft = self._drafts.pop(showing, None) if showing is not None else None
        self.line.setText(draft.text if draft else "")
        self.owner.setText(draft.owner if draft else "")
        self.kind.setCurrentIndex(draft.kind if draft else 0)
        self._at_typed = draft is not None and draft.at is not None
        self.at.setDateTime(draft.at if draft is not None and draft.at is not None else self.now())

    def _subtitle(self) -> None:
        record = self.incident
        if record is None:
            return
        parts = [
            self.tr("OEFENING") if record.exercise else self.tr("INCIDENT"),
            *([self.tr("van %1").replace("%1", record.municipality)] if self.context.access is not None else []),
            f"GRIP {record.grip}",
            record.location or self.tr("locatie onbekend"),
            self.tr("alarmering %1").replace("%1", format_datetime(record.alert_at)),
        ]
        if record.is_open:
            parts.append(self.tr("%1 sinds alarmering").replace("%1", inc.elapsed(record.alert_at, self.now())))
        else:
            parts.append(self.tr("afgesloten %1").replace("%1", format_datetime(record.closed_at or record.alert_at)))
        if record.reported_by:
            parts.append(self.tr("gemeld door %1").replace("%1", record.reported_by))
        self.subtitle.setText(f"{record.title} — " + " · ".join(parts))

    def _decisions_from(self, entries: tuple[EntryRecord, ...]) -> None:
        self.decision_model.set_rows([e for e in entries if e.kind is EntryKind.BESLUIT and not e.corrected])

    _board_stale = True

    def _tab_changed(self, index: int) -> None:
        if index == BOARD_TAB and self._board_stale:
            self.refresh_board()

    def refresh_board(self) -> None:
        """The alarm board as it stands now (read when its tab is shown: the alarm list takes a while)."""
        if self.incident is None:
            return
        self._board_stale = False
        selected = selected_record(self.board_view)
        self.board_model.set_rows(self.context.call(inc.alarm_board, self.incident.id, self.now()))
        if selected is not None:
            for row in range(self.board_model.rowCount()):
                if self.board_model.record(row).function.id == selected.function.id:
                    self.board_view.selectRow(row)

    def tick(self) -> None:
        if self.incident is not None and self.incident.is_open:
            self._subtitle()
            if self.isVisible() and self.tabs.currentIndex() == BOARD_TAB:
                self.refresh_board()
            else:
                self._board_stale = True
        if not self._at_typed and self.at.isEnabled() and not self.at.hasFocus():
            self.at.setDateTime(self.now())

    def data_changed(self, tables: frozenset[str]) -> None:
        if self._adding:
            return  # the page shows what it added itself
        if tables & (inc.TABLES | {"person", "assignment", "crisis_function", "piket_shift", "piket_override"}):
            self.refresh()

    _adding = False

    def reveal(self, place: Place, key: object) -> None:
        """An incident (or an action point of its evaluation); without a key the open incident's log line, or
        starting one when none is open (Vandaag's button)."""
        if place is Place.INCIDENT and key is None:
            current = self.context.call(inc.current_incident)
            if current is None:
                self.start_incident()
                return
            key = current.id
        if place in (Place.INCIDENT, Place.INCIDENT_ACTION) and key is not None:
            incident_id = int(str(key))
            if place is Place.INCIDENT_ACTION:
                finding = next((f for f in self.context.call(inc.findings) if f.id == incident_id), None)
                if finding is None:
                    return
                self._select(finding.subject_id)
                self.tabs.setCurrentIndex(self.tabs.count() - 2)
                select_record(self.finding_view, finding.id)
                return
            self._select(incident_id)
        self.focus_line()

    def _select(self, incident_id: int) -> None:
        index = self.chooser.findData(incident_id)
        if index >= 0:
            self.chooser.setCurrentIndex(index)
            self._show(incident_id)

    # -- the log -------------------------------------------------------------------------------------------------

    def focus_line(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.line.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _set_kind(self, number: int) -> None:
        self.kind.setCurrentIndex(number)
        self.line.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _kind_changed(self) -> None:
        self.owner.setEnabled(self.kind.currentData() is EntryKind.ACTIE and self.line.isEnabled())

    def _time_typed(self) -> None:
        self._at_typed = True

    def _record_now(self, command: Command[R]) -> Done[R] | None:
        """Carry out a command of the official record: committed at once, not on the undo stack."""
        self._adding = True
        try:
            return self.context.execute(command)
        except CrisisAppError as exc:
            interaction.warning(self, self.tr("Niet vastgelegd"), str(exc))
            return None
        finally:
            self._adding = False

    def add_entry(self) -> None:
        """Enter in the log line: the entry, at the time typed or now; the line empties for the next."""
        record = self.incident
        text = self.line.text().strip()
        if record is None or not text:
            return
        if self.at.problem():
            interaction.warning(self, self.tr("Niet vastgelegd"), self.at.problem())
            self.at.setFocus()
            return
        now = self.now()
        at = self.at.moment() if self._at_typed else now
        kind = EntryKind(self.kind.currentData())
        done = self._record_now(inc.AddEntry(record.id, kind, text, at, now, self.owner.text()))
        if done is None:
            return
        row = self.log_model.append(done.result)
        self.log_view.scrollTo(self.log_model.index(row, 0))
        if kind is EntryKind.BESLUIT:
            self._decisions_from(tuple(self.log_model.record(r) for r in range(self.log_model.rowCount())))
        elif kind is EntryKind.ACTIE:
            self.action_model.set_rows(self.context.call(inc.actions, record.id))
        self.line.clear()
        self.owner.clear()
        self._subtitle()
        self._at_typed = False
        self.at.setDateTime(now)

    def correct_entry(self) -> None:
        entry = selected_record(self.log_view)
        if self.incident is None or entry is None:
            return
        if entry.corrected:
            interaction.information(
                self,
                self.tr("Logregel corrigeren"),
                self.tr("Deze regel is al gecorrigeerd door regel %1; corrigeer die.").replace(
                    "%1", str(entry.corrected_by)
                ),
            )
            return
        dialog = CorrectionDialog(self, entry)
        incident_id, now = self.incident.id, self.now()

        def save() -> None:
            kind, at, text = dialog.value()
            self._adding = True
            try:
                self.context.execute(inc.AddEntry(incident_id, kind, text, at, now, corrects_id=entry.id))
            finally:
                self._adding = False

        dialog.on_save(save)
        if interaction.run_dialog(dialog):
            self._show(incident_id)
            self.tabs.setCurrentIndex(0)

    # -- alarming ------------------------------------------------------------------------------------------------

    def _line(self) -> FunctionAlarm | None:
        line = selected_record(self.board_view)
        if line is None and self.board_model.rowCount():
            self.board_view.selectRow(0)
            line = self.board_model.record(0)
        return line if isinstance(line, FunctionAlarm) else None

    def record_outcome(self, outcome: CallOutcome) -> None:
        line = self._line()
        if self.incident is None or line is None:
            return
        # whoever is up; while nobody is (a voicemail waits, or the list is done) whoever may call back: the
        # latest voicemail, else the last one called
        person_id = line.next_up.id if line.next_up else None
        if person_id is None and line.reached is None and line.calls:
            voicemails = [c for c in line.calls if c.outcome is CallOutcome.VOICEMAIL]
            person_id = (voicemails or list(line.calls))[-1].person_id
        if person_id is None:
            interaction.information(
                self,
                self.tr("Alarmering"),
                self.tr("Voor %1 staat niemand klaar om te bellen (%2). Enter kiest iemand anders.")
                .replace("%1", line.function.name)
                .replace("%2", line.state()),
            )
            return
        command = inc.RecordCall(self.incident.id, line.function.id, person_id, outcome, self.now())
        if self._record_now(command) is not None:
            self.refresh_board()

    def call_dialog(self) -> None:
        line = self._line()
        if self.incident is None or line is None or not self.incident.is_open:
            return
        if not line.candidates:
            interaction.information(self, self.tr("Alarmering"), self.tr("Niemand om te bellen: een hiaat."))
            return
        dialog = CallDialog(self, line, self.now())
        incident_id = self.incident.id
        dialog.on_save(lambda: self._record_or_raise(inc.RecordCall(incident_id, line.function.id, *dialog.value())))
        if interaction.run_dialog(dialog):
            self.refresh_board()

    def _record_or_raise(self, command: Command[R]) -> Done[R]:
        self._adding = True
        try:
            return self.context.execute(command)
        finally:
            self._adding = False

    def record_arrival(self) -> None:
        line = self._line()
        reached = line.reached if line else None
        if self.incident is None or reached is None:
            return
        if self._record_now(inc.RecordArrival(reached.id, self.now())) is not None:
            self.refresh_board()

    def arrival_dialog(self) -> None:
        line = self._line()
        reached = line.reached if line else None
        if reached is None:
            interaction.information(self, self.tr("Aangekomen"), self.tr("Voor deze functie is nog niemand bereikt."))
            return
        dialog = MomentDialog(self, self.tr("Aangekomen: %1").replace("%1", reached.name), self.tr("Om:"), self.now())
        dialog.on_save(lambda: self._record_or_raise(inc.RecordArrival(reached.id, dialog.value())))
        if interaction.run_dialog(dialog):
            self.refresh_board()

    # -- the incident ------------------------------------------------------------------------------------------------

    def start_incident(self) -> None:
        whose = self.context.municipality if self.context.access is not None else None
        dialog = StartDialog(self, self.now(), municipality=whose)
        done = self.execute_form(dialog, lambda: inc.StartIncident(dialog.value()))
        if done is not None:
            self._keep_draft(self.incident.id if self.incident else None, done.result.id)
            self.incident = done.result
            self.refresh()
            self.tabs.setCurrentIndex(1)  # call down the list first
            self.board_view.setFocus()
            if self.board_model.rowCount():
                self.board_view.selectRow(0)

    def edit_incident(self) -> None:
        if self.incident is None:
            return
        incident_id = self.incident.id
        editing = versions.shown(Incident, self.incident, self.tr("Dit incident"))
        dialog = StartDialog(self, self.now(), self.incident)
        self.execute_form(dialog, lambda: inc.UpdateIncident(incident_id, dialog.value()), editing)

    def change_grip(self) -> None:
        if self.incident is None or not self.incident.is_open:
            return
        dialog = GripDialog(self, self.incident, self.now())
        incident_id = self.incident.id
        dialog.on_save(lambda: self._record_or_raise(inc.SetGrip(incident_id, *dialog.value())))
        if interaction.run_dialog(dialog):
            self.refresh()
            self.tabs.setCurrentIndex(1)
            self.board_view.setFocus()

    def add_meeting(self) -> None:
        if self.incident is None:
            return
        dialog = MeetingDialog(self, self.now())
        incident_id = self.incident.id
        if self.execute_form(dialog, lambda: inc.AddMeeting(incident_id, dialog.value())):
            self.tabs.setCurrentIndex(4)

    def edit_action(self) -> None:
        action = selected_record(self.action_view)
        if not isinstance(action, ActionRecord):
            return
        editing = versions.shown(IncidentAction, action, self.tr("Deze actie"))
        dialog = ActionDialog(self, action, self.now())
        self.execute_form(dialog, lambda: inc.UpdateAction(action.id, *dialog.value()), editing)

    def close_incident(self) -> None:
        if self.incident is None or not self.incident.is_open:
            return
        dialog = MomentDialog(
            self,
            self.tr("Incident afsluiten"),
            self.tr("Einde:"),
            self.now(),
            self.tr(
                "Na het afsluiten staat het incident in het register; het logboek kan dan niet meer worden "
                "aangevuld. De evaluatie volgt op het tabblad Evaluatie."
            ),
        )
        incident_id = self.incident.id
        editing = versions.shown(Incident, self.incident, self.tr("Dit incident"))
        if self.execute_form(dialog, lambda: inc.CloseIncident(incident_id, dialog.value()), editing):
            self.tabs.setCurrentIndex(self.tabs.count() - 2)

    def open_from_register(self) -> None:
        record = selected_record(self.register_view)
        if isinstance(record, IncidentRecord):
            self._select(record.id)
            self.tabs.setCurrentIndex(0)

    # -- evaluation ----------------------------------------------------------------------------------------------

    def add_finding(self) -> None:
        if self.incident is None:
            return
        dialog = IncidentFindingDialog(self, self.today())
        incident_id = self.incident.id
        self.execute_form(dialog, lambda: inc.AddFinding(incident_id, *dialog.value()))

    def finding_done(self) -> None:
        from crisisapp.models.oto import ActionStatus

        finding = selected_record(self.finding_view)
        if finding is not None and finding.status is not None:
            self.execute(
                inc.SetFindingStatus(finding.id, ActionStatus.DONE),
                versions.shown(IncidentFinding, finding, self.tr("Dit actiepunt")),
            )

    # -- printing ------------------------------------------------------------------------------------------------

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        if self.incident is None:
            interaction.information(self, self.tr("Afdrukken"), self.tr("Er is geen incident om af te drukken."))
            return None
        from crisisapp.reports import incident as reports

        record = self.incident
        choices = [
            self.tr("Situatierapport (sitrap) nu"),
            self.tr("Volledig verslag van het incident (vertrouwelijk)"),
        ]
        choice = interaction.choose_item(self, self.tr("Afdrukken"), self.tr("Wat wilt u afdrukken?"), choices, 0)
        if choice is None:
            return None
        report = self.context.call(inc.sitrap, record.id, self.now(), full=choice == 1)
        if choice == 0:
            return PrintJob(
                choices[0], reports.sitrap_pdf(report, self.context.municipality), f"sitrap-incident-{record.id}.pdf"
            )
        return PrintJob(
            choices[1], reports.record_pdf(report, self.context.municipality), f"incident-{record.id}-verslag.pdf"
        )
