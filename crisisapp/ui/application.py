"""Starting the desktop application: QApplication, the database, the main window."""

import os
import sys
import time
from importlib import resources

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.paths import database_path, set_application_names
from crisisapp.storage.database import open_database
from crisisapp.ui import interaction
from crisisapp.ui.mainwindow import MainWindow
from crisisapp.ui.single_instance import InstanceServer, activate_running_instance

# Set by benchmarks/startup.py: print the moment the first page is on screen, then quit.
STARTUP_PROBE_ENV = "CRISISAPP_STARTUP_PROBE"


def create_application(argv: list[str]) -> QApplication:
    set_application_names()
    app = QApplication(argv)
    app.setWindowIcon(QIcon(str(resources.files("crisisapp.resources") / "icons" / "crisisapp.svg")))
    app.setStyleSheet((resources.files("crisisapp.ui") / "style.qss").read_text("utf-8"))
    return app


def start(db_option: str | None, argv: list[str]) -> int:
    app = create_application(argv)
    if activate_running_instance():
        print(app.tr("CrisisApp is al geopend; dat venster is naar voren gehaald."))
        return 0
    try:
        database = open_database(database_path(db_option))
    except CrisisAppError as exc:
        interaction.critical(None, app.tr("CrisisApp kan niet starten"), str(exc))
        print(f"crisisapp: fout: {exc}", file=sys.stderr)
        return 1
    window = MainWindow(AppContext(database))
    server = InstanceServer(parent=window)
    server.activated.connect(window.bring_to_front)
    window.show()
    if os.environ.get(STARTUP_PROBE_ENV):
        QTimer.singleShot(0, lambda: (print(f"shown {time.time():.6f}", flush=True), app.quit()))
    status = app.exec()
    window.context.close()
    return status
