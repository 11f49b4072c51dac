"""*Vandaag*: the first page. Who is on duty, the gaps, what is coming and what is open, from every area;
each line opens its place in the app. On a new database it shows the first steps.

It opens with who is on piket now (one light query) and fills the other boxes one by one on the next turns of
the event loop, so the window is there at once and takes input meanwhile. A change refreshes the boxes that read
the tables it touched."""

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPaintEvent, QUndoStack
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.places import Place
from crisisapp.services.dashboard import PARTS, Dashboard, Line, Part, Step, shows
from crisisapp.timeutil import format_datetime, to_local
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import named, page_header

URGENT = QColor("#b42318")


class VandaagPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        titles, self.subtitle = page_header(self, self.tr("Vandaag"), "")
        self.steps_box = QGroupBox(self.tr("Aan de slag: de eerste stappen"), self)
        self.steps_grid = QGridLayout(self.steps_box)
        self.steps_grid.setColumnStretch(0, 1)
        self.step_labels: list[QLabel] = []
        self.step_buttons: list[QPushButton] = []
        self.lists: dict[str, QListWidget] = {}
        #: Whose records Vandaag lists: a user of Vlaardingen sees Vlaardingen's, without Maassluis' own boxes.
        self.whose = self.context.works_on
        self.parts = [part for part in PARTS if shows(part, self.whose)]
        shown = {key for part in self.parts for key in part.fields}
        grid = QGridLayout()
        for key, title in (
            ("duty", self.tr("Piket OvD-Bz")),
            ("gaps", self.tr("Hiaten in de crisisorganisatie")),
            ("exercises", self.tr("Komende OTO-activiteiten")),
            ("events", self.tr("Komende evenementen")),
            ("new_year", self.tr("Jaarwisseling")),
            ("responders", self.tr("HartslagNu")),
        ):
            box = QGroupBox(title, self)
            items = named(self._list(box), title)
            layout = QVBoxLayout(box)
            layout.addWidget(items)
            if key == "gaps":
                # More than a few gaps: their count with a link, where a line each would be a wall of red.
                self.gap_summary = QLabel(box)
                self.gap_summary.setWordWrap(True)
                self.gap_summary.setTextFormat(Qt.TextFormat.RichText)
                self.gap_summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.gap_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
                self.gap_summary.linkActivated.connect(lambda _link: self.open_place.emit(Place.FUNCTION, None))
                layout.addWidget(self.gap_summary, 1)
            self.lists[key] = items
            if key in shown:  # the boxes shown fill the grid's rows in turn, three to a row
                grid.addWidget(box, grid.count() // 3, grid.count() % 3)
            else:
                box.hide()
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 1)
        actions = QGroupBox(self.tr("Open en te late actiepunten van alle onderdelen"), self)
        self.lists["actions"] = named(self._list(actions), actions.title())
        self.open_button = QPushButton(self.tr("Openen"), actions)
        self.open_button.setToolTip(self.tr("Het gekozen actiepunt openen (of dubbelklik erop)"))
        self.open_button.clicked.connect(lambda: self._open(self.lists["actions"].currentItem()))
        self.lists["actions"].currentItemChanged.connect(self._enable_open)
        action_layout = QVBoxLayout(actions)
        action_layout.addWidget(self.lists["actions"])
        action_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.incident_button = QPushButton(self.tr("Incident starten of openen (Ctrl+Shift+I)"), self)
        self.incident_button.clicked.connect(lambda: self.open_place.emit(Place.INCIDENT, None))
        top = QHBoxLayout()
        top.addLayout(titles, 1)
        top.addWidget(self.incident_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.steps_box)
        layout.addLayout(grid, 3)
        layout.addWidget(actions, 2)
        first, *rest = self.parts
        self.current = Dashboard(self.context.now())
        self._waiting: list[Part] = []
        self._reading = False
        self._read(first)
        self._wait_for(rest)

    def _list(self, parent: QWidget) -> QListWidget:
        items = QListWidget(parent)
        items.setWordWrap(True)
        # Hundreds of open action points: the lines in sight are laid out first, the rest on the next turns of the
        # event loop (each wrapped line is measured).
        items.setLayoutMode(QListView.LayoutMode.Batched)
        items.setBatchSize(40)
        # The page's stretch factors share the height, not the lists' own wishes: on a laptop screen those
        # would squeeze the action points to a few lines.
        items.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        items.setMinimumHeight(3 * items.fontMetrics().lineSpacing())
        items.itemActivated.connect(self._open)
        items.itemDoubleClicked.connect(self._open)
        return items

    def refresh(self) -> None:
        """Read every box again, now."""
        self._waiting.clear()
        for part in self.parts:
            self._read(part)

    def _wait_for(self, parts: list[Part]) -> None:
        """Show ``parts`` as being read, and read them one per turn of the event loop."""
        self._waiting = parts
        for part in parts:
            for key in part.fields:
                if key in self.lists:
                    self._show_lines(key, (), self.tr("Wordt gelezen…"))
        self.gap_summary.hide()
        self.steps_box.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # The rest is read once the piket is on screen (started before, it would hold up the first paint), and
        # while the page is shown.
        if self._waiting and not self._reading:
            self._reading = True
            QTimer.singleShot(0, self, self._read_next)

    def _read_next(self) -> None:
        if self._waiting and self.isVisible():
            self._read(self._waiting.pop(0))
        if self._waiting and self.isVisible():
            QTimer.singleShot(0, self, self._read_next)
        else:  # all read, or the user went to another page: the rest is read when the page is painted again
            self._reading = False

    def waiting(self) -> int:
        """How many parts of the page are still to be read after it opened."""
        return len(self._waiting)

    def _read(self, part: Part) -> None:
        now = self.context.now()
        if part in self._waiting:  # a refresh reads it before its turn
            self._waiting.remove(part)
        self.current = replace(self.current, moment=now, **self.context.call(part.read, now, self.whose))
        stand = self.tr("Stand van %1").replace("%1", format_datetime(now))
        if self.whose is not None:
            stand += self.tr(" · voor %1: het gedeelde piket, alle lopende incidenten en wat van %1 is").replace(
                "%1", self.whose
            )
        self.subtitle.setText(stand)
        empty = {
            "duty": self.tr("Geen rooster."),
            "gaps": self.tr("Geen hiaten: elke functie is bezet en iemand is vakbekwaam."),
            "exercises": self.tr("Niets gepland."),
            "events": self.tr("Geen evenementen in de komende 60 dagen."),
            "new_year": self.tr("De voorbereiding begint in augustus."),
            "responders": self.tr("Nog geen telling."),
            "actions": self.tr("Geen open actiepunten."),
        }
        for key in part.fields:
            if key in self.lists:
                lines: tuple[Line, ...] = getattr(self.current, key)
                if key == "duty":
                    lines = self.current.incidents + lines  # a running incident above all
                if key == "gaps" and self.current.gap_summary is not None:  # summed up instead, the list hidden
                    self.lists[key].clear()
                    continue
                self._show_lines(key, lines, empty[key])
        if "gap_summary" in part.fields:
            self._show_gap_summary(self.current.gap_summary)
        if "first_steps" in part.fields:
            self._show_steps(self.current.first_steps)
        self._enable_open()

    def _show_lines(self, key: str, lines: tuple[Line, ...], empty: str) -> None:
        items = self.lists[key]
        items.clear()
        for line in lines:
            item = QListWidgetItem(line.text, items)
            item.setData(Qt.ItemDataRole.UserRole, (line.place, line.key))
            if line.urgent:
                item.setForeground(QBrush(URGENT))
        if not lines:
            QListWidgetItem(empty, items).setFlags(Qt.ItemFlag.NoItemFlags)

    def _show_gap_summary(self, summary: str | None) -> None:
        self.lists["gaps"].setVisible(summary is None)
        self.gap_summary.setVisible(summary is not None)
        if summary is not None:
            headline, _newline, details = summary.partition("\n")
            link = escape(self.tr("bekijken"))
            self.gap_summary.setText(
                f"<p><b>{escape(headline)}</b> — <a href='functies'>{link}</a></p>"
                f"<p style='color:#5c6770'>{escape(details)}</p>"
            )

    def _show_steps(self, steps: tuple[Step, ...]) -> None:
        self.steps_box.setVisible(bool(steps))
        while len(self.step_labels) < len(steps):
            row = len(self.step_labels)
            label = QLabel(self.steps_box)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            button = QPushButton(self.steps_box)
            button.clicked.connect(lambda _checked=False, row=row: self._open_step(row))
            self.steps_grid.addWidget(label, row, 0)
            self.steps_grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignVCenter)
            self.step_labels.append(label)
            self.step_buttons.append(button)
        buttons = {
            Place.PEOPLE: self.tr("Naar Personen"),
            Place.FUNCTION: self.tr("Naar Functies en bezetting"),
            Place.PIKET: self.tr("Naar Piket"),
            Place.OTO_PLAN: self.tr("Naar het OTO-jaarplan"),
        }
        shown = len(steps)
        rows = zip(steps, self.step_labels[:shown], self.step_buttons[:shown], strict=True)
        for number, (step, label, button) in enumerate(rows, 1):
            state = self.tr("gedaan") if step.done else self.tr("nog te doen")
            mark = "✓" if step.done else f"{number}."
            label.setText(f"<b>{mark} {escape(step.title)}</b> ({escape(state)}) — {escape(step.explanation)}")
            button.setText(buttons.get(step.place, self.tr("Openen")))

    def _open_step(self, row: int) -> None:
        if self.current is not None and row < len(self.current.first_steps):
            self.open_place.emit(self.current.first_steps[row].place, None)

    def line_texts(self, key: str) -> list[str]:
        items = self.lists[key]
        return [items.item(row).text() for row in range(items.count())]

    def _enable_open(self, *_args: object) -> None:
        item = self.lists["actions"].currentItem()
        self.open_button.setEnabled(item is not None and bool(item.data(Qt.ItemDataRole.UserRole)))

    def _open(self, item: QListWidgetItem | None) -> None:
        place = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if place:
            self.open_place.emit(*place)

    def data_changed(self, tables: frozenset[str]) -> None:
        """Read again the boxes that show one of ``tables`` (an entry in an incident's log reads none); a box still
        waiting to be read will show the change when its turn comes."""
        for part in self.parts:
            if part.tables & tables and part not in self._waiting:
                self._read(part)

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        from crisisapp.documents import voortgang_document

        year = to_local(self.context.now()).year
        pdf = self.context.call(voortgang_document, year, self.context.now())
        return PrintJob(self.tr("Voortgangsrapportage %1").replace("%1", str(year)), pdf, f"voortgang-{year}.pdf")
