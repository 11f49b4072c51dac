"""OTO page: the year plan with its targets, an activity's participants and live drill, results and the
trend, evaluations with action points, and the norms."""

import html
from collections.abc import Callable
from datetime import date, datetime, time
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
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
from crisisapp.models.oto import (
    KIND_LABELS,
    ActionStatus,
    Activity,
    ActivityKind,
    ActivityStatus,
    Finding,
    KindNorm,
    Participant,
    Presence,
)
from crisisapp.places import Place
from crisisapp.services import organisation, oto, versions
from crisisapp.services.oto import ActivityRecord, FindingRecord, NormRecord, ParticipantRecord
from crisisapp.storage.ownership import HOME
from crisisapp.storage.roles import Owned
from crisisapp.timeutil import format_date, to_local, to_utc
from crisisapp.ui import interaction
from crisisapp.ui.oto.dialogs import (
    ActivityDialog,
    DrillDialog,
    FindingDialog,
    InviteDialog,
    NormDialog,
    ResponseDialog,
)
from crisisapp.ui.oto.models import ActivityModel, FiguresModel, FindingModel, NormModel, ParticipantModel
from crisisapp.ui.oto.printing import print_job
from crisisapp.ui.oto.widgets import QuarterOverview, show_trend, trend_chart
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import (
    enable_with_selection,
    labelled,
    named,
    page_header,
    record_table,
    select_record,
    selected_record,
    show_all_columns,
    table_tab,
    widen_to_headers,
)

#: The norms and targets of OTO, like every record without a municipality, are Maassluis' (storage/roles.py).
NORMS = Owned("een norm of doel van OTO", HOME)


class OtoPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        self.view = oto.PlanView((), {}, {}, None, (), ())  # what the page shows, read at each refresh
        self.detail: oto.ActivityDetail | None = None  # of the selected activity
        #: The live drill while it is open: it shows what others record in it.
        self.drill: DrillDialog | None = None
        #: The trend last read, of which kind and years: the chart is read again only for others.
        self.trend_read: tuple[tuple[ActivityKind, list[int]] | None, tuple[oto.YearFigures, ...]] = (None, ())
        titles, self.subtitle = page_header(self, self.tr("OTO: opleiden, trainen, oefenen"), "")
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(to_local(context.now()).year)
        self.internal = QCheckBox(self.tr("Coördinatorweergave (data van onaangekondigde oefeningen)"), self)
        self.print_button = QPushButton(self.tr("Afdrukken…"), self)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(labelled(self, self.tr("Jaar:"), self.year), 0, Qt.AlignmentFlag.AlignBottom)
        for widget in (self.year, self.internal, self.print_button):
            header.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._plan_tab(), self.tr("Jaarplan"))
        self.tabs.addTab(self._activity_tab(), self.tr("Deelnemers en resultaten"))
        self.tabs.addTab(self._findings_tab(), self.tr("Evaluatie en actiepunten"))
        self.norm_model = NormModel()
        self.norm_view = table_tab(
            self.tabs,
            self.tr("Normen en doelen"),
            self.norm_model,
            (),
            (200,),
            on_selected=((self.tr("Norm wijzigen…"), self.edit_norm, oto.SetNorm),),
            guard=partial(self.guard, owned=NORMS),
            opens_first=True,
        )
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
        self.activity_view = record_table(tab, self.activity_model, self.tr("Activiteiten"))
        self.activity_view.setWordWrap(False)
        self.activity_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((40, 210, 250, 150, 170, 100)):  # room left for the last column
            self.activity_view.setColumnWidth(column, width)
        row, buttons = self._buttons(
            tab,
            (self.tr("Nieuwe activiteit…"), self.new_activity),
            (self.tr("Wijzigen…"), self.edit_activity),
            (self.tr("Uitgevoerd"), self.mark_done),
            (self.tr("Annuleren"), lambda: self.set_status(ActivityStatus.CANCELLED)),
            (self.tr("Verwijderen"), self.delete_activity),
            (self.tr("Exporteren (iCalendar)…"), self.export_ics),
        )
        self.new_button, self.edit_button, self.done_button, self.cancel_button = buttons[:4]
        self.delete_button, self.export_button = buttons[4:]
        #: The buttons that act on the selected activity.
        self.activity_buttons = buttons[1:5]
        self.quarters = QuarterOverview(tab)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.quarters)
        layout.addWidget(self.activity_view, 1)
        layout.addLayout(row)
        self.activity_view.selectionModel().selectionChanged.connect(self._show_activity)
        self.activity_view.doubleClicked.connect(self.edit_button.click)
        for button, command in zip(
            buttons[:5],
            (oto.PlanActivity, oto.UpdateActivity, oto.SetActivityStatus, oto.SetActivityStatus, oto.DeleteActivity),
            strict=True,
        ):
            self.guard(button, command)
        return tab

    def _activity_tab(self) -> QWidget:
        tab = QWidget(self)
        self.activity_label = QLabel(tab)
        self.activity_label.setTextFormat(Qt.TextFormat.RichText)
        self.participant_model = ParticipantModel()
        self.participant_view = record_table(tab, self.participant_model, self.tr("Deelnemers"))
        self.participant_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((200, 110, 100, 150)):
            self.participant_view.setColumnWidth(column, width)
        row, buttons = self._buttons(
            tab,
            (self.tr("Deelnemers uitnodigen…"), self.invite),
            (self.tr("Oefening starten…"), self.run_drill),
            (self.tr("Tijd invoeren of corrigeren…"), self.correct),
            (self.tr("Afwezig"), lambda: self.mark(Presence.ABSENT)),
            (self.tr("Afgemeld"), lambda: self.mark(Presence.EXCUSED)),
            (self.tr("Uitnodiging intrekken"), self.uninvite),
        )
        self.invite_button, self.drill_button, self.correct_button = buttons[:3]
        self.absent_button, self.excused_button, self.uninvite_button = buttons[3:]
        #: The buttons that change the selected participants.
        self.participant_buttons = buttons[2:]
        self.activity_buttons += buttons[:2]
        drill = (oto.StartAlarm, oto.CorrectAlarmTime, oto.RecordTime)  # the drill's alarm and its responses
        kinds = ((oto.InviteParticipants,), drill, *[(oto.SetResponse,)] * 3, (oto.RemoveParticipants,))
        for button, commands in zip(buttons, kinds, strict=True):
            self.guard(button, *commands)
        self.figures_model = FiguresModel()
        self.figures_view = record_table(tab, self.figures_model, self.tr("Cijfers per jaar"))
        self.figures_view.setColumnWidth(0, 200)
        for column in range(1, self.figures_model.columnCount()):
            self.figures_view.setColumnWidth(column, 84)
        widen_to_headers(self.figures_view)
        show_all_columns(self.figures_view, 900)  # the chart beside it takes what is left
        self.trend_kind = named(QComboBox(tab), self.tr("Soort oefening in de grafiek"))
        for kind in oto.DRILLS:
            self.trend_kind.addItem(self.tr(KIND_LABELS[kind]), kind)
        self.trend_chart = trend_chart(tab)
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
        trend.addWidget(self.trend_chart, 1)
        lower_layout.addLayout(trend, 2)
        enable_with_selection(self.participant_view, self.participant_buttons)
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
        self.findings_label.setTextFormat(Qt.TextFormat.PlainText)  # may show an activity's title
        self.finding_model = FindingModel()
        self.finding_view = record_table(tab, self.finding_model, self.tr("Bevindingen en actiepunten"))
        self.finding_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((220, 420, 160, 120)):
            self.finding_view.setColumnWidth(column, width)
        self.show_all_open = QCheckBox(self.tr("Alle open actiepunten van alle activiteiten"), tab)
        self.show_all_open.setChecked(True)
        row, (self.add_finding_button, self.finding_done_button, self.finding_delete_button) = self._buttons(
            tab,
            (self.tr("Bevinding of actiepunt toevoegen…"), self.add_finding),
            (self.tr("Actiepunt gereed"), self.finish_action),
            (self.tr("Verwijderen"), self.delete_finding),
        )
        layout = QVBoxLayout(tab)
        layout.addWidget(self.show_all_open)
        layout.addWidget(self.findings_label)
        layout.addWidget(self.finding_view, 1)
        layout.addLayout(row)
        self.show_all_open.toggled.connect(self._show_findings)
        enable_with_selection(self.finding_view, (self.finding_delete_button,))
        for button, kind in (
            (self.add_finding_button, oto.AddFinding),
            (self.finding_done_button, oto.SetFindingStatus),
            (self.finding_delete_button, oto.DeleteFinding),
        ):
            self.guard(button, kind)
        self.finding_view.selectionModel().selectionChanged.connect(self._show_finding_done)
        return tab

    # -- showing -----------------------------------------------------------------------------------------------

    def refresh(self, *_args: object) -> None:
        """Everything the page shows read again in one service call, the selected activity's detail and the trend
        of its kind with it."""
        selected = self.selected_activity()
        year = self.year.value()
        kind = self._trend_kind_for(selected)
        self.view = self.context.call(oto.plan_view, year, selected.id if selected else None, kind, self._trend_years())
        self.detail = self.view.detail
        self.trend_read = (kind, self._trend_years()), self.view.trend
        activities = oto.in_view_order(self.view.activities, internal=self.internal.isChecked())
        self.activity_model.internal = self.internal.isChecked()
        self.activity_model.set_rows(activities)
        progress = self.view.progress
        self.progress_label.setText(
            self.tr("Voortgang %1: ").replace("%1", str(year))
            + " · ".join(
                f"{KIND_LABELS[k]} {done}+{planned} gepland / doel {target}"
                for k, (done, planned, target) in progress.items()
                if target or done or planned
            )
        )
        many = self.tr("%1 activiteiten in %2") if len(activities) != 1 else self.tr("%1 activiteit in %2")
        self.subtitle.setText(many.replace("%1", str(len(activities))).replace("%2", str(year)))
        self.quarters.show_activities(activities, internal=self.internal.isChecked())
        self.norm_model.progress = progress
        self.norm_model.set_rows(tuple(self.view.norms.values()))
        if selected is not None:
            self.select_activity(selected.id)
        self._show_activity()

    def selected_activity(self) -> ActivityRecord | None:
        record: ActivityRecord | None = selected_record(self.activity_view)
        return record

    def select_activity(self, activity_id: int) -> None:
        select_record(self.activity_view, activity_id)

    def _trend_kind_for(self, activity: ActivityRecord | None) -> ActivityKind:
        """The kind the chart shows: that of the activity chosen, when it is a drill; else the one shown."""
        if activity is not None and self.trend_kind.findData(activity.kind) >= 0:
            return activity.kind
        return ActivityKind(self.trend_kind.currentData())

    def _trend_years(self) -> list[int]:
        return list(range(self.year.value() - 4, self.year.value() + 1))

    def shown_detail(self) -> oto.ActivityDetail | None:
        """The detail of the selected activity, as last read (the refresh reads it again after every change)."""
        activity = self.selected_activity()
        detail = self.detail
        return detail if activity and detail and detail.result.activity.id == activity.id else None

    def _show_activity(self, *_args: object) -> None:
        activity = self.selected_activity()
        for button in (*self.activity_buttons, self.add_finding_button):
            button.setEnabled(activity is not None)
        owned = None if activity is None else Owned(f"de activiteit ‘{activity.title}’", activity.municipality)
        self.restrict((*self.activity_buttons, *self.participant_buttons, self.add_finding_button), owned)
        if activity is None:
            self.activity_label.setText(self.tr("Kies een activiteit in het jaarplan."))
            self.participant_model.set_rows(())
            self.figures_model.set_rows(())
        else:
            if self.shown_detail() is None:
                self.detail = self.context.call(oto.activity_detail, activity.id)
            detail = self.shown_detail()
            assert detail is not None
            self.activity_label.setText(
                f"<b>{html.escape(activity.title)}</b> · {KIND_LABELS[activity.kind]} · "
                f"{oto.when_text(activity, internal=self.internal.isChecked())} · {activity.status.value}"
            )
            self.participant_model.hide_date = activity.unannounced and not self.internal.isChecked()
            self.participant_model.alarm_at = activity.alarm_at
            self.participant_model.set_rows(detail.participants)
            result = detail.result
            self.figures_model.set_rows([("Totaal", result.total), *result.by_team, *result.by_function])
        kind = self.trend_kind.findData(self._trend_kind_for(activity))
        self.trend_kind.blockSignals(True)
        self.trend_kind.setCurrentIndex(kind)  # the chart follows the kind of the activity chosen
        self.trend_kind.blockSignals(False)
        self._show_trend()
        self._show_findings()

    def _show_findings(self, *_args: object) -> None:
        detail = self.shown_detail()
        self.finding_model.today = self.today()
        if self.show_all_open.isChecked():
            rows = self.view.open_findings
            overdue = sum(1 for f in rows if f.overdue(self.today()))
            if not rows:
                text = self.tr("Geen open actiepunten")
            elif len(rows) == 1:
                text = self.tr("1 open actiepunt, te laat") if overdue else self.tr("1 open actiepunt, nog op tijd")
            elif overdue:
                text = self.tr("%1 open actiepunten, waarvan %2 te laat")
            else:
                text = self.tr("%1 open actiepunten, alle nog op tijd")
            self.findings_label.setText(text.replace("%1", str(len(rows))).replace("%2", str(overdue)))
        else:
            rows = detail.findings if detail else ()
            activity = detail.result.activity if detail else None
            self.findings_label.setText(activity.title if activity else self.tr("Kies een activiteit in het jaarplan."))
        self.finding_model.set_rows(rows)
        self._show_finding_done()

    def _show_finding_done(self, *_args: object) -> None:
        finding: FindingRecord | None = selected_record(self.finding_view)
        self.finding_done_button.setEnabled(
            finding is not None and finding.status is not None and finding.status is not ActionStatus.DONE
        )

    def _show_trend(self, *_args: object) -> None:
        """The chart of the kind chosen; read again only when another kind than the last read is chosen."""
        kind, years = ActivityKind(self.trend_kind.currentData()), self._trend_years()
        if self.trend_read[0] != (kind, years):
            self.trend_read = (kind, years), self.context.call(oto.trend, kind, years)
        show_trend(self.trend_chart, kind, self.trend_read[1])

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & (oto.TABLES | {"person", "assignment"}):
            self.refresh()
        if self.drill is not None and tables & DrillDialog.TABLES:
            self.drill.show_current()  # the other coordinator's times, within a second

    def reveal(self, place: Place, key: object) -> None:
        if place is Place.OTO_PLAN:
            self.tabs.setCurrentIndex(0)
            return
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

    def selected_participant(self) -> ParticipantRecord | None:
        record: ParticipantRecord | None = selected_record(self.participant_view)
        return record

    def new_activity(self) -> bool:
        norms = self.context.call(oto.norms)
        start = to_utc(datetime.combine(self.today(), time(19, 0)))
        dialog = ActivityDialog(self, None, start, {k for k, n in norms.items() if n.unannounced})
        done = self.execute_form(dialog, lambda: oto.PlanActivity(dialog.value()))
        if done is None:
            return False
        self.year.setValue(to_local(done.result.start).year)
        self.select_activity(done.result.id)
        return True

    def edit_activity(self, *_args: object) -> bool:
        activity = self.selected_activity()
        if activity is None:
            return False
        editing = versions.shown(Activity, activity, self.tr("Deze activiteit"))
        dialog = ActivityDialog(self, activity, activity.start, set())
        return self.submitted(dialog, lambda: oto.UpdateActivity(activity.id, dialog.value()), editing)

    def set_status(self, status: ActivityStatus) -> bool:
        activity = self.selected_activity()
        return activity is not None and self.succeeded(
            oto.SetActivityStatus(activity.id, status, self.context.now()),
            versions.shown(Activity, activity, self.tr("Deze activiteit")),
        )

    def mark_done(self) -> bool:
        """Executed; an activity planned ahead only when the user confirms, and then on the day it really took
        place (see :class:`oto.SetActivityStatus`), which is the day its attendance counts from."""
        activity, now = self.selected_activity(), self.context.now()
        if activity is None:
            return False
        if activity.start > now:
            if activity.unannounced and not self.internal.isChecked():
                planned = self.tr("staat gepland in het %1").replace("%1", oto.quarter_text(activity.start))
            else:
                planned = self.tr("staat gepland op %1").replace("%1", format_date(to_local(activity.start).date()))
            day = to_local(oto.execution_moment(activity.alarm_at, now)).date()
            on = self.tr("op vandaag") if day == self.today() else self.tr("op %1").replace("%1", format_date(day))
            question = self.tr("%1 %2, in de toekomst. Toch als uitgevoerd vastleggen, %3?")
            if not interaction.question(
                self,
                self.tr("Uitgevoerd vastleggen"),
                question.replace("%1", activity.title).replace("%2", planned).replace("%3", on),
            ):
                return False
        done = self.execute(
            oto.SetActivityStatus(activity.id, ActivityStatus.DONE, now),
            versions.shown(Activity, activity, self.tr("Deze activiteit")),
        )
        if done is None:
            return False
        self.year.setValue(to_local(done.result.start).year)  # it may have moved to this year: follow it
        self.select_activity(done.result.id)
        return True

    def delete_activity(self) -> bool:
        return self.delete_selected(
            self.activity_view,
            lambda record: self.tr("De activiteit ‘%1’, met de uitnodigingen en bevindingen,").replace(
                "%1", record.title
            ),
            lambda record: oto.DeleteActivity(record.id),
            (Activity, self.tr("Deze activiteit")),
        )

    def invite(self) -> bool:
        activity = self.selected_activity()
        if activity is None:
            return False
        dialog = InviteDialog(
            self, self.context.call(organisation.list_teams), self.context.call(organisation.list_people)
        )
        day = to_local(activity.start).date()

        def invitation() -> oto.InviteParticipants:
            team, function, chosen = dialog.value()
            people = list(chosen)
            if team is not None:
                people += self.context.call(oto.people_of, team_id=team, on=day)
            if function is not None:
                people += self.context.call(oto.people_of, function_id=function, on=day)
            return oto.InviteParticipants(activity.id, tuple(people))

        return self.submitted(dialog, invitation)

    def uninvite(self) -> bool:
        activity = self.selected_activity()
        return activity is not None and self.delete_selected(
            self.participant_view,
            lambda record: self.tr("De uitnodiging van %1, met de vastgelegde tijden,").replace("%1", record.name),
            lambda record: oto.RemoveParticipants(activity.id, (record.person_id,)),
            (Participant, self.tr("Deze uitnodiging")),
        )

    def run_drill(self) -> bool:
        activity = self.selected_activity()
        if activity is None:
            return False
        norm = self.context.call(oto.norms)[activity.kind]
        self.drill = DrillDialog(
            self,
            lambda: self.context.call(oto.drill, activity.id),
            norm.arrival_minutes if activity.kind is ActivityKind.OPKOMST else norm.acknowledge_minutes,
            self.context.now,
            self.execute,
        )
        try:
            interaction.run_dialog(self.drill)
        finally:
            self.drill = None
        return True

    def correct(self) -> bool:
        activity, person = self.selected_activity(), self.selected_participant()
        if activity is None or person is None:
            return False
        editing = versions.shown(Participant, person, self.tr("Deze reactie"))
        dialog = ResponseDialog(self, person, activity.alarm_at or activity.start)
        return self.submitted(dialog, lambda: oto.SetResponse(activity.id, person.person_id, *dialog.value()), editing)

    def mark(self, presence: Presence) -> bool:
        activity, person = self.selected_activity(), self.selected_participant()
        return (
            activity is not None
            and person is not None
            and self.succeeded(
                oto.SetResponse(activity.id, person.person_id, presence),
                versions.shown(Participant, person, self.tr("Deze reactie")),
            )
        )

    def add_finding(self) -> bool:
        activity = self.selected_activity()
        if activity is None:
            return False
        dialog = FindingDialog(self, self.today())
        return self.submitted(dialog, lambda: oto.AddFinding(activity.id, *dialog.value()))

    def finish_action(self) -> bool:
        finding: FindingRecord | None = selected_record(self.finding_view)
        if finding is None or finding.status is None:
            return False
        return self.succeeded(
            oto.SetFindingStatus(finding.id, ActionStatus.DONE),
            versions.shown(Finding, finding, self.tr("Dit actiepunt")),
        )

    def delete_finding(self) -> bool:
        return self.delete_selected(
            self.finding_view,
            lambda record: (
                self.tr("Het actiepunt ‘%1’") if record.is_action else self.tr("De bevinding ‘%1’")
            ).replace("%1", record.description),
            lambda record: oto.DeleteFinding(record.id),
            (Finding, self.tr("Deze bevinding")),
        )

    def edit_norm(self, *_args: object) -> bool:
        norm: NormRecord | None = selected_record(self.norm_view)
        if norm is None:
            return False
        editing = versions.shown(KindNorm, norm, self.tr("Deze norm"))  # the defaults: no row yet
        dialog = NormDialog(self, norm)
        return self.submitted(dialog, lambda: oto.SetNorm(dialog.value()), editing)

    def export_ics(self) -> Path | None:
        year = self.year.value()
        from crisisapp.ui.preview import save_file

        data = self.context.call(oto.export_ics, year)
        title, filters = self.tr("Jaarplan exporteren"), self.tr("iCalendar (*.ics)")
        return save_file(self, self.context, title, f"oto-{year}.ics", filters, data)

    # -- printing -------------------------------------------------------------------------------------------------

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        return print_job(self, self.context, self.year.value(), self.selected_activity())
