"""Crisis organisation page: people, functions and who holds them, readiness, gaps, alarm lists."""

from collections import defaultdict
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.places import Place
from crisisapp.services import organisation as org
from crisisapp.services.organisation import AssignmentRecord, FunctionStaffing, Overview, PersonRecord
from crisisapp.timeutil import format_date, to_local
from crisisapp.ui import interaction
from crisisapp.ui.organisation.dialogs import AssignDialog, AttendanceDialog, DateDialog, FunctionDialog, PersonDialog
from crisisapp.ui.organisation.models import (
    AlarmModel,
    HoldersModel,
    PeopleModel,
    ReadinessMatrixModel,
    StaffingModel,
    role_text,
)
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import RECORD_ROLE, page_header, record_table, selected_record


def _buttons(parent: QWidget, *labels: str) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    buttons = [QPushButton(label, parent) for label in labels]
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row, buttons


class OrganisationPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        self.people: tuple[PersonRecord, ...] = ()
        self.overview = Overview(self.today(), ())

        self.print_button = QPushButton(self.tr("Afdrukken…"), self)
        self.print_button.setToolTip(self.tr("Bereikbaarheidslijst of alarmeringslijst (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_requested)
        titles, self.subtitle = page_header(self, self.tr("Crisisorganisatie"), "")
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.gap_banner = QLabel(self)
        self.gap_banner.setObjectName("gapBanner")
        self.gap_banner.setWordWrap(True)
        self.gap_banner.setTextFormat(Qt.TextFormat.RichText)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._people_tab(), self.tr("Personen"))
        self.tabs.addTab(self._functions_tab(), self.tr("Functies en bezetting"))
        self.tabs.addTab(self._readiness_tab(), self.tr("Vakbekwaamheid"))
        self.tabs.addTab(self._alarm_tab(), self.tr("Alarmering"))

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.gap_banner)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    def today(self) -> date:
        return to_local(self.context.now()).date()

    # -- tabs -----------------------------------------------------------------------------------------------------

    def _people_tab(self) -> QWidget:
        tab = QWidget(self)
        self.people_search = QLineEdit(tab)
        self.people_search.setPlaceholderText(self.tr("Zoeken op naam, gemeente, nummer, functie…"))
        self.people_search.setClearButtonEnabled(True)
        self.show_archived = QCheckBox(self.tr("Ook gearchiveerde personen"), tab)
        self.people_count = QLabel(tab)
        self.people_count.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(self.people_search, 1)
        top.addWidget(self.show_archived)
        top.addWidget(self.people_count)
        self.people_model = PeopleModel()
        self.people_proxy = QSortFilterProxyModel(self)
        self.people_proxy.setSourceModel(self.people_model)
        self.people_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.people_proxy.setFilterKeyColumn(-1)
        self.people_proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.people_view = record_table(tab, self.people_proxy)
        self.people_view.setSortingEnabled(True)
        self.people_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.people_view.setWordWrap(False)
        header = self.people_view.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 140, 140, 120, 110, 230)):
            self.people_view.setColumnWidth(column, width)
        row, (self.new_person_button, self.edit_person_button, self.archive_button, self.import_button) = _buttons(
            tab, self.tr("Nieuwe persoon…"), self.tr("Wijzigen…"), self.tr("Archiveren"), self.tr("Importeren…")
        )
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.people_view, 1)
        layout.addLayout(row)
        self.people_search.textChanged.connect(self.people_proxy.setFilterFixedString)
        self.people_search.textChanged.connect(self._count_people)
        self.show_archived.toggled.connect(self._load_people)
        self.people_view.doubleClicked.connect(self.edit_person)
        self.people_view.selectionModel().selectionChanged.connect(self._update_person_buttons)
        self.new_person_button.clicked.connect(self.new_person)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.import_button.clicked.connect(self.import_people)
        return tab

    def _functions_tab(self) -> QWidget:
        tab = QWidget(self)
        self.staffing_model = StaffingModel()
        self.staffing_view = record_table(tab, self.staffing_model)
        self.staffing_view.setWordWrap(False)
        self.staffing_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((95, 290, 170, 260, 50)):
            self.staffing_view.setColumnWidth(column, width)
        row, (self.new_function_button, self.edit_function_button, self.retire_function_button) = _buttons(
            tab, self.tr("Nieuwe functie…"), self.tr("Functie wijzigen…"), self.tr("Functie laten vervallen")
        )
        self.holders_label = QLabel(tab)
        self.holders_model = HoldersModel()
        self.holders_view = record_table(tab, self.holders_model)
        self.holders_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((220, 130, 120, 120)):
            self.holders_view.setColumnWidth(column, width)
        holder_row, (self.assign_button, self.end_button, self.remove_assignment_button) = _buttons(
            tab, self.tr("Toewijzen…"), self.tr("Beëindigen…"), self.tr("Toewijzing verwijderen")
        )
        upper, lower = QWidget(tab), QWidget(tab)
        upper_layout, lower_layout = QVBoxLayout(upper), QVBoxLayout(lower)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.staffing_view, 1)
        upper_layout.addLayout(row)
        lower_layout.addWidget(self.holders_label)
        lower_layout.addWidget(self.holders_view, 1)
        lower_layout.addLayout(holder_row)
        splitter = QSplitter(Qt.Orientation.Vertical, tab)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([330, 200])
        layout = QVBoxLayout(tab)
        layout.addWidget(splitter)
        self.staffing_view.selectionModel().selectionChanged.connect(self._show_holders)
        self.holders_view.selectionModel().selectionChanged.connect(self._update_holder_buttons)
        self.new_function_button.clicked.connect(self.new_function)
        self.edit_function_button.clicked.connect(self.edit_function)
        self.retire_function_button.clicked.connect(self.retire_function)
        self.assign_button.clicked.connect(self.assign)
        self.end_button.clicked.connect(self.end_assignment)
        self.remove_assignment_button.clicked.connect(self.remove_assignment)
        return tab

    def _readiness_tab(self) -> QWidget:
        tab = QWidget(self)
        self.matrix_team = QComboBox(tab)
        self.matrix_search = QLineEdit(tab)
        self.matrix_search.setPlaceholderText(self.tr("Persoon zoeken…"))
        self.matrix_search.setClearButtonEnabled(True)
        self.attendance_button = QPushButton(self.tr("Deelname vastleggen…"), tab)
        legend = QLabel(
            self.tr(
                '<span style="background:#d3f0da">&nbsp;vakbekwaam&nbsp;</span> '
                '<span style="background:#fff1c2">&nbsp;verloopt binnen 60 dagen&nbsp;</span> '
                '<span style="background:#f8d4d0">&nbsp;niet vakbekwaam&nbsp;</span> · vet: primair · '
                "wijs een cel aan voor de reden"
            ),
            tab,
        )
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Team:"), tab))
        top.addWidget(self.matrix_team)
        top.addWidget(self.matrix_search, 1)
        top.addWidget(self.attendance_button)
        self.matrix_model = ReadinessMatrixModel()
        self.matrix_view = QTableView(tab)
        self.matrix_view.setModel(self.matrix_model)
        self.matrix_view.horizontalHeader().setDefaultSectionSize(130)
        self.matrix_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.matrix_view.setWordWrap(False)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(legend)
        layout.addWidget(self.matrix_view, 1)
        self.matrix_team.currentIndexChanged.connect(self._fill_matrix)
        self.matrix_search.textChanged.connect(self._fill_matrix)
        self.attendance_button.clicked.connect(self.record_attendance)
        return tab

    def _alarm_tab(self) -> QWidget:
        tab = QWidget(self)
        self.grip_level = QComboBox(tab)
        for level in range(1, 5):
            self.grip_level.addItem(f"GRIP {level}", level)
        self.alarm_summary = QLabel(tab)
        self.alarm_print_button = QPushButton(self.tr("Alarmeringslijst afdrukken…"), tab)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Alarmeren bij:"), tab))
        top.addWidget(self.grip_level)
        top.addWidget(self.alarm_summary, 1)
        top.addWidget(self.alarm_print_button)
        self.alarm_model = AlarmModel()
        self.alarm_view = record_table(tab, self.alarm_model)
        self.alarm_view.setWordWrap(False)
        self.alarm_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((300, 130, 200, 130, 130)):
            self.alarm_view.setColumnWidth(column, width)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.alarm_view, 1)
        self.grip_level.currentIndexChanged.connect(self._fill_alarm)
        self.alarm_print_button.clicked.connect(self._print_alarm)
        return tab

    # -- showing ----------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload from the database; selections are kept where they still exist."""
        self.overview = self.context.call(org.overview, self.today())
        self.subtitle.setText(
            self.tr("Stand per %1 · %2 functies in %3 teams")
            .replace("%1", format_date(self.overview.day))
            .replace("%2", str(len(self.overview.staffing)))
            .replace("%3", str(len(self.overview.teams)))
        )
        self._show_gaps()
        self._load_people()
        selected = self.selected_function()
        self.staffing_model.set_rows(self.overview.staffing)
        self._select_function(selected.function.id if selected else None)
        self._fill_matrix_teams()
        self._fill_matrix()
        self._fill_alarm()

    def _show_gaps(self) -> None:
        gaps = self.overview.gaps()
        if not gaps:
            self.gap_banner.setStyleSheet("background:#d3f0da; padding:6px; border-radius:4px;")
            self.gap_banner.setText(
                self.tr(
                    "Geen hiaten: elke functie heeft een primaire functionaris, een plaatsvervanger en iemand "
                    "die vakbekwaam is."
                )
            )
            return
        self.gap_banner.setStyleSheet("background:#fde8e6; padding:6px; border-radius:4px; color:#7a1d12;")
        items = "; ".join(f"<b>{g.function.name}</b>: {', '.join(g.problems())}" for g in gaps)
        count = self.tr("1 hiaat") if len(gaps) == 1 else self.tr("%1 hiaten").replace("%1", str(len(gaps)))
        self.gap_banner.setText(f"<b>{count}</b> — {items}")

    def gap_texts(self) -> list[str]:
        return [f"{g.function.name}: {', '.join(g.problems())}" for g in self.overview.gaps()]

    def _load_people(self) -> None:
        self.people = self.context.call(org.list_people, include_archived=self.show_archived.isChecked())
        functions: dict[int, list[str]] = defaultdict(list)
        for staffing in self.overview.staffing:
            for holder in staffing.holders:
                functions[holder.person.id].append(f"{staffing.function.name} ({role_text(holder.assignment)})")
        self.people_model.set_people(self.people, {pid: ", ".join(names) for pid, names in functions.items()})
        self._count_people()
        self._update_person_buttons()

    def _count_people(self) -> None:
        shown, total = self.people_proxy.rowCount(), self.people_model.rowCount()
        text = self.tr("%1 personen").replace("%1", str(total))
        if shown != total:
            text = self.tr("%1 van %2 personen").replace("%1", str(shown)).replace("%2", str(total))
        self.people_count.setText(text)

    def selected_person(self) -> PersonRecord | None:
        rows = self.people_view.selectionModel().selectedRows()
        return rows[0].data(RECORD_ROLE) if rows else None

    def select_person(self, person_id: int) -> None:
        for row in range(self.people_proxy.rowCount()):
            index = self.people_proxy.index(row, 0)
            if index.data(RECORD_ROLE).id == person_id:
                self.people_view.selectRow(row)
                return

    def _update_person_buttons(self, *_args: object) -> None:
        person = self.selected_person()
        self.edit_person_button.setEnabled(person is not None)
        self.archive_button.setEnabled(person is not None)
        self.archive_button.setText(self.tr("Terughalen") if person and person.archived else self.tr("Archiveren"))

    def selected_function(self) -> FunctionStaffing | None:
        record: FunctionStaffing | None = selected_record(self.staffing_view)
        return record

    def _select_function(self, function_id: int | None) -> None:
        for row in range(self.staffing_model.rowCount()):
            if self.staffing_model.record(row).function.id == function_id:
                self.staffing_view.selectRow(row)
                return
        self._show_holders()

    def select_function_named(self, name: str) -> None:
        for row in range(self.staffing_model.rowCount()):
            if self.staffing_model.record(row).function.name == name:
                self.staffing_view.selectRow(row)
                return
        raise KeyError(name)

    def _show_holders(self, *_args: object) -> None:
        staffing = self.selected_function()
        for button in (self.edit_function_button, self.retire_function_button, self.assign_button):
            button.setEnabled(staffing is not None)
        if staffing is None:
            self.holders_label.setText(self.tr("Kies een functie om te zien wie haar vervult."))
            self.holders_model.set_assignments((), {}, {})
            self._update_holder_buttons()
            return
        assignments = self.context.call(org.list_assignments, function_id=staffing.function.id)
        names = {p.id: p.name for p in self.context.call(org.list_people, include_archived=True)}
        current = {h.assignment.id: h.readiness for h in staffing.holders}
        self.holders_label.setText(
            self.tr("<b>%1</b> · wie de functie vervult of vervulde").replace("%1", staffing.function.name)
        )
        self.holders_model.set_assignments(assignments, names, current)
        self._update_holder_buttons()

    def selected_assignment(self) -> AssignmentRecord | None:
        record: AssignmentRecord | None = selected_record(self.holders_view)
        return record

    def _update_holder_buttons(self, *_args: object) -> None:
        selected = self.selected_assignment() is not None
        self.end_button.setEnabled(selected)
        self.remove_assignment_button.setEnabled(selected)

    def _fill_matrix_teams(self) -> None:
        current = self.matrix_team.currentData()
        self.matrix_team.blockSignals(True)
        self.matrix_team.clear()
        self.matrix_team.addItem(self.tr("alle teams"), None)
        for team in self.overview.teams:
            self.matrix_team.addItem(f"{team.name} ({team.code})", team.id)
        self.matrix_team.setCurrentIndex(max(self.matrix_team.findData(current), 0))
        self.matrix_team.blockSignals(False)

    def _fill_matrix(self, *_args: object) -> None:
        self.matrix_model.set_overview(self.overview, self.matrix_team.currentData(), self.matrix_search.text())

    def _fill_alarm(self, *_args: object) -> None:
        level = int(self.grip_level.currentData())
        staffings = self.overview.for_grip(level)
        self.alarm_model.set_staffing(staffings)
        people = sum(len(s.holders) for s in staffings)
        self.alarm_summary.setText(
            self.tr("%1 functies, %2 personen; per functie eerst de primaire functionaris")
            .replace("%1", str(len(staffings)))
            .replace("%2", str(people))
        )

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & org.TABLES:
            self.refresh()

    def reveal(self, place: Place, key: object) -> None:
        self.tabs.setCurrentIndex(1)
        self._select_function(int(str(key)) if key is not None else None)

    # -- editing ---------------------------------------------------------------------------------------------------

    def new_person(self) -> bool:
        dialog = PersonDialog(self)
        if not interaction.run_dialog(dialog):
            return False
        data, context, made = dialog.value(), self.context, dict[str, int]()

        def do() -> None:
            made["id"] = context.call(org.create_person, data, reuse_id=made.get("id")).id

        ok = self.edit(
            self.tr("nieuwe persoon %1").replace("%1", data.name),
            do,
            lambda: context.call(org.delete_person, made["id"]),
        )
        if ok:
            self.select_person(made["id"])
        return ok

    def edit_person(self, *_args: object) -> bool:
        person = self.selected_person()
        if person is None:
            return False
        dialog = PersonDialog(self, person)
        if not interaction.run_dialog(dialog):
            return False
        data, before, context = dialog.value(), person.as_input(), self.context
        return self.edit(
            self.tr("wijziging %1").replace("%1", person.name),
            lambda: context.call(org.update_person, person.id, data),
            lambda: context.call(org.update_person, person.id, before),
        )

    def toggle_archived(self) -> bool:
        person = self.selected_person()
        if person is None:
            return False
        archive, context = not person.archived, self.context
        text = self.tr("archiveren %1") if archive else self.tr("terughalen %1")
        return self.edit(
            text.replace("%1", person.name),
            lambda: context.call(org.set_archived, person.id, archive),
            lambda: context.call(org.set_archived, person.id, not archive),
        )

    def import_people(self) -> bool:
        chosen = interaction.open_filename(
            self, self.tr("Personen importeren"), "", self.tr("CSV-bestanden (*.csv *.txt);;Alle bestanden (*)")
        )
        if not chosen:
            return False
        try:
            data = Path(chosen).read_bytes()
            plan = self.context.call(org.plan_people_import, data)
        except OSError as exc:
            interaction.critical(
                self,
                self.tr("Importeren"),
                self.tr("%1 kan niet worden gelezen: %2").replace("%1", chosen).replace("%2", exc.strerror or str(exc)),
            )
            return False
        except CrisisAppError as exc:
            interaction.critical(self, self.tr("Importeren niet mogelijk"), str(exc))
            return False
        lines = [
            self.tr("%1 personen worden toegevoegd").replace("%1", str(len(plan.adds)))
            + (
                f": {', '.join(p.name for p in plan.adds[:12])}{' …' if len(plan.adds) > 12 else ''}"
                if plan.adds
                else "."
            ),
            self.tr("%1 personen worden bijgewerkt").replace("%1", str(len(plan.updates)))
            + (f": {', '.join(old.name for old, _ in plan.updates[:12])}" if plan.updates else "."),
            self.tr("%1 personen staan er al zo in.").replace("%1", str(plan.unchanged)),
        ]
        if plan.ignored_columns:
            lines.append(self.tr("Genegeerde kolommen: %1.").replace("%1", ", ".join(plan.ignored_columns)))
        if not interaction.question(
            self, self.tr("Personen importeren"), "\n".join([*lines, "", self.tr("Importeren?")])
        ):
            return False
        try:
            self.context.call(org.import_people, data)
        except CrisisAppError as exc:
            interaction.critical(self, self.tr("Importeren niet mogelijk"), str(exc))
            return False
        self.undo_stack.clear()  # an import cannot be undone, and earlier steps no longer fit what is there
        return True

    def new_function(self) -> bool:
        staffing = self.selected_function()
        team = next((t for t in self.overview.teams if staffing and t.id == staffing.function.team_id), None)
        if team is None:
            return False
        dialog = FunctionDialog(self, None, team.name)
        if not interaction.run_dialog(dialog):
            return False
        (name, grip, requirements), context, made = dialog.value(), self.context, dict[str, int]()

        def do() -> None:
            made["id"] = context.call(
                org.create_function, team.id, name, grip, requirements, reuse_id=made.get("id")
            ).id

        return self.edit(
            self.tr("nieuwe functie %1").replace("%1", name), do, lambda: context.call(org.delete_function, made["id"])
        )

    def edit_function(self) -> bool:
        staffing = self.selected_function()
        if staffing is None:
            return False
        function = staffing.function
        dialog = FunctionDialog(self, function, function.team_name)
        if not interaction.run_dialog(dialog):
            return False
        (name, grip, requirements), context = dialog.value(), self.context
        return self.edit(
            self.tr("wijziging functie %1").replace("%1", function.name),
            lambda: context.call(org.update_function, function.id, name, grip, requirements),
            lambda: context.call(
                org.update_function, function.id, function.name, function.alarm_from_grip, function.requirements
            ),
        )

    def retire_function(self) -> bool:
        staffing = self.selected_function()
        if staffing is None or not interaction.question(
            self,
            self.tr("Functie laten vervallen"),
            self.tr("De functie %1 vervalt en verdwijnt uit de lijsten; haar geschiedenis blijft. Doorgaan?").replace(
                "%1", staffing.function.name
            ),
        ):
            return False
        function_id, context = staffing.function.id, self.context
        return self.edit(
            self.tr("vervallen functie %1").replace("%1", staffing.function.name),
            lambda: context.call(org.set_function_retired, function_id, True),
            lambda: context.call(org.set_function_retired, function_id, False),
        )

    def assign(self) -> bool:
        staffing = self.selected_function()
        if staffing is None:
            return False
        dialog = AssignDialog(self, staffing.function, self.context.call(org.list_people), self.today())
        if not interaction.run_dialog(dialog):
            return False
        (person_id, role, start, end), context, made = dialog.value(), self.context, dict[str, int]()
        function_id = staffing.function.id

        def do() -> None:
            made["id"] = context.call(org.assign, person_id, function_id, role, start, end, reuse_id=made.get("id")).id

        return self.edit(
            self.tr("toewijzing %1").replace("%1", staffing.function.name),
            do,
            lambda: context.call(org.delete_assignment, made["id"]),
        )

    def end_assignment(self) -> bool:
        assignment = self.selected_assignment()
        if assignment is None:
            return False
        dialog = DateDialog(self, self.tr("Toewijzing beëindigen"), self.tr("Laatste dag:"), self.today())
        if not interaction.run_dialog(dialog):
            return False
        end, context = dialog.value(), self.context
        return self.edit(
            self.tr("einde toewijzing"),
            lambda: context.call(org.set_assignment_end, assignment.id, end),
            lambda: context.call(org.set_assignment_end, assignment.id, assignment.end),
        )

    def remove_assignment(self) -> bool:
        assignment = self.selected_assignment()
        if assignment is None:
            return False
        context = self.context
        return self.edit(
            self.tr("verwijderde toewijzing"),
            lambda: context.call(org.delete_assignment, assignment.id),
            lambda: context.call(org.restore_assignment, assignment),  # with its own number again
        )

    def record_attendance(self) -> bool:
        dialog = AttendanceDialog(self, self.context.call(org.list_people), self.today())
        if not interaction.run_dialog(dialog):
            return False
        (person_id, kind, day), context, made = dialog.value(), self.context, dict[str, int]()

        def do() -> None:
            made["id"] = context.call(
                org.record_attendance, person_id, kind, day, context.now(), reuse_id=made.get("id")
            ).id

        return self.edit(
            self.tr("deelname %1").replace("%1", kind.value),
            do,
            lambda: context.call(org.delete_attendance, made["id"]),
        )

    # -- printing -------------------------------------------------------------------------------------------------

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        choices = [self.tr("Bereikbaarheidslijst crisisorganisatie")]
        choices += [self.tr("Alarmeringslijst GRIP %1").replace("%1", str(level)) for level in range(1, 5)]
        current = self.grip_level.currentIndex() + 1 if self.tabs.currentIndex() == 3 else 0
        choice = interaction.choose_item(self, self.tr("Afdrukken"), self.tr("Wat wilt u afdrukken?"), choices, current)
        if choice is None:
            return None
        return self._report(choice)

    def _report(self, choice: int) -> PrintJob:
        from crisisapp.reports.organisation import alarm_pdf, contacts_pdf

        now = self.context.now()
        if choice == 0:
            return PrintJob(
                self.tr("Bereikbaarheidslijst"), contacts_pdf(self.overview, now), "bereikbaarheidslijst.pdf"
            )
        return PrintJob(
            self.tr("Alarmeringslijst GRIP %1").replace("%1", str(choice)),
            alarm_pdf(self.overview, choice, now),
            f"alarmeringslijst-grip-{choice}.pdf",
        )

    def _print_alarm(self) -> None:
        self.tabs.setCurrentIndex(3)
        self.print_requested.emit()
