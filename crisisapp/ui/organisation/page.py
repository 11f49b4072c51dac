"""Crisis organisation page: people, functions and who holds them, readiness, gaps, alarm lists."""

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.files import read_import_file
from crisisapp.models.organisation import Assignment, CrisisFunction, Person
from crisisapp.places import Place
from crisisapp.services import organisation as org
from crisisapp.services import piket, versions
from crisisapp.services.organisation import AssignmentRecord, FunctionStaffing, Overview, PersonRecord, counted
from crisisapp.storage.ownership import HOME
from crisisapp.storage.roles import Owned, owner
from crisisapp.storage.server import ServerDatabase
from crisisapp.timeutil import format_date, to_local
from crisisapp.ui import interaction
from crisisapp.ui.organisation.dialogs import AssignDialog, AttendanceDialog, DateDialog, FunctionDialog, PersonDialog
from crisisapp.ui.organisation.models import HoldersModel, PeopleModel, StaffingModel
from crisisapp.ui.organisation.tabs import AlarmTab, ReadinessTab
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import (
    RECORD_ROLE,
    RecordFilter,
    named,
    page_header,
    record_table,
    select_record,
    selected_record,
    widen_to_headers,
)


def _buttons(parent: QWidget, *labels: str) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    buttons = [QPushButton(label, parent) for label in labels]
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row, buttons


#: The teams and functions, like every record without a municipality, are Maassluis' (storage/roles.py).
FUNCTIONS = Owned("een functie of team van de crisisorganisatie", HOME)


def _owned(person: PersonRecord | None) -> Owned | None:
    """``person`` as the server's rules see them (None: nobody selected)."""
    return None if person is None else Owned(f"de persoon ‘{person.name}’", owner(person.municipality))


class OrganisationPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        self.people: tuple[PersonRecord, ...] = ()
        self.overview = Overview(self.today(), ())
        self.shown = org.OrganisationView(self.overview, (), (), {})  # what the page shows, read at each refresh

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
        self.gap_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.gap_banner.linkActivated.connect(self._show_gaps_per_function)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._people_tab(), self.tr("Personen"))
        self.tabs.addTab(self._functions_tab(), self.tr("Functies en bezetting"))
        self.readiness = ReadinessTab(self.tabs)
        self.readiness.attendance_button.clicked.connect(self.record_attendance)
        self.guard(self.readiness.attendance_button, org.RecordAttendance)
        self.tabs.addTab(self.readiness, self.tr("Vakbekwaamheid"))
        self.alarm = AlarmTab(self.tabs, context)
        self.alarm.print_button.clicked.connect(self._print_alarm)
        self.tabs.addTab(self.alarm, self.tr("Alarmering"))

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
        self.people_search = named(QLineEdit(tab), self.tr("Zoeken in personen"))
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
        self.people_proxy = RecordFilter(self, self.people_model)
        self.people_view = record_table(tab, self.people_proxy, self.tr("Personen"))
        self.people_view.setSortingEnabled(True)
        self.people_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.people_view.setWordWrap(False)
        header = self.people_view.horizontalHeader()
        header.setStretchLastSection(True)
        # Room left for the functions (the last column) beside a vertical scroll bar on a laptop screen: the list
        # does not scroll sideways.
        for column, width in enumerate((170, 150, 120, 110, 105, 220)):
            self.people_view.setColumnWidth(column, width)
        widen_to_headers(self.people_view)
        row, buttons = _buttons(
            tab,
            self.tr("Nieuwe persoon…"),
            self.tr("Wijzigen…"),
            self.tr("Archiveren"),
            self.tr("Wissen (AVG)…"),
            self.tr("Importeren…"),
        )
        self.new_person_button, self.edit_person_button, self.archive_button, self.erase_button, self.import_button = (
            buttons
        )
        self.erase_button.setToolTip(
            self.tr("Op verzoek van de persoon (AVG art. 17): naam en gegevens ook uit het logboek, voorgoed")
        )
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.people_view, 1)
        layout.addLayout(row)
        self.people_search.textChanged.connect(self.people_proxy.set_text)
        self.people_search.textChanged.connect(self._count_people)
        self.show_archived.toggled.connect(self.refresh)
        self.people_view.doubleClicked.connect(self.edit_person_button.click)
        self.people_view.selectionModel().selectionChanged.connect(self._update_person_buttons)
        self.new_person_button.clicked.connect(self.new_person)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.erase_button.clicked.connect(self.erase_person)
        self.import_button.clicked.connect(self.import_people)
        for button, kind in (
            (self.new_person_button, org.AddPerson),
            (self.edit_person_button, org.UpdatePerson),
            (self.archive_button, org.SetPersonArchived),
            (self.erase_button, org.ErasePerson),
            (self.import_button, org.ImportPeople),
        ):
            self.guard(button, kind)
        return tab

    def _functions_tab(self) -> QWidget:
        tab = QWidget(self)
        self.staffing_model = StaffingModel()
        self.staffing_view = record_table(tab, self.staffing_model, self.tr("Functies en bezetting"))
        self.staffing_view.setWordWrap(False)
        self.staffing_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((95, 290, 170, 260, 50)):
            self.staffing_view.setColumnWidth(column, width)
        row, (self.new_function_button, self.edit_function_button, self.retire_function_button) = _buttons(
            tab, self.tr("Nieuwe functie…"), self.tr("Functie wijzigen…"), self.tr("Functie laten vervallen")
        )
        self.holders_label = QLabel(tab)
        self.holders_model = HoldersModel()
        self.holders_view = record_table(tab, self.holders_model, self.tr("Toegewezen personen"))
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
        for button, kind, owned in (
            (self.new_function_button, org.AddFunction, FUNCTIONS),
            (self.edit_function_button, org.UpdateFunction, FUNCTIONS),
            (self.retire_function_button, org.SetFunctionRetired, FUNCTIONS),
            (self.assign_button, org.Assign, None),  # the person assigned decides whose (the server judges)
            (self.end_button, org.EndAssignment, None),  # the holder decides: _update_holder_buttons
            (self.remove_assignment_button, org.DeleteAssignment, None),
        ):
            self.guard(button, kind, owned=owned)
        return tab

    # -- showing ----------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload from the database; selections are kept where they still exist."""
        self.shown = self.context.call(
            org.organisation_view, self.today(), include_archived=self.show_archived.isChecked()
        )
        self.overview = self.shown.overview
        self.subtitle.setText(
            self.tr("Stand per %1 · %2 in %3")
            .replace("%1", format_date(self.overview.day))
            .replace("%2", counted(len(self.overview.staffing), self.tr("functie"), self.tr("functies")))
            .replace("%3", counted(len(self.overview.teams), self.tr("team"), self.tr("teams")))
        )
        self._show_gaps()
        self._load_people()
        selected = self.selected_function()
        self.staffing_model.set_rows(self.overview.staffing)
        self._select_function(selected.function.id if selected else None)
        self.readiness.show_overview(self.overview)
        self.alarm.refresh()

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
        count = counted(len(gaps), self.tr("hiaat"), self.tr("hiaten"))
        if len(gaps) <= org.FEW_GAPS:
            items = "; ".join(f"<b>{html.escape(g.function.name)}</b>: {', '.join(g.problems())}" for g in gaps)
            self.gap_banner.setText(f"<b>{count}</b> — {items}")
            return
        # Many gaps: what they are and how often, a line that stays readable; each function's own in the table.
        link = self.tr("per functie bekijken")
        self.gap_banner.setText(
            f"<b>{count}</b> — {html.escape(self.overview.gap_breakdown())} · <a href='functies'>{link}</a>"
        )

    def _show_gaps_per_function(self, _link: str) -> None:
        """The functions tab: each function's gaps in its column Knelpunten, in red."""
        self.tabs.setCurrentIndex(1)
        self.staffing_view.setFocus()

    def gap_texts(self) -> list[str]:
        return [f"{g.function.name}: {', '.join(g.problems())}" for g in self.overview.gaps()]

    def _load_people(self) -> None:
        self.people = self.shown.people
        selected = self.selected_person()
        self.people_model.set_people(self.people, self.shown.functions_of())
        if selected is not None:
            self.select_person(selected.id)
        self._count_people()
        self._update_person_buttons()

    def _count_people(self) -> None:
        total = self.people_model.total()
        shown = self.people_proxy.rowCount() if self.people_search.text().strip() else total
        text = counted(total, self.tr("persoon"), self.tr("personen"))
        if shown != total:
            text = self.tr("%1 van %2").replace("%1", str(shown)).replace("%2", text)
        self.people_count.setText(text)

    def selected_person(self) -> PersonRecord | None:
        rows = self.people_view.selectionModel().selectedRows()
        return rows[0].data(RECORD_ROLE) if rows else None

    def select_person(self, person_id: int) -> None:
        select_record(self.people_view, person_id)

    def _update_person_buttons(self, *_args: object) -> None:
        person = self.selected_person()
        self.edit_person_button.setEnabled(person is not None)
        self.archive_button.setEnabled(person is not None)
        self.erase_button.setEnabled(person is not None)
        self.restrict((self.edit_person_button, self.archive_button, self.erase_button), _owned(person))
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
        # a new function goes into the team of the one selected
        buttons = (self.new_function_button, self.edit_function_button, self.retire_function_button, self.assign_button)
        for button in buttons:
            button.setEnabled(staffing is not None)
        if staffing is None:
            self.holders_label.setText(self.tr("Kies een functie om te zien wie haar vervult."))
            self.holders_model.set_assignments((), {}, {})
            self._update_holder_buttons()
            return
        assignments, names = self.shown.holders_of(staffing.function.id), self.shown.names
        current = {h.assignment.id: h.readiness for h in staffing.holders}
        self.holders_label.setText(
            self.tr("<b>%1</b> · wie de functie vervult of vervulde").replace("%1", html.escape(staffing.function.name))
        )
        self.holders_model.set_assignments(assignments, names, current)
        self._update_holder_buttons()

    def selected_assignment(self) -> AssignmentRecord | None:
        record: AssignmentRecord | None = selected_record(self.holders_view)
        return record

    def _update_holder_buttons(self, *_args: object) -> None:
        assignment = self.selected_assignment()
        self.end_button.setEnabled(assignment is not None)
        self.remove_assignment_button.setEnabled(assignment is not None)
        # an assignment is its holder's municipality's to change
        holder = None if assignment is None else self.shown.person(assignment.person_id)
        self.restrict((self.end_button, self.remove_assignment_button), _owned(holder))

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & org.TABLES:
            self.refresh()
        elif tables & piket.TABLES:  # who is on duty, and who is away, decide the alarm list's order
            self.alarm.refresh()

    def reveal(self, place: Place, key: object) -> None:
        if place is Place.PEOPLE:
            self.tabs.setCurrentIndex(0)
            return
        self.tabs.setCurrentIndex(1)
        self._select_function(int(str(key)) if key is not None else None)

    # -- editing ---------------------------------------------------------------------------------------------------

    def new_person(self) -> bool:
        dialog = PersonDialog(self)
        done = self.execute_form(dialog, lambda: org.AddPerson(dialog.value()))
        if done is None:
            return False
        self.select_person(done.result.id)
        return True

    def edit_person(self, *_args: object) -> bool:
        person = self.selected_person()
        if person is None:
            return False
        editing = versions.shown(Person, person, self.tr("Deze persoon"))
        dialog = PersonDialog(self, person)
        return self.submitted(dialog, lambda: org.UpdatePerson(person.id, dialog.value()), editing)

    def erase_person(self) -> bool:
        """Wissen (AVG art. 17), once the user confirms it: the person's name and contact details leave the
        database, the Logboek included, for good. It cannot be undone, and the undo history, which still holds the
        old values, is emptied."""
        person = self.selected_person()
        if person is None:
            return False
        kept = (
            self.tr(
                "Back-ups van vóór het wissen (crisisapp backup) en offline kopieën bevatten de gegevens nog: "
                "verwijder ze zelf, of laat de beheerder van de server dat doen."
            )
            if isinstance(self.context.database, ServerDatabase)  # no automatic backups: the server's are by hand
            else self.tr(
                "Back-ups van vóór het wissen bevatten de gegevens nog: de automatische verdwijnen bij het uitdunnen "
                "(binnen negen maanden), back-ups die met de hand zijn gemaakt moet u zelf verwijderen."
            )
        )
        question = (
            self.tr(
                "De gegevens van %1 wissen? Naam, nummers, e-mail en opmerkingen verdwijnen uit CrisisApp, ook uit het "
                "logboek; wie wat wanneer heeft gewijzigd blijft staan. Dit kan niet ongedaan worden gemaakt.\n\n%2"
            )
            .replace("%1", person.name)
            .replace("%2", kept)
        )
        if not interaction.confirm(self, self.tr("Persoon wissen (AVG)"), question, self.tr("Wissen")):
            return False
        try:
            self.context.execute(org.ErasePerson(person.id, self.today()))
        except CrisisAppError as exc:
            interaction.warning(self, self.tr("Niet gewist"), str(exc))
            return False
        self.undo_stack.clear()  # its entries hold the values that were just erased
        return True

    def toggle_archived(self) -> bool:
        """Archive the person selected, once the user confirms it; or bring an archived one back."""
        person = self.selected_person()
        if person is None:
            return False
        if not person.archived and not interaction.question(
            self,
            self.tr("Persoon archiveren"),
            self.tr(
                "%1 archiveren? De persoon verdwijnt uit de lijsten en telt niet meer mee in de functies die hij of "
                "zij vervult; de geschiedenis blijft bewaard. Terughalen kan met ‘Ook gearchiveerde personen’."
            ).replace("%1", person.name),
        ):
            return False
        on = versions.shown(Person, person, self.tr("Deze persoon"))
        return self.succeeded(org.SetPersonArchived(person.id, not person.archived), on)

    def import_people(self) -> bool:
        chosen = interaction.open_filename(
            self, self.tr("Personen importeren"), "", self.tr("CSV-bestanden (*.csv *.txt);;Alle bestanden (*)")
        )
        if not chosen:
            return False
        try:
            data = read_import_file(Path(chosen))
            # only its text outlives the preview: a large list is not held twice while it is imported
            preview = self._import_preview(self.context.call(org.plan_people_import, data))
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
        if not interaction.question(self, self.tr("Personen importeren"), preview):
            return False
        return self.succeeded(org.ImportPeople(data))

    def _import_preview(self, plan: org.ImportPlan) -> str:
        lines = [
            self._people_count(len(plan.adds), self.tr("wordt toegevoegd"), self.tr("worden toegevoegd"))
            + (
                f": {', '.join(p.name for p in plan.adds[:12])}{' …' if len(plan.adds) > 12 else ''}"
                if plan.adds
                else "."
            ),
            self._people_count(len(plan.updates), self.tr("wordt bijgewerkt"), self.tr("worden bijgewerkt"))
            + (f": {', '.join(old.name for old, _ in plan.updates[:12])}" if plan.updates else "."),
            self._people_count(plan.unchanged, self.tr("staat er al zo in"), self.tr("staan er al zo in")) + ".",
        ]
        if plan.ignored_columns:
            ignored = self.tr("Genegeerde kolom") if len(plan.ignored_columns) == 1 else self.tr("Genegeerde kolommen")
            lines.append(f"{ignored}: {', '.join(plan.ignored_columns)}.")
        return "\n".join([*lines, "", self.tr("Importeren?")])

    def _people_count(self, number: int, one: str, many: str) -> str:
        """ "1 persoon wordt …", "3 personen worden …": noun and verb agree with the number."""
        return f"{counted(number, self.tr('persoon'), self.tr('personen'))} {one if number == 1 else many}"

    def new_function(self) -> bool:
        staffing = self.selected_function()
        team = next((t for t in self.overview.teams if staffing and t.id == staffing.function.team_id), None)
        if team is None:
            return False
        dialog = FunctionDialog(self, None, team.name)
        return self.submitted(dialog, lambda: org.AddFunction(team.id, *dialog.value()))

    def edit_function(self) -> bool:
        staffing = self.selected_function()
        if staffing is None:
            return False
        editing = versions.shown(CrisisFunction, staffing.function, self.tr("Deze functie"))
        dialog = FunctionDialog(self, staffing.function, staffing.function.team_name)
        return self.submitted(dialog, lambda: org.UpdateFunction(staffing.function.id, *dialog.value()), editing)

    def retire_function(self) -> bool:
        staffing = self.selected_function()
        if staffing is None:
            return False
        question = self.tr("De functie %1 vervalt en verdwijnt uit de lijsten; haar geschiedenis blijft. Doorgaan?")
        return interaction.question(
            self, self.tr("Functie laten vervallen"), question.replace("%1", staffing.function.name)
        ) and self.succeeded(
            org.SetFunctionRetired(staffing.function.id, True),
            versions.shown(CrisisFunction, staffing.function, self.tr("Deze functie")),
        )

    def assign(self) -> bool:
        staffing = self.selected_function()
        if staffing is None:
            return False
        people = self.context.call(org.list_people)
        dialog = AssignDialog(self, staffing.function, people, self.today(), has_primary=bool(staffing.primaries))

        def assign() -> org.Assign:
            person_id, role, start, end = dialog.value()
            return org.Assign(person_id, staffing.function.id, role, start, end)

        return self.submitted(dialog, assign)

    def end_assignment(self) -> bool:
        assignment = self.selected_assignment()
        if assignment is None:
            return False
        editing = versions.shown(Assignment, assignment, self.tr("Deze toewijzing"))
        dialog = DateDialog(self, self.tr("Toewijzing beëindigen"), self.tr("Laatste dag:"), self.today())
        return self.submitted(dialog, lambda: org.EndAssignment(assignment.id, dialog.value()), editing)

    def remove_assignment(self) -> bool:
        return self.execute_on_selected(
            self.holders_view,
            lambda assignment: org.DeleteAssignment(assignment.id),
            (Assignment, self.tr("Deze toewijzing")),
        )

    def record_attendance(self) -> bool:
        dialog = AttendanceDialog(self, self.context.call(org.list_people), self.today())
        return self.submitted(dialog, lambda: org.RecordAttendance(*dialog.value(), self.context.now()))

    # -- printing -------------------------------------------------------------------------------------------------

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        choices = [self.tr("Bereikbaarheidslijst crisisorganisatie")]
        choices += [self.tr("Alarmeringslijst GRIP %1").replace("%1", str(level)) for level in range(1, 5)]
        current = self.alarm.level() if self.tabs.currentIndex() == 3 else 0
        choice = interaction.choose_item(self, self.tr("Afdrukken"), self.tr("Wat wilt u afdrukken?"), choices, current)
        if choice is None:
            return None
        return self._report(choice)

    def _report(self, choice: int) -> PrintJob:
        from crisisapp.reports.organisation import alarm_pdf, contacts_pdf

        printed, alarm = self.context.printed(), self.alarm.current()  # both lists as the Alarmering tab stands
        if choice == 0:
            return PrintJob(self.tr("Bereikbaarheidslijst"), contacts_pdf(alarm, printed), "bereikbaarheidslijst.pdf")
        return PrintJob(
            self.tr("Alarmeringslijst GRIP %1").replace("%1", str(choice)),
            alarm_pdf(alarm, choice, printed),
            f"alarmeringslijst-grip-{choice}.pdf",
        )

    def _print_alarm(self) -> None:
        self.tabs.setCurrentIndex(3)
        self.print_requested.emit()
