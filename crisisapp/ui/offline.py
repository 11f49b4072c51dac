"""Offline copies in the main window: the banner above every page of a copy, and the two actions of the Bestand
menu that make a copy of a server database and send a copy's field records back (services/offline_sync.py)."""

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.storage.connection import open_asking
from crisisapp.ui import interaction
from crisisapp.ui.connect import ask_password, waiting

BANNER = "#offlineBanner {{ background: {background}; color: #1a1a1a; padding: 6px 10px; }}"
RECENT, STALE = "#ffe8a3", "#f4b6a8"  # amber; a copy past its age reddish


class OfflineBanner(QLabel):
    """What an offline copy is and what it takes; hidden on any other database."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(self.tr("Offline kopie"))
        self.hide()

    def show_for(self, context: AppContext) -> None:
        mark = context.offline_mark()
        self.setVisible(mark is not None)
        if mark is not None:
            now = context.now()
            self.setText(mark.banner(now))
            self.setToolTip(self.tr("Gemaakt van de serverdatabase %1").replace("%1", mark.server))
            self.setStyleSheet(BANNER.format(background=STALE if mark.is_stale(now) else RECENT))


def warn_if_stale(parent: QWidget, context: AppContext) -> None:
    """A copy older than its set age says so once when it is opened."""
    mark = context.offline_mark()
    if mark is not None and (text := mark.age_warning(context.now())) is not None:
        interaction.warning(parent, parent.tr("Offline kopie is oud"), text)


def make_copy(parent: QWidget, context: AppContext) -> Path | None:
    """Ask where, write an offline copy of the server database there; its path, or None."""
    from crisisapp.services.offline_sync import copy_text, make_copy

    suggestion = Path.home() / f"veld-{context.now():%Y%m%d}.sqlite3"
    chosen = interaction.save_filename(
        parent, parent.tr("Offline kopie maken"), str(suggestion), parent.tr("CrisisApp-databases (*.sqlite3)")
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        with waiting():
            mark, written = make_copy(context, path)
    except CrisisAppError as exc:
        interaction.critical(parent, parent.tr("Offline kopie niet gemaakt"), str(exc))
        return None
    interaction.information(parent, parent.tr("Offline kopie gemaakt"), copy_text(path, mark, written))
    return path


def synchronise(parent: QWidget, context: AppContext) -> None:
    """Send the field records of the open copy to the server it came from, and show the report."""
    from crisisapp.services.offline_sync import synchronise

    mark = context.offline_mark()
    if mark is None:
        return
    try:
        with waiting():
            server = AppContext(open_asking(mark.server, partial(ask_password, parent)), clock=context.clock)
            try:
                report = synchronise(context, server)
            finally:
                server.close()
    except CrisisAppError as exc:
        interaction.critical(parent, parent.tr("Synchroniseren mislukt"), str(exc))
        return
    if report.conflicts or report.notices:
        interaction.warning(parent, parent.tr("Offline kopie synchroniseren"), report.text())
    else:
        interaction.information(parent, parent.tr("Offline kopie synchroniseren"), report.text())
