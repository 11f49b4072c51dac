"""Events page: the register (upcoming first, filters), vooroverleg and action points, the checklist of an
event ticked per round in the table itself, and printing the field checklist, the results and the minutes."""

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.models.events import (
    ActionPoint,
    Category,
    Event,
    Meeting,
    Outcome,
    PointStatus,
    Template,
    TemplateLine,
)
from crisisapp.places import Place
from crisisapp.services import events, versions
from crisisapp.services.commands import Command
from crisisapp.services.events import EventRecord, MeetingRecord
from crisisapp.services.organisation import counted
from crisisapp.storage.ownership import HOME
from crisisapp.storage.roles import Owned
from crisisapp.timeutil import format_datetime, to_local, to_utc
from crisisapp.ui import interaction
from crisisapp.ui.events.dialogs import EventDialog, LineDialog, MeetingDialog, NameDialog
from crisisapp.ui.events.models import EventModel, ItemModel, PointModel, TemplateLineModel
from crisisapp.ui.forms import FieldMessage, datetime_edit, moment_of
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import (
    button_row,
    labelled,
    named,
    page_header,
    record_table,
    select_record,
    selected_record,
    two_lines,
)

#: The keys that tick the current row, as on the paper form from left to right; Delete takes a tick away.
OUTCOME_KEYS = {Qt.Key.Key_1: Outcome.OK, Qt.Key.Key_2: Outcome.NOT_OK, Qt.Key.Key_3: Outcome.NA}
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
#: The checklist templates, like every record without a municipality, are Maassluis' (storage/roles.py).
TEMPLATES = Owned("een sjabloon van een controlelijst", HOME)


@dataclass
class TickPass:
    """The ticks entered in one go in one round of one event: each is saved (and undoable) on its own at
    once, so nothing is lost when the laptop dies on site, and the pass can be taken back, or redone, whole."""

    event_id: int
    round_name: str
    start: int  # the undo stack's index before the first tick
    entries: list[QUndoCommand] = field(default_factory=list)

    def resume(self, stack: QUndoStack) -> bool:
        """Whether a tick made now goes on with this pass: the pass's ticks are the top of the stack (those
        undone with Ctrl+Z just before it leave the pass)."""
        done = stack.index() - self.start
        if not 0 <= done <= len(self.entries) or not self._intact(stack, done):
            return False
        del self.entries[done:]
        return True

    def _intact(self, stack: QUndoStack, count: int) -> bool:
        return stack.count() >= self.start + count and all(
            stack.command(self.start + n) is entry for n, entry in enumerate(self.entries[:count])
        )

    def step(self, stack: QUndoStack) -> tuple[str, int, int] | None:
        """What one click does, as (what, how many changes, the stack index it goes to): "undo" while ticks of
        the pass are the top of the stack (the last perhaps undone with Ctrl+Z already), "redo" once it was
        undone whole; None when other changes came in between."""
        done = stack.index() - self.start
        if 0 < done <= len(self.entries) and self._intact(stack, done):
            return "undo", done, self.start
        if done == 0 and self.entries and self._intact(stack, len(self.entries)):
            return "redo", len(self.entries), self.start + len(self.entries)
        return None


class EventsPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        titles, self.subtitle = page_header(self, self.tr("Evenementen"), "")
        self.year_filter = named(QComboBox(self), self.tr("Jaar"))
        self.series_filter = named(QComboBox(self), self.tr("Reeks"))
        self.series_filter.addItem(self.tr("alle reeksen"), None)
        for name in events.SERIES:
            self.series_filter.addItem(name, name)
        self.category_filter = named(QComboBox(self), self.tr("Categorie"))
        self.category_filter.addItem(self.tr("alle categorieën"), None)
        for category in Category:
            self.category_filter.addItem(self.tr("categorie %1").replace("%1", category.value), category)
        self.print_button = QPushButton(self.tr("Afdrukken…"), self)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        for widget in (self.year_filter, self.series_filter, self.category_filter, self.print_button):
            header.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)

        self.event_model = EventModel()
        self.event_view = record_table(self, self.event_model, self.tr("Evenementen"))
        self.event_view.setWordWrap(False)
        # The event's name takes what the others leave, so the register never scrolls sideways, also not when
        # its vertical scroll bar takes its width on a laptop screen.
        for column, width in enumerate((40, 150, 0, 80, 90, 250, 110)):
            self.event_view.setColumnWidth(column, width)
        self.event_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet("color:#7a1d12;")
        register_row, (_new, *self.event_buttons) = self._row(
            (self.tr("Nieuw evenement…"), self.new_event, events.AddEvent),
            (self.tr("Wijzigen…"), self.edit_event, events.UpdateEvent),
            (self.tr("Nieuwe editie van dit evenement"), self.new_edition, events.NewEdition),
            (self.tr("Verwijderen…"), self.delete_event, events.DeleteEvent),
        )

        self.pass_: TickPass | None = None
        self.register = events.Register((), (), (), (), None)  # what the page shows, read at each refresh
        self.detail: events.EventDetail | None = None  # of the selected event
        self.awaiting_remark: int | None = None  # the item whose "niet ok" waits for its remark
        self.shown: tuple[int, str] | None = None  # the event and round the inspector and time were set for
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._checklist_tab(), self.tr("Controlelijst"))
        self.tabs.addTab(self._meetings_tab(), self.tr("Vooroverleg en actiepunten"))
        self.tabs.addTab(self._templates_tab(), self.tr("Sjablonen"))
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.event_view, 1)
        upper_layout.addWidget(self.warning)
        upper_layout.addLayout(register_row)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(self.tabs)
        splitter.setSizes([230, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        for combo in (self.year_filter, self.series_filter, self.category_filter):
            combo.currentIndexChanged.connect(self.refresh)
        self.print_button.clicked.connect(self.print_requested)
        #: What changes the selected event or what hangs on it (not its new edition's register button: adding).
        self._writing: tuple[QWidget, ...] = (
            *self.event_buttons,
            self.fill_button,
            self.clear_button,
            self.inspector_edit,
            self.pass_button,
            self.add_meeting_button,
            self.edit_meeting_button,
        )
        #: Why the user may not change the selected event (another municipality's), or None.
        self.refused: str | None = None
        self.event_view.selectionModel().selectionChanged.connect(self._show_event)
        self.event_view.doubleClicked.connect(self.event_buttons[0].click)
        self.refresh()

    def _row(
        self, *buttons: tuple[str, Callable[[], object], type[Command[Any]]], owned: Owned | None = None
    ) -> tuple[QHBoxLayout, list[QPushButton]]:
        """A row of buttons, each running a kind of command, and the buttons (to enable them only when there is
        something to act on); ``owned``: whose records they all change (see :meth:`Page.guard`)."""
        row = button_row(self, [(text, slot) for text, slot, _kind in buttons])
        items = (row.itemAt(n) for n in range(row.count()))
        made = [button for item in items if item and isinstance(button := item.widget(), QPushButton)]
        for button, (_text, _slot, kind) in zip(made, buttons, strict=True):
            self.guard(button, kind, owned=owned)
        return row, made

    def _checklist_tab(self) -> QWidget:
        tab = QWidget(self)
        self.round_combo = QComboBox(tab)
        self.inspector_edit = QLineEdit(tab)
        self.inspector_edit.setPlaceholderText(self.tr("naam van wie controleert"))
        self.inspector_edit.setMinimumWidth(220)
        self.inspector_edit.setToolTip(self.tr("Komt bij elke controle van deze ronde; onthouden per ronde."))
        self.now_box = QCheckBox(self.tr("nu"), tab)
        self.now_box.setToolTip(self.tr("Haal het vinkje weg om de tijd van een papieren lijst in te voeren."))
        self.time_edit = datetime_edit(tab, self.context.now())
        self.now_box.toggled.connect(self._use_clock)
        self.now_box.setChecked(True)
        self.pass_button = QPushButton(self.tr("Ronde ongedaan maken"), tab)
        self.pass_button.clicked.connect(self.undo_pass)
        self.progress_label = QLabel(tab)
        self.progress_label.setWordWrap(True)
        self.template_combo = QComboBox(tab)
        self.fill_button = QPushButton(self.tr("Checklist maken"), tab)
        self.fill_button.clicked.connect(self.fill_checklist)
        self.clear_button = QPushButton(self.tr("Checklist leegmaken"), tab)
        self.clear_button.clicked.connect(self.clear_checklist)
        self.guard(self.fill_button, events.FillChecklist)
        self.guard(self.clear_button, events.ClearChecklist)
        round_row = QHBoxLayout()
        round_row.addWidget(labelled(tab, self.tr("Ronde:"), self.round_combo))
        round_row.addWidget(self.round_combo)
        round_row.addWidget(labelled(tab, self.tr("Controleur:"), self.inspector_edit))
        round_row.addWidget(self.inspector_edit)
        round_row.addWidget(labelled(tab, self.tr("Tijd:"), self.time_edit))
        round_row.addWidget(self.now_box)
        round_row.addWidget(self.time_edit)
        round_row.addStretch(1)
        round_row.addWidget(self.pass_button)
        # what is wrong with a typed time, said at the field when the user leaves it or presses Enter
        self.time_message = FieldMessage(tab, self.time_edit)
        list_row = QHBoxLayout()
        list_row.addWidget(self.progress_label, 1)
        list_row.addWidget(labelled(tab, self.tr("Sjabloon:"), self.template_combo))
        for widget in (self.template_combo, self.fill_button, self.clear_button):
            list_row.addWidget(widget)

        self.item_model = ItemModel()
        # a role that only reads sees the boxes greyed and the inspector's field closed, with why, before a click
        self.guard(self.inspector_edit, events.Tick)
        self.item_view = record_table(tab, self.item_model, self.tr("Controlepunten"))
        # The remark is typed into its cell: when "niet ok" asks for it, or on a double-click or F2.
        self.item_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.item_view.setWordWrap(True)  # long checks and remarks stay readable
        columns = self.item_view.horizontalHeader()
        columns.setStretchLastSection(False)
        for column, width in enumerate((185, 0, 38, 58, 52, 140, 120, 200)):
            if width:
                self.item_view.setColumnWidth(column, width)
        columns.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        two_lines(self.item_view)
        self.item_view.installEventFilter(self)
        # Queued: the table is rebuilt from the database after a tick, which must not happen inside its own click.
        self.item_view.clicked.connect(self._clicked, Qt.ConnectionType.QueuedConnection)
        self.item_model.remark_entered.connect(self.enter_remark, Qt.ConnectionType.QueuedConnection)
        self.item_view.itemDelegate().closeEditor.connect(self._remark_closed)
        self.tick_message = QLabel(tab)
        self.tick_message.setWordWrap(True)
        self.tick_message.setTextFormat(Qt.TextFormat.PlainText)
        self.tick_message.setStyleSheet("color:#7a1d12;")
        keys = QLabel(
            self.tr(
                "Afvinken: klik een vakje, of met het toetsenbord: pijltjes om te kiezen, 1 = ok, 2 = niet ok "
                "(typ dan wat er mis is en druk Enter), 3 = n.v.t., Delete = wissen. Elke controle wordt meteen "
                "bewaard; Ctrl+Z neemt de laatste terug."
            ),
            tab,
        )
        keys.setWordWrap(True)
        keys.setObjectName("pageSubtitle")
        layout = QVBoxLayout(tab)
        layout.addLayout(round_row)
        layout.addWidget(self.time_message)
        layout.addLayout(list_row)
        layout.addWidget(self.item_view, 1)
        layout.addWidget(self.tick_message)
        layout.addWidget(keys)
        self.round_combo.currentIndexChanged.connect(self._show_checklist)
        return tab

    def _meetings_tab(self) -> QWidget:
        tab = QWidget(self)
        self.meeting_combo = QComboBox(tab)
        self.meeting_combo.setMinimumContentsLength(24)
        self.meeting_label = QLabel(tab)
        self.meeting_label.setTextFormat(Qt.TextFormat.RichText)  # bold headings; the user's text is escaped
        self.meeting_label.setWordWrap(True)
        self.meeting_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.meeting_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        minutes = QScrollArea(tab)
        minutes.setWidgetResizable(True)
        minutes.setWidget(self.meeting_label)
        meeting_row, (self.add_meeting_button, self.edit_meeting_button) = self._row(
            (self.tr("Vooroverleg vastleggen…"), self.add_meeting, events.AddMeeting),
            (self.tr("Wijzigen…"), self.edit_meeting, events.UpdateMeeting),
        )
        meeting_row.insertWidget(0, self.meeting_combo)
        meeting_row.insertWidget(0, labelled(tab, self.tr("Vooroverleg:"), self.meeting_combo))
        self.point_model = PointModel()
        self.point_view = record_table(tab, self.point_model, self.tr("Actiepunten"))
        self.point_view.setWordWrap(True)
        two_lines(self.point_view)
        self.point_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((180, 420, 160, 110)):
            self.point_view.setColumnWidth(column, width)
        point_row, (self.finish_button,) = self._row(
            (self.tr("Actiepunt gereed"), self.finish_point, events.SetPointStatus)
        )
        splitter = QSplitter(Qt.Orientation.Vertical, tab)
        splitter.addWidget(minutes)
        points = QWidget(tab)
        points_layout = QVBoxLayout(points)
        points_layout.setContentsMargins(0, 0, 0, 0)
        points_layout.addWidget(QLabel(self.tr("Open actiepunten van alle evenementen:"), points))
        points_layout.addWidget(self.point_view, 1)
        points_layout.addLayout(point_row)
        splitter.addWidget(points)
        splitter.setSizes([130, 250])
        layout = QVBoxLayout(tab)
        layout.addLayout(meeting_row)
        layout.addWidget(splitter, 1)
        self.meeting_combo.currentIndexChanged.connect(self._show_meeting)
        self.point_view.selectionModel().selectionChanged.connect(self._enable_buttons)
        return tab

    def _templates_tab(self) -> QWidget:
        tab = QWidget(self)
        self.edit_template_combo = QComboBox(tab)
        top = QHBoxLayout()
        top.addWidget(labelled(tab, self.tr("Sjabloon:"), self.edit_template_combo))
        top.addWidget(self.edit_template_combo, 1)
        self.line_model = TemplateLineModel()
        self.line_view = record_table(tab, self.line_model, self.tr("Controlepunten van het sjabloon"))
        self.line_view.setWordWrap(True)
        self.line_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.line_view.horizontalHeader().setStretchLastSection(True)
        self.line_view.setColumnWidth(0, 260)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.line_view, 1)
        template_row, self.template_buttons = self._row(
            (self.tr("Controlepunt toevoegen…"), self.add_line, events.AddTemplateLine),
            (self.tr("Controlepunt verwijderen"), self.remove_line, events.DeleteTemplateLine),
            (self.tr("Sjabloon kopiëren…"), self.copy_template, events.CopyTemplate),
            (self.tr("Sjabloon verwijderen"), self.delete_template, events.DeleteTemplate),
            owned=TEMPLATES,
        )
        layout.addLayout(template_row)
        self.edit_template_combo.currentIndexChanged.connect(self._show_template)
        self.line_view.selectionModel().selectionChanged.connect(self._enable_buttons)
        return tab

    def _show_template(self, *_args: object) -> None:
        template_id = self.edit_template_combo.currentData()
        self.line_model.set_rows(next((t.lines for t in self.register.templates if t.id == template_id), ()))
        self._enable_buttons()

    def _enable_buttons(self, *_args: object) -> None:
        """Every button that acts on something is only enabled while there is something to act on."""
        event = self.selected_event()
        for button in (*self.event_buttons, self.print_button):
            button.setEnabled(event is not None)
        self.fill_button.setEnabled(event is not None and self.template_combo.count() > 0)
        self.clear_button.setEnabled(event is not None and self.item_model.rowCount() > 0)
        self.edit_meeting_button.setEnabled(self.meeting_combo.currentData() is not None)
        self.finish_button.setEnabled(selected_record(self.point_view) is not None)
        add_line, remove_line, *whole_template = self.template_buttons
        has_template = self.edit_template_combo.currentData() is not None
        for button in (add_line, *whole_template):
            button.setEnabled(has_template)
        remove_line.setEnabled(selected_record(self.line_view) is not None)

    # -- showing ----------------------------------------------------------------------------------------------

    def today(self) -> date:
        return to_local(self.context.now()).date()

    def refresh(self, *_args: object) -> None:
        """Everything the page shows read again in one service call, the selected event's detail with it."""
        selected = self.selected_event()
        current = self.year_filter.currentData()
        self.register = self.context.call(
            events.register,
            year=current,
            series=self.series_filter.currentData(),
            category=self.category_filter.currentData(),
            event_id=selected.id if selected else None,
        )
        self.detail = self.register.detail
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem(self.tr("alle jaren"), None)
        for year in self.register.years:
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(self.year_filter.findData(current), 0))
        self.year_filter.blockSignals(False)
        shown = self.register.events
        now = self.context.now()
        upcoming = [e for e in shown if e.data.end >= now]
        past = sorted((e for e in shown if e.data.end < now), key=lambda e: e.data.start, reverse=True)
        self.event_model.today = self.today()
        self.event_model.set_rows([*upcoming, *past])  # upcoming first
        self.subtitle.setText(
            counted(len(upcoming), self.tr("komend evenement"), self.tr("komende evenementen"))
            + ", "
            + counted(len(past), self.tr("eerder evenement"), self.tr("eerdere evenementen"))
        )
        editing = self.edit_template_combo.currentData()
        for combo in (self.template_combo, self.edit_template_combo):
            combo.blockSignals(True)
            combo.clear()
            for template in self.register.templates:
                combo.addItem(f"{template.name} ({len(template.lines)})", template.id)
            combo.blockSignals(False)
        self.edit_template_combo.setCurrentIndex(max(self.edit_template_combo.findData(editing), 0))
        self._show_template()
        if selected is not None:
            self.select_event(selected.id)
        self._show_event()

    def selected_event(self) -> EventRecord | None:
        record: EventRecord | None = selected_record(self.event_view)
        return record

    def shown_detail(self) -> events.EventDetail | None:
        """The detail of the selected event, as last read (the refresh reads it again after every change)."""
        event = self.selected_event()
        return self.detail if event and self.detail and self.detail.checklist.event.id == event.id else None

    def select_event(self, event_id: int) -> None:
        select_record(self.event_view, event_id)

    def _show_event(self, *_args: object) -> None:
        event = self.selected_event()
        owned = None if event is None else Owned(f"het evenement ‘{event.name}’", event.municipality)
        self.refused = self.restrict(self._writing, owned)
        self.item_model.ticking = self.context.refusal(events.Tick) is None and self.refused is None
        if event is not None and self.shown_detail() is None:
            self.detail = self.context.call(events.event_detail, event.id)
        self.warning.setText((event.late_warning(self.today()) or "") if event else "")
        self.warning.setVisible(bool(self.warning.text()))  # no empty line between the register and its buttons
        current = self.round_combo.currentText()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        if event:
            self.round_combo.addItems(list(event.rounds))
            self.round_combo.setCurrentIndex(max(self.round_combo.findText(current), 0))
        self.round_combo.blockSignals(False)
        self._show_checklist()
        self._show_meetings()

    def _show_checklist(self, *_args: object) -> None:
        event, detail = self.selected_event(), self.shown_detail()
        if event is None or detail is None:
            self.item_model.set_rows(())
            self.progress_label.setText(self.tr("Kies een evenement."))
            self.shown = None
            self._show_pass()
            self._enable_buttons()
            return
        round_name = self.round_combo.currentText()
        checklist = detail.checklist
        here = self.item_view.currentIndex()
        self.item_model.round = round_name
        self.item_model.set_rows(checklist.items)
        if (event.id, round_name) != self.shown:
            # Another round: whoever checked it last, at the time of the clock unless a paper's time is typed.
            self.shown = (event.id, round_name)
            self.inspector_edit.setText(checklist.last_inspector(round_name))
            self.now_box.setChecked(True)
            self._use_clock(True)
            opens = events.round_opens(event.data.start, round_name)
            self.tick_message.setText(
                self.tr("De ronde %1 begint %2; eerder afvinken kan niet.")
                .replace("%1", round_name)
                .replace("%2", format_datetime(opens))
                if round_name and self.context.now() < opens
                else ""
            )
        elif here.isValid() and self.item_model.rowCount():
            self.item_view.setCurrentIndex(
                self.item_model.index(min(here.row(), self.item_model.rowCount() - 1), here.column())
            )
        done, total = checklist.progress(round_name)
        self.progress_label.setText(
            self.tr("%1 van %2 gecontroleerd · %3 niet in orde")
            .replace("%1", str(done))
            .replace("%2", str(total))
            .replace("%3", str(len(checklist.open_problems())))
        )
        self._show_pass()
        self._enable_buttons()

    def _show_meetings(self) -> None:
        detail = self.shown_detail()
        held = detail.meetings if detail else ()
        current = self.meeting_combo.currentData()
        self.meeting_combo.blockSignals(True)
        self.meeting_combo.clear()
        for meeting in held:
            self.meeting_combo.addItem(format_datetime(meeting.held_at), meeting.id)
        found = self.meeting_combo.findData(current)
        self.meeting_combo.setCurrentIndex(found if found >= 0 else self.meeting_combo.count() - 1)  # the latest
        self.meeting_combo.blockSignals(False)
        self._show_meeting()
        self.point_model.today = self.today()
        self.point_model.set_rows(self.register.open_points)
        self._enable_buttons()

    def _show_meeting(self, *_args: object) -> None:
        """The chosen vooroverleg in full: date, who was there, the minutes and the action points agreed."""
        detail, meeting_id = self.shown_detail(), self.meeting_combo.currentData()
        if detail is None:
            self.meeting_label.setText("")
        elif meeting_id is None:
            name = detail.checklist.event.name
            self.meeting_label.setText(html.escape(self.tr("Nog geen vooroverleg voor %1.").replace("%1", name)))
        else:
            meeting = next(m for m in detail.meetings if m.id == meeting_id)
            agreed = detail.agreed(meeting_id)
            lines = [
                f"<b>{html.escape(format_datetime(meeting.held_at))}</b> · "
                + html.escape(self.tr("aanwezig: %1").replace("%1", meeting.present or "—")),
                html.escape(meeting.notes or self.tr("(geen verslag)")).replace("\n", "<br>"),
            ]
            if agreed:
                lines.append(f"<b>{html.escape(self.tr('Actiepunten'))}</b>")
                lines += [
                    html.escape(f"• {p.description} ({p.who_and_when()})") + f" — {html.escape(p.status_text())}"
                    for p in agreed
                ]
            self.meeting_label.setText("<br>".join(lines))
        self._enable_buttons()

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & events.TABLES:
            self.refresh()
        # Any change moves the undo stack, and that may leave the pass behind; the stack moves after the change.
        QTimer.singleShot(0, self, self._show_pass)

    def reveal(self, place: Place, key: object) -> None:
        self.year_filter.setCurrentIndex(0)
        self.series_filter.setCurrentIndex(0)
        self.category_filter.setCurrentIndex(0)
        if place is Place.EVENT_ACTION:
            self.tabs.setCurrentIndex(1)
            select_record(self.point_view, key)
            return
        self.select_event(int(str(key)))
        self.tabs.setCurrentIndex(0)

    # -- ticking in the table -------------------------------------------------------------------------------------

    def _use_clock(self, on_clock: bool) -> None:
        """With "nu" ticked every check gets the moment it is made; without, the time typed in (from paper)."""
        self.time_edit.setEnabled(not on_clock)
        if on_clock:
            self.time_edit.setDateTime(self.context.now())
        else:
            self.time_edit.setFocus()

    def tick_time(self) -> datetime:
        return self.context.now() if self.now_box.isChecked() else moment_of(self.time_edit)

    def _ready(self) -> bool:
        """Whether a tick can be saved: who checks is filled in, and a time typed in is a time; if not, the
        message says so and the field to fill in has the focus."""
        if not self.inspector_edit.text().strip():
            self.tick_message.setText(self.tr("Vul eerst bij Controleur in wie controleert."))
            self.inspector_edit.setFocus()
            return False
        if not self.now_box.isChecked() and self.time_edit.problem():
            self.tick_message.setText(self.time_edit.problem())
            self.time_edit.setFocus()
            return False
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.item_view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            row = self.item_view.currentIndex().row()
            key = Qt.Key(event.key())
            if row >= 0 and key in OUTCOME_KEYS:
                self.set_outcome(row, OUTCOME_KEYS[key])
                return True
            if row >= 0 and key in CLEAR_KEYS:
                self.set_outcome(row, None)
                return True
        return super().eventFilter(watched, event)

    def _clicked(self, index: QModelIndex) -> None:
        """A click in a box ticks it, or takes the tick away when it was ticked."""
        row = index.row()
        outcome = ItemModel.OUTCOMES.get(index.column())
        if outcome is not None and 0 <= row < self.item_model.rowCount():
            result = self.item_model.record(row).result(self.item_model.round)
            self.set_outcome(row, None if result is not None and result.outcome is outcome else outcome)

    def set_outcome(self, row: int, outcome: Outcome | None) -> bool:
        """Tick row ``row`` (None: take its tick away) in the round shown, saved at once. "niet ok" first asks
        for the remark in its cell; the tick is saved when one is typed there."""
        event, round_name = self.selected_event(), self.round_combo.currentText()
        if event is None or not round_name:
            return False
        if self.refused is not None:  # a key pressed in another municipality's checklist
            self.tick_message.setText(self.refused)
            return False
        item = self.item_model.record(row)
        result = item.result(round_name)
        self.tick_message.clear()
        if outcome is None:
            return result is not None and self._saved(row, events.ClearTick(item.id, round_name), stay=True)
        if not self._ready():
            return False
        if outcome is Outcome.NOT_OK:
            self.awaiting_remark = item.id
            self.tick_message.setText(self.tr("Niet ok: typ wat er mis is en druk Enter (Esc: niet opslaan)."))
            cell = self.item_model.index(row, ItemModel.REMARK)
            self.item_view.setCurrentIndex(cell)
            self.item_view.edit(cell)
            return False
        # A remark says what was wrong; once the check is in order it no longer applies.
        remark = result.remark if result is not None and result.outcome is not Outcome.NOT_OK else ""
        return self._tick(row, outcome, remark)

    def _tick(self, row: int, outcome: Outcome, remark: str) -> bool:
        item = self.item_model.record(row)
        command = events.Tick(
            item.id, self.round_combo.currentText(), outcome, self.tick_time(), self.inspector_edit.text(), remark
        )
        return self._saved(row, command, stay=False)

    def enter_remark(self, row: int, text: str) -> bool:
        """A remark typed into row ``row``: the "niet ok" waiting for it is saved, or an existing tick's remark
        is corrected (keeping its time and inspector)."""
        item = self.item_model.record(row)
        if self.awaiting_remark == item.id:
            self.awaiting_remark = None
            if not text.strip():
                self.tick_message.setText(
                    self.tr("‘Niet ok’ vraagt een opmerking: wat is er mis? De controle is niet opgeslagen.")
                )
                return False
            return self._tick(row, Outcome.NOT_OK, text)
        result = item.result(self.item_model.round)
        if result is None:
            self.tick_message.setText(self.tr("Kies eerst ok, niet ok of n.v.t. (1, 2 of 3); dan de opmerking."))
            return False
        if text.strip() == result.remark:
            return False
        command = events.Tick(item.id, result.round, result.outcome, result.checked_at, result.inspector, text)
        return self._saved(row, command, stay=True)

    def _remark_closed(self, *_args: object) -> None:
        """The remark cell closed; looked at once a remark typed there (queued) has been seen. Not queued itself:
        its editor is gone by then."""
        QTimer.singleShot(0, self, self._remark_missing)

    def _remark_missing(self) -> None:
        """The remark cell closed without a remark (Escape): the "niet ok" waiting for it is not saved."""
        if self.awaiting_remark is not None:
            self.awaiting_remark = None
            self.tick_message.setText(
                self.tr("‘Niet ok’ vraagt een opmerking: wat is er mis? De controle is niet opgeslagen.")
            )

    def _saved(self, row: int, command: events.Tick | events.ClearTick, *, stay: bool) -> bool:
        """Save a tick as a command of its own, part of the pass through this round; the next row is current
        after a tick, so that a round is entered in one go from the keyboard."""
        event = self.selected_event()
        if event is None:
            return False
        tick_pass = self.pass_
        if (
            tick_pass is None
            or (tick_pass.event_id, tick_pass.round_name) != (event.id, command.round_name)
            or not tick_pass.resume(self.undo_stack)
        ):
            tick_pass = TickPass(event.id, command.round_name, self.undo_stack.index())
        if self.execute(command) is None:
            return False
        self.pass_ = tick_pass
        tick_pass.entries.append(self.undo_stack.command(self.undo_stack.index() - 1))
        self.tick_message.clear()
        target = row if stay else min(row + 1, self.item_model.rowCount() - 1)
        self.item_view.setCurrentIndex(self.item_model.index(target, 1))
        self._show_pass()
        return True

    def _show_pass(self, *_args: object) -> None:
        step = self._pass_step()
        if step is None:
            self.pass_button.setText(self.tr("Ronde ongedaan maken"))
        else:
            what, count, _index = step
            label = self.tr("Ronde opnieuw (%1)") if what == "redo" else self.tr("Ronde ongedaan maken (%1)")
            self.pass_button.setText(label.replace("%1", counted(count, self.tr("wijziging"), self.tr("wijzigingen"))))
        self.pass_button.setEnabled(step is not None)
        self.pass_button.setToolTip(
            self.tr("Neemt alle controles terug die u net achter elkaar in deze ronde invoerde (of zet ze terug).")
        )

    def _pass_step(self) -> tuple[str, int, int] | None:
        """What the pass button does for the event and round shown (see :meth:`TickPass.step`)."""
        event = self.selected_event()
        if self.pass_ is None or event is None:
            return None
        if (self.pass_.event_id, self.pass_.round_name) != (event.id, self.round_combo.currentText()):
            return None
        return self.pass_.step(self.undo_stack)

    def undo_pass(self) -> bool:
        """Take the whole pass back (or put it back after that) in one click."""
        step = self._pass_step()
        if step is None:
            return False
        self.tick_message.clear()
        self.undo_stack.setIndex(step[2])
        self._show_pass()
        return True

    # -- editing -------------------------------------------------------------------------------------------------

    def new_event(self) -> bool:
        start = to_utc(datetime.combine(self.today() + timedelta(weeks=12), time(12, 0)))
        dialog = EventDialog(self, None, start, self.today())
        done = self.execute_form(dialog, lambda: events.AddEvent(dialog.value()))
        if done is not None:
            self.select_event(done.result.id)
        return done is not None

    def edit_event(self, *_args: object) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        editing = versions.shown(Event, event, self.tr("Dit evenement"))
        dialog = EventDialog(self, event, event.data.start, self.today())
        return self.submitted(dialog, lambda: events.UpdateEvent(event.id, dialog.value()), editing)

    def delete_event(self) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        refusal = self.context.call(events.deletion_refusal, event.id)
        if refusal is not None:  # said at once, not after a question whose Ja cannot be done
            interaction.information(self, self.tr("Evenement verwijderen"), refusal)
            return False
        if not interaction.question(
            self,
            self.tr("Evenement verwijderen"),
            self.tr("%1 verwijderen, met de checklist en de actiepunten? Ctrl+Z zet het terug.").replace(
                "%1", event.name
            ),
        ):
            return False
        return self.succeeded(events.DeleteEvent(event.id), versions.shown(Event, event, self.tr("Dit evenement")))

    def new_edition(self) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        twin = self.context.call(events.next_edition, event.id)
        if twin is not None:
            if interaction.question(
                self,
                self.tr("Nieuwe editie"),
                self.tr("%1 bestaat al; er is één editie per jaar. Wilt u die openen?").replace("%1", twin.name),
            ):
                self._open_event(twin.id)
            return False
        done = self.execute(events.NewEdition(event.id))
        if done is not None:
            self._open_event(done.result.id)
        return done is not None

    def _open_event(self, event_id: int) -> None:
        for combo in (self.year_filter, self.series_filter, self.category_filter):
            combo.setCurrentIndex(0)
        self.select_event(event_id)

    def fill_checklist(self) -> bool:
        event = self.selected_event()
        template_id = self.template_combo.currentData()
        if event is None or template_id is None:
            return False
        if event.items and not interaction.question(
            self, self.tr("Checklist maken"), self.tr("De huidige (lege) checklist wordt vervangen. Doorgaan?")
        ):
            return False
        return self.succeeded(
            events.FillChecklist(event.id, template_id), versions.shown(Event, event, self.tr("Dit evenement"))
        )

    def clear_checklist(self) -> bool:
        return self.execute_on_selected(
            self.event_view, lambda event: events.ClearChecklist(event.id), (Event, self.tr("Dit evenement"))
        )

    def _parties(self, event: EventRecord) -> tuple[str, ...]:
        """The parties to tick in a vooroverleg: the usual ones and whoever came to this event's earlier ones."""
        detail = self.shown_detail()
        earlier = (name for m in (detail.meetings if detail else ()) for name in m.attendees)
        return tuple(dict.fromkeys((*events.USUAL_PARTIES, *earlier)))

    def add_meeting(self) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        dialog = MeetingDialog(self, self.context.now(), self._parties(event))
        done = self.execute_form(dialog, lambda: events.AddMeeting(event.id, *dialog.value()))
        if done is not None:
            self.meeting_combo.setCurrentIndex(self.meeting_combo.findData(done.result.id))
        return done is not None

    def edit_meeting(self) -> bool:
        event, meeting_id, detail = self.selected_event(), self.meeting_combo.currentData(), self.shown_detail()
        if event is None or meeting_id is None or detail is None:
            return False
        meeting = next(m for m in detail.meetings if m.id == meeting_id)
        agreed = detail.agreed(meeting_id)
        editing = versions.shown(Meeting, meeting, self.tr("Dit vooroverleg"))
        dialog = MeetingDialog(self, meeting.held_at, self._parties(event), meeting, agreed)
        return self.submitted(dialog, lambda: events.UpdateMeeting(meeting_id, *dialog.value()), editing)

    def finish_point(self) -> bool:
        return self.execute_on_selected(
            self.point_view,
            lambda point: events.SetPointStatus(point.id, PointStatus.DONE),
            (ActionPoint, self.tr("Dit actiepunt")),
        )

    def add_line(self) -> bool:
        template_id = self.edit_template_combo.currentData()
        if template_id is None:
            return False
        lines = next((t.lines for t in self.register.templates if t.id == template_id), ())
        sections = list(dict.fromkeys(line.section for line in lines))
        dialog = LineDialog(self, sections)
        return self.submitted(dialog, lambda: events.AddTemplateLine(template_id, *dialog.value()))

    def remove_line(self) -> bool:
        return self.execute_on_selected(
            self.line_view, lambda line: events.DeleteTemplateLine(line.id), (TemplateLine, self.tr("Dit controlepunt"))
        )

    def copy_template(self) -> bool:
        template_id = self.edit_template_combo.currentData()
        if template_id is None:
            return False
        dialog = NameDialog(
            self, self.tr("Sjabloon kopiëren"), self.edit_template_combo.currentText().split(" (")[0] + " (kopie)"
        )
        done = self.execute_form(dialog, lambda: events.CopyTemplate(template_id, dialog.name.text()))
        if done is not None:
            self.edit_template_combo.setCurrentIndex(self.edit_template_combo.findData(done.result))
        return done is not None

    def delete_template(self) -> bool:
        template_id = self.edit_template_combo.currentData()
        template = next((t for t in self.register.templates if t.id == template_id), None)
        return template is not None and self.succeeded(
            events.DeleteTemplate(template.id), versions.shown(Template, template, self.tr("Dit sjabloon"))
        )

    # -- printing ----------------------------------------------------------------------------------------------

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        from crisisapp.reports import events as reports

        event = self.selected_event()
        if event is None:
            interaction.information(self, self.tr("Afdrukken"), self.tr("Kies eerst een evenement."))
            return None
        held: tuple[MeetingRecord, ...] = self.context.call(events.meetings, event.id)
        choices = [self.tr("Controlelijst voor op locatie (leeg)"), self.tr("Controlelijst met resultaten")]
        choices += [self.tr("Verslag vooroverleg %1").replace("%1", format_datetime(m.held_at)) for m in held]
        choice = interaction.choose_item(self, self.tr("Afdrukken"), self.tr("Wat wilt u afdrukken?"), choices, 0)
        if choice is None:
            return None
        printed = self.context.printed()
        if choice < 2:
            checklist = self.context.call(events.checklist, event.id)
            build = reports.field_checklist_pdf if choice == 0 else reports.completed_checklist_pdf
            return PrintJob(
                choices[choice],
                build(checklist, printed),
                f"controlelijst-{event.id}{'-resultaten' if choice else ''}.pdf",
            )
        meeting = held[choice - 2]
        actions = [p for p in self.context.call(events.points, event.id) if p.meeting_id == meeting.id]
        return PrintJob(
            choices[choice], reports.minutes_pdf(event, meeting, actions, printed), f"vooroverleg-{meeting.id}.pdf"
        )
