"""Offline copies in the main window: the banner above every page of a copy, and the two actions of the Bestand
menu that make a copy of a server database and send a copy's field records back (services/offline_sync.py), with
the choice not to send any more what was handled on the server."""

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.storage.connection import open_asking
from crisisapp.timeutil import to_local
from crisisapp.ui import interaction
from crisisapp.ui.connect import ask_password, waiting

if TYPE_CHECKING:
    from crisisapp.services.offline_sync import SyncReport

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

    suggestion = Path.home() / f"veld-{to_local(context.now()):%Y%m%d}.sqlite3"  # the Dutch day, not UTC's
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


class UnsentDialog(QDialog):
    """The report of a synchronisation that left records unsent, with a check box per record: those handled on the
    server by hand are not to be sent any more ("niet meer sturen"), so that the copy comes to nothing left to send."""

    def __init__(self, parent: QWidget, report: "SyncReport") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Offline kopie synchroniseren"))
        self.resize(760, 520)
        self.report = QPlainTextEdit(report.text(), self)
        self.report.setReadOnly(True)
        self.report.setAccessibleName(self.tr("Verslag van de synchronisatie"))
        explanation = QLabel(
            self.tr(
                "Wat niet is verzonden, wordt bij elke synchronisatie opnieuw geprobeerd en gemeld. Is het op de "
                "server afgehandeld (daar opnieuw vastgelegd, of niet meer nodig)? Vink het dan aan en kies Niet meer "
                "sturen; wat erbij hoort, gaat mee. Op de server wordt niets overschreven."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.records = QListWidget(self)
        self.records.setAccessibleName(self.tr("Niet verzonden registraties"))
        self.records.setWordWrap(True)  # a record's whole description, on as many lines as it needs
        self.records.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for conflict in report.conflicts:
            item = QListWidgetItem(f"nr. {conflict.number}  {conflict.what}", self.records)
            item.setToolTip("\n".join(conflict.problems))
            item.setData(Qt.ItemDataRole.UserRole, conflict.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.forget_button = buttons.addButton(self.tr("&Niet meer sturen"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.forget_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Sluiten"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.records.itemChanged.connect(lambda _item: self.forget_button.setEnabled(bool(self.chosen())))
        layout = QVBoxLayout(self)
        layout.addWidget(self.report, 1)
        layout.addWidget(explanation)
        layout.addWidget(self.records, 1)
        layout.addWidget(buttons)

    def chosen(self) -> list[int]:
        """The numbers of the records checked: not to be sent any more."""
        items = (self.records.item(row) for row in range(self.records.count()))
        checked = (item for item in items if item.checkState() == Qt.CheckState.Checked)
        return [int(item.data(Qt.ItemDataRole.UserRole)) for item in checked]


def synchronise(parent: QWidget, context: AppContext) -> None:
    """Send the field records of the open copy to the server it came from, and show the report; while records are
    left unsent, offer to stop sending those the user handled on the server (:class:`UnsentDialog`)."""
    from crisisapp.services.offline_sync import synchronise

    mark = context.offline_mark()
    if mark is None:
        return
    title = parent.tr("Offline kopie synchroniseren")
    try:
        with waiting():
            server = AppContext(open_asking(mark.server, partial(ask_password, parent)), clock=context.clock)
    except CrisisAppError as exc:
        interaction.critical(parent, parent.tr("Synchroniseren mislukt"), str(exc))
        return
    try:
        forget: list[int] = []
        while True:
            with waiting():
                report = synchronise(context, server, forget)
            if not report.conflicts:
                (interaction.warning if report.notices else interaction.information)(parent, title, report.text())
                return
            dialog = UnsentDialog(parent, report)
            if not interaction.run_dialog(dialog) or not (forget := dialog.chosen()):
                return
    except CrisisAppError as exc:
        interaction.critical(parent, parent.tr("Synchroniseren mislukt"), str(exc))
    finally:
        server.close()
