"""Starting the desktop application: QApplication, the database, the main window."""

import gc
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QThreadPool, QTimer, QTranslator, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.files import resolved
from crisisapp.paths import (
    chosen_database,
    database_path,
    default_database_path,
    server_location,
    set_application_names,
)
from crisisapp.storage.connection import ServerConnection, open_asking
from crisisapp.storage.database import Database, open_database
from crisisapp.storage.server import ServerDatabase, shown_location
from crisisapp.timeutil import to_local, utcnow
from crisisapp.ui import interaction
from crisisapp.ui.connect import ask_password, reopens_server
from crisisapp.ui.mainwindow import MainWindow
from crisisapp.ui.offline import warn_if_stale
from crisisapp.ui.single_instance import InstanceServer, activate_running_instance, serve_window, server_name

# Set by benchmarks/startup.py: print the moment the first page is on screen and the peak memory so far, then quit.
STARTUP_PROBE_ENV = "CRISISAPP_STARTUP_PROBE"

log = logging.getLogger(__name__)


class ExceptionHook:
    """``sys.excepthook`` of the window: an exception nobody caught (PySide6 hands those raised in slots here
    too) is logged with its traceback and told in a Dutch message that names the log file.

    The app keeps running: every change is committed in its own transaction, so what was saved stays saved.
    """

    def __init__(self, log_file: Path | None) -> None:
        self.log_file = log_file
        self._showing = False

    def __call__(self, kind: type[BaseException], value: BaseException, traceback: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, traceback)
            return
        log.critical("Onverwachte fout", exc_info=(kind, value, traceback))
        # A fault that repeats while the message is open (a timer, a repaint) is logged, not shown again.
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            interaction.critical(
                None, QCoreApplication.translate("ExceptionHook", "Onverwachte fout"), self.message(value)
            )
        finally:
            self._showing = False

    def message(self, value: BaseException) -> str:
        where = (
            QCoreApplication.translate("ExceptionHook", "De technische details staan in het logbestand:\n{0}").format(
                self.log_file
            )
            if self.log_file is not None
            else QCoreApplication.translate(
                "ExceptionHook", "Er kon geen logbestand worden geschreven; de technische details zijn niet bewaard."
            )
        )
        if isinstance(value, ImportError):
            # Parts of the app are loaded when first used (a page, a report): once the app has started, a part that
            # cannot be found means its files were replaced or moved under it (an update while it was open).
            return "\n\n".join(
                (
                    QCoreApplication.translate(
                        "ExceptionHook",
                        "Een deel van CrisisApp kon niet worden geladen ({0}). Waarschijnlijk is CrisisApp bijgewerkt "
                        "of verplaatst terwijl het openstond. Wat al was opgeslagen, blijft bewaard.",
                    ).format(value.name or type(value).__name__),
                    where,
                    QCoreApplication.translate(
                        "ExceptionHook",
                        "Sluit CrisisApp en start het opnieuw. Gaat het daarna nog mis, meld het dan bij de "
                        "functioneel beheerder en geef het logbestand mee.",
                    ),
                )
            )
        return "\n\n".join(
            (
                QCoreApplication.translate(
                    "ExceptionHook",
                    "Er ging iets mis dat CrisisApp niet verwachtte ({0}). De laatste handeling is mogelijk niet "
                    "uitgevoerd; wat al was opgeslagen, blijft bewaard.",
                ).format(type(value).__name__),
                where,
                QCoreApplication.translate(
                    "ExceptionHook",
                    "Meld dit bij de functioneel beheerder en geef het logbestand mee. Gaat er daarna meer mis, "
                    "sluit CrisisApp dan en start het opnieuw.",
                ),
            )
        )


class DamageCheck(QObject):
    """SQLite's quick_check of the opened file beside the window, in a thread of the pool: on ten years of data it
    takes longer than the window needs to open. A damaged file is told as soon as the check is done.

    Made after the window, which has read the file (the incident bar does at once): the app's connection holds the
    write-ahead log and shared-memory files open, so the check's read-only look finds them there and leaves them.
    """

    done = Signal(object)

    def __init__(self, database: Database, window: QWidget) -> None:
        super().__init__(window)
        self.database = database
        self.window = window
        self.done.connect(self._tell)  # a method of this object, which lives in the GUI thread: queued to it
        QThreadPool.globalInstance().start(self._check)

    def _check(self) -> None:
        self.done.emit(self.database.damage_warning())

    def _tell(self, damage: str | None) -> None:
        if damage is not None:
            log.warning("%s", damage)
            interaction.warning(self.window, self.tr("Database beschadigd"), damage)


#: Qt's own texts (standard buttons, file and print dialogs, context menus) in Dutch; they ship with the wheel.
QT_TRANSLATIONS = "qtbase_nl"


class QtTextsSinceTranslated(QTranslator):
    """The texts of Qt's file and print dialogs that Qt changed or added after its Dutch translation was made
    (it still knows "Look in:", not "&Look in:"), so that those dialogs are Dutch throughout."""

    TEXTS: ClassVar[dict[tuple[str, str], str]] = {
        ("QFileDialog", "&Look in:"): "&Zoeken in:",
        ("QFileDialog", "Files of &type:"): "Bestands&type:",
        ("QAbstractFileIconProvider", "Drive"): "Station",
        ("QAbstractFileIconProvider", "Folder"): "Map",
        ("QPrintSettingsOutput", "Double Sided Printing"): "Dubbelzijdig afdrukken",
        ("QPrintSettingsOutput", "Off"): "Uit",
        ("QPrintSettingsOutput", "Long side binding"): "Binden aan de lange zijde",
        ("QPrintSettingsOutput", "Short side binding"): "Binden aan de korte zijde",
        ("QPrintSettingsOutput", "Page &Set:"): "&Pagina's:",
        ("QPageSetupWidget", "Page &order:"): "Pagina&volgorde:",
        ("QPageSetupWidget", "Pages &per sheet:"): "Pagina's &per vel:",
    }

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return self.TEXTS.get((context, source))  # None, not "": an empty text would count as the translation


def use_dutch(app: QCoreApplication) -> None:
    """Make Qt speak Dutch in ``app``: its standard texts ("Annuleren", "Ja", "Bestandsnaam:") and the
    locale of dates, month names and numbers. Widgets made before this call keep their texts; call it
    once, right after making the application (a second call changes nothing)."""
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    if app.findChild(QTranslator, QT_TRANSLATIONS) is not None:
        return
    # The translator installed last is asked first: Qt's own catalogue, then the texts it lacks.
    app.installTranslator(QtTextsSinceTranslated(app))
    translator = QTranslator(app)
    translator.setObjectName(QT_TRANSLATIONS)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QT_TRANSLATIONS, folder):
        app.installTranslator(translator)
    else:  # the app still works, with Qt's own texts in English
        log.warning("Qt-vertaling %s niet gevonden in %s", QT_TRANSLATIONS, folder)


def peak_memory_kb() -> int:
    """This process's peak resident memory in kB since it started (Linux; 0 elsewhere). Not ``ru_maxrss``: on
    Linux that also counts the memory of the parent the process was forked from, before it ran Python."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return 0


def settle() -> None:
    """Set aside what start-up made (modules, the window, its first page): it lives as long as the app, so the
    garbage collector's full passes need not look at it again, and a page opened later is not held up by one. The
    collector works again from here (``crisisapp`` starts with it switched off: see crisisapp/__main__.py)."""
    gc.freeze()
    gc.enable()


def create_application(argv: list[str]) -> QApplication:
    set_application_names()
    app = QApplication(argv)
    use_dutch(app)
    app.setWindowIcon(QIcon(str(resources.files("crisisapp.resources") / "icons" / "crisisapp.svg")))
    app.setStyleSheet((resources.files("crisisapp.ui") / "style.qss").read_text("utf-8"))
    return app


def _open_at_start(
    app: QApplication, db_option: str | None, remembered: ServerConnection | None, clock: Callable[[], datetime]
) -> tuple[Database | ServerDatabase, str, str] | None:
    """The database to start on, its name and the name of its instance server; None when a window that has it open
    was brought forward instead."""
    opening: Callable[[], Database | ServerDatabase]
    if (location := server_location(db_option) or (remembered.location if remembered else None)) is not None:
        # A start never changes a server database's schema: that is `crisisapp init`.
        shown, opening = shown_location(location), partial(open_asking, location, partial(ask_password, None))
    else:
        path = resolved(database_path(db_option), "Het databasebestand")
        # Only the first start on the default file makes a database; a named file that is missing is a typo.
        create = not chosen_database(db_option)
        shown, opening = str(path), partial(open_database, path, now=to_local(clock()), create=create)
    instance = server_name(shown)
    if activate_running_instance(instance):
        print(app.tr("CrisisApp is al geopend op %1; dat venster is naar voren gehaald.").replace("%1", shown))
        return None
    return opening(), shown, instance


def _open_start_database(
    app: QApplication, db_option: str | None, clock: Callable[[], datetime]
) -> tuple[Database | ServerDatabase, str, str] | None:
    """As :func:`_open_at_start`; without --db the server database when that was the last one used (Bestand →
    Verbinden met server…), or, when it cannot be reached (or the user gives no password), the default file."""
    remembered = None if chosen_database(db_option) else reopens_server()
    try:
        return _open_at_start(app, db_option, remembered, clock)
    except CrisisAppError as exc:
        if remembered is None:
            raise
        log.info("Niet verbonden met de onthouden server: %s", exc)
        interaction.warning(
            None,
            app.tr("Niet verbonden met de server"),
            app.tr(
                "%1\n\nCrisisApp opent nu het databasebestand %2. Verbind opnieuw met Bestand → Verbinden met server…"
            )
            .replace("%1", str(exc))
            .replace("%2", str(default_database_path())),
        )
        return _open_at_start(app, db_option, None, clock)


def start(
    db_option: str | None,
    argv: list[str],
    *,
    clock: Callable[[], datetime] = utcnow,
    log_file: Path | None = None,
) -> int:
    app = create_application(argv)
    sys.excepthook = ExceptionHook(log_file)
    try:
        opened = _open_start_database(app, db_option, clock)
    except CrisisAppError as exc:
        log.info("Start geweigerd: %s", exc)
        interaction.critical(None, app.tr("CrisisApp kan niet starten"), str(exc))
        print(f"crisisapp: fout: {exc}", file=sys.stderr)
        return 1
    if opened is None:
        return 0
    database, shown, instance = opened
    log.info("Database geopend: %s", shown)
    window = MainWindow(AppContext(database, clock=clock))
    serve_window(InstanceServer(instance, parent=window), window)
    window.show()
    settle()
    if isinstance(database, Database):  # a server checks its own pages
        DamageCheck(database, window)
        QTimer.singleShot(0, lambda: warn_if_stale(window, window.context))  # an offline copy past its age
    if os.environ.get(STARTUP_PROBE_ENV):
        QTimer.singleShot(0, lambda: (print(f"shown {time.time():.6f} {peak_memory_kb()}", flush=True), app.quit()))
    status = app.exec()
    QThreadPool.globalInstance().waitForDone()  # the damage check of a quick close, before the window goes
    window.context.close()
    log.info("CrisisApp afgesloten (status %d)", status)
    return status
