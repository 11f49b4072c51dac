"""Events page: the register (upcoming first, filters), vooroverleg and action points, the checklist of an
event ticked per round, and printing the field checklist, the results and the minutes."""

import html
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.models.events import Category, PointStatus
from crisisapp.places import Place
from crisisapp.services import events
from crisisapp.services.events import EventRecord, ItemRecord, MeetingRecord
from crisisapp.timeutil import format_datetime, to_local, to_utc
from crisisapp.ui import interaction
from crisisapp.ui.events.dialogs import EventDialog, LineDialog, MeetingDialog, NameDialog, TickDialog
from crisisapp.ui.events.models import EventModel, ItemModel, PointModel, TemplateLineModel
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import button_row, page_header, record_table, select_record, selected_record


class EventsPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        titles, self.subtitle = page_header(self, self.tr("Evenementen"), "")
        self.year_filter = QComboBox(self)
        self.series_filter = QComboBox(self)
        self.series_filter.addItem(self.tr("alle reeksen"), None)
        for name in events.SERIES:
            self.series_filter.addItem(name, name)
        self.category_filter = QComboBox(self)
        self.category_filter.addItem(self.tr("alle categorieën"), None)
        for category in Category:
            self.category_filter.addItem(self.tr("categorie %1").replace("%1", category.value), category)
        self.print_button = QPushButton(self.tr("Afdrukken…"), self)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        for widget in (self.year_filter, self.series_filter, self.category_filter, self.print_button):
            header.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)

        self.event_model = EventModel()
        self.event_view = record_table(self, self.event_model)
        self.event_view.setWordWrap(False)
        self.event_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((40, 150, 320, 80, 90, 280)):
            self.event_view.setColumnWidth(column, width)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet("color:#7a1d12;")
        register_row = self._row(
            (self.tr("Nieuw evenement…"), self.new_event),
            (self.tr("Wijzigen…"), self.edit_event),
            (self.tr("Nieuwe editie van dit evenement"), self.new_edition),
            (self.tr("Verwijderen"), self.delete_event),
        )

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
        splitter.setSizes([250, 380])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        for combo in (self.year_filter, self.series_filter, self.category_filter):
            combo.currentIndexChanged.connect(self.refresh)
        self.print_button.clicked.connect(self.print_requested)
        self.event_view.selectionModel().selectionChanged.connect(self._show_event)
        self.event_view.doubleClicked.connect(self.edit_event)
        self.refresh()

    def _row(self, *pairs: tuple[str, Callable[[], object]]) -> QHBoxLayout:
        return button_row(self, pairs)

    def _checklist_tab(self) -> QWidget:
        tab = QWidget(self)
        self.round_combo = QComboBox(tab)
        self.template_combo = QComboBox(tab)
        self.progress_label = QLabel(tab)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Ronde:"), tab))
        top.addWidget(self.round_combo)
        top.addWidget(self.progress_label, 1)
        top.addWidget(QLabel(self.tr("Sjabloon:"), tab))
        top.addWidget(self.template_combo)
        fill = QPushButton(self.tr("Checklist maken"), tab)
        fill.clicked.connect(self.fill_checklist)
        top.addWidget(fill)
        self.item_model = ItemModel()
        self.item_view = record_table(tab, self.item_model)
        self.item_view.setWordWrap(False)
        self.item_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((190, 420, 150, 140, 130)):
            self.item_view.setColumnWidth(column, width)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.item_view, 1)
        layout.addLayout(
            self._row((self.tr("Afvinken…"), self.tick), (self.tr("Checklist leegmaken"), self.clear_checklist))
        )
        self.round_combo.currentIndexChanged.connect(self._show_checklist)
        self.item_view.doubleClicked.connect(self.tick)
        return tab

    def _meetings_tab(self) -> QWidget:
        tab = QWidget(self)
        self.meeting_label = QLabel(tab)
        self.meeting_label.setTextFormat(Qt.TextFormat.RichText)  # bold dates; the user's text is escaped
        self.meeting_label.setWordWrap(True)
        self.point_model = PointModel()
        self.point_view = record_table(tab, self.point_model)
        self.point_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((200, 480, 180, 110)):
            self.point_view.setColumnWidth(column, width)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.meeting_label)
        layout.addWidget(QLabel(self.tr("Open actiepunten van alle evenementen:"), tab))
        layout.addWidget(self.point_view, 1)
        layout.addLayout(
            self._row(
                (self.tr("Vooroverleg vastleggen…"), self.add_meeting), (self.tr("Actiepunt gereed"), self.finish_point)
            )
        )
        return tab

    def _templates_tab(self) -> QWidget:
        tab = QWidget(self)
        self.edit_template_combo = QComboBox(tab)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Sjabloon:"), tab))
        top.addWidget(self.edit_template_combo, 1)
        self.line_model = TemplateLineModel()
        self.line_view = record_table(tab, self.line_model)
        self.line_view.setWordWrap(False)
        self.line_view.horizontalHeader().setStretchLastSection(True)
        self.line_view.setColumnWidth(0, 260)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.line_view, 1)
        layout.addLayout(
            self._row(
                (self.tr("Controlepunt toevoegen…"), self.add_line),
                (self.tr("Controlepunt verwijderen"), self.remove_line),
                (self.tr("Sjabloon kopiëren…"), self.copy_template),
                (self.tr("Sjabloon verwijderen"), self.delete_template),
            )
        )
        self.edit_template_combo.currentIndexChanged.connect(self._show_template)
        return tab

    def _show_template(self, *_args: object) -> None:
        template_id = self.edit_template_combo.currentData()
        self.line_model.set_rows(self.context.call(events.template_lines, template_id) if template_id else ())

    # -- showing ----------------------------------------------------------------------------------------------

    def today(self) -> date:
        return to_local(self.context.now()).date()

    def refresh(self, *_args: object) -> None:
        selected = self.selected_event()
        all_events = self.context.call(events.list_events)
        years = sorted({e.data.edition_year for e in all_events}, reverse=True)
        current = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem(self.tr("alle jaren"), None)
        for year in years:
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(self.year_filter.findData(current), 0))
        self.year_filter.blockSignals(False)
        shown = self.context.call(
            events.list_events,
            year=self.year_filter.currentData(),
            series=self.series_filter.currentData(),
            category=self.category_filter.currentData(),
        )
        now = self.context.now()
        upcoming = [e for e in shown if e.data.end >= now]
        past = sorted((e for e in shown if e.data.end < now), key=lambda e: e.data.start, reverse=True)
        self.event_model.set_rows([*upcoming, *past])  # upcoming first
        self.subtitle.setText(
            self.tr("%1 komende, %2 eerdere evenementen")
            .replace("%1", str(len(upcoming)))
            .replace("%2", str(len(past)))
        )
        templates = self.context.call(events.templates)
        editing = self.edit_template_combo.currentData()
        for combo in (self.template_combo, self.edit_template_combo):
            combo.blockSignals(True)
            combo.clear()
            for template_id, (name, lines) in templates.items():
                combo.addItem(f"{name} ({len(lines)})", template_id)
            combo.blockSignals(False)
        self.edit_template_combo.setCurrentIndex(max(self.edit_template_combo.findData(editing), 0))
        self._show_template()
        if selected is not None:
            self.select_event(selected.id)
        self._show_event()

    def selected_event(self) -> EventRecord | None:
        record: EventRecord | None = selected_record(self.event_view)
        return record

    def select_event(self, event_id: int) -> None:
        select_record(self.event_view, event_id)

    def _show_event(self, *_args: object) -> None:
        event = self.selected_event()
        self.warning.setText((event.late_warning() or "") if event else "")
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
        event = self.selected_event()
        if event is None:
            self.item_model.set_rows(())
            self.progress_label.setText(self.tr("Kies een evenement."))
            return
        checklist = self.context.call(events.checklist, event.id)
        self.item_model.round = self.round_combo.currentText()
        self.item_model.set_rows(checklist.items)
        done, total = checklist.progress(self.item_model.round)
        problems = len(checklist.open_problems())
        self.progress_label.setText(
            self.tr("%1 van %2 gecontroleerd · %3 niet in orde")
            .replace("%1", str(done))
            .replace("%2", str(total))
            .replace("%3", str(problems))
        )

    def _show_meetings(self) -> None:
        event = self.selected_event()
        if event is None:
            self.meeting_label.setText("")
        else:
            held = self.context.call(events.meetings, event.id)
            self.meeting_label.setText(
                "<br>".join(
                    f"<b>{format_datetime(m.held_at)}</b> · {html.escape(m.present)} — {html.escape(m.notes)}"
                    for m in held
                )
                or html.escape(self.tr("Nog geen vooroverleg voor %1.").replace("%1", event.name))
            )
        self.point_model.today = self.today()
        self.point_model.set_rows(self.context.call(events.points, open_only=True))

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & events.TABLES:
            self.refresh()

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

    # -- editing -------------------------------------------------------------------------------------------------

    def new_event(self) -> bool:
        start = to_utc(datetime.combine(self.today() + timedelta(weeks=12), time(12, 0)))
        dialog = EventDialog(self, None, start)
        if not interaction.run_dialog(dialog):
            return False
        done = self.execute(events.AddEvent(dialog.value()))
        if done is not None:
            self.select_event(done.result.id)
        return done is not None

    def edit_event(self, *_args: object) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        dialog = EventDialog(self, event, event.data.start)
        return interaction.run_dialog(dialog) and self.succeeded(events.UpdateEvent(event.id, dialog.value()))

    def delete_event(self) -> bool:
        return self.execute_on_selected(self.event_view, lambda event: events.DeleteEvent(event.id))

    def new_edition(self) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        done = self.execute(events.NewEdition(event.id))
        if done is not None:
            self.year_filter.setCurrentIndex(0)
            self.select_event(done.result.id)
        return done is not None

    def fill_checklist(self) -> bool:
        event = self.selected_event()
        template_id = self.template_combo.currentData()
        if event is None or template_id is None:
            return False
        if event.items and not interaction.question(
            self, self.tr("Checklist maken"), self.tr("De huidige (lege) checklist wordt vervangen. Doorgaan?")
        ):
            return False
        return self.succeeded(events.FillChecklist(event.id, template_id))

    def clear_checklist(self) -> bool:
        return self.execute_on_selected(self.event_view, lambda event: events.ClearChecklist(event.id))

    def tick(self, *_args: object) -> bool:
        rows = self.item_view.selectionModel().selectedRows()
        round_name = self.round_combo.currentText()
        if not rows or not round_name:
            return False
        item: ItemRecord = self.item_model.record(rows[0].row())
        dialog = TickDialog(self, item, round_name, self.context.user)
        if not interaction.run_dialog(dialog):
            return False
        outcome, inspector, remark = dialog.value()
        return self.succeeded(events.Tick(item.id, round_name, outcome, self.context.now(), inspector, remark))

    def add_meeting(self) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        dialog = MeetingDialog(self, self.context.now(), event.data.parties)
        if not interaction.run_dialog(dialog):
            return False
        held_at, present, notes, action_point = dialog.value()
        return self.succeeded(events.AddMeeting(event.id, held_at, present, notes, action_point))

    def finish_point(self) -> bool:
        return self.execute_on_selected(
            self.point_view, lambda point: events.SetPointStatus(point.id, PointStatus.DONE)
        )

    def add_line(self) -> bool:
        template_id = self.edit_template_combo.currentData()
        if template_id is None:
            return False
        sections = list(dict.fromkeys(line.section for line in self.context.call(events.template_lines, template_id)))
        dialog = LineDialog(self, sections)
        if not interaction.run_dialog(dialog):
            return False
        return self.succeeded(events.AddTemplateLine(template_id, *dialog.value()))

    def remove_line(self) -> bool:
        return self.execute_on_selected(self.line_view, lambda line: events.DeleteTemplateLine(line.id))

    def copy_template(self) -> bool:
        template_id = self.edit_template_combo.currentData()
        if template_id is None:
            return False
        dialog = NameDialog(
            self, self.tr("Sjabloon kopiëren"), self.edit_template_combo.currentText().split(" (")[0] + " (kopie)"
        )
        if not interaction.run_dialog(dialog):
            return False
        done = self.execute(events.CopyTemplate(template_id, dialog.name.text()))
        if done is not None:
            self.edit_template_combo.setCurrentIndex(self.edit_template_combo.findData(done.result))
        return done is not None

    def delete_template(self) -> bool:
        template_id = self.edit_template_combo.currentData()
        return template_id is not None and self.succeeded(events.DeleteTemplate(template_id))

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
        now = self.context.now()
        if choice < 2:
            checklist = self.context.call(events.checklist, event.id)
            build = reports.field_checklist_pdf if choice == 0 else reports.completed_checklist_pdf
            return PrintJob(
                choices[choice], build(checklist, now), f"controlelijst-{event.id}{'-resultaten' if choice else ''}.pdf"
            )
        meeting = held[choice - 2]
        actions = [p for p in self.context.call(events.points, event.id) if p.meeting_id == meeting.id]
        return PrintJob(
            choices[choice], reports.minutes_pdf(event, meeting, actions, now), f"vooroverleg-{meeting.id}.pdf"
        )
