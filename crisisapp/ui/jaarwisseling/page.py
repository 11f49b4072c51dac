"""Jaarwisseling page: the preparation plan, fireworks-free zones, the log of the night, the comparison."""

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.models.jaarwisseling import TaskStatus
from crisisapp.places import Place
from crisisapp.services import jaarwisseling as nye
from crisisapp.services.jaarwisseling import IncidentRecord, TaskRecord, ZoneRecord
from crisisapp.timeutil import format_date, format_datetime, to_local, to_utc
from crisisapp.ui import interaction
from crisisapp.ui.charts import bar_chart, replace_chart
from crisisapp.ui.forms import FormDialog, date_edit, datetime_edit, moment_of, pydate
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import DISPLAY, RecordTableModel, page_header, select_record, table_tab

LATE = QColor("#fde8e6")


class TaskModel(RecordTableModel):
    HEADERS = ("Deadline", "Taak", "Eigenaar", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.today = date.min

    def cell(self, record: TaskRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.overdue(self.today):
            return QBrush(LATE)
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        status = record.status.value + (" · te laat" if record.overdue(self.today) else "")
        return (format_date(record.deadline), record.description, record.owner, status)[column]


class ZoneModel(RecordTableModel):
    HEADERS = ("Zone", "Omschrijving", "Periode")

    def cell(self, record: ZoneRecord, column: int, role: int) -> Any:
        return (record.name, record.description, record.period)[column] if role == DISPLAY else None


class IncidentModel(RecordTableModel):
    HEADERS = ("Tijd", "Soort", "Locatie", "Aantal", "Schade")

    def cell(self, record: IncidentRecord, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        return (
            format_datetime(record.at),
            record.kind,
            record.location,
            str(record.count),
            nye.euros(record.damage_euros),
        )[column]


class TaskDialog(FormDialog):
    def __init__(self, parent: QWidget | None, deadline: date) -> None:
        super().__init__(parent, self.tr("Taak jaarwisseling"))
        self.description = QLineEdit(self)
        self.owner = QComboBox(self)
        self.owner.setEditable(True)
        self.owner.addItems(list(nye.OWNERS))
        self.deadline = date_edit(self, deadline)
        self.add_field("description", self.tr("Taak:"), self.description)
        self.add_field("owner", self.tr("Eigenaar:"), self.owner)
        self.add_field("deadline", self.tr("Deadline:"), self.deadline)
        self.require("description", self.description, self.tr("Beschrijf de taak."))


class ZoneDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, self.tr("Vuurwerkvrije zone"))
        self.name, self.description, self.period = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.period.setPlaceholderText(self.tr("bijvoorbeeld: 31 dec 18:00 – 1 jan 02:00"))
        self.add_field("name", self.tr("Naam:"), self.name)
        self.add_field("description", self.tr("Omschrijving:"), self.description)
        self.add_field("period", self.tr("Periode:"), self.period)
        self.require("name", self.name, self.tr("Geef de zone een naam."))


class IncidentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, at: datetime) -> None:
        super().__init__(parent, self.tr("Melding jaarwisseling"))
        self.at = datetime_edit(self, at)
        self.kind = QComboBox(self)
        self.kind.addItems(list(nye.INCIDENT_KINDS))
        self.location = QLineEdit(self)
        self.count = QSpinBox(self)
        self.count.setRange(1, 10000)
        self.damage = QSpinBox(self)
        self.damage.setRange(0, 10_000_000)
        self.damage.setPrefix("€ ")
        self.add_fields(
            ("at", self.tr("Tijd:"), self.at),
            ("kind", self.tr("Soort:"), self.kind),
            ("location", self.tr("Locatie:"), self.location),
            ("count", self.tr("Aantal:"), self.count),
            ("damage_euros", self.tr("Schade:"), self.damage),
        )


class JaarwisselingPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        titles, self.subtitle = page_header(self, self.tr("Jaarwisseling"), "")
        today = to_local(context.now()).date()
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year if today.month >= 8 else today.year - 1)
        self.print_button = QPushButton(self.tr("Afdrukken…"), self)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(QLabel(self.tr("Jaarwisseling van 31 december:"), self), 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.year, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.tabs = QTabWidget(self)
        self.task_model, self.zone_model, self.incident_model = TaskModel(), ZoneModel(), IncidentModel()
        self.task_view = table_tab(
            self.tabs,
            self.tr("Voorbereiding"),
            self.task_model,
            (
                (self.tr("Draaiboek uit sjabloon"), lambda: self.make_plan(False)),
                (self.tr("Overnemen van vorig jaar"), lambda: self.make_plan(True)),
                (self.tr("Taak toevoegen…"), self.add_task),
                (self.tr("Gereed"), self.finish_task),
                (self.tr("Verwijderen"), self.delete_task),
            ),
            (110, 520, 140),
        )
        self.zone_view = table_tab(
            self.tabs,
            self.tr("Vuurwerkvrije zones"),
            self.zone_model,
            ((self.tr("Zone toevoegen…"), self.add_zone), (self.tr("Verwijderen"), self.delete_zone)),
            (260, 480),
        )
        self.incident_view = table_tab(
            self.tabs,
            self.tr("Logboek december en de nacht"),
            self.incident_model,
            ((self.tr("Melding toevoegen…"), self.add_incident), (self.tr("Verwijderen"), self.delete_incident)),
            (150, 200, 300, 70),
        )
        comparison = QWidget(self)
        self.comparison_layout = QVBoxLayout(comparison)
        self.comparison_label = QLabel(comparison)
        self.comparison_label.setTextFormat(Qt.TextFormat.RichText)
        self.comparison_layout.addWidget(self.comparison_label)
        self.tabs.addTab(comparison, self.tr("Vergelijking"))
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.year.valueChanged.connect(self.refresh)
        self.print_button.clicked.connect(self.print_requested)
        self.chart: QWidget | None = None
        self.refresh()

    def today(self) -> date:
        return to_local(self.context.now()).date()

    def refresh(self, *_args: object) -> None:
        year, today = self.year.value(), self.today()
        self.task_model.today = today
        found = self.context.call(nye.tasks, year)
        self.task_model.set_rows(found)
        self.zone_model.set_rows(self.context.call(nye.zones, year))
        self.incident_model.set_rows(self.context.call(nye.incidents, year))
        open_tasks = sum(1 for t in found if t.status is not TaskStatus.DONE)
        days = (nye.nye(year) - today).days
        when = self.tr("nog %1 dagen").replace("%1", str(days)) if days >= 0 else self.tr("geweest")
        self.subtitle.setText(
            self.tr("31 december %1: %2 · %3 voorbereidingstaken open")
            .replace("%1", str(year))
            .replace("%2", when)
            .replace("%3", str(open_tasks))
        )
        years = list(range(year - 4, year + 1))
        summaries = self.context.call(nye.comparison, years)
        head = "".join(f"<th>&nbsp;{y.year}–{y.year + 1}&nbsp;</th>" for y in summaries)
        body = "".join(
            f"<tr><td>{kind}</td>"
            + "".join(f"<td align='right'>{y.counts.get(kind, 0) if y.recorded else '—'}</td>" for y in summaries)
            + "</tr>"
            for kind in nye.INCIDENT_KINDS
        )
        damage = "".join(
            f"<td align='right'>{nye.euros(y.damage_euros) if y.recorded else '—'}</td>" for y in summaries
        )
        kind_header, damage_label = self.tr("Soort"), self.tr("schade")
        self.comparison_label.setText(
            f"<table cellspacing=4><tr><th align='left'>{kind_header}</th>{head}</tr>{body}"
            f"<tr><td>{damage_label}</td>{damage}</tr></table>"
            + self.tr("<p>— : over dat jaar is niets vastgelegd.</p>")
        )
        recorded = [y for y in summaries if y.recorded]
        chart = bar_chart(
            self,
            self.tr("Meldingen per jaarwisseling"),
            [f"{y.year}–{y.year + 1}" for y in recorded],
            [(self.tr("meldingen"), [float(sum(y.counts.values())) for y in recorded])],
        )
        self.chart = replace_chart(self.comparison_layout, self.chart, chart)

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & nye.TABLES:
            self.refresh()

    def reveal(self, place: Place, key: object) -> None:
        self.tabs.setCurrentIndex(0)
        select_record(self.task_view, key)

    def make_plan(self, from_previous: bool) -> bool:
        year, context = self.year.value(), self.context

        def undo() -> None:
            for task in context.call(nye.tasks, year):
                context.call(nye.delete_task, task.id)

        ok = self.edit(
            self.tr("draaiboek"), lambda: context.call(nye.make_plan, year, from_previous=from_previous), undo
        )
        return ok

    def add_task(self) -> bool:
        dialog = TaskDialog(self, nye.nye(self.year.value()))
        if not interaction.run_dialog(dialog):
            return False
        year, context, made = self.year.value(), self.context, dict[str, int]()
        text, owner, deadline = dialog.description.text(), dialog.owner.currentText(), pydate(dialog.deadline.date())

        def do() -> None:
            made["id"] = context.call(nye.add_task, year, text, owner, deadline, reuse_id=made.get("id"))

        return self.edit(self.tr("taak"), do, lambda: context.call(nye.delete_task, made["id"]))

    def finish_task(self) -> bool:
        context = self.context
        return self.edit_selected(
            self.task_view,
            self.tr("taak gereed"),
            lambda task: context.call(nye.set_task_status, task.id, TaskStatus.DONE),
            lambda task: context.call(nye.set_task_status, task.id, task.status),
        )

    def delete_task(self) -> bool:
        context = self.context

        def restore(task: TaskRecord) -> None:
            context.call(nye.add_task, task.year, task.description, task.owner, task.deadline, reuse_id=task.id)
            context.call(nye.set_task_status, task.id, task.status)

        return self.edit_selected(
            self.task_view, self.tr("taak verwijderd"), lambda task: context.call(nye.delete_task, task.id), restore
        )

    def delete_zone(self) -> bool:
        context = self.context
        return self.edit_selected(
            self.zone_view,
            self.tr("zone verwijderd"),
            lambda zone: context.call(nye.delete_zone, zone.id),
            lambda zone: context.call(
                nye.add_zone, zone.year, zone.name, zone.description, zone.period, reuse_id=zone.id
            ),
        )

    def delete_incident(self) -> bool:
        context = self.context

        def restore(i: IncidentRecord) -> None:
            context.call(nye.log_incident, i.year, i.at, i.kind, i.location, i.count, i.damage_euros, reuse_id=i.id)

        return self.edit_selected(
            self.incident_view,
            self.tr("melding verwijderd"),
            lambda incident: context.call(nye.delete_incident, incident.id),
            restore,
        )

    def add_zone(self) -> bool:
        dialog = ZoneDialog(self)
        if not interaction.run_dialog(dialog):
            return False
        year, context, made = self.year.value(), self.context, dict[str, int]()
        name, description, period = dialog.name.text(), dialog.description.text(), dialog.period.text()

        def do() -> None:
            made["id"] = context.call(nye.add_zone, year, name, description, period, reuse_id=made.get("id"))

        return self.edit(self.tr("zone"), do, lambda: context.call(nye.delete_zone, made["id"]))

    def add_incident(self) -> bool:
        year = self.year.value()
        dialog = IncidentDialog(self, to_utc(datetime.combine(nye.nye(year), time(23, 0))))
        if not interaction.run_dialog(dialog):
            return False
        context, made = self.context, dict[str, int]()
        values = (
            moment_of(dialog.at),
            dialog.kind.currentText(),
            dialog.location.text(),
            dialog.count.value(),
            dialog.damage.value(),
        )

        def do() -> None:
            made["id"] = context.call(nye.log_incident, year, *values, reuse_id=made.get("id"))

        return self.edit(self.tr("melding"), do, lambda: context.call(nye.delete_incident, made["id"]))

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        from crisisapp.documents import jaarwisseling_document

        year = self.year.value()
        pdf = self.context.call(jaarwisseling_document, year, self.context.now())
        return PrintJob(self.tr("Jaarwisseling %1").replace("%1", str(year)), pdf, f"jaarwisseling-{year}.pdf")
