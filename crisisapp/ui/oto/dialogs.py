"""Forms of the OTO page: an activity, inviting participants, the live drill, a finding, a norm."""

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from crisisapp.errors import DomainError
from crisisapp.models.organisation import Person
from crisisapp.models.oto import KIND_LABELS, Activity, ActivityKind, ActivityStatus, Participant, Presence
from crisisapp.services.commands import Command, Done
from crisisapp.services.organisation import PersonRecord, TeamRecord
from crisisapp.services.oto import (
    ActivityInput,
    ActivityRecord,
    CorrectAlarmTime,
    NormRecord,
    ParticipantRecord,
    RecordTime,
    StartAlarm,
)
from crisisapp.services.programme import fold
from crisisapp.timeutil import format_date, to_local, to_utc
from crisisapp.ui import interaction
from crisisapp.ui.forms import ERROR_COLOUR, FormDialog, date_edit, datetime_edit, moment_of, pydate
from crisisapp.ui.oto.models import DrillModel
from crisisapp.ui.widgets import labelled, named, record_table, selected_record


class ActivityDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None,
        activity: ActivityRecord | None,
        start: datetime,
        unannounced_kinds: set[ActivityKind],
    ) -> None:
        super().__init__(parent, self.tr("Activiteit wijzigen") if activity else self.tr("Nieuwe OTO-activiteit"))
        self.kind = QComboBox(self)
        for kind in ActivityKind:
            self.kind.addItem(self.tr(KIND_LABELS[kind]), kind)
        self.title = QLineEdit(self)
        self.start = datetime_edit(self, activity.start if activity else start)
        self.duration = QSpinBox(self)
        self.duration.setRange(5, 7 * 24 * 60)
        self.duration.setSuffix(self.tr(" minuten"))
        self.duration.setValue(activity.duration_minutes if activity else 120)
        self.location = QLineEdit(self)
        self.partners = QLineEdit(self)
        self.partners.setPlaceholderText(self.tr("bijvoorbeeld: Vlaardingen, Schiedam, VRR"))
        self.unannounced = QCheckBox(self.tr("onaangekondigd (de datum blijft bij de coördinator)"), self)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(60)
        self.add_fields(
            ("kind", self.tr("Soort:"), self.kind),
            ("title", self.tr("Titel:"), self.title),
            ("start", self.tr("Datum en tijd:"), self.start),
            ("duration_minutes", self.tr("Duur:"), self.duration),
            ("location", self.tr("Locatie:"), self.location),
            ("partners", self.tr("Partners:"), self.partners),
            ("unannounced", "", self.unannounced),
            ("notes", self.tr("Toelichting:"), self.notes),
        )
        self.require("title", self.title, self.tr("Geef de activiteit een titel."))
        if activity is not None:
            self.kind.setCurrentIndex(self.kind.findData(activity.kind))
            self.title.setText(activity.title)
            self.location.setText(activity.location)
            self.partners.setText(activity.partners)
            self.unannounced.setChecked(activity.unannounced)
            self.notes.setPlainText(activity.notes)
        else:
            self.kind.currentIndexChanged.connect(
                lambda: self.unannounced.setChecked(self.kind.currentData() in unannounced_kinds)
            )

    def value(self) -> ActivityInput:
        return ActivityInput(
            ActivityKind(self.kind.currentData()),
            self.title.text(),
            moment_of(self.start),
            self.duration.value(),
            self.location.text(),
            self.partners.text(),
            self.unannounced.isChecked(),
            self.notes.toPlainText(),
        )


class InviteDialog(FormDialog):
    """Choose participants by team, by function or by person."""

    def __init__(self, parent: QWidget | None, teams: Sequence[TeamRecord], people: Sequence[PersonRecord]) -> None:
        super().__init__(parent, self.tr("Deelnemers uitnodigen"))
        self.team = QComboBox(self)
        self.team.addItem(self.tr("— geen team —"), None)
        for team in teams:
            self.team.addItem(f"{team.name} ({team.code})", team.id)
        self.function = QComboBox(self)
        self.function.addItem(self.tr("— geen functie —"), None)
        for team in teams:
            for function in team.functions:
                self.function.addItem(f"{function.name} ({team.code})", function.id)
        self.people = QListWidget(self)
        self.people.setSelectionMode(QListWidget.SelectionMode.MultiSelection)
        for person in people:
            item = QListWidgetItem(f"{person.name} ({person.municipality})", self.people)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
        self.people.setMinimumHeight(200)
        self.add_field("team", self.tr("Alle functionarissen van team:"), self.team)
        self.add_field("function", self.tr("Alle functionarissen van functie:"), self.function)
        self.add_field("people", self.tr("En/of personen:"), self.people)

    def value(self) -> tuple[int | None, int | None, list[int]]:
        chosen = [int(item.data(Qt.ItemDataRole.UserRole)) for item in self.people.selectedItems()]
        return self.team.currentData(), self.function.currentData(), chosen


#: A time as people type it: 19:04 or 19:04:30, a dot for the colon will do.
TIME_PATTERN = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)(?:[:.]([0-5]\d))?")


def time_field(parent: QWidget) -> QLineEdit:
    """A field for a time to the second, typed whole: unlike a time edit's sections, ``19:04`` typed over
    ``19:00:00`` gives 19:04:00, never 19:00:04."""
    field = QLineEdit(parent)
    # only what a time is written with; whether it is one (15:61 is not) is said when it is entered, never
    # silently cut to a time the user did not type
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9:.]{0,8}"), field))
    field.setFixedWidth(field.fontMetrics().horizontalAdvance("00:00:00") + 24)
    return field


def typed_time(text: str) -> time | None:
    found = TIME_PATTERN.fullmatch(text.strip())
    if found is None:
        return None
    hour, minute, second = found.groups()
    return time(int(hour), int(minute), int(second or 0))


def no_time(text: str) -> str:
    """Why ``text`` is no time of day, in Dutch."""
    return f"‘{text.strip()}’ is geen tijd; typ bijvoorbeeld 19:04 of 19:04:30."


def nearest(reference: datetime, clock_time: time) -> datetime:
    """The moment showing ``clock_time`` in Dutch time nearest to ``reference``: a correction of a few minutes
    may cross midnight, and a drill never lasts half a day."""
    day = to_local(reference).date()
    moments = (to_utc(datetime.combine(day + timedelta(days=shift), clock_time)) for shift in (-1, 0, 1))
    return min(moments, key=lambda moment: abs(moment - reference))


class TimeDelegate(QStyledItemDelegate):
    """Corrects a time in place. The new time goes to ``commit`` (which runs a command), not into the model: the
    list shows only what was saved."""

    def __init__(self, parent: QWidget, commit: Callable[[int, str], None]) -> None:
        super().__init__(parent)
        self.commit = commit

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        return time_field(parent)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data()))
        editor.selectAll()  # what is typed replaces the time

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QLineEdit)
        if editor.text() != index.data():
            self.commit(index.row(), editor.text())


class DrillDialog(QDialog):
    """The live drill, run with one hand on the keyboard. *Alarm nu* starts the clock (its moment can be
    corrected); a few letters narrow the list to the first participant without a time, highlighted, and Enter
    records them (a click does too); F2 corrects a time, Delete takes a recording back.

    Focus stays in the search field, and Enter never closes the dialog: it has no default button. Opening it
    writes nothing; every recording and correction is a command of its own, saved (and undoable) the moment it
    is made, so a crash loses none of them. What another coordinator records in the same drill shows as soon as the
    app hears of it (:meth:`show_current`).
    """

    #: The tables whose changes the drill shows: its activity (the alarm), its participants and their names.
    TABLES = frozenset({Activity.__tablename__, Participant.__tablename__, Person.__tablename__})

    def __init__(
        self,
        parent: QWidget | None,
        read: Callable[[], tuple[ActivityRecord, Sequence[ParticipantRecord]]],
        norm_minutes: int | None,
        clock: Callable[[], datetime],
        execute: Callable[[Command[Any]], Done[Any] | None],
    ) -> None:
        super().__init__(parent)
        activity, people = read()
        self.setWindowTitle(self.tr("Oefening: %1").replace("%1", activity.title))
        self.activity_id, self.clock, self.execute, self.read = activity.id, clock, execute, read
        #: A change of others heard while a time was being corrected: shown once that is done.
        self._behind = False
        #: Whether closing interrupts a drill still going on, rather than leaving one that is over.
        self.running = activity.status is ActivityStatus.PLANNED
        self.arrival = activity.kind is ActivityKind.OPKOMST
        self.model = DrillModel(self.arrival, norm_minutes, activity.alarm_at)
        self.model.set_rows(people)
        self.elapsed = QLabel(self)
        self.elapsed.setStyleSheet("font-size: 22pt; font-weight: 600;")
        self.count = QLabel(self)
        self.count.setStyleSheet("font-size: 12pt;")
        self.alarm_button = QPushButton(self.tr("&Alarm nu"), self)
        self.alarm_button.setStyleSheet("font-weight: 600; padding: 6px 18px;")
        self.alarm_button.setToolTip(self.tr("Start de klok op het moment dat het alarm uitgaat (Alt+A)"))
        self.alarm_edit = time_field(self)
        self.alarm_label = labelled(self, self.tr("Alarm om:"), self.alarm_edit)
        self.alarm_edit.setToolTip(self.tr("Corrigeer de tijd van het alarm en druk op Enter"))
        self.alarm_day = QLabel(self)
        #: What is wrong with the time typed at "Alarm om", under it.
        self.alarm_message = QLabel(self)
        self.alarm_message.setObjectName("fieldError")
        self.alarm_message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.alarm_message.setTextFormat(Qt.TextFormat.PlainText)
        self.alarm_message.setWordWrap(True)
        self.alarm_message.hide()
        self.search = named(QLineEdit(self), self.tr("Deelnemer zoeken"))
        self.search.setPlaceholderText(self.tr("Typ een paar letters van de naam en druk op Enter"))
        self.search.setClearButtonEnabled(True)
        self.view = record_table(self, self.model, self.tr("Deelnemers"))
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the search field
        delegate = TimeDelegate(self.view, self._time_entered)
        delegate.closeEditor.connect(self._back_to_search)  # also when Escape cancels it
        delegate.closeEditor.connect(self._catch_up)
        self.view.setItemDelegateForColumn(DrillModel.TIME, delegate)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 280)
        self.view.setColumnWidth(1, 90)
        self.view.setMinimumHeight(300)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # quotes names
        self.message.setWordWrap(True)
        hint = QLabel(self.tr("Enter of een klik legt vast · ↑↓ kiezen · F2 tijd corrigeren · Delete terugnemen"), self)
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        self.correct_button = QPushButton(self.tr("Tijd corrigeren (F2)"), self)
        self.take_back_button = QPushButton(self.tr("Terugnemen (Delete)"), self)
        self.close_button = QPushButton(self.tr("Sluiten"), self)
        for button in (self.alarm_button, self.correct_button, self.take_back_button, self.close_button):
            button.setAutoDefault(False)  # Enter records; it never presses a button
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top = QHBoxLayout()
        top.addWidget(self.elapsed)
        top.addStretch(1)
        for alarm_widget in (self.alarm_button, self.alarm_label, self.alarm_edit, self.alarm_day):
            top.addWidget(alarm_widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.take_back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.alarm_message, 0, Qt.AlignmentFlag.AlignRight)
        for widget in (self.count, self.search):
            layout.addWidget(widget)
        layout.addWidget(self.view, 1)
        for widget in (self.message, hint):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.alarm_button.clicked.connect(self.alarm_now)
        self.alarm_edit.editingFinished.connect(self._alarm_edited)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.view.clicked.connect(self._clicked)
        self.view.selectionModel().selectionChanged.connect(self._show_buttons)
        self.correct_button.clicked.connect(self.correct_time)
        self.take_back_button.clicked.connect(self.take_back)
        self.close_button.clicked.connect(self.accept)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(1000)
        self.finished.connect(self.timer.stop)
        self._show_alarm()
        self._show_buttons()
        self.resize(600, 660)
        self.search.setFocus()

    # -- showing --------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """The running clock and the count against the norm."""
        alarm_at = self.model.alarm_at
        if alarm_at is None:
            self.elapsed.setText("--:--")
        elif not self.running:  # looking back at a drill that is over: no clock counting on for months
            self.elapsed.setText(self.tr("afgelopen"))
        else:
            seconds = max(0, int((self.clock() - alarm_at).total_seconds()))
            self.elapsed.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")
        records = [self.model.record(row) for row in range(self.model.rowCount())]
        done = sum(1 for r in records if self.model.moment(r) is not None)
        within = sum(1 for r in records if self.model.within_norm(r))
        what = self.tr("aangekomen") if self.arrival else self.tr("gereageerd")
        text = self.tr("%1 van %2 %3").replace("%1", str(done)).replace("%2", str(len(records))).replace("%3", what)
        if self.model.norm is not None:
            text += (
                self.tr(" · %1 binnen de norm van %2 minuten")
                .replace("%1", str(within))
                .replace("%2", str(self.model.norm))
            )
        self.count.setText(text)

    def show_current(self) -> None:
        """Show the drill as it is now in the database, after a change another coordinator made (or one of ours that
        was refused): their times and their alarm appear, while what the user is doing stays as it was: the search
        typed, the participant highlighted, a time at "Alarm om" being typed. A time being corrected in the list is
        left alone until its editor closes (its correction, if any, goes first, as the user saw the row)."""
        if self.view.state() is QAbstractItemView.State.EditingState:
            self._behind = True
            return
        self._behind = False
        try:
            activity, people = self.read()
        except DomainError as exc:  # the drill was deleted meanwhile: nothing more can be recorded in it
            self.message.setText(str(exc))
            return
        self.running = activity.status is ActivityStatus.PLANNED
        if activity.alarm_at != self.model.alarm_at:
            if self.model.alarm_at is None:
                self.message.setText(self.tr("Het alarm is uit: de klok loopt."))
            self.model.set_alarm(activity.alarm_at)
            if not self.alarm_edit.isModified():  # a correction the user is typing stays
                self._show_alarm()
        highlighted = self.highlighted()
        if not self.model.follow(people):  # others invited or removed participants: the list was read anew
            self._filter(self.search.text())
            row = None if highlighted is None else self.model.shown_row(highlighted.id)
            if row is not None and not self.view.isRowHidden(row):
                self._highlight(row)
        self.refresh()
        self._show_buttons()

    def _catch_up(self, *_args: object) -> None:
        """After a time was corrected in the list: show what others changed meanwhile, after that correction went."""
        if self._behind:
            QTimer.singleShot(0, self.show_current)

    def _show_alarm(self) -> None:
        alarm_at = self.model.alarm_at
        self.alarm_button.setVisible(alarm_at is None)
        self.alarm_label.setVisible(alarm_at is not None)
        self.alarm_edit.setVisible(alarm_at is not None)
        self.alarm_day.setVisible(alarm_at is not None)
        if alarm_at is not None:
            local = to_local(alarm_at)
            self.alarm_edit.setText(f"{local:%H:%M:%S}")
            self.alarm_day.setText(format_date(local.date()))
        else:
            self.message.setText(self.tr("Druk op ‘Alarm nu’ (Alt+A) zodra het alarm uitgaat: dan loopt de klok."))
        self.refresh()

    def _show_buttons(self, *_args: object) -> None:
        record = self.highlighted()
        recorded = record is not None and self.model.moment(record) is not None
        self.correct_button.setEnabled(recorded)
        self.take_back_button.setEnabled(recorded)

    def _filter(self, text: str) -> None:
        """Show the names that hold ``text`` (case and accents ignored) and highlight the first of them without a
        time: the one Enter records."""
        wanted = fold(text.strip())
        visible = []
        for row in range(self.model.rowCount()):
            hidden = bool(wanted) and wanted not in fold(self.model.record(row).name)
            self.view.setRowHidden(row, hidden)
            if not hidden:
                visible.append(row)
        if wanted:
            waiting = [row for row in visible if self.model.moment(self.model.record(row)) is None]
            self._highlight(next(iter(waiting or visible), None))

    def _highlight(self, row: int | None) -> None:
        if row is None:
            self.view.clearSelection()
        else:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _back_to_search(self, *_args: object) -> None:
        self.search.setFocus()
        self.search.selectAll()  # the next letters start a new search

    def highlighted(self) -> ParticipantRecord | None:
        record: ParticipantRecord | None = selected_record(self.view)
        return record

    # -- the keys of the search field ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.record_highlighted()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._move(-1 if key == Qt.Key.Key_Up else 1)
                return True
            if key == Qt.Key.Key_F2:
                self.correct_time()
                return True
            if key == Qt.Key.Key_Delete and not self.search.text():  # with text, Delete edits the text
                self.take_back()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # wherever it was pressed, Enter never closes the drill
            return
        super().keyPressEvent(event)

    def _move(self, step: int) -> None:
        visible = [row for row in range(self.model.rowCount()) if not self.view.isRowHidden(row)]
        if not visible:
            return
        current = self.view.selectionModel().selectedRows()
        at = visible.index(current[0].row()) + step if current and current[0].row() in visible else 0
        self._highlight(visible[max(0, min(at, len(visible) - 1))])

    # -- recording ----------------------------------------------------------------------------------------------------

    def alarm_now(self) -> None:
        done = self.execute(StartAlarm(self.activity_id, self.clock().replace(microsecond=0)))
        if done is not None:
            self.model.set_alarm(done.result.alarm_at)
            self.message.setText(self.tr("Het alarm is uit: de klok loopt."))
            self._show_alarm()
        self.search.setFocus()

    def _future(self, moment: datetime) -> str:
        """Why ``moment`` cannot be recorded: it has not come yet; "" when it has."""
        if moment <= self.clock():
            return ""
        return self.tr("%1 ligt na nu: een tijd die nog moet komen kan niet worden vastgelegd.").replace(
            "%1", f"{to_local(moment):%H:%M:%S}"
        )

    def _alarm_edited(self) -> None:
        clock_time, alarm_at = typed_time(self.alarm_edit.text()), self.model.alarm_at
        moment = nearest(alarm_at, clock_time) if clock_time is not None and alarm_at is not None else None
        problem = no_time(self.alarm_edit.text()) if clock_time is None else self._future(moment) if moment else ""
        self.alarm_message.setText(problem)
        self.alarm_message.setVisible(bool(problem))
        if problem:
            self.alarm_edit.setFocus()
            self.alarm_edit.selectAll()
            return
        if moment is not None and moment != alarm_at:
            done = self.execute(CorrectAlarmTime(self.activity_id, moment))
            if done is not None:
                self.model.set_alarm(done.result.alarm_at)
                self.message.setText(self.tr("Het moment van het alarm is gecorrigeerd."))
            self._show_alarm()  # refused: the saved moment again
        self.search.setFocus()

    def record_highlighted(self) -> None:
        """Enter: record the highlighted participant, if they have no time yet."""
        record = self.highlighted()
        if record is None:
            if self.search.text().strip():
                self.message.setText(self.tr("Niemand gevonden met ‘%1’.").replace("%1", self.search.text().strip()))
                self.search.selectAll()  # the next letters replace the search
        elif self.model.moment(record) is None:
            self._record(record)
        elif self.search.text().strip():
            self.message.setText(self.tr("%1 is al vastgelegd.").replace("%1", record.name))
            self.search.selectAll()

    def _clicked(self, index: QModelIndex) -> None:
        """A click records a participant without a time; on one with a time it only highlights them (to correct)."""
        record = self.model.record(index.row())
        if self.model.moment(record) is None:
            self._record(record)
        self.search.setFocus()

    def _record(self, record: ParticipantRecord) -> None:
        if self.model.alarm_at is None:
            self.message.setText(self.tr("Eerst het alarm: druk op ‘Alarm nu’ (Alt+A) zodra het alarm uitgaat."))
            return
        self._save(record, self.clock().replace(microsecond=0), self.tr("Vastgelegd: %1 om %2"))

    def take_back(self) -> None:
        record = self.highlighted()
        if record is not None and self.model.moment(record) is not None:
            self._save(record, None, self.tr("Teruggenomen: %1"))

    def correct_time(self) -> None:
        record = self.highlighted()
        if record is not None and self.model.moment(record) is not None:
            self.view.edit(self.model.index(self.model.row_of(record.person_id), DrillModel.TIME))

    def _time_entered(self, row: int, text: str) -> None:
        # The participant as the user saw them while typing: when the drill shows another's change before this
        # correction goes, the correction is still refused, not made over a time the user never saw.
        record = self.model.record(row)
        # after the editor has closed: a refusal's message box must not find it open and commit it again
        QTimer.singleShot(0, lambda: self._correct(record, text))

    def _correct(self, record: ParticipantRecord, text: str) -> None:
        alarm_at = self.model.alarm_at
        assert alarm_at is not None  # only a recorded time can be corrected, and recording needs the alarm
        clock_time = typed_time(text)
        if clock_time is None:
            self.message.setText(no_time(text))
            return
        moment = nearest(alarm_at, clock_time)
        if self._future(moment):
            self.message.setText(self._future(moment))
            return
        # Not again when the editor committed twice, nor when the list shows that time already (someone else's).
        if moment != self.model.moment(self.model.record(self.model.row_of(record.person_id))):
            self._save(record, moment, self.tr("Gecorrigeerd: %1 om %2"))

    def _save(self, record: ParticipantRecord, moment: datetime | None, message: str) -> None:
        """Record ``moment`` as the time the drill shows of the participant, None taking it back: the arrival (a
        turn-out drill's, or the one a reaction drill shows for want of a reaction) or else the reaction, and
        nothing else, as it was shown. Refused because someone else changed that time since: the list is read
        again, and shows who did what meanwhile."""
        arrival = self.arrival or (record.acknowledged_at is None and record.arrived_at is not None)
        shown = record.arrived_at if arrival else record.acknowledged_at
        done = self.execute(RecordTime(self.activity_id, record.person_id, arrival, moment, shown))
        if done is None:
            self.show_current()
            return
        self.model.replace(done.result)
        self.search.clear()
        self._highlight(self.model.row_of(record.person_id))  # Delete takes back what was just recorded
        when = f"{to_local(moment):%H:%M:%S}" if moment else ""
        self.message.setText(message.replace("%1", record.name).replace("%2", when))
        self.refresh()
        self._show_buttons()

    # -- closing --------------------------------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape (or the window's cross) asks first while the drill runs: people are still awaited after the
        alarm, and it has not been marked executed."""
        awaited = sum(
            1
            for row in range(self.model.rowCount())
            if self.model.moment(self.model.record(row)) is None
            and self.model.record(row).presence in (Presence.EXPECTED, Presence.RESPONDED)
        )
        if self.running and self.model.alarm_at is not None and awaited:
            if awaited == 1:
                text = self.tr("De oefening loopt: 1 deelnemer heeft nog geen tijd.")
            else:
                text = self.tr("De oefening loopt: %1 deelnemers hebben nog geen tijd.").replace("%1", str(awaited))
            text += " " + self.tr("Het venster sluiten? Wat is vastgelegd blijft bewaard; u kunt later verder.")
            if not interaction.question(self, self.tr("Oefening sluiten?"), text):
                self.search.setFocus()
                return
        super().reject()


class FindingDialog(FormDialog):
    def __init__(self, parent: QWidget | None, today: date) -> None:
        super().__init__(parent, self.tr("Bevinding of actiepunt"))
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(70)
        self.action = QCheckBox(self.tr("dit is een actiepunt"), self)
        self.owner = QLineEdit(self)
        self.due = date_edit(self, today)
        self.add_field("description", self.tr("Omschrijving:"), self.description)
        self.add_field("action", "", self.action)
        self.add_field("owner", self.tr("Eigenaar:"), self.owner)
        self.add_field("due", self.tr("Gereed op:"), self.due)
        self.require("description", self.description, self.tr("Beschrijf de bevinding."))

    def value(self) -> tuple[str, str, date | None, bool]:
        action = self.action.isChecked()
        return self.description.toPlainText(), self.owner.text(), pydate(self.due.date()) if action else None, action


class NormDialog(FormDialog):
    def __init__(self, parent: QWidget | None, norm: NormRecord) -> None:
        super().__init__(parent, self.tr("Norm en doel: %1").replace("%1", KIND_LABELS[norm.kind]))
        self.kind = norm.kind
        self.acknowledge = self._spin(norm.acknowledge_minutes)
        self.arrival = self._spin(norm.arrival_minutes)
        self.unannounced = QCheckBox(self.tr("standaard onaangekondigd"), self)
        self.unannounced.setChecked(norm.unannounced)
        self.target = QSpinBox(self)
        self.target.setRange(0, 52)
        self.target.setValue(norm.yearly_target)
        self.add_field("acknowledge_minutes", self.tr("Reactie binnen (0 = geen norm):"), self.acknowledge)
        self.add_field("arrival_minutes", self.tr("Opkomst binnen (0 = geen norm):"), self.arrival)
        self.add_field("unannounced", "", self.unannounced)
        self.add_field("yearly_target", self.tr("Doel per jaar:"), self.target)

    def _spin(self, value: int | None) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, 24 * 60)
        spin.setSuffix(self.tr(" minuten"))
        spin.setValue(value or 0)
        return spin

    def value(self) -> NormRecord:
        return NormRecord(
            self.kind,
            self.acknowledge.value() or None,
            self.arrival.value() or None,
            self.unannounced.isChecked(),
            self.target.value(),
        )


class ResponseDialog(FormDialog):
    """Enter or correct a participant's response afterwards."""

    def __init__(self, parent: QWidget | None, person: ParticipantRecord, alarm_at: datetime) -> None:
        super().__init__(parent, self.tr("Reactie van %1").replace("%1", person.name))
        self.presence = QComboBox(self)
        for presence in Presence:
            self.presence.addItem(self.tr(presence.value), presence)
        self.presence.setCurrentIndex(self.presence.findData(person.presence))
        self.has_ack = QCheckBox(self.tr("gereageerd om"), self)
        self.ack = datetime_edit(self, person.acknowledged_at or alarm_at)
        self.has_arrival = QCheckBox(self.tr("aangekomen om"), self)
        self.arrival = datetime_edit(self, person.arrived_at or alarm_at)
        self.has_ack.setChecked(person.acknowledged_at is not None)
        self.has_arrival.setChecked(person.arrived_at is not None)
        self.add_field("presence", self.tr("Status:"), self.presence)
        self.add_field("acknowledged_at", self.tr("Reactie:"), self._row(self.has_ack, self.ack))
        self.add_field("arrived_at", self.tr("Aankomst:"), self._row(self.has_arrival, self.arrival))

    def _row(self, check: QCheckBox, edit: QWidget) -> QWidget:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(check)
        layout.addWidget(edit, 1)
        return box

    def value(self) -> tuple[Presence, datetime | None, datetime | None]:
        return (
            Presence(self.presence.currentData()),
            moment_of(self.ack) if self.has_ack.isChecked() else None,
            moment_of(self.arrival) if self.has_arrival.isChecked() else None,
        )

    def validate(self) -> dict[str, str]:
        presence, ack, arrival = self.value()
        if presence is Presence.RESPONDED and ack is None and arrival is None:
            return {"acknowledged_at": self.tr("Vul de tijd van de reactie of de aankomst in.")}
        return {}
