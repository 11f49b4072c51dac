"""Events page: the register (upcoming first, filters), vooroverleg and action points, the checklist of an
event ticked per round, and printing the field checklist, the results and the minutes."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.errors import ValidationError
from crisisapp.models.events import Category, Outcome, PointStatus
from crisisapp.places import Place
from crisisapp.services import events
from crisisapp.services.events import (
    EventInput,
    EventRecord,
    ItemRecord,
    MeetingRecord,
    PointRecord,
    TemplateLineRecord,
)
from crisisapp.timeutil import format_date, format_datetime, to_local, to_utc
from crisisapp.ui import interaction
from crisisapp.ui.forms import FormDialog, date_edit, datetime_edit, moment_of, pydate
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import (
    DISPLAY,
    RecordTableModel,
    button_row,
    page_header,
    record_table,
    select_record,
    selected_record,
)

LATE = QColor("#fde8e6")
ADVICE = QColor("#fff1c2")
OUTCOME_COLOURS = {Outcome.OK: QColor("#d3f0da"), Outcome.NOT_OK: QColor("#f8d4d0"), Outcome.NA: QColor("#e8eaed")}


class EventModel(RecordTableModel):
    HEADERS = ("Nr.", "Begin", "Evenement", "Categorie", "Bezoekers", "Aanvraag", "Controlepunten")

    def cell(self, record: EventRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.late_warning() and column == 5:
            return QBrush(LATE if record.is_late() else ADVICE)
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return record.late_warning() or record.data.permit_status
        if role != DISPLAY:
            return None
        data = record.data
        received = format_date(data.application_date) if data.application_date else "—"
        return (
            str(record.id),
            format_datetime(data.start),
            data.name,
            data.category.value,
            str(data.expected_visitors),
            f"{received} · {data.permit_status}",
            str(record.items),
        )[column]


class PointModel(RecordTableModel):
    HEADERS = ("Evenement", "Actiepunt", "Wie", "Gereed op", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.today = date.min

    def cell(self, record: PointRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.overdue(self.today):
            return QBrush(LATE)
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        status = record.status.value + (" · te laat" if record.overdue(self.today) else "")
        return (
            record.event_name,
            record.description,
            record.owner,
            format_date(record.due) if record.due else "",
            status,
        )[column]


class ItemModel(RecordTableModel):
    """The checklist in a round: each item with its outcome there, and open problems of other rounds."""

    HEADERS = ("Onderdeel", "Controlepunt", "Uitkomst", "Tijd", "Controleur", "Opmerking")

    def __init__(self) -> None:
        super().__init__()
        self.round = ""

    def cell(self, record: ItemRecord, column: int, role: int) -> Any:
        result = record.result(self.round)
        problem = record.open_problem()
        if role == Qt.ItemDataRole.BackgroundRole and column == 2:
            if result is not None:
                return QBrush(OUTCOME_COLOURS[result.outcome])
            return QBrush(LATE) if problem else None
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        if result is None:
            pending = f"niet ok in {problem.round}, nog niet opgelost" if problem else ""
            return (record.section, record.text, pending, "", "", problem.remark if problem else "")[column]
        return (
            record.section,
            record.text,
            result.outcome.value,
            format_datetime(result.checked_at),
            result.inspector,
            result.remark,
        )[column]


class EventDialog(FormDialog):
    def __init__(self, parent: QWidget | None, event: EventRecord | None, start: datetime) -> None:
        super().__init__(parent, self.tr("Evenement wijzigen") if event else self.tr("Nieuw evenement"))
        data = event.data if event else None
        self.name = QLineEdit(data.name if data else "", self)
        self.series = QComboBox(self)
        self.series.addItem(self.tr("— geen reeks —"), "")
        for name in events.SERIES:
            self.series.addItem(name, name)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(data.edition_year if data else to_local(start).year)
        self.start = datetime_edit(self, data.start if data else start)
        self.end = datetime_edit(self, data.end if data else start + timedelta(hours=8))
        self.location = QLineEdit(data.location if data else "", self)
        self.visitors = QSpinBox(self)
        self.visitors.setRange(0, 1_000_000)
        self.visitors.setValue(data.expected_visitors if data else 0)
        self.organiser = QLineEdit(data.organiser if data else "", self)
        self.contact = QLineEdit(data.organiser_contact if data else "", self)
        self.category = QComboBox(self)
        for category in Category:
            self.category.addItem(self.tr(events.CATEGORY_CRITERIA[category]), category)
        self.received = date_edit(
            self, data.application_date if data and data.application_date else to_local(start).date()
        )
        self.permit = QComboBox(self)
        self.permit.setEditable(True)
        self.permit.addItems(
            ["nog niet aangevraagd", "aangevraagd", "in behandeling", "verleend", "geweigerd", "melding"]
        )
        self.parties = QPlainTextEdit(data.parties if data else "", self)
        self.parties.setFixedHeight(50)
        self.add_fields(
            ("name", self.tr("Naam:"), self.name),
            ("series", self.tr("Reeks:"), self.series),
            ("edition_year", self.tr("Editie:"), self.year),
            ("start", self.tr("Begin:"), self.start),
            ("end", self.tr("Einde:"), self.end),
            ("location", self.tr("Locatie:"), self.location),
            ("expected_visitors", self.tr("Verwachte bezoekers:"), self.visitors),
            ("organiser", self.tr("Organisator:"), self.organiser),
            ("organiser_contact", self.tr("Contactpersoon:"), self.contact),
            ("category", self.tr("Categorie:"), self.category),
            ("application_date", self.tr("Aanvraag ontvangen:"), self.received),
            ("permit_status", self.tr("Vergunning:"), self.permit),
            ("parties", self.tr("Partijen:"), self.parties),
        )
        if data:
            self.series.setCurrentIndex(max(self.series.findData(data.series), 0))
            self.category.setCurrentIndex(self.category.findData(data.category))
            self.permit.setCurrentText(data.permit_status)

    def value(self) -> EventInput:
        return EventInput(
            self.name.text(),
            self.series.currentData(),
            self.year.value(),
            moment_of(self.start),
            moment_of(self.end),
            Category(self.category.currentData()),
            self.location.text(),
            self.visitors.value(),
            self.organiser.text(),
            self.contact.text(),
            pydate(self.received.date()),
            self.permit.currentText(),
            self.parties.toPlainText(),
        )

    def accept(self) -> None:
        try:
            events.validate_event(self.value())  # the service's own rules, before anything is saved
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        super().accept()


class TickDialog(FormDialog):
    def __init__(self, parent: QWidget | None, item: ItemRecord, round_name: str, inspector: str) -> None:
        super().__init__(parent, self.tr("Controle (%1)").replace("%1", round_name))
        self.outcome = QComboBox(self)
        for outcome in Outcome:
            self.outcome.addItem(self.tr(outcome.value), outcome)
        self.inspector = QLineEdit(inspector, self)
        self.remark = QPlainTextEdit(self)
        self.remark.setFixedHeight(60)
        item_label = QLabel(f"<b>{item.section}</b><br>{item.text}", self)
        item_label.setWordWrap(True)
        self.add_field("item", "", item_label)
        self.add_field("outcome", self.tr("Uitkomst:"), self.outcome)
        self.add_field("inspector", self.tr("Controleur:"), self.inspector)
        self.add_field("remark", self.tr("Opmerking:"), self.remark)

    def value(self) -> tuple[Outcome, str, str]:
        return Outcome(self.outcome.currentData()), self.inspector.text(), self.remark.toPlainText()

    def accept(self) -> None:
        if self.outcome.currentData() == Outcome.NOT_OK and not self.remark.toPlainText().strip():
            self.show_errors({"remark": self.tr("Schrijf bij ‘niet ok’ op wat er mis is.")})
            return
        super().accept()


class MeetingDialog(FormDialog):
    def __init__(self, parent: QWidget | None, held_at: datetime, parties: str) -> None:
        super().__init__(parent, self.tr("Vooroverleg"))
        self.held_at = datetime_edit(self, held_at)
        self.present = QLineEdit(parties, self)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(100)
        self.action = QLineEdit(self)
        self.action.setPlaceholderText(self.tr("optioneel: een actiepunt uit dit overleg"))
        self.owner = QLineEdit(self)
        self.due = date_edit(self, to_local(held_at).date() + timedelta(days=14))
        self.add_field("held_at", self.tr("Datum:"), self.held_at)
        self.add_field("present", self.tr("Aanwezig:"), self.present)
        self.add_field("notes", self.tr("Verslag:"), self.notes)
        self.add_field("action", self.tr("Actiepunt:"), self.action)
        self.add_field("owner", self.tr("Wie:"), self.owner)
        self.add_field("due", self.tr("Gereed op:"), self.due)

    def value(self) -> tuple[datetime, str, str, str, str, date]:
        return (
            moment_of(self.held_at),
            self.present.text(),
            self.notes.toPlainText(),
            self.action.text(),
            self.owner.text(),
            pydate(self.due.date()),
        )


class TemplateLineModel(RecordTableModel):
    HEADERS = ("Onderdeel", "Controlepunt")

    def cell(self, record: TemplateLineRecord, column: int, role: int) -> Any:
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        return (record.section, record.text)[column]


class LineDialog(FormDialog):
    def __init__(self, parent: QWidget | None, sections: list[str]) -> None:
        super().__init__(parent, self.tr("Controlepunt toevoegen"))
        self.section = QComboBox(self)
        self.section.setEditable(True)
        self.section.addItems(sections)
        self.text = QPlainTextEdit(self)
        self.text.setFixedHeight(70)
        self.add_field("section", self.tr("Onderdeel:"), self.section)
        self.add_field("text", self.tr("Controlepunt:"), self.text)

    def value(self) -> tuple[str, str]:
        return self.section.currentText(), self.text.toPlainText()

    def accept(self) -> None:
        if not self.section.currentText().strip() or not self.text.toPlainText().strip():
            self.show_errors({"text": self.tr("Vul het onderdeel en het controlepunt in.")})
            return
        super().accept()


class NameDialog(FormDialog):
    def __init__(self, parent: QWidget | None, title: str, name: str) -> None:
        super().__init__(parent, title)
        self.name = QLineEdit(name, self)
        self.add_field("name", self.tr("Naam:"), self.name)

    def accept(self) -> None:
        if not self.name.text().strip():
            self.show_errors({"name": self.tr("Geef een naam.")})
            return
        super().accept()


class EventsPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        context.call(events.ensure_templates)
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
        self.warning.setStyleSheet("color:#7a1d12;")
        register_row = self._row(
            (self.tr("Nieuw evenement…"), self.new_event),
            (self.tr("Wijzigen…"), self.edit_event),
            (self.tr("Nieuwe editie van dit evenement"), self.new_edition),
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
        layout.addLayout(self._row((self.tr("Afvinken…"), self.tick)))
        self.round_combo.currentIndexChanged.connect(self._show_checklist)
        self.item_view.doubleClicked.connect(self.tick)
        return tab

    def _meetings_tab(self) -> QWidget:
        tab = QWidget(self)
        self.meeting_label = QLabel(tab)
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
                "<br>".join(f"<b>{format_datetime(m.held_at)}</b> · {m.present} — {m.notes}" for m in held)
                or self.tr("Nog geen vooroverleg voor %1.").replace("%1", event.name)
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
        data, context, made = dialog.value(), self.context, dict[str, int]()

        def do() -> None:
            made["id"] = context.call(events.create_event, data, reuse_id=made.get("id")).id

        ok = self.edit(self.tr("nieuw evenement"), do, lambda: context.call(events.delete_event, made["id"]))
        if ok:
            self.select_event(made["id"])
        return ok

    def edit_event(self, *_args: object) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        dialog = EventDialog(self, event, event.data.start)
        if not interaction.run_dialog(dialog):
            return False
        data, context = dialog.value(), self.context
        return self.edit(
            self.tr("wijziging evenement"),
            lambda: context.call(events.update_event, event.id, data),
            lambda: context.call(events.update_event, event.id, event.data),
        )

    def new_edition(self) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        context, made = self.context, dict[str, int]()

        def do() -> None:
            made["id"] = context.call(events.new_edition, event.id, reuse_id=made.get("id")).id

        ok = self.edit(self.tr("nieuwe editie"), do, lambda: context.call(events.delete_event, made["id"]))
        if ok:
            self.year_filter.setCurrentIndex(0)
            self.select_event(made["id"])
        return ok

    def fill_checklist(self) -> bool:
        event = self.selected_event()
        template_id = self.template_combo.currentData()
        if event is None or template_id is None:
            return False
        if event.items and not interaction.question(
            self, self.tr("Checklist maken"), self.tr("De huidige (lege) checklist wordt vervangen. Doorgaan?")
        ):
            return False
        context = self.context
        return self.edit(
            self.tr("checklist"),
            lambda: context.call(events.fill_checklist, event.id, template_id),
            lambda: context.call(events.clear_checklist, event.id),
        )

    def tick(self, *_args: object) -> bool:
        rows = self.item_view.selectionModel().selectedRows()
        round_name = self.round_combo.currentText()
        if not rows or not round_name:
            return False
        item: ItemRecord = self.item_model.record(rows[0].row())
        dialog = TickDialog(self, item, round_name, self.context.user)
        if not interaction.run_dialog(dialog):
            return False
        (outcome, inspector, remark), context, previous = dialog.value(), self.context, item.result(round_name)
        at = context.now()
        return self.edit(
            self.tr("controle"),
            lambda: context.call(events.tick, item.id, round_name, outcome, at, inspector, remark),
            lambda: context.call(events.untick, item.id, round_name, previous),
        )

    def add_meeting(self) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        dialog = MeetingDialog(self, self.context.now(), event.data.parties)
        if not interaction.run_dialog(dialog):
            return False
        (held_at, present, notes, action, owner, due), context = dialog.value(), self.context
        made = dict[str, int]()

        def do() -> None:
            made["meeting"] = context.call(
                events.add_meeting, event.id, held_at, present, notes, reuse_id=made.get("meeting")
            ).id
            if action.strip():
                made["point"] = context.call(
                    events.add_point,
                    event.id,
                    action,
                    owner,
                    due,
                    meeting_id=made["meeting"],
                    reuse_id=made.get("point"),
                ).id

        def undo() -> None:
            if "point" in made:
                context.call(events.delete_point, made["point"])
            context.call(events.delete_meeting, made["meeting"])

        return self.edit(self.tr("vooroverleg"), do, undo)

    def add_line(self) -> bool:
        template_id = self.edit_template_combo.currentData()
        if template_id is None:
            return False
        sections = list(dict.fromkeys(line.section for line in self.context.call(events.template_lines, template_id)))
        dialog = LineDialog(self, sections)
        if not interaction.run_dialog(dialog):
            return False
        (section, text), context, made = dialog.value(), self.context, dict[str, events.TemplateLineRecord]()

        def do() -> None:
            old = made.get("line")
            made["line"] = context.call(
                events.add_template_line,
                template_id,
                section,
                text,
                reuse_id=old.id if old else None,
                sort_order=old.sort_order if old else None,
            )

        return self.edit(
            self.tr("controlepunt"), do, lambda: context.call(events.delete_template_line, made["line"].id)
        )

    def remove_line(self) -> bool:
        line: TemplateLineRecord | None = selected_record(self.line_view)
        if line is None:
            return False
        context = self.context
        return self.edit(
            self.tr("controlepunt verwijderd"),
            lambda: context.call(events.delete_template_line, line.id),
            lambda: context.call(
                events.add_template_line,
                line.template_id,
                line.section,
                line.text,
                reuse_id=line.id,
                sort_order=line.sort_order,
            ),
        )

    def copy_template(self) -> bool:
        template_id = self.edit_template_combo.currentData()
        if template_id is None:
            return False
        dialog = NameDialog(
            self, self.tr("Sjabloon kopiëren"), self.edit_template_combo.currentText().split(" (")[0] + " (kopie)"
        )
        if not interaction.run_dialog(dialog):
            return False
        name, context, made = dialog.name.text(), self.context, dict[str, int]()

        def do() -> None:
            made["id"] = context.call(events.copy_template, template_id, name, reuse_id=made.get("id"))

        ok = self.edit(self.tr("sjabloon"), do, lambda: context.call(events.delete_template, made["id"]))
        if ok:
            self.edit_template_combo.setCurrentIndex(self.edit_template_combo.findData(made["id"]))
        return ok

    def finish_point(self) -> bool:
        point: PointRecord | None = selected_record(self.point_view)
        if point is None:
            return False
        context = self.context
        return self.edit(
            self.tr("actiepunt gereed"),
            lambda: context.call(events.set_point_status, point.id, PointStatus.DONE),
            lambda: context.call(events.set_point_status, point.id, point.status),
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
