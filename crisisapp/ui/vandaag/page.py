"""*Vandaag*: the first page. Who is on duty, the gaps, what is coming and what is open, from every area;
each line opens its place in the app. It refreshes after every change."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import QGridLayout, QGroupBox, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from crisisapp.context import AppContext
from crisisapp.services import dashboard
from crisisapp.services.dashboard import Dashboard, Line
from crisisapp.timeutil import format_datetime, to_local
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import page_header

URGENT = QColor("#b42318")


class VandaagPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        titles, self.subtitle = page_header(self, self.tr("Vandaag"), "")
        self.lists: dict[str, QListWidget] = {}
        grid = QGridLayout()
        for position, (key, title) in enumerate(
            (
                ("duty", self.tr("Piket OvD-Bz")),
                ("gaps", self.tr("Hiaten in de crisisorganisatie")),
                ("exercises", self.tr("Komende OTO-activiteiten")),
                ("events", self.tr("Komende evenementen")),
                ("new_year", self.tr("Jaarwisseling")),
                ("responders", self.tr("HartslagNu")),
            )
        ):
            box = QGroupBox(title, self)
            items = QListWidget(box)
            items.setWordWrap(True)
            items.itemActivated.connect(self._open)
            items.itemDoubleClicked.connect(self._open)
            layout = QVBoxLayout(box)
            layout.addWidget(items)
            grid.addWidget(box, position // 3, position % 3)
            self.lists[key] = items
        actions = QGroupBox(self.tr("Open en te late actiepunten van alle onderdelen"), self)
        self.lists["actions"] = QListWidget(actions)
        self.lists["actions"].setWordWrap(True)
        self.lists["actions"].itemActivated.connect(self._open)
        self.lists["actions"].itemDoubleClicked.connect(self._open)
        self.open_button = QPushButton(self.tr("Openen"), actions)
        self.open_button.clicked.connect(lambda: self._open(self.lists["actions"].currentItem()))
        action_layout = QVBoxLayout(actions)
        action_layout.addWidget(self.lists["actions"])
        action_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addLayout(titles)
        layout.addLayout(grid, 3)
        layout.addWidget(actions, 2)
        self.current: Dashboard | None = None
        self.refresh()

    def refresh(self) -> None:
        now = self.context.now()
        self.current = self.context.call(dashboard.build, now)
        self.subtitle.setText(self.tr("Stand van %1").replace("%1", format_datetime(now)))
        empty = {
            "duty": self.tr("Geen rooster."),
            "gaps": self.tr("Geen hiaten: elke functie is bezet en iemand is vakbekwaam."),
            "exercises": self.tr("Niets gepland."),
            "events": self.tr("Geen evenementen in de komende 60 dagen."),
            "new_year": self.tr("De voorbereiding begint in augustus."),
            "responders": self.tr("Nog geen telling."),
            "actions": self.tr("Geen open actiepunten."),
        }
        for key, items in self.lists.items():
            lines: tuple[Line, ...] = getattr(self.current, key)
            items.clear()
            for line in lines:
                item = QListWidgetItem(line.text, items)
                item.setData(Qt.ItemDataRole.UserRole, (line.place, line.key))
                if line.urgent:
                    item.setForeground(QBrush(URGENT))
            if not lines:
                QListWidgetItem(empty[key], items).setFlags(Qt.ItemFlag.NoItemFlags)

    def line_texts(self, key: str) -> list[str]:
        items = self.lists[key]
        return [items.item(row).text() for row in range(items.count())]

    def _open(self, item: QListWidgetItem | None) -> None:
        place = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if place:
            self.open_place.emit(*place)

    def data_changed(self, tables: frozenset[str]) -> None:
        self.refresh()

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        from crisisapp.documents import voortgang_document

        year = to_local(self.context.now()).year
        pdf = self.context.call(voortgang_document, year, self.context.now())
        return PrintJob(self.tr("Voortgangsrapportage %1").replace("%1", str(year)), pdf, f"voortgang-{year}.pdf")
