"""OTO page: the year plan with its targets, an activity's participants and live drill, results and the
trend, evaluations with action points, and the norms."""

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.models.oto import KIND_LABELS, ActionStatus, ActivityKind, ActivityStatus, Presence
from crisisapp.places import Place
from crisisapp.services import organisation, oto
from crisisapp.services.oto import ActivityRecord, Figures, FindingRecord, NormRecord, ParticipantRecord
from crisisapp.timeutil import format_date, format_datetime, to_local, to_utc
from crisisapp.ui import interaction
from crisisapp.ui.oto.dialogs import (
    ActivityDialog,
    DrillDialog,
    FindingDialog,
    InviteDialog,
    NormDialog,
    ResponseDialog,
)
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import DISPLAY, RecordTableModel, page_header, record_table, select_record, selected_record

OVERDUE = QColor("#f8d4d0")


def _minutes(value: float | None) -> str:
    if value is None:
        return "—"
    whole = int(value)
    return f"{whole}:{round((value - whole) * 60):02d}"


class ActivityModel(RecordTableModel):
    HEADERS = ("Nr.", "Wanneer", "Activiteit", "Soort", "Locatie", "Status", "Deelnemers")

    def __init__(self) -> None:
        super().__init__()
        self.internal = False

    def cell(self, record: ActivityRecord, column: int, role: int) -> Any:
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        hidden = record.unannounced and not self.internal
        return (
            str(record.id),
            oto.when_text(record, internal=self.internal),
            record.title,
            KIND_LABELS[record.kind],
            "" if hidden else record.location,
            record.status.value,
            str(record.participants),
        )[column]


class ParticipantModel(RecordTableModel):
    HEADERS = ("Naam", "Gemeente", "Status", "Reactie", "Aankomst")

    def cell(self, record: ParticipantRecord, column: int, role: int) -> Any:
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        return (
            record.name,
            record.municipality,
            record.presence.value,
            format_datetime(record.acknowledged_at) if record.acknowledged_at else "",
            format_datetime(record.arrived_at) if record.arrived_at else "",
        )[column]


class FiguresModel(RecordTableModel):
    HEADERS = ("", "Uitgenodigd", "Afgemeld", "Afwezig", "Gereageerd", "Binnen norm", "Mediaan", "Langzaamst")

    def cell(self, record: tuple[str, Figures], column: int, role: int) -> Any:
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        name, f = record
        return (
            name,
            str(f.invited),
            str(f.excused),
            str(f.absent),
            f"{f.responded} ({round(100 * f.response_rate)}%)",
            str(f.within_norm),
            _minutes(f.median_minutes),
            _minutes(f.slowest_minutes),
        )[column]


class FindingModel(RecordTableModel):
    HEADERS = ("Activiteit", "Bevinding", "Eigenaar", "Gereed op", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.today = date.min

    def cell(self, record: FindingRecord, column: int, role: int) -> Any:
        if role in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            status = record.status.value if record.status else "bevinding"
            if record.overdue(self.today):
                status += " · te laat"
            return (
                record.activity_title,
                record.description,
                record.owner,
                format_date(record.due) if record.due else "",
                status,
            )[column]
        if role == Qt.ItemDataRole.BackgroundRole and record.overdue(self.today):
            return QBrush(OVERDUE)
        return None


class NormModel(RecordTableModel):
    HEADERS = ("Soort", "Reactie binnen", "Opkomst binnen", "Onaangekondigd", "Doel per jaar", "Uitgevoerd", "Gepland")

    def __init__(self) -> None:
        super().__init__()
        self.progress: dict[ActivityKind, tuple[int, int, int]] = {}

    def cell(self, record: NormRecord, column: int, role: int) -> Any:
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        done, planned, _target = self.progress.get(record.kind, (0, 0, 0))
        return (
            KIND_LABELS[record.kind],
            f"{record.acknowledge_minutes} min" if record.acknowledge_minutes else "—",
            f"{record.arrival_minutes} min" if record.arrival_minutes else "—",
            "ja" if record.unannounced else "nee",
            str(record.yearly_target),
            str(done),
            str(planned),
        )[column]


class OtoPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        titles, self.subtitle = page_header(self, self.tr("OTO: opleiden, trainen, oefenen"), "")
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(to_local(context.now()).year)
        self.internal = QCheckBox(self.tr("Coördinatorweergave (data van onaangekondigde oefeningen)"), self)
        self.print_button = QPushButton(self.tr("Afdrukken…"), self)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(QLabel(self.tr("Jaar:"), self), 0, Qt.AlignmentFlag.AlignBottom)
        for widget in (self.year, self.internal, self.print_button):
            header.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._plan_tab(), self.tr("Jaarplan"))
        self.tabs.addTab(self._activity_tab(), self.tr("Deelnemers en resultaten"))
        self.tabs.addTab(self._findings_tab(), self.tr("Evaluatie en actiepunten"))
        self.tabs.addTab(self._norms_tab(), self.tr("Normen en doelen"))
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.year.valueChanged.connect(self.refresh)
        self.internal.toggled.connect(self.refresh)
        self.print_button.clicked.connect(self.print_requested)
        self.refresh()

    def today(self) -> date:
        return to_local(self.context.now()).date()

    # -- tabs ---------------------------------------------------------------------------------------------------

    def _buttons(
        self, parent: QWidget, *pairs: tuple[str, Callable[[], object]]
    ) -> tuple[QHBoxLayout, list[QPushButton]]:
        row, buttons = QHBoxLayout(), []
        for text, slot in pairs:
            button = QPushButton(text, parent)
            button.clicked.connect(slot)
            row.addWidget(button)
            buttons.append(button)
        row.addStretch(1)
        return row, buttons

    def _plan_tab(self) -> QWidget:
        tab = QWidget(self)
        self.progress_label = QLabel(tab)
        self.progress_label.setWordWrap(True)
        self.activity_model = ActivityModel()
        self.activity_view = record_table(tab, self.activity_model)
        self.activity_view.setWordWrap(False)
        self.activity_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((40, 220, 300, 160, 200, 100)):
            self.activity_view.setColumnWidth(column, width)
        row, (self.new_button, self.edit_button, self.done_button, self.cancel_button, self.export_button) = (
            self._buttons(
                tab,
                (self.tr("Nieuwe activiteit…"), self.new_activity),
                (self.tr("Wijzigen…"), self.edit_activity),
                (self.tr("Uitgevoerd"), lambda: self.set_status(ActivityStatus.DONE)),
                (self.tr("Annuleren"), lambda: self.set_status(ActivityStatus.CANCELLED)),
                (self.tr("Exporteren (iCalendar)…"), self.export_ics),
            )
        )
        quarters = QHBoxLayout()
        self.quarter_labels: list[QLabel] = []
        for _quarter in range(4):
            label = QLabel(tab)
            label.setObjectName("quarter")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setWordWrap(True)
            label.setStyleSheet("background:#eef3f8; padding:6px; border-radius:4px;")
            quarters.addWidget(label, 1)
            self.quarter_labels.append(label)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.progress_label)
        layout.addLayout(quarters)
        layout.addWidget(self.activity_view, 1)
        layout.addLayout(row)
        self.activity_view.selectionModel().selectionChanged.connect(self._show_activity)
        self.activity_view.doubleClicked.connect(self.edit_activity)
        return tab

    def _activity_tab(self) -> QWidget:
        tab = QWidget(self)
        self.activity_label = QLabel(tab)
        self.participant_model = ParticipantModel()
        self.participant_view = record_table(tab, self.participant_model)
        self.participant_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((200, 110, 100, 150)):
            self.participant_view.setColumnWidth(column, width)
        row, (self.invite_button, self.drill_button, self.correct_button, self.absent_button, self.excused_button) = (
            self._buttons(
                tab,
                (self.tr("Deelnemers uitnodigen…"), self.invite),
                (self.tr("Oefening starten…"), self.run_drill),
                (self.tr("Tijd invoeren of corrigeren…"), self.correct),
                (self.tr("Afwezig"), lambda: self.mark(Presence.ABSENT)),
                (self.tr("Afgemeld"), lambda: self.mark(Presence.EXCUSED)),
            )
        )
        self.figures_model = FiguresModel()
        self.figures_view = record_table(tab, self.figures_model)
        self.figures_view.setColumnWidth(0, 230)
        self.trend_kind = QComboBox(tab)
        for kind in oto.DRILLS:
            self.trend_kind.addItem(self.tr(KIND_LABELS[kind]), kind)
        self.chart_box = QVBoxLayout()
        upper, lower = QWidget(tab), QWidget(tab)
        upper_layout, lower_layout = QVBoxLayout(upper), QHBoxLayout(lower)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.activity_label)
        upper_layout.addWidget(self.participant_view, 1)
        upper_layout.addLayout(row)
        lower_layout.addWidget(self.figures_view, 3)
        trend = QVBoxLayout()
        trend.addWidget(self.trend_kind)
        trend.addLayout(self.chart_box, 1)
        lower_layout.addLayout(trend, 2)
        splitter = QSplitter(Qt.Orientation.Vertical, tab)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        layout = QVBoxLayout(tab)
        layout.addWidget(splitter)
        self.trend_kind.currentIndexChanged.connect(self._show_trend)
        return tab

    def _findings_tab(self) -> QWidget:
        tab = QWidget(self)
        self.findings_label = QLabel(tab)
        self.finding_model = FindingModel()
        self.finding_view = record_table(tab, self.finding_model)
        self.finding_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((220, 420, 160, 120)):
            self.finding_view.setColumnWidth(column, width)
        self.show_all_open = QCheckBox(self.tr("Alle open actiepunten van alle activiteiten"), tab)
        self.show_all_open.setChecked(True)
        row, (self.add_finding_button, self.finding_done_button) = self._buttons(
            tab,
            (self.tr("Bevinding of actiepunt toevoegen…"), self.add_finding),
            (self.tr("Actiepunt gereed"), self.finish_action),
        )
        layout = QVBoxLayout(tab)
        layout.addWidget(self.show_all_open)
        layout.addWidget(self.findings_label)
        layout.addWidget(self.finding_view, 1)
        layout.addLayout(row)
        self.show_all_open.toggled.connect(self._show_findings)
        return tab

    def _norms_tab(self) -> QWidget:
        tab = QWidget(self)
        self.norm_model = NormModel()
        self.norm_view = record_table(tab, self.norm_model)
        self.norm_view.horizontalHeader().setStretchLastSection(True)
        self.norm_view.setColumnWidth(0, 200)
        row, _ = self._buttons(tab, (self.tr("Norm wijzigen…"), self.edit_norm))
        layout = QVBoxLayout(tab)
        layout.addWidget(self.norm_view, 1)
        layout.addLayout(row)
        self.norm_view.doubleClicked.connect(self.edit_norm)
        return tab

    # -- showing -----------------------------------------------------------------------------------------------

    def refresh(self, *_args: object) -> None:
        selected = self.selected_activity()
        year = self.year.value()
        activities = self.context.call(oto.list_activities, year)
        self.activity_model.internal = self.internal.isChecked()
        self.activity_model.set_rows(activities)
        progress = self.context.call(oto.progress, year)
        self.progress_label.setText(
            self.tr("Voortgang %1: ").replace("%1", str(year))
            + " · ".join(
                f"{KIND_LABELS[k]} {done}+{planned} gepland / doel {target}"
                for k, (done, planned, target) in progress.items()
                if target or done or planned
            )
        )
        self.subtitle.setText(
            self.tr("%1 activiteiten in %2").replace("%1", str(len(activities))).replace("%2", str(year))
        )
        self._show_quarters(activities)
        self.norm_model.progress = progress
        self.norm_model.set_rows(tuple(self.context.call(oto.norms).values()))
        if selected is not None:
            self.select_activity(selected.id)
        self._show_activity()
        self._show_trend()

    def _show_quarters(self, activities: tuple[ActivityRecord, ...]) -> None:
        """The year at a glance: per quarter its activities, unannounced ones without their date."""
        internal = self.internal.isChecked()
        for quarter, label in enumerate(self.quarter_labels):
            lines = [f"<b>{oto.QUARTERS[quarter]} kwartaal</b>"]
            for activity in activities:
                if (to_local(activity.start).month - 1) // 3 != quarter:
                    continue
                when = (
                    self.tr("onaangekondigd")
                    if activity.unannounced and not internal
                    else f"{to_local(activity.start):%d-%m}"
                )
                struck = activity.status is ActivityStatus.CANCELLED
                text = f"{when} {activity.title}"
                lines.append(f"<s>{text}</s>" if struck else text)
            label.setText("<br>".join(lines))

    def selected_activity(self) -> ActivityRecord | None:
        record: ActivityRecord | None = selected_record(self.activity_view)
        return record

    def select_activity(self, activity_id: int) -> None:
        select_record(self.activity_view, activity_id)

    def _show_activity(self, *_args: object) -> None:
        activity = self.selected_activity()
        for button in (
            self.edit_button,
            self.done_button,
            self.cancel_button,
            self.invite_button,
            self.drill_button,
            self.correct_button,
            self.absent_button,
            self.excused_button,
            self.add_finding_button,
        ):
            button.setEnabled(activity is not None)
        if activity is None:
            self.activity_label.setText(self.tr("Kies een activiteit in het jaarplan."))
            self.participant_model.set_rows(())
            self.figures_model.set_rows(())
        else:
            self.activity_label.setText(
                f"<b>{activity.title}</b> · {KIND_LABELS[activity.kind]} · "
                f"{oto.when_text(activity, internal=self.internal.isChecked())} · {activity.status.value}"
            )
            self.participant_model.set_rows(self.context.call(oto.participants, activity.id))
            result = self.context.call(oto.results, activity.id)
            self.figures_model.set_rows([("Totaal", result.total), *result.by_team, *result.by_function])
        self._show_findings()

    def _show_findings(self, *_args: object) -> None:
        activity = self.selected_activity()
        self.finding_model.today = self.today()
        if self.show_all_open.isChecked():
            rows = self.context.call(oto.findings, open_actions_only=True)
            overdue = sum(1 for f in rows if f.overdue(self.today()))
            self.findings_label.setText(
                self.tr("%1 open actiepunten, waarvan %2 te laat")
                .replace("%1", str(len(rows)))
                .replace("%2", str(overdue))
            )
        else:
            rows = self.context.call(oto.findings, activity.id) if activity else ()
            self.findings_label.setText(activity.title if activity else self.tr("Kies een activiteit in het jaarplan."))
        self.finding_model.set_rows(rows)

    def _show_trend(self, *_args: object) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis

        while (item := self.chart_box.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        kind = ActivityKind(self.trend_kind.currentData())
        years = list(range(self.year.value() - 4, self.year.value() + 1))
        figures = self.context.call(oto.trend, kind, years)
        responded, within = QBarSet(self.tr("gereageerd %")), QBarSet(self.tr("binnen de norm %"))
        for year in figures:
            responded.append(round(100 * (year.response_rate or 0)))
            within.append(round(100 * (year.within_norm_rate or 0)))
        series = QBarSeries()
        series.append(responded)
        series.append(within)
        chart = QChart()
        chart.addSeries(series)
        chart.setTitle(self.tr("Trend %1 per jaar").replace("%1", KIND_LABELS[kind]))
        axis_x = QBarCategoryAxis()
        axis_x.append([f"{f.year} ({f.held}×)" for f in figures])
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.trend_figures = figures
        view = QChartView(chart, self)
        view.setMinimumHeight(180)
        self.chart_box.addWidget(view)

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & (oto.TABLES | {"person", "assignment"}):
            self.refresh()

    def reveal(self, place: Place, key: object) -> None:
        if place is Place.OTO_ACTION:
            self.tabs.setCurrentIndex(2)
            self.show_all_open.setChecked(True)
            select_record(self.finding_view, key)
            return
        activity = self.context.call(oto.get_activity, int(str(key)))
        self.year.setValue(to_local(activity.start).year)
        self.select_activity(activity.id)
        self.tabs.setCurrentIndex(1)

    # -- editing --------------------------------------------------------------------------------------------------

    def new_activity(self) -> bool:
        norms = self.context.call(oto.norms)
        start = to_utc(datetime.combine(self.today(), time(19, 0)))
        dialog = ActivityDialog(self, None, start, {k for k, n in norms.items() if n.unannounced})
        if not interaction.run_dialog(dialog):
            return False
        data, context, made = dialog.value(), self.context, dict[str, int]()

        def do() -> None:
            made["id"] = context.call(oto.create_activity, data, reuse_id=made.get("id")).id

        ok = self.edit(self.tr("nieuwe activiteit"), do, lambda: context.call(oto.delete_activity, made["id"]))
        if ok:
            self.year.setValue(to_local(data.start).year)
            self.select_activity(made["id"])
        return ok

    def edit_activity(self, *_args: object) -> bool:
        activity = self.selected_activity()
        if activity is None:
            return False
        dialog = ActivityDialog(self, activity, activity.start, set())
        if not interaction.run_dialog(dialog):
            return False
        data, before, context = dialog.value(), activity.as_input(), self.context
        return self.edit(
            self.tr("wijziging activiteit"),
            lambda: context.call(oto.update_activity, activity.id, data),
            lambda: context.call(oto.update_activity, activity.id, before),
        )

    def set_status(self, status: ActivityStatus) -> bool:
        activity = self.selected_activity()
        if activity is None:
            return False
        context = self.context
        return self.edit(
            self.tr("status %1").replace("%1", status.value),
            lambda: context.call(oto.set_status, activity.id, status),
            lambda: context.call(oto.set_status, activity.id, activity.status),
        )

    def invite(self) -> bool:
        activity = self.selected_activity()
        if activity is None:
            return False
        dialog = InviteDialog(
            self, self.context.call(organisation.list_teams), self.context.call(organisation.list_people)
        )
        if not interaction.run_dialog(dialog):
            return False
        team, function, chosen = dialog.value()
        day = to_local(activity.start).date()
        people = list(chosen)
        if team is not None:
            people += self.context.call(oto.people_of, team_id=team, on=day)
        if function is not None:
            people += self.context.call(oto.people_of, function_id=function, on=day)
        context, added = self.context, dict[str, list[int]]()

        def do() -> None:
            added["ids"] = context.call(oto.add_participants, activity.id, people)

        return self.edit(
            self.tr("deelnemers"), do, lambda: context.call(oto.remove_participants, activity.id, added["ids"])
        )

    def run_drill(self) -> bool:
        activity = self.selected_activity()
        if activity is None:
            return False
        context, activity_id = self.context, activity.id
        if activity.alarm_at is None:
            moment = context.now()
            if not self.edit(
                self.tr("alarm verstuurd"),
                lambda: context.call(oto.start_alarm, activity_id, moment),
                lambda: context.call(oto.start_alarm, activity_id, None),
            ):
                return False
            activity = context.call(oto.get_activity, activity_id)
        norm = context.call(oto.norms)[activity.kind]
        arrival = activity.kind is ActivityKind.OPKOMST
        people = {p.person_id: p for p in context.call(oto.participants, activity.id)}

        def register(person_id: int, moment: datetime) -> bool:
            before = people[person_id]
            ack, arrived = (before.acknowledged_at, moment) if arrival else (moment, None)
            return self.edit(
                self.tr("reactie %1").replace("%1", before.name),
                lambda: context.call(oto.set_response, activity.id, person_id, Presence.RESPONDED, ack, arrived),
                lambda: context.call(
                    oto.set_response, activity.id, person_id, before.presence, before.acknowledged_at, before.arrived_at
                ),
            )

        dialog = DrillDialog(
            self,
            activity,
            tuple(people.values()),
            norm.arrival_minutes if arrival else norm.acknowledge_minutes,
            context.now,
            register,
        )
        self.drill = dialog
        interaction.run_dialog(dialog)
        return True

    def correct(self) -> bool:
        activity = self.selected_activity()
        rows = self.participant_view.selectionModel().selectedRows()
        if activity is None or not rows:
            return False
        person: ParticipantRecord = self.participant_model.record(rows[0].row())
        dialog = ResponseDialog(self, person, activity.alarm_at or activity.start)
        if not interaction.run_dialog(dialog):
            return False
        (presence, ack, arrival), context = dialog.value(), self.context
        return self.edit(
            self.tr("tijd %1").replace("%1", person.name),
            lambda: context.call(oto.set_response, activity.id, person.person_id, presence, ack, arrival),
            lambda: context.call(
                oto.set_response,
                activity.id,
                person.person_id,
                person.presence,
                person.acknowledged_at,
                person.arrived_at,
            ),
        )

    def mark(self, presence: Presence) -> bool:
        activity = self.selected_activity()
        rows = self.participant_view.selectionModel().selectedRows()
        if activity is None or not rows:
            return False
        person: ParticipantRecord = self.participant_model.record(rows[0].row())
        context = self.context
        return self.edit(
            self.tr("%1: %2").replace("%1", person.name).replace("%2", presence.value),
            lambda: context.call(oto.set_response, activity.id, person.person_id, presence, None, None),
            lambda: context.call(
                oto.set_response,
                activity.id,
                person.person_id,
                person.presence,
                person.acknowledged_at,
                person.arrived_at,
            ),
        )

    def add_finding(self) -> bool:
        activity = self.selected_activity()
        if activity is None:
            return False
        dialog = FindingDialog(self, self.today())
        if not interaction.run_dialog(dialog):
            return False
        (description, owner, due, action), context, made = dialog.value(), self.context, dict[str, FindingRecord]()

        def do() -> None:
            if "record" in made:
                made["record"] = context.call(oto.restore_finding, made["record"])
            else:
                made["record"] = context.call(oto.add_finding, activity.id, description, owner, due, action)

        return self.edit(self.tr("bevinding"), do, lambda: context.call(oto.delete_finding, made["record"].id))

    def finish_action(self) -> bool:
        finding: FindingRecord | None = selected_record(self.finding_view)
        if finding is None:
            return False
        if finding.status is None:
            return False
        context = self.context
        return self.edit(
            self.tr("actiepunt gereed"),
            lambda: context.call(oto.set_finding_status, finding.id, ActionStatus.DONE),
            lambda: context.call(oto.set_finding_status, finding.id, finding.status),
        )

    def edit_norm(self, *_args: object) -> bool:
        norm: NormRecord | None = selected_record(self.norm_view)
        if norm is None:
            return False
        dialog = NormDialog(self, norm)
        if not interaction.run_dialog(dialog):
            return False
        new, context = dialog.value(), self.context
        return self.edit(
            self.tr("norm %1").replace("%1", KIND_LABELS[norm.kind]),
            lambda: context.call(oto.set_norm, new),
            lambda: context.call(oto.set_norm, norm),
        )

    def export_ics(self) -> Path | None:
        year = self.year.value()
        chosen = interaction.save_filename(
            self, self.tr("Jaarplan exporteren"), f"oto-{year}.ics", self.tr("iCalendar (*.ics)")
        )
        if not chosen:
            return None
        from crisisapp.files import write_file_atomically

        try:
            return write_file_atomically(Path(chosen), self.context.call(oto.export_ics, year))
        except CrisisAppError as exc:
            interaction.warning(self, self.tr("Exporteren mislukt"), str(exc))
            return None

    # -- printing -------------------------------------------------------------------------------------------------

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        from crisisapp.reports import oto as reports

        year, activity = self.year.value(), self.selected_activity()
        choices = [
            self.tr("OTO-jaarplan %1 (voor deelnemers)").replace("%1", str(year)),
            self.tr("OTO-jaarplan %1 (intern, met alle data)").replace("%1", str(year)),
        ]
        if activity is not None:
            choices += [
                self.tr("Deelnemerslijst: %1").replace("%1", activity.title),
                self.tr("Oefenverslag: %1").replace("%1", activity.title),
            ]
        choice = interaction.choose_item(self, self.tr("Afdrukken"), self.tr("Wat wilt u afdrukken?"), choices, 0)
        if choice is None:
            return None
        now = self.context.now()
        if choice < 2:
            activities = self.context.call(oto.list_activities, year)
            progress = self.context.call(oto.progress, year)
            pdf = reports.plan_pdf(year, activities, progress, now, internal=choice == 1)
            return PrintJob(choices[choice], pdf, f"oto-jaarplan-{year}{'-intern' if choice else ''}.pdf")
        assert activity is not None
        people = self.context.call(oto.participants, activity.id)
        if choice == 2:
            return PrintJob(
                choices[choice], reports.participants_pdf(activity, people, now), f"deelnemers-{activity.id}.pdf"
            )
        result = self.context.call(oto.results, activity.id)
        findings = self.context.call(oto.findings, activity.id)
        return PrintJob(
            choices[choice], reports.report_pdf(result, people, findings, now), f"oefenverslag-{activity.id}.pdf"
        )
