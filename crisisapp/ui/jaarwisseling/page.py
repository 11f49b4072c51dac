"""Jaarwisseling page: the preparation plan, fireworks-free zones, the log of the night, the comparison."""

from datetime import date
from functools import partial
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from crisisapp.context import AppContext
from crisisapp.dutch import number
from crisisapp.models.jaarwisseling import Incident as NightIncident
from crisisapp.models.jaarwisseling import PrepTask, TaskStatus, Zone
from crisisapp.places import Place
from crisisapp.services import jaarwisseling as nye
from crisisapp.services.organisation import counted
from crisisapp.storage.ownership import HOME
from crisisapp.storage.roles import Owned
from crisisapp.timeutil import format_datetime, to_local
from crisisapp.ui.charts import BarChart
from crisisapp.ui.forms import moment_of, pydate
from crisisapp.ui.jaarwisseling.dialogs import IncidentDialog, TaskDialog, ZoneDialog
from crisisapp.ui.jaarwisseling.models import IncidentModel, TaskModel, ZoneModel
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import labelled, page_header, select_record, table_tab

#: The jaarwisseling, like every record without a municipality, is Maassluis' (storage/roles.py).
NEW_YEAR = Owned("het werk voor de jaarwisseling", HOME)


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
        header.addWidget(
            labelled(self, self.tr("Jaarwisseling van 31 december:"), self.year), 0, Qt.AlignmentFlag.AlignBottom
        )
        header.addWidget(self.year, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.tabs = QTabWidget(self)
        self.task_model, self.zone_model, self.incident_model = TaskModel(), ZoneModel(), IncidentModel()
        self.task_view = table_tab(
            self.tabs,
            self.tr("Voorbereiding"),
            self.task_model,
            (
                (self.tr("Draaiboek uit sjabloon"), lambda: self.make_plan(False), nye.PlanFromTemplate),
                (self.tr("Overnemen van vorig jaar"), lambda: self.make_plan(True), nye.PlanFromLastYear),
                (self.tr("Taak toevoegen…"), self.add_task, nye.AddTask),
            ),
            (110, 520, 140),
            (
                (self.tr("Gereed"), self.finish_task, nye.SetTaskStatus),
                (self.tr("Verwijderen"), self.delete_task, nye.DeleteTask),
            ),
            guard=partial(self.guard, owned=NEW_YEAR),
        )
        self.zone_view = table_tab(
            self.tabs,
            self.tr("Vuurwerkvrije zones"),
            self.zone_model,
            ((self.tr("Zone toevoegen…"), self.add_zone, nye.AddZone),),
            (260, 480),
            ((self.tr("Verwijderen"), self.delete_zone, nye.DeleteZone),),
            guard=partial(self.guard, owned=NEW_YEAR),
        )
        self.incident_view = table_tab(
            self.tabs,
            self.tr("Logboek december en de nacht"),
            self.incident_model,
            ((self.tr("Melding toevoegen…"), self.add_incident, nye.LogIncident),),
            (150, 200, 300, 70),
            ((self.tr("Verwijderen"), self.delete_incident, nye.DeleteIncident),),
            guard=partial(self.guard, owned=NEW_YEAR),
        )
        comparison = QWidget(self)
        comparison_layout = QVBoxLayout(comparison)
        self.comparison_label = QLabel(comparison)
        self.comparison_label.setTextFormat(Qt.TextFormat.RichText)
        self.chart = BarChart(comparison)
        comparison_layout.addWidget(self.comparison_label)
        comparison_layout.addWidget(self.chart, 1)
        self.tabs.addTab(comparison, self.tr("Vergelijking"))
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.year.valueChanged.connect(self.refresh)
        self.print_button.clicked.connect(self.print_requested)
        self.refresh()

    def today(self) -> date:
        return to_local(self.context.now()).date()

    def refresh(self, *_args: object) -> None:
        year, today = self.year.value(), self.today()
        self.task_model.today = today
        view = self.context.call(nye.year_view, year)
        found = view.tasks
        self.task_model.set_rows(found)
        self.zone_model.set_rows(view.zones)
        self.incident_model.set_rows(view.incidents)
        open_tasks = sum(1 for t in found if t.status is not TaskStatus.DONE)
        days = (nye.nye(year) - today).days
        if days > 0:
            when = self.tr("nog %1").replace("%1", counted(days, self.tr("dag"), self.tr("dagen")))
        else:
            when = self.tr("vandaag") if days == 0 else self.tr("geweest")
        self.subtitle.setText(
            self.tr("31 december %1: %2 · %3 open")
            .replace("%1", str(year))
            .replace("%2", when)
            .replace("%3", counted(open_tasks, self.tr("voorbereidingstaak"), self.tr("voorbereidingstaken")))
        )
        summaries = view.comparison
        head = "".join(f"<th>&nbsp;{y.year}–{y.year + 1}&nbsp;</th>" for y in summaries)
        body = "".join(
            f"<tr><td>{escape(kind)}</td>"
            + "".join(
                f"<td align='right'>{number(y.counts.get(kind, 0)) if y.recorded else '—'}</td>" for y in summaries
            )
            + "</tr>"
            for kind in nye.INCIDENT_KINDS
        )
        damage = "".join(
            f"<td align='right'>{nye.euros(y.damage_euros) if y.recorded else '—'}</td>" for y in summaries
        )
        kind_header, damage_label = escape(self.tr("Soort")), escape(self.tr("schade"))
        note = escape(self.tr("— : over dat jaar is niets vastgelegd."))
        self.comparison_label.setText(
            f"<table cellspacing=4><tr><th align='left'>{kind_header}</th>{head}</tr>{body}"
            f"<tr><td>{damage_label}</td>{damage}</tr></table><p>{note}</p>"
        )
        recorded = [y for y in summaries if y.recorded]
        self.chart.show_counts(
            self.tr("Meldingen per jaarwisseling"),
            [f"{y.year}–{y.year + 1}" for y in recorded],
            [(self.tr("meldingen"), [float(sum(y.counts.values())) for y in recorded])],
        )

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & nye.TABLES:
            self.refresh()

    def reveal(self, place: Place, key: object) -> None:
        self.tabs.setCurrentIndex(0)
        select_record(self.task_view, key)

    def make_plan(self, from_previous: bool) -> bool:
        plan = nye.PlanFromLastYear if from_previous else nye.PlanFromTemplate
        return self.succeeded(plan(self.year.value()))

    def add_task(self) -> bool:
        dialog = TaskDialog(self, nye.nye(self.year.value()))
        return self.submitted(
            dialog,
            lambda: nye.AddTask(
                self.year.value(), dialog.description.text(), dialog.owner.currentText(), pydate(dialog.deadline.date())
            ),
        )

    def finish_task(self) -> bool:
        return self.execute_on_selected(
            self.task_view, lambda task: nye.SetTaskStatus(task.id, TaskStatus.DONE), (PrepTask, self.tr("Deze taak"))
        )

    def delete_task(self) -> bool:
        return self.delete_selected(
            self.task_view,
            lambda t: self.tr("De taak ‘%1’").replace("%1", t.description),
            lambda t: nye.DeleteTask(t.id),
            (PrepTask, self.tr("Deze taak")),
        )

    def add_zone(self) -> bool:
        dialog = ZoneDialog(self)
        return self.submitted(
            dialog,
            lambda: nye.AddZone(self.year.value(), dialog.name.text(), dialog.description.text(), dialog.period.text()),
        )

    def delete_zone(self) -> bool:
        return self.delete_selected(
            self.zone_view,
            lambda z: self.tr("De vuurwerkvrije zone ‘%1’").replace("%1", z.name),
            lambda z: nye.DeleteZone(z.id),
            (Zone, self.tr("Deze zone")),
        )

    def add_incident(self) -> bool:
        year = self.year.value()
        dialog = IncidentDialog(self, nye.report_moment(year, self.context.now()))
        return self.submitted(
            dialog,
            lambda: nye.LogIncident(
                year,
                moment_of(dialog.at),
                dialog.kind.currentText(),
                dialog.location.text(),
                dialog.count.value(),
                dialog.damage.value(),
            ),
        )

    def delete_incident(self) -> bool:
        return self.delete_selected(
            self.incident_view,
            lambda i: self.tr("De melding %1 van %2").replace("%1", i.kind).replace("%2", format_datetime(i.at)),
            lambda i: nye.DeleteIncident(i.id),
            (NightIncident, self.tr("Deze melding")),
        )

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        from crisisapp.documents import jaarwisseling_document

        year = self.year.value()
        pdf = self.context.call(jaarwisseling_document, year, self.context.now())
        return PrintJob(self.tr("Jaarwisseling %1").replace("%1", str(year)), pdf, f"jaarwisseling-{year}.pdf")
