"""The main window: navigation between the areas, menus, undo stack, status bar, remembered layout."""

from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QSettings,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QMoveEvent, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp import __version__
from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.paths import server_backup_folder
from crisisapp.places import Place
from crisisapp.services import glance, settings
from crisisapp.storage import backup
from crisisapp.storage.database import Database, open_database
from crisisapp.storage.revision import HEAD
from crisisapp.storage.server import ServerDatabase, open_server
from crisisapp.storage.server_backup import backup_server, backup_target
from crisisapp.timeutil import format_datetime
from crisisapp.ui import interaction, offline
from crisisapp.ui.areas import AREAS, Area
from crisisapp.ui.connect import remember_last, remembered_connection, waiting
from crisisapp.ui.incident.bar import IncidentBar
from crisisapp.ui.page import Page
from crisisapp.ui.undo import UndoEntry
from crisisapp.ui.widgets import named

if TYPE_CHECKING:
    from crisisapp.ui.preview import PdfPreviewDialog

#: The room a 1366×768 laptop screen leaves above a 40 px taskbar, which the window must fit frame and all.
SCREEN_ROOM = (1366, 728)
#: What the window system adds around the window, borders and a title bar, with some to spare.
FRAME_ROOM = (16, 48)
#: The size of the window at first start (without its frame).
DEFAULT_SIZE = (1280, SCREEN_ROOM[1] - FRAME_ROOM[1])
#: How long after the window was resized, moved or turned to another page its state is written down.
REMEMBER_MS = 1000
#: How often the window looks for changes that other app instances made in a server database.
OTHERS_MS = 400


class MainWindow(QMainWindow):
    #: Another database was opened (Ctrl+O, a server): its path or address, so a second start on it finds this window.
    database_opened = Signal(str)

    def __init__(self, context: AppContext, areas: Sequence[Area] = AREAS) -> None:
        super().__init__()
        self.context = context
        self.areas = tuple(areas)
        self.pages: dict[str, Page] = {}
        self.undo_stack = QUndoStack(self)
        self.settings = QSettings()
        # Size, place and page are remembered a moment after they change, not only on closing: a laptop whose
        # battery dies, or an app that is killed, opens the next time as the user left it.
        self._remember_timer = QTimer(self)
        self._remember_timer.setSingleShot(True)
        self._remember_timer.setInterval(REMEMBER_MS)
        self._remember_timer.timeout.connect(self._remember)

        self.nav = named(QListWidget(self), self.tr("Onderdelen"))
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(200)
        for number, area in enumerate(self.areas, start=1):
            self.nav.addItem(self._area_title(area))
            if number <= 9:
                self.nav.item(number - 1).setToolTip(f"{self._area_title(area)} (Ctrl+{number})")
        self.stack = QStackedWidget(self)
        self._reset_pages()
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        self.incident_bar = IncidentBar(
            context, self.go_to_incident, lambda key: self.open_place(Place.INCIDENT, key), central
        )
        self.offline_banner = offline.OfflineBanner(central)
        right = QVBoxLayout()
        right.setSpacing(0)
        right.addWidget(self.offline_banner)
        right.addWidget(self.incident_bar)
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.database_label)
        self._build_menus()
        self.nav.currentRowChanged.connect(self._show_row)
        self.context.on_backup_problem = self._backup_problem
        self.context.add_listener(self._data_changed)
        # What other app instances change in a server database shows here within a second.
        self.context.watch_other_instances()
        self.others_timer = QTimer(self)
        self.others_timer.setInterval(OTHERS_MS)
        self.others_timer.timeout.connect(self._hear_other_instances)
        self.others_timer.start()
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
        self.connect_action = self._action(self.tr("&Verbinden met server…"), [])
        self.connect_action.triggered.connect(self.connect_to_server)
        self.print_action = self._action(self.tr("&Afdrukken…"), [QKeySequence.StandardKey.Print])
        self.print_action.triggered.connect(self.print_current)
        self.export_action = self._action(self.tr("&Exporteren als PDF…"), ["Ctrl+E"])
        self.export_action.triggered.connect(self.export_current)
        self.quit_action = self._action(self.tr("A&fsluiten"), ["Ctrl+Q"])
        self.quit_action.triggered.connect(self.close)
        self.backup_action = self._action(self.tr("&Back-up maken"), ["Ctrl+Shift+B"])
        self.backup_action.triggered.connect(self.make_backup)
        self.restore_action = self._action(self.tr("Back-up &terugzetten…"), [])
        self.restore_action.triggered.connect(self.choose_backup_to_restore)
        self.check_action = self._action(self.tr("Database &controleren"), [])
        self.check_action.triggered.connect(self.check_database)
        self.backup_folder_action = self._action(self.tr("Back-up&map kiezen…"), [])
        self.backup_folder_action.triggered.connect(self.choose_backup_folder)
        self.offline_copy_action = self._action(self.tr("Offline &kopie maken…"), [])
        self.offline_copy_action.triggered.connect(self.make_offline_copy)
        self.sync_action = self._action(self.tr("Offline kopie &synchroniseren"), [])
        self.sync_action.triggered.connect(lambda: offline.synchronise(self, self.context))
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.connect_action)
        file_menu.addSeparator()
        for action in (self.backup_action, self.restore_action, self.check_action, self.backup_folder_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.offline_copy_action)
        file_menu.addAction(self.sync_action)
        file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("Be&werken"))
        stack = self.undo_stack
        self.undo_action = self._history_action(self.tr("&Ongedaan maken"), self.undo, stack.undoTextChanged)
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.redo_action = self._history_action(self.tr("Opnie&uw"), self.redo, stack.redoTextChanged)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        go_menu = self.menuBar().addMenu(self.tr("&Ga naar"))
        self.incident_action = self._action(self.tr("&Incident starten of openen"), ["Ctrl+Shift+I"])
        self.incident_action.triggered.connect(self.go_to_incident)
        go_menu.addAction(self.incident_action)
        go_menu.addSeparator()
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
            page.open_place.connect(self.open_place)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.pages[key] = page
        return self.pages[key]

    def _history_action(self, text: str, trigger: Callable[[], None], text_changed: SignalInstance) -> QAction:
        """Undo or redo, named after the command it takes back or does again: "Ongedaan maken: Vooroverleg
        vastleggen" (a command's label is a sentence of its own, so it follows a colon)."""
        action = QAction(text, self)
        action.setEnabled(False)
        action.triggered.connect(trigger)
        text_changed.connect(lambda command: action.setText(f"{text}: {command}" if command else text))
        return action

    def undo(self) -> None:
        """Take back the last change, wherever it was made: say so in the status bar and open the page it was
        made on."""
        self._history_step(undoing=True)

    def redo(self) -> None:
        self._history_step(undoing=False)

    def _history_step(self, *, undoing: bool) -> None:
        stack = self.undo_stack
        index = stack.index() - 1 if undoing else stack.index()
        if not 0 <= index < stack.count():
            return
        entry = stack.command(index)
        label, origin = entry.text(), entry.origin if isinstance(entry, UndoEntry) else None
        count = stack.count()
        if undoing:
            stack.undo()
        else:
            stack.redo()
        if stack.count() < count:  # the step failed and its entry went: the user was told why
            return
        done = self.tr("Ongedaan gemaakt: %1") if undoing else self.tr("Opnieuw gedaan: %1")
        self.statusBar().showMessage(done.replace("%1", label), 10000)
        area = next((key for key, page in self.pages.items() if page is origin), None)
        if area is not None and origin is not self.current_page():  # the change was made on another page
            self.show_area(area)

    def open_place(self, place: Place, key: object) -> None:
        """Open the area of ``place`` and show the record ``key`` there."""
        if any(a.key == place.area for a in self.areas):
            self.show_area(place.area).reveal(place, key)

    def go_to_incident(self) -> None:
        """Ctrl+Shift+I from anywhere: the open incident's log line, or starting one when none is open."""
        if not any(area.key == "incident" for area in self.areas):
            return
        from crisisapp.services import incident
        from crisisapp.ui.incident.page import IncidentPage

        current = self.context.call(incident.current_incident)
        page = self.show_area("incident")
        if not isinstance(page, IncidentPage):
            return
        if current is None:
            page.start_incident()
        else:
            page.reveal(Place.INCIDENT, current.id)

    def show_area(self, key: str) -> Page:
        row = next(number for number, area in enumerate(self.areas) if area.key == key)
        self.nav.setCurrentRow(row)
        return self.page(key)

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.areas):
            return
        try:
            page = self.page(self.areas[row].key)
        except ImportError:
            # Its modules cannot be loaded (replaced under the running app): the list goes back to the page shown,
            # and the exception hook tells the user what to do.
            with QSignalBlocker(self.nav):
                self.nav.setCurrentRow(self.stack.currentIndex())
            raise
        self.stack.setCurrentWidget(page)
        self._remember_timer.start()
        printable = page.can_print()
        self.print_action.setEnabled(printable)
        self.export_action.setEnabled(printable)

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def _data_changed(self, tables: frozenset[str]) -> None:
        if tables & glance.INCIDENT_TABLES:  # not at each line of its log
            self.incident_bar.refresh()
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

        dialog = PdfPreviewDialog(self.context, job.title, job.pdf, job.suggested_name, self)
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

        save_pdf_as(self, self.context, job.pdf, job.suggested_name)

    # -- database ----------------------------------------------------------------------------------------------

    def choose_database(self) -> None:
        chosen = interaction.open_filename(
            self,
            self.tr("Database openen"),
            str(self.context.file().parent if isinstance(self.context.database, Database) else Path.home()),
            self.tr("CrisisApp-databases (*.sqlite3 *.sqlite *.db);;Alle bestanden (*)"),
        )
        if chosen:
            self.open_database_file(Path(chosen))

    def open_database_file(self, path: Path) -> bool:
        """Switch to the database at ``path``; on refusal the current one stays open."""
        if isinstance(self.context.database, Database) and path.expanduser().resolve() == self.context.database.path:
            return True
        try:
            database = open_database(path, create=False)
        except CrisisAppError as exc:
            interaction.critical(self, self.tr("Database niet geopend"), str(exc))
            return False
        self._warn_about(self.context.close(backup=True))
        self._use_database(database)
        remember_last("file")
        if (damage := database.damage_warning()) is not None:
            interaction.warning(self, self.tr("Database beschadigd"), damage)
        offline.warn_if_stale(self, self.context)
        return True

    def connect_to_server(self) -> bool:
        """Bestand → Verbinden met server…: switch to the server database the user fills in; on a refusal or when
        cancelled the current database stays open. The connection is remembered for the next start."""
        from crisisapp.ui.connect_dialog import ConnectDialog  # its forms stay out of the start

        current = self.context.database
        dialog = ConnectDialog(self, remembered_connection())
        if not interaction.run_dialog(dialog) or dialog.database is None:
            return False
        if isinstance(current, ServerDatabase) and dialog.database.url == current.url:
            dialog.database.close()
            return True
        self._warn_about(self.context.close(backup=True))
        self._use_database(dialog.database)
        return True

    def make_offline_copy(self) -> None:
        """A copy of the server database for the field; opened here when the user wants to."""
        path = offline.make_copy(self, self.context)
        if path is not None and interaction.question(
            self, self.tr("Offline kopie"), self.tr("De offline kopie nu openen (in plaats van de serverdatabase)?")
        ):
            self.open_database_file(path)

    def _use_database(self, database: Database | ServerDatabase) -> None:
        self.database_opened.emit(str(database.path) if isinstance(database, Database) else database.name)
        self.context = AppContext(database, clock=self.context.clock, on_backup_problem=self._backup_problem)
        self.context.add_listener(self._data_changed)
        self.context.watch_other_instances()
        self.undo_stack.clear()
        self._reset_pages()
        self.incident_bar.use(self.context)
        self._update_database_texts()
        self._show_row(max(self.nav.currentRow(), 0))

    def _hear_other_instances(self) -> None:
        """Show what other app instances changed; once a restore replaced the server database, open it anew as soon
        as no dialog is open (meanwhile that dialog's save is refused, its input kept)."""
        self.context.hear_other_instances()
        if self.context.database_replaced and QApplication.activeModalWidget() is None:
            self.reopen_replaced_database()

    def reopen_replaced_database(self) -> bool:
        """The server database was replaced by a restore: read it anew (every page, no undo history) and say so, or,
        when it cannot be used any more (an older schema, say), say why and close."""
        database = self.context.database
        assert isinstance(database, ServerDatabase)
        self.context.close()
        try:
            with waiting():
                reopened = open_server(database.url.render_as_string(hide_password=False))
        except CrisisAppError as exc:
            self.others_timer.stop()
            interaction.critical(
                self,
                self.tr("Database vervangen"),
                self.tr(
                    "De gegevens van %1 zijn vervangen door een teruggezette back-up (crisisapp restore), maar de "
                    "database is nu niet te gebruiken:\n\n%2\n\nCrisisApp sluit nu; start het opnieuw zodra de "
                    "beheerder dat heeft verholpen."
                )
                .replace("%1", database.name)
                .replace("%2", str(exc)),
            )
            self.close()
            return False
        self._use_database(reopened)
        interaction.warning(
            self,
            self.tr("Database vervangen"),
            self.tr(
                "Terwijl CrisisApp open stond, zijn de gegevens van %1 vervangen door een teruggezette back-up "
                "(crisisapp restore). Alle pagina's tonen nu de teruggezette gegevens. Wat na het maken van die "
                "back-up is gewijzigd, ook hier, staat er niet meer in: kijk uw laatste wijzigingen na. Ongedaan "
                "maken begint opnieuw."
            ).replace("%1", reopened.name),
        )
        return True

    # -- data safety -------------------------------------------------------------------------------------------

    def _backup_problem(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Automatische back-up mislukt"), 10000)
        interaction.warning(self, self.tr("Back-up mislukt"), message)

    def _warn_about(self, problem: str | None) -> None:
        if problem:
            interaction.warning(self, self.tr("Back-up bij het sluiten"), problem)

    def make_backup(self) -> Path | None:
        """A verified backup now: of a file into its backup folder, of a server database a pg_dump into the backup
        folder of the user's data folder."""
        database = self.context.database
        try:
            if isinstance(database, ServerDatabase):
                with waiting():
                    target = backup_target(database.url, server_backup_folder(), self.context.now())
                    path = backup_server(database.url, target)
            else:
                path = self.context.backup_now()
        except CrisisAppError as exc:
            interaction.warning(self, self.tr("Back-up mislukt"), str(exc))
            return None
        # its name: the whole path would run under the database's name at the status bar's right
        self.statusBar().showMessage(self.tr("Back-up gemaakt: %1").replace("%1", path.name), 10000)
        return path

    def choose_backup_folder(self) -> None:
        chosen = interaction.existing_folder(self, self.tr("Map voor de back-ups"), str(self.context.backup_folder()))
        if not chosen:
            return
        try:
            folder = self.context.execute(settings.SetBackupFolder(Path(chosen))).result
        except CrisisAppError as exc:
            interaction.warning(self, self.tr("Back-upmap niet gewijzigd"), str(exc))
            return
        interaction.information(
            self, self.tr("Back-upmap"), self.tr("De back-ups komen voortaan in %1.").replace("%1", str(folder))
        )

    def check_database(self) -> backup.CheckReport:
        report = backup.check(self.context.file(), self.context.backup_folder(), self.context.now())
        text = "\n".join(report.lines())
        if report.ok:
            interaction.information(self, self.tr("Database controleren"), text)
        else:
            interaction.warning(self, self.tr("Database controleren"), text)
        return report

    def choose_backup_to_restore(self) -> None:
        backups = backup.list_backups(self.context.backup_folder(), self.context.file())
        labels = [
            f"{format_datetime(item.created)} · {item.reason} · {max(1, item.size // 1024)} kB" for item in backups
        ]
        labels.append(self.tr("Ander bestand kiezen…"))
        question = self.tr("Welke back-up wilt u terugzetten?")
        others = backup.others_in_folder(self.context.backup_folder(), self.context.file())
        if others:
            question += "\n\n" + others
        choice = interaction.choose_item(self, self.tr("Back-up terugzetten"), question, labels, 0)
        if choice is None:
            return
        if choice < len(backups):
            chosen: Path | None = backups[choice].path
        else:
            name = interaction.open_filename(
                self,
                self.tr("Back-up terugzetten"),
                str(self.context.backup_folder()),
                self.tr("Back-ups (*.sqlite3 *.sqlite *.db *.bak);;Alle bestanden (*)"),
            )
            chosen = Path(name) if name else None
        if chosen is not None and interaction.question(
            self,
            self.tr("Back-up terugzetten"),
            self.tr(
                "De gegevens in %1 worden vervangen door die uit de back-up %2.\n\nVan de huidige gegevens wordt "
                "eerst een back-up gemaakt. Doorgaan?"
            )
            .replace("%1", self.context.name)
            .replace("%2", chosen.name),
        ):
            self.restore_backup_file(chosen)

    def restore_backup_file(self, chosen: Path) -> bool:
        """Replace the open database by the backup ``chosen``; on refusal nothing changes."""
        path, folder, now = self.context.file(), self.context.backup_folder(), self.context.now()
        self.context.close()
        restored, safety = False, None
        try:
            safety = backup.restore(chosen, path, folder, now)
            restored = True
        except CrisisAppError as exc:
            interaction.critical(self, self.tr("Terugzetten mislukt"), str(exc))
        finally:
            try:
                database = open_database(path, create=False)
            except CrisisAppError as exc:
                interaction.critical(
                    self,
                    self.tr("Database niet geopend"),
                    self.tr(
                        "%1\n\nCrisisApp sluit nu; start het opnieuw met een ander bestand of zet een back-up "
                        "terug met ‘crisisapp restore’."
                    ).replace("%1", str(exc)),
                )
                self.close()
                return False
        self._use_database(database)
        if restored:
            text = self.tr("De back-up %1 is teruggezet.").replace("%1", chosen.name)
            if safety is not None:
                text += " " + self.tr("De vorige gegevens staan in %1.").replace("%1", str(safety))
            interaction.information(self, self.tr("Back-up teruggezet"), text)
        return restored

    def _reset_pages(self) -> None:
        """Drop the built pages; each area gets a placeholder until its page is first shown."""
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages.clear()
        for _area in self.areas:
            self.stack.addWidget(QWidget(self.stack))

    def _update_database_texts(self) -> None:
        database = self.context.database
        on_file = isinstance(database, Database)
        title = database.path.name if isinstance(database, Database) else database.url.database or database.name
        self.setWindowTitle(self.tr("CrisisApp – %1").replace("%1", title))
        shown = self.tr("Database: %1").replace("%1", self.context.name)
        mark = self.context.offline_mark()
        if isinstance(database, ServerDatabase):  # who is logged in, and what the server lets them do
            shown += self.tr(" – aangemeld als %1").replace("%1", database.access.describe())
        elif mark is not None:  # whom a copy records as: the role it goes to the server as
            shown += self.tr(" – offline kopie, registreert als %1").replace("%1", mark.recorder())
        if not self.context.may_write:
            shown += self.tr(" – wijzigen kan niet")
        self.database_label.setText(shown)
        # A server database is backed up with pg_dump (storage/server_backup.py); restoring one replaces the data of
        # every user, which is `crisisapp restore` for a beheerder; the server checks its own pages.
        for action in (self.restore_action, self.check_action, self.backup_folder_action):
            action.setEnabled(on_file)
        # Of a server database only a beheerder sees all there is to back up (storage/server_backup.py).
        whole = on_file or (isinstance(database, ServerDatabase) and database.access.kind == "beheerder")
        self.backup_action.setEnabled(whole)
        self.backup_action.setStatusTip(
            "" if whole else self.tr("Een back-up van de serverdatabase maakt een beheerder.")
        )
        self.offline_copy_action.setEnabled(not on_file)
        self.sync_action.setEnabled(mark is not None)
        self.offline_banner.show_for(self.context)

    def show_about(self) -> None:
        interaction.about(self, self.tr("Over CrisisApp"), self.about_text())

    def about_text(self) -> str:
        lines = (
            f"<h3>CrisisApp {escape(__version__)}</h3>",
            escape(self.tr("Crisisbeheersing en fysieke veiligheid, gemeente Maassluis.")),
            f"<br><br>{escape(self.tr('Database'))}: {escape(self.context.name)}",
            f"<br>{escape(self.tr('Schemaversie'))}: {escape(HEAD)}",
        )
        return "".join(lines)

    def bring_to_front(self) -> None:
        """Another start of the app asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage(self.tr("CrisisApp was al geopend: dit is het venster."), 5000)

    # -- settings ----------------------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("mainwindow/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(self.default_size())
        keys = [area.key for area in self.areas]
        last = self.settings.value("mainwindow/page", keys[0])
        self.nav.setCurrentRow(keys.index(last) if last in keys else 0)

    def default_size(self) -> QSize:
        """:data:`DEFAULT_SIZE`, smaller on a screen that has less room (frame included)."""
        room = self.screen().availableGeometry().size() - QSize(*FRAME_ROOM)
        return QSize(*DEFAULT_SIZE).boundedTo(room)

    def _remember(self) -> None:
        if not self.isVisible():
            return  # before it shows (or after it closed) its geometry is not what the user sees
        self.settings.setValue("mainwindow/geometry", self.saveGeometry())
        row = self.nav.currentRow()
        if 0 <= row < len(self.areas):
            self.settings.setValue("mainwindow/page", self.areas[row].key)
        self.settings.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._remember_timer.start()

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        self._remember_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._remember_timer.stop()
        self._remember()
        self._warn_about(self.context.close(backup=True))
        super().closeEvent(event)
