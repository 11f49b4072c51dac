"""Answering the real message boxes a test meets (which ``interaction`` shows modally) through their buttons, as a
user does: what each box said is kept for the test to check."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

#: The answers to the question a changed form asks when it is closed without saving.
DISCARD, KEEP = "Wijzigingen weggooien", "Verder bewerken"


@dataclass(frozen=True)
class Asked:
    """What a message box showed: its title, text, buttons and default button."""

    title: str
    text: str
    buttons: frozenset[str]
    default: str


@contextmanager
def answering(qtbot, answer: str | None) -> Iterator[list[Asked]]:
    """Every message box that opens meanwhile is read and answered: a click on the button with the text
    ``answer``, or Escape when ``answer`` is None. Yields the boxes asked, in order."""
    asked: list[Asked] = []

    def answer_open_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            return
        default = box.defaultButton()
        asked.append(
            Asked(
                box.windowTitle(),
                box.text(),
                frozenset(button.text() for button in box.buttons()),
                default.text() if default is not None else "",
            )
        )
        if answer is None:
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:
            chosen = next(button for button in box.buttons() if button.text() == answer)
            qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(answer_open_box)
    timer.start()
    try:
        yield asked
    finally:
        timer.stop()
