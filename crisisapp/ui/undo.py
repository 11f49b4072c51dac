"""Undoable edits that go through the services: the pattern every area's editing follows."""

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from crisisapp.errors import CrisisAppError
from crisisapp.ui import interaction


class ServiceCommand(QUndoCommand):
    """An edit as two service calls, ``do`` and ``undo``.

    The first ``do`` runs in :func:`execute`, before the command reaches the stack, so a refused or failed
    edit is reported to the user and never recorded as done. An undo or redo that fails later makes the
    command obsolete: the stack drops it instead of pretending the data moved.
    """

    def __init__(self, text: str, do: Callable[[], object], undo: Callable[[], object], parent: QWidget) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._parent = parent
        self._pushed = False

    def run_first(self) -> bool:
        """Carry out the edit for the first time; False (user told why) when it failed."""
        return _guarded(self._parent, self._do)

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        if not _guarded(self._parent, self._do):
            self.setObsolete(True)

    def undo(self) -> None:
        if not _guarded(self._parent, self._undo):
            self.setObsolete(True)


def _guarded(parent: QWidget, step: Callable[[], object]) -> bool:
    try:
        step()
    except CrisisAppError as exc:
        interaction.warning(parent, parent.tr("Wijziging niet opgeslagen"), str(exc))
        return False
    return True


def execute(stack: QUndoStack, command: ServiceCommand) -> bool:
    """Carry out ``command`` once and, when it succeeded, put it on ``stack`` for undo and redo."""
    if not command.run_first():
        return False
    stack.push(command)
    return True
