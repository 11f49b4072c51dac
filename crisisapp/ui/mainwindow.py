"""The main window: navigation between the areas, menus, undo stack, status bar, remembered layout."""

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from crisisapp import __version__
from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.storage.database import open_database
from crisisapp.storage.revision import HEAD
from crisisapp.ui import interaction
from crisisapp.ui.areas import AREAS, Area
from crisisapp.ui.page import Page

if TYPE_CHECKING:
    from crisisapp.ui.preview import PdfPreviewDialog

DEFAULT_SIZE = (1280, 720)  # fits a 1366x768 laptop screen with its taskbar


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, areas: Sequence[Area] = AREAS) -> None:
        super().__init__()
        self.context = context
        self.areas = tuple(areas)
        self.pages: dict[str, Page] = {}
        self.undo_stack = QUndoStack(self)
        self.settings = QSettings()

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(200)
        for number, area in enumerate(self.areas, start=1):
            self.nav.addItem(self._area_title(area))
            self.nav.item(number - 1).setToolTip(f"{self._area_title(area)} (Ctrl+{number})")
        self.stack = QStackedWidget(self)
        self._reset_pages()
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.database_label)
        self._build_menus()
        self.nav.currentRowChanged.connect(self._show_row)
        self.context.add_listener(self._data_changed)
        self._update_database_texts()
        self._restore_settings()

    @staticmethod
    def _area_title(area: Area) -> str:
        return QCoreApplication.translate("Area", area.title)

    # -- menus -------------------------------------------------------------------------------------------------

    def _action(self, text: str, shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(shortcut) for shortcut in shortcuts])
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Bestand"))
        self.open_action = self._action(self.tr("Database &openen…"), [QKeySequence.StandardKey.Open])
        self.open_action.triggered.connect(self.choose_database)
        self.print_action = self._action(self.tr("&Afdrukken…"), [QKeySequence.StandardKey.Print])
        self.print_action.triggered.connect(self.print_current)
        self.export_action = self._action(self.tr("&Exporteren als PDF…"), ["Ctrl+E"])
        self.export_action.triggered.connect(self.export_current)
        self.quit_action = self._action(self.tr("A&fsluiten"), ["Ctrl+Q"])
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("Be&werken"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Ongedaan maken"))
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("Opnie&uw"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        go_menu = self.menuBar().addMenu(self.tr("&Ga naar"))
        self.goto_actions: list[QAction] = []
        for number, area in enumerate(self.areas[:9], start=1):
            action = self._action(self._area_title(area), [f"Ctrl+{number}"])
            action.triggered.connect(lambda _checked=False, row=number - 1: self.nav.setCurrentRow(row))
            go_menu.addAction(action)
            self.goto_actions.append(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = self._action(self.tr("&Over CrisisApp"), [])
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    # -- pages -------------------------------------------------------------------------------------------------

    def page(self, key: str) -> Page:
        """The page of area ``key``, built the first time it is asked for."""
        if key not in self.pages:
            row = next(number for number, area in enumerate(self.areas) if area.key == key)
            page = self.areas[row].build(self.context, self.undo_stack)
            page.print_requested.connect(self.print_current)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.pages[key] = page
        return self.pages[key]

    def show_area(self, key: str) -> Page:
        row = next(number for number, area in enumerate(self.areas) if area.key == key)
        self.nav.setCurrentRow(row)
        return self.page(key)

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.areas):
            return
        page = self.page(self.areas[row].key)
        self.stack.setCurrentWidget(page)
        printable = page.can_print()
        self.print_action.setEnabled(printable)
        self.export_action.setEnabled(printable)

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def _data_changed(self, tables: frozenset[str]) -> None:
        for page in self.pages.values():
            page.data_changed(tables)

    # -- printing ----------------------------------------------------------------------------------------------

    def print_current(self) -> "PdfPreviewDialog | None":
        """Open the print preview of the current page's report."""
        page = self.current_page()
        job = page.print_job() if page and page.can_print() else None
        if job is None:
            return None
        from crisisapp.ui.preview import PdfPreviewDialog  # QtPdf stays out of start-up

        dialog = PdfPreviewDialog(job.title, job.pdf, job.suggested_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_current(self) -> None:
        """Save the current page's report as a PDF file without the preview."""
        page = self.current_page()
        job = page.print_job() if page and page.can_print() else None
        if job is None:
            return
        from crisisapp.ui.preview import save_pdf_as

        save_pdf_as(self, job.pdf, job.suggested_name)

    # -- database ----------------------------------------------------------------------------------------------

    def choose_database(self) -> None:
        chosen = interaction.open_filename(
            self,
            self.tr("Database openen"),
            str(self.context.database.path.parent),
            self.tr("CrisisApp-databases (*.sqlite3 *.sqlite *.db);;Alle bestanden (*)"),
        )
        if chosen:
            self.open_database_file(Path(chosen))

    def open_database_file(self, path: Path) -> bool:
        """Switch to the database at ``path``; on refusal the current one stays open."""
        try:
            database = open_database(path)
        except CrisisAppError as exc:
            interaction.critical(self, self.tr("Database niet geopend"), str(exc))
            return False
        old = self.context
        self.context = AppContext(database, clock=old.clock)
        self.context.add_listener(self._data_changed)
        old.close()
        self.undo_stack.clear()
        self._reset_pages()
        self._update_database_texts()
        self._show_row(max(self.nav.currentRow(), 0))
        return True

    def _reset_pages(self) -> None:
        """Drop the built pages; each area gets a placeholder until its page is first shown."""
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages.clear()
        for _area in self.areas:
            self.stack.addWidget(QWidget(self.stack))

    def _update_database_texts(self) -> None:
        path = self.context.database.path
        self.setWindowTitle(self.tr("CrisisApp – %1").replace("%1", path.name))
        self.database_label.setText(self.tr("Database: %1").replace("%1", str(path)))

    def show_about(self) -> None:
        interaction.about(self, self.tr("Over CrisisApp"), self.about_text())

    def about_text(self) -> str:
        lines = (
            f"<h3>CrisisApp {escape(__version__)}</h3>",
            escape(self.tr("Crisisbeheersing en fysieke veiligheid, gemeente Maassluis.")),
            f"<br><br>{escape(self.tr('Database'))}: {escape(str(self.context.database.path))}",
            f"<br>{escape(self.tr('Schemaversie'))}: {escape(HEAD)}",
        )
        return "".join(lines)

    # -- settings ----------------------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("mainwindow/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        keys = [area.key for area in self.areas]
        last = self.settings.value("mainwindow/page", keys[0])
        self.nav.setCurrentRow(keys.index(last) if last in keys else 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("mainwindow/geometry", self.saveGeometry())
        row = self.nav.currentRow()
        if 0 <= row < len(self.areas):
            self.settings.setValue("mainwindow/page", self.areas[row].key)
        self.settings.sync()
        super().closeEvent(event)
