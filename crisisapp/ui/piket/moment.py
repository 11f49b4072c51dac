"""A moment to ask "who is on duty?" about: the clock's, minute by minute, until the user picks another."""

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from crisisapp.ui.forms import FieldMessage, datetime_edit, moment_of

#: How often a page that follows the clock looks at it again.
TICK_MS = 60_000


class MomentField(QWidget):
    """A date-time field that follows the clock while the user has not chosen another moment; *Nu* goes back
    to following it. A page opened in the morning must not still answer for the morning in the afternoon."""

    #: The moment the field stands for changed: the user chose one, or the clock moved on a minute.
    moment_changed = Signal()
    #: A minute passed (or the field came into view) while it is shown, whatever moment it stands for.
    ticked = Signal()

    def __init__(self, parent: QWidget, clock: Callable[[], datetime]) -> None:
        super().__init__(parent)
        self._clock = clock
        self._following = True
        self.edit = datetime_edit(self, clock())
        self.now_button = QPushButton(self.tr("Nu"), self)
        self.now_button.setToolTip(
            self.tr("Het moment volgt de klok tot u een ander kiest; ‘Nu’ gaat terug naar nu en volgt de klok weer")
        )
        self.now_button.setEnabled(False)
        self.message = FieldMessage(self, self.edit)  # a moment that does not exist says so under the field
        row = QHBoxLayout()
        row.addWidget(self.edit)
        row.addWidget(self.now_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.edit.dateTimeChanged.connect(self._chosen)
        self.now_button.clicked.connect(self.follow_clock)

    def moment(self) -> datetime:
        """The moment shown (to the minute), as an aware UTC datetime."""
        return moment_of(self.edit)

    def following(self) -> bool:
        return self._following

    def follow_clock(self) -> None:
        """Stand for now again, and follow the clock from here."""
        self._following = True
        self.now_button.setEnabled(False)
        self._show_now()
        self.moment_changed.emit()

    def tick(self) -> None:
        """Look at the clock: a shown field that follows it moves on to the new minute."""
        if not self.isVisible():
            return  # showing it again looks at the clock
        self.ticked.emit()
        if self._following and self._show_now():
            self.moment_changed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.tick()

    def _show_now(self) -> bool:
        """Put the clock's moment in the field without it counting as the user's choice; whether it moved."""
        before = self.moment()
        self.edit.blockSignals(True)
        self.edit.setDateTime(self._clock())
        self.edit.blockSignals(False)
        return self.moment() != before

    def _chosen(self, *_args: object) -> None:
        self._following = False
        self.now_button.setEnabled(True)
        self.moment_changed.emit()
