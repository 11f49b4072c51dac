"""Piket page: who is on duty now and next, the schedule by week, proposals, overrides, warnings, files."""

import html
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError, os_reason
from crisisapp.files import read_import_file
from crisisapp.models.piket import Override, Rota, Shift, Unavailability
from crisisapp.services import organisation, piket, piket_files, versions
from crisisapp.services.organisation import counted
from crisisapp.services.piket import Officer, RotaRecord, Schedule, ShiftRecord
from crisisapp.timeutil import format_datetime, to_local
from crisisapp.ui import interaction
from crisisapp.ui.forms import MonthField
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.piket.dialogs import LeaveDialog, OverrideDialog, PeriodDialog, ProposalDialog, RotaDialog, SwapDialog
from crisisapp.ui.piket.models import DivisionModel, LeaveModel, ScheduleModel, WarningModel
from crisisapp.ui.piket.moment import MomentField
from crisisapp.ui.widgets import (
    RecordTableModel,
    labelled,
    named,
    page_header,
    record_table,
    selected_record,
    widen_to_headers,
)

#: The rota chooser grows with the name up to this width (pixels), so that the page fits a laptop screen.
ROTA_COMBO_MAX_WIDTH = 420


def _button(text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    return button


def _row(parent: QWidget, *buttons: QPushButton) -> QHBoxLayout:
    layout = QHBoxLayout()
    for button in buttons:
        button.setParent(parent)
        layout.addWidget(button)
    layout.addStretch(1)
    return layout


def _table(parent: QWidget, model: RecordTableModel, name: str, widths: tuple[int, ...]) -> QTableView:
    view = record_table(parent, model, name)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


class PiketPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        self.rota: RotaRecord | None = None
        self.plan = Schedule(())
        self.officers: dict[int, Officer] = {}

        titles, self.subtitle = page_header(self, self.tr("Piket OvD-Bz"), "")
        self.rota_combo = named(QComboBox(self), self.tr("Piketrooster"))
        # as wide as the longest name up to a limit (the page must fit a laptop); a longer one is elided and
        # shown whole in the tooltip and the open list
        self.rota_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.rota_combo.setMinimumWidth(220)
        self.rota_combo.setMaximumWidth(ROTA_COMBO_MAX_WIDTH)
        self.new_rota_button = QPushButton(self.tr("Nieuw rooster…"))
        self.edit_rota_button = QPushButton(self.tr("Rooster wijzigen…"))
        self.print_button = QPushButton(self.tr("Afdrukken…"))
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        for widget in (self.rota_combo, self.new_rota_button, self.edit_rota_button, self.print_button):
            header.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)

        self.duty_label = QLabel(self)
        self.duty_label.setObjectName("dutyBanner")
        self.duty_label.setTextFormat(Qt.TextFormat.RichText)
        self.duty_label.setWordWrap(True)  # who is next, with phone and time, never widens the window
        self.duty_label.setStyleSheet("background:#e7eef6; padding:8px; border-radius:4px; font-size:11pt;")
        self.at = MomentField(self, context.now)
        self.at_edit = self.at.edit
        self.at_label = QLabel(self)
        self.at_label.setTextFormat(Qt.TextFormat.RichText)
        self.at_label.setWordWrap(True)
        ask = QHBoxLayout()
        ask.addWidget(labelled(self, self.tr("Wie heeft dienst op:"), self.at_edit))
        ask.addWidget(self.at)
        ask.addWidget(self.at_label, 1)

        today = to_local(context.now()).date()
        self.from_month = MonthField(self, today)
        self.months = QSpinBox(self)
        self.months.setRange(1, 12)
        self.months.setValue(3)
        self.months.setSuffix(self.tr(" maanden"))
        period = QHBoxLayout()
        period.addWidget(labelled(self, self.tr("Tonen vanaf:"), self.from_month))
        named(self.months, self.tr("Aantal maanden"))
        period.addWidget(self.from_month)
        period.addWidget(self.months)
        period.addStretch(1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._schedule_tab(), self.tr("Rooster"))
        self.tabs.addTab(self._warnings_tab(), self.tr("Waarschuwingen en verdeling"))
        self.tabs.addTab(self._leave_tab(), self.tr("Verlof en afwezigheid"))

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.duty_label)
        layout.addLayout(ask)
        layout.addLayout(period)
        layout.addWidget(self.tabs, 1)

        self.rota_combo.currentIndexChanged.connect(self.refresh)
        self.new_rota_button.clicked.connect(self.new_rota)
        self.edit_rota_button.clicked.connect(self.edit_rota)
        self.print_button.clicked.connect(self.print_requested)
        self.at.moment_changed.connect(self._answer_at)
        self.at.ticked.connect(self._clock_moved)
        for button, kind in (
            (self.new_rota_button, piket.CreateRota),
            (self.edit_rota_button, piket.UpdateRota),
            (self.propose_button, piket.SaveShifts),
            (self.override_button, piket.AddOverride),
            (self.cancel_override_button, piket.CancelOverride),
            (self.swap_button, piket.SwapShifts),
            (self.import_button, piket_files.ImportSchedule),
            (self.add_leave_button, piket.AddUnavailability),
            (self.remove_leave_button, piket.DeleteUnavailability),
        ):
            self.guard(button, kind)
        self.schedule_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.leave_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.from_month.dateChanged.connect(self.refresh)
        self.months.valueChanged.connect(self.refresh)
        self.refresh()

    # -- tabs --------------------------------------------------------------------------------------------------

    def _schedule_tab(self) -> QWidget:
        tab = QWidget(self)
        self.schedule_model = ScheduleModel()
        self.schedule_view = _table(tab, self.schedule_model, self.tr("Rooster"), (50, 150, 150, 190, 110, 110))
        self.schedule_view.setWordWrap(False)
        self.propose_button = _button(self.tr("Voorstel maken…"), self.propose)
        self.override_button = _button(self.tr("Overname…"), self.add_override)
        self.cancel_override_button = _button(self.tr("Overname intrekken"), self.cancel_override)
        self.swap_button = _button(self.tr("Ruilen…"), self.swap)
        self.import_button = _button(self.tr("Importeren…"), self.import_schedule)
        self.export_csv_button = _button(self.tr("Exporteren (CSV)…"), lambda: self.export("csv"))
        self.export_ics_button = _button(self.tr("Exporteren (iCalendar)…"), lambda: self.export("ics"))
        layout = QVBoxLayout(tab)
        layout.addWidget(self.schedule_view, 1)
        layout.addLayout(
            _row(
                tab,
                self.propose_button,
                self.override_button,
                self.cancel_override_button,
                self.swap_button,
                self.import_button,
                self.export_csv_button,
                self.export_ics_button,
            )
        )
        return tab

    def _warnings_tab(self) -> QWidget:
        tab = QWidget(self)
        self.warning_model, self.division_model = WarningModel(), DivisionModel()
        self.warning_view = _table(tab, self.warning_model, self.tr("Waarschuwingen"), (110, 150, 150))
        self.division_view = _table(tab, self.division_model, self.tr("Verdeling"), (190, 60, 90))
        self.warning_count = QLabel(tab)
        splitter = QSplitter(Qt.Orientation.Horizontal, tab)
        splitter.addWidget(self.warning_view)
        splitter.addWidget(self.division_view)
        widen_to_headers(self.division_view)
        splitter.setSizes([600, 500])  # the division whole, "Verschil" included
        layout = QVBoxLayout(tab)
        layout.addWidget(self.warning_count)
        layout.addWidget(splitter, 1)
        return tab

    def _leave_tab(self) -> QWidget:
        tab = QWidget(self)
        self.leave_model = LeaveModel()
        self.leave_view = _table(tab, self.leave_model, self.tr("Verlof en afwezigheid"), (220, 150, 150))
        self.add_leave_button = _button(self.tr("Afwezigheid toevoegen…"), self.add_leave)
        self.remove_leave_button = _button(self.tr("Verwijderen"), self.remove_leave)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.leave_view, 1)
        layout.addLayout(_row(tab, self.add_leave_button, self.remove_leave_button))
        return tab

    # -- showing -------------------------------------------------------------------------------------------------

    def period(self) -> tuple[datetime, datetime]:
        return piket_files.month_range(self.from_month.day(), self.months.value())

    def refresh(self, *_args: object, select: int | None = None) -> None:
        """Everything the page shows read again in one service call: the rotas, and the one chosen with its
        schedule, warnings, division and leave of the period."""
        start, end = self.period()
        wanted = select if select is not None else self.rota_combo.currentData()
        view = self.context.call(piket.page_view, wanted, start, end)
        self.rota, self.officers, self.plan = view.rota, view.officers, view.plan
        self.rota_combo.blockSignals(True)
        self.rota_combo.clear()
        for rota in view.rotas:
            self.rota_combo.addItem(rota.name, rota.id)
            self.rota_combo.setItemData(self.rota_combo.count() - 1, rota.name, Qt.ItemDataRole.ToolTipRole)
        self.rota_combo.setCurrentIndex(max(self.rota_combo.findData(view.rota.id if view.rota else None), 0))
        self.rota_combo.setToolTip(self.rota_combo.currentText())
        self.rota_combo.blockSignals(False)
        has_rota = self.rota is not None
        for widget in (self.edit_rota_button, self.tabs, self.at):
            widget.setEnabled(has_rota)
        if self.rota is None:
            self.duty_label.setText(self.tr("Er is nog geen piketrooster. Kies <b>Nieuw rooster…</b> om te beginnen."))
            self.subtitle.setText("")
            for model in (self.schedule_model, self.warning_model, self.division_model, self.leave_model):
                model.set_rows(())
            self._update_buttons()
            return
        shares = ", ".join(f"{m} {w}" for m, w in self.rota.shares.items())
        self.subtitle.setText(f"{self.rota.describe()} · aandelen: {shares}")
        now = self.context.now()
        self.schedule_model.set_schedule(view.shifts, view.overrides, self.officers, now)
        self._show_duty(now)
        self._answer_at()
        found = view.warnings
        self.warning_model.set_rows(found)
        self.warning_count.setText(
            self.tr("Geen waarschuwingen in deze periode.")
            if not found
            else self.tr("%1 in deze periode").replace(
                "%1", counted(len(found), self.tr("waarschuwing"), self.tr("waarschuwingen"))
            )
        )
        division = view.division
        rows: list[tuple[str, float, float | None]] = [
            (m, division.hours_by_municipality.get(m, 0.0), division.target_by_municipality.get(m))
            for m in sorted(set(division.target_by_municipality) | set(division.hours_by_municipality))
        ]
        rows += [
            (f"  {self.officers[p].name}", hours, None)
            for p, hours in sorted(division.hours_by_person.items(), key=lambda item: self.officers[item[0]].name)
        ]
        self.division_model.set_rows(rows)
        self.leave_model.set_leave(view.leave, self.officers)
        self._update_buttons()  # a model reset drops the selection without a signal

    def _update_buttons(self, *_args: object) -> None:
        """What needs a selected week or absence, or a schedule, is only offered when there is one."""
        shift = self.selected_shift()
        self.swap_button.setEnabled(shift is not None)
        self.cancel_override_button.setEnabled(shift is not None and bool(self.schedule_model.covering(shift)))
        self.remove_leave_button.setEnabled(selected_record(self.leave_view) is not None)
        for button in (self.export_csv_button, self.export_ics_button):
            button.setEnabled(bool(self.plan.segments))

    def _describe(self, moment: datetime) -> str:
        current, following = self.plan.on_duty(moment), self.plan.next_after(moment)
        if current is None:
            text = self.tr("<b>niemand</b> (gat in het rooster)")
        else:
            officer = self.officers[current.person_id]
            extra = self.tr(" (overname)") if current.override_id else ""
            until = self.tr("tot %1").replace("%1", format_datetime(current.end))
            text = f"<b>{html.escape(officer.name)}</b> ({self._reach(officer)}){extra} {until}"
        if following is not None:
            officer = self.officers[following.person_id]
            text += " · " + (
                self.tr("daarna %1 (%2) vanaf %3")
                .replace("%1", html.escape(officer.name))
                .replace("%2", self._reach(officer))
                .replace("%3", format_datetime(following.start))
            )
        return text

    @staticmethod
    def _reach(officer: Officer) -> str:
        """Where an officer is from and how to reach them, as HTML."""
        return html.escape(f"{officer.municipality}, {officer.mobile or '—'}")

    def _show_duty(self, now: datetime) -> None:
        self.duty_label.setText(self.tr("Nu dienst: %1").replace("%1", self._describe(now)))

    def _clock_moved(self) -> None:
        """A minute passed (or the page came into view): "now" is another moment than at the last refresh."""
        if self.rota is None:
            return  # the banner says how to begin
        now = self.context.now()
        self._show_duty(now)
        self.schedule_model.set_now(now)

    def duty_text(self) -> str:
        return self.duty_label.text()

    def _answer_at(self, *_args: object) -> None:
        self.at_label.setText(self._describe(self.at.moment()) if self.rota else "")

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & (piket.TABLES | {"person", "assignment", "attendance"}):  # a rota made or renamed too
            self.refresh()

    def selected_shift(self) -> ShiftRecord | None:
        record: ShiftRecord | None = selected_record(self.schedule_view)
        return record

    # -- editing ---------------------------------------------------------------------------------------------------

    def new_rota(self) -> bool:
        function = next(
            (f for t in self.context.call(organisation.list_teams) for f in t.functions if t.code == "OvD-Bz"), None
        )
        if function is None:
            interaction.warning(self, self.tr("Piket"), self.tr("De functie OvD-Bz ontbreekt in de crisisorganisatie."))
            return False
        dialog = RotaDialog(self, None)

        def create() -> piket.CreateRota:
            name, shares, weekday, clock, days = dialog.value()
            return piket.CreateRota(name, function.id, shares, weekday, clock, days)

        done = self.execute_form(dialog, create)
        if done is None:
            return False
        self.refresh(select=done.result.id)
        return True

    def edit_rota(self) -> bool:
        if self.rota is None:
            return False
        rota_id = self.rota.id
        editing = versions.shown(Rota, self.rota, self.tr("Dit rooster"))
        dialog = RotaDialog(self, self.rota)
        return self.submitted(dialog, lambda: piket.UpdateRota(rota_id, *dialog.value()), editing)

    def propose(self) -> bool:
        if self.rota is None:
            return False
        existing = self.context.call(piket.shifts, self.rota.id)
        last = existing[-1].end if existing else self.context.now()
        first_day = to_local(last).date()
        period = PeriodDialog(self, first_day, first_day + timedelta(days=364))
        if not interaction.run_dialog(period):
            return False
        try:
            proposal = self.context.call(piket.make_proposal, self.rota.id, *period.value())
        except CrisisAppError as exc:
            interaction.warning(self, self.tr("Geen voorstel"), str(exc))
            return False
        dialog = ProposalDialog(self, proposal, self.officers)
        if not interaction.run_dialog(dialog):
            return False
        planned = dialog.value()
        return bool(planned) and self.succeeded(piket.SaveShifts(self.rota.id, tuple(planned)))

    def add_override(self) -> bool:
        if self.rota is None:
            return False
        shift = self.selected_shift()
        start = shift.start if shift else self.context.now()
        candidates = self.context.call(piket.pool, self.rota.id, to_local(start).date()) or self.officers
        rota_id = self.rota.id
        overrides = self.context.call(piket.overrides, self.rota.id)
        dialog = OverrideDialog(self, candidates, start, start + timedelta(hours=12), overrides, self.officers)
        return self.submitted(
            dialog, lambda: piket.AddOverride(rota_id, *dialog.value(), overrule=dialog.overrule.isChecked())
        )

    def cancel_override(self) -> bool:
        shift = self.selected_shift()
        covering = self.schedule_model.covering(shift) if shift else []
        if not covering:
            interaction.information(self, self.tr("Overname intrekken"), self.tr("Kies een week met een overname."))
            return False
        return self.succeeded(
            piket.CancelOverride(covering[-1].id), versions.shown(Override, covering[-1], self.tr("Deze overname"))
        )

    def swap(self) -> bool:
        shift = self.selected_shift()
        if shift is None or self.rota is None:
            return False
        now = self.context.now()
        if shift.start <= now:
            interaction.information(self, self.tr("Diensten ruilen"), piket.STARTED_SWAP)
            return False
        rows = (self.schedule_model.record(row) for row in range(self.schedule_model.rowCount()))
        others = tuple(other for other in rows if other.start > now)  # only shifts still to come
        dialog = SwapDialog(self, shift, others, self.officers)

        def editing() -> tuple[versions.Loaded, ...]:  # both shifts as the rota showed them
            return (
                versions.shown(Shift, shift, self.tr("Deze dienst")),
                versions.shown(Shift, dialog.value(), self.tr("De dienst om mee te ruilen")),
            )

        return self.submitted(
            dialog, lambda: piket.SwapShifts(shift.id, dialog.value().id, self.context.now()), editing
        )

    def add_leave(self) -> bool:
        if self.rota is None:
            return False
        candidates = self.context.call(piket.pool, self.rota.id, to_local(self.context.now()).date()) or self.officers
        dialog = LeaveDialog(self, candidates, self.context.now())
        return self.submitted(dialog, lambda: piket.AddUnavailability(*dialog.value()))

    def remove_leave(self) -> bool:
        return self.execute_on_selected(
            self.leave_view,
            lambda leave: piket.DeleteUnavailability(leave.id),
            (Unavailability, self.tr("Deze afwezigheid")),
        )

    # -- files --------------------------------------------------------------------------------------------------

    def import_schedule(self) -> bool:
        if self.rota is None:
            return False
        chosen = interaction.open_filename(
            self, self.tr("Piketrooster importeren"), "", self.tr("CSV-bestanden (*.csv *.txt);;Alle bestanden (*)")
        )
        if not chosen:
            return False
        try:
            data = read_import_file(Path(chosen))
            plan = self.context.call(piket_files.plan_import, self.rota.id, data)
        except OSError as exc:
            interaction.critical(self, self.tr("Importeren"), f"{chosen}: {os_reason(exc)}")
            return False
        except CrisisAppError as exc:
            interaction.critical(self, self.tr("Importeren niet mogelijk"), str(exc))
            return False
        if plan.overlaps:  # the file contradicts itself: show all of it, import nothing
            interaction.critical(self, self.tr("Importeren niet mogelijk"), "\n".join(plan.describe()))
            return False
        mode = piket_files.ImportMode.MERGE
        if plan.conflicts:
            text = "\n".join(
                [*plan.describe(), "", self.tr("De hele periode vervangen, ook de diensten van andere gemeenten?")]
            )
            if not interaction.question(self, self.tr("Piketrooster importeren"), text):
                return False
            mode = piket_files.ImportMode.REPLACE_PERIOD
            plan = self.context.call(piket_files.plan_import, self.rota.id, data, mode)
        if not interaction.question(
            self, self.tr("Piketrooster importeren"), "\n".join([*plan.describe(), "", self.tr("Importeren?")])
        ):
            return False
        if plan.namesakes and not interaction.question(
            self,
            self.tr("Naamgenoten"),
            "\n".join(
                [
                    *(f"‘{n.name}’: {', '.join(n.where)}" for n in plan.namesakes),
                    "",
                    self.tr("Zijn dit echt verschillende officieren? Kies Nee om eerst het bestand te verbeteren."),
                ]
            ),
        ):
            return False
        return self.succeeded(piket_files.ImportSchedule(self.rota.id, data, mode, distinct_namesakes=True))

    def export(self, kind: str) -> Path | None:
        if self.rota is None or not self.plan.segments:
            return None
        start, end = self.plan.segments[0].start, self.plan.segments[-1].end
        person = None
        if kind == "ics":
            shift = self.selected_shift()
            names = [self.tr("Het hele rooster")]
            if shift is not None:
                names.append(self.tr("Alleen de diensten van %1").replace("%1", self.officers[shift.person_id].name))
            choice = interaction.choose_item(self, self.tr("Exporteren"), self.tr("Wat exporteren?"), names, 0)
            if choice is None:
                return None
            person = shift.person_id if choice == 1 and shift else None
            data = self.context.call(piket_files.export_ics, self.rota.id, start, end, person)
            suggestion, filters = "piket.ics", self.tr("iCalendar (*.ics)")
        else:
            data = self.context.call(piket_files.export_csv, self.rota.id, start, end)
            suggestion, filters = "piket.csv", self.tr("CSV-bestanden (*.csv)")
        from crisisapp.ui.preview import save_file

        return save_file(self, self.context, self.tr("Exporteren"), suggestion, filters, data)

    # -- printing -------------------------------------------------------------------------------------------------

    def can_print(self) -> bool:
        return self.rota is not None

    def print_job(self) -> PrintJob | None:
        if self.rota is None:
            return None
        from crisisapp.reports.piket import piket_pdf

        first_month = self.from_month.day()
        period = self.context.call(piket_files.load_period, self.rota.id, first_month, self.months.value())
        return PrintJob(
            self.tr("Piketoverzicht %1").replace("%1", period.title),
            piket_pdf(period, self.context.printed()),
            f"piket-{first_month:%Y-%m}.pdf",
        )
