"""Programme page: the 2020 programme read-only, searchable, with the team's priority-6 progress."""

from html import escape

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.models.programme import ActionProgress, ProgressStatus
from crisisapp.services import programme as service
from crisisapp.services import versions
from crisisapp.services.programme import STATUS_LABELS, Action, Priority, Progress
from crisisapp.storage.ownership import HOME
from crisisapp.storage.roles import Owned
from crisisapp.timeutil import format_datetime, format_long_date
from crisisapp.ui import interaction
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.programme.models import (
    KEY_ROLE,
    KIND_ROLE,
    ActionRow,
    ActionsTableModel,
    NodeKind,
    ProgrammeFilter,
    build_tree,
)
from crisisapp.ui.widgets import ElidedLabel, labelled, named, page_header, record_table


def _paragraphs(texts: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(text).replace(chr(10), '<br>')}</p>" for text in texts)


#: The programme's progress, like every record without a municipality, is Maassluis' (storage/roles.py).
PROGRESS = Owned("de voortgang van het programma", HOME)


class ProgrammePage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        self.programme = service.load_programme()
        self.progress: dict[str, Progress] = context.call(service.get_progress)
        self.panel: Progress | None = None  # the progress the panel's input started from: its action's, as shown

        titles, _subtitle = page_header(
            self,
            self.tr("Uitvoeringsprogramma 2020 Integraal veiligheidsbeleid"),
            self.tr("Vastgesteld %1 · alleen-lezen · de voortgang van prioriteit 6 houdt het team hier bij").replace(
                "%1", format_long_date(self.programme.date)
            ),
        )
        self.print_button = QPushButton(self.tr("Afdrukken…"), self)
        self.print_button.setToolTip(self.tr("Afdrukvoorbeeld van een prioriteit of het hele programma (Ctrl+P)"))
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.search = named(QLineEdit(self), self.tr("Zoeken in de acties"))
        self.search.setPlaceholderText(self.tr("Zoeken in de acties van alle prioriteiten…"))
        self.search.setClearButtonEnabled(True)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("resultLabel")
        self.tree_model = build_tree(self.programme)
        self.tree_filter = ProgrammeFilter(self.programme)
        self.tree_filter.setSourceModel(self.tree_model)
        self.tree = named(QTreeView(self), self.tr("Prioriteiten en inzet"))
        self.tree.setModel(self.tree_filter)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.result_label)
        left_layout.addWidget(self.tree, 1)

        self.detail = named(QTextBrowser(self), self.tr("Tekst van het programma"))
        self.detail.setOpenLinks(False)
        self.actions_model = ActionsTableModel()
        self.table = record_table(self, self.actions_model, self.tr("Acties"))
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.progress_box = QGroupBox(self.tr("Voortgang van de geselecteerde actie"), self)
        self.progress_action = ElidedLabel(self.progress_box)
        self.status_combo = QComboBox(self.progress_box)
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(self.tr(label), status)
        self.note_edit = QPlainTextEdit(self.progress_box)
        self.note_edit.setPlaceholderText(self.tr("Toelichting, bijvoorbeeld wat er gedaan is of wat nog nodig is"))
        self.note_edit.setFixedHeight(56)
        self.note_edit.setTabChangesFocus(True)
        self.save_button = QPushButton(self.tr("Opslaan"), self.progress_box)
        for widget in (self.status_combo, self.note_edit, self.save_button):
            self.guard(widget, service.SetProgress, owned=PROGRESS)
        self.updated_label = QLabel(self.progress_box)
        self.updated_label.setObjectName("hint")
        form = QFormLayout(self.progress_box)
        form.addRow(self.tr("Actie:"), self.progress_action)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_combo)
        status_row.addWidget(self.updated_label, 1)
        status_row.addWidget(self.save_button)
        form.addRow(labelled(self.progress_box, self.tr("Status:"), self.status_combo), status_row)
        form.addRow(labelled(self.progress_box, self.tr("Toelichting:"), self.note_edit), self.note_edit)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.detail)
        right.addWidget(self.table)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 5)
        right_box = QWidget(self)
        right_layout = QVBoxLayout(right_box)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(right, 1)
        right_layout.addWidget(self.progress_box)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([330, 800])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self._apply_search)
        self.tree.selectionModel().selectionChanged.connect(self._show_selection)
        self.table.selectionModel().selectionChanged.connect(self._show_action_progress)
        self.save_button.clicked.connect(self.save_progress)
        self.print_button.clicked.connect(self.print_requested)

        self._show_result_count(None)
        self.select_priority(service.TRACKED_PRIORITY)

    # -- selection -------------------------------------------------------------------------------------------

    def select_priority(self, number: int, inzet: int | None = None) -> None:
        """Select priority ``number`` (or one of its inzet) in the tree."""
        for row in range(self.tree_filter.rowCount()):
            index = self.tree_filter.index(row, 0)
            if index.data(KIND_ROLE) == NodeKind.PRIORITY and index.data(KEY_ROLE) == str(number):
                self.tree.expand(index)
                if inzet is not None:
                    index = self.tree_filter.index(inzet - 1, 0, index)
                self.tree.setCurrentIndex(index)
                return

    def selected_priority(self) -> Priority | None:
        index = self.tree.currentIndex()
        if not index.isValid() or index.data(KIND_ROLE) == NodeKind.INTRODUCTION:
            return None
        return self.programme.priority(int(str(index.data(KEY_ROLE)).split(".")[0]))

    def _show_selection(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        index = self.tree.currentIndex()
        terms = service.search_terms(self.search.text())
        kind = index.data(KIND_ROLE) if index.isValid() else None
        priority = self.selected_priority()
        html = ""
        actions: tuple[Action, ...] = ()
        if kind == NodeKind.INTRODUCTION:
            html = f"<h2>{escape(self.tr('Inleiding'))}</h2>{_paragraphs(self.programme.introduction)}"
        elif priority is not None and kind == NodeKind.PRIORITY:
            html = f"<h2>{priority.number}. {escape(priority.title)}</h2>{_paragraphs(priority.introduction)}"
            if priority.what_we_do:
                items = "".join(f"<li>{escape(item)}</li>" for item in priority.what_we_do)
                html += f"<p><b>{escape(self.tr('Wat gaan we doen?'))}</b></p><ul>{items}</ul>"
            html += _paragraphs(tuple(f"{note}" for note in priority.notes))
            actions = tuple(action for inzet in priority.inzet for action in inzet.actions)
        elif priority is not None and kind == NodeKind.INZET:
            inzet = next(i for i in priority.inzet if i.code == index.data(KEY_ROLE))
            html = f"<h2>{escape(self.tr('Inzet'))}: {escape(inzet.title)}</h2>"
            if inzet.ambition:
                html += f"<p><b>{escape(self.tr('Ambitie'))}:</b> {escape(inzet.ambition).replace(chr(10), '<br>')}</p>"
            html += f"<p><i>{priority.number}. {escape(priority.title)}</i></p>"
            actions = inzet.actions
        if terms:
            actions = tuple(action for action in actions if service.matches(action, terms))
        self.detail.setHtml(html)
        tracked = priority is not None and priority.tracked
        self.actions_model.set_rows(
            tuple(ActionRow(action, self.progress.get(action.code)) for action in actions), tracked=tracked, terms=terms
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((2, 170), (3, 170), (4, 150)):
            if column < self.actions_model.columnCount():
                self.table.setColumnWidth(column, width)
        self.table.setVisible(bool(actions) or kind != NodeKind.INTRODUCTION)
        self.progress_box.setVisible(tracked)
        if tracked and actions:
            self.table.selectRow(0)
        self._show_action_progress()

    def _apply_search(self, text: str) -> None:
        terms = service.search_terms(text)
        found = service.search_actions(self.programme, text) if terms else None
        self.tree_filter.set_matches(None if found is None else frozenset(action.code for action in found))
        if found is not None:
            self.tree.expandAll()
        self._show_result_count(found, text)
        if not self.tree.currentIndex().isValid() and self.tree_filter.rowCount():
            self.tree.setCurrentIndex(self.tree_filter.index(0, 0))
        self._show_selection()

    def _show_result_count(self, found: tuple[Action, ...] | None, text: str = "") -> None:
        if found is None:
            count = str(len(self.programme.actions()))
            self.result_label.setText(self.tr("Alle %1 acties van de zes prioriteiten").replace("%1", count))
        elif not found:
            self.result_label.setText(self.tr("Geen acties gevonden voor ‘%1’").replace("%1", text.strip()))
        else:
            priorities = len({action.priority_number for action in found})
            what = self.tr("1 actie gevonden") if len(found) == 1 else self.tr("%1 acties gevonden")
            where = self.tr("in 1 prioriteit") if priorities == 1 else self.tr("in %2 prioriteiten")
            self.result_label.setText(f"{what} {where}".replace("%1", str(len(found))).replace("%2", str(priorities)))

    # -- progress ----------------------------------------------------------------------------------------------

    def selected_action_row(self) -> ActionRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.actions_model.row_at(rows[0].row()) if rows else None

    def _show_action_progress(self, *_args: object) -> None:
        row = self.selected_action_row() if self.actions_model.tracked else None
        editable = row is not None
        for widget in (self.status_combo, self.note_edit, self.save_button):
            widget.setEnabled(editable)
        if row is None:
            self.panel = None
            self.progress_action.set_full_text(self.tr("Kies een actie in de tabel om de voortgang bij te werken."))
            self.status_combo.setCurrentIndex(0)
            self.note_edit.clear()
            self.updated_label.clear()
            return
        self.panel = _shown_progress(row)
        self.progress_action.set_full_text(f"{row.action.code} · {row.action.hoe}")
        self._type(self.panel.status, self.panel.note)
        self.updated_label.setText(
            self.tr("laatst gewijzigd %1").replace("%1", format_datetime(self.panel.updated_at))
            if self.panel.updated_at
            else ""
        )

    def _typed(self) -> tuple[ProgressStatus, str]:
        """The status and note as the panel holds them now."""
        return ProgressStatus(self.status_combo.currentData()), self.note_edit.toPlainText()

    def _type(self, status: ProgressStatus, note: str) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status))
        self.note_edit.setPlainText(note)

    def _unsaved_in(self, typed: tuple[ProgressStatus, str]) -> bool:
        """Whether ``typed`` differs from the progress the panel shows."""
        status, note = typed
        return self.panel is not None and (status, note.strip()) != (self.panel.status, self.panel.note)

    def save_progress(self) -> bool:
        """Record the form's status and note for the selected action, undoably."""
        row, shown = self.selected_action_row(), self.panel
        if row is None or shown is None or not self._unsaved_in(self._typed()):
            return False
        code = row.action.code
        status, note = self._typed()
        expect = versions.Loaded(
            ActionProgress.__tablename__,
            (code,),
            shown.version,
            self.tr("De voortgang van actie %1").replace("%1", code),
            by=("action_code",),
            shown_in=self.tr("de lijst"),
        )
        if self.succeeded(service.SetProgress(code, status, note, self.context.now()), expect):
            return True
        # Refused: someone else saved this action's progress since the panel showed it. The list shows theirs now
        # and the panel their time, with the user's input still in it: saved again, it goes over theirs knowingly.
        self.panel = _shown_progress(self.selected_action_row() or row)
        return False

    def data_changed(self, tables: frozenset[str]) -> None:
        if not tables & service.TABLES:
            return
        selected, shown, typed = self.selected_action_row(), self.panel, self._typed()
        unsaved = self._unsaved_in(typed)
        self.progress = self.context.call(service.get_progress)
        self.actions_model.update_progress(self.progress)
        if selected is not None:
            row = self.actions_model.row_of(selected.action.code)
            if row is not None:
                self.table.selectRow(row)
        self._show_action_progress()
        now = self.selected_action_row()
        same = selected is not None and now is not None and now.action.code == selected.action.code
        if unsaved and same and self._unsaved_in(typed):
            # Someone's change (of this action or another) does not wipe what the user is typing; the save still
            # expects this action's progress as the input started from it.
            self.panel = shown
            self._type(*typed)

    # -- printing ----------------------------------------------------------------------------------------------

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        selected = self.selected_priority()
        choices = [f"{p.number}. {p.title}" for p in self.programme.priorities]
        choices.append(self.tr("Het hele programma (inleiding en alle zes prioriteiten)"))
        current = len(choices) - 1 if selected is None else selected.number - 1
        choice = interaction.choose_item(
            self, self.tr("Programma afdrukken"), self.tr("Wat wilt u afdrukken?"), choices, current
        )
        if choice is None:
            return None
        number = None if choice == len(choices) - 1 else self.programme.priorities[choice].number
        from crisisapp.reports.programme import programme_pdf

        pdf = programme_pdf(self.programme, self.progress, priority=number, printed_at=self.context.now())
        name = "uitvoeringsprogramma-2020" + (f"-prioriteit-{number}" if number else "")
        return PrintJob(choices[choice], pdf, f"{name}.pdf")


def _shown_progress(row: ActionRow) -> Progress:
    """The progress of an action as its row shows it: open, without a note, where nobody recorded any."""
    return row.progress or Progress(row.action.code, ProgressStatus.OPEN, "", None)
