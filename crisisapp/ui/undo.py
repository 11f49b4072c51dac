"""Undoable edits that go through the services: the pattern every area's editing follows."""

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.services.commands import Command, Done, Revert
from crisisapp.ui import interaction

R = TypeVar("R")


class UndoEntry(QUndoCommand):
    """A command that was carried out, on the undo stack: undo and redo each run the inverse held now and
    keep the inverse that gives back. A step that fails makes the entry obsolete: the stack drops it
    instead of pretending the data moved."""

    def __init__(self, context: AppContext, done: Done[object], text: str, parent: QWidget) -> None:
        super().__init__(text)
        self._context = context
        self._inverse: Revert = done.inverse
        self._parent = parent
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # pushing calls redo(); the command already ran in run_command
            self._pushed = True
            return
        self._swap()

    def undo(self) -> None:
        self._swap()

    def _swap(self) -> None:
        try:
            self._inverse = self._context.execute(self._inverse).inverse
        except CrisisAppError as exc:
            interaction.warning(self._parent, self._parent.tr("Wijziging niet opgeslagen"), str(exc))
            self.setObsolete(True)


def run_command(context: AppContext, stack: QUndoStack, command: Command[R], parent: QWidget) -> Done[R] | None:
    """Carry out ``command`` once and put it on ``stack``; None (the user told why) when it was refused."""
    try:
        done = context.execute(command)
    except CrisisAppError as exc:
        interaction.warning(parent, parent.tr("Wijziging niet opgeslagen"), str(exc))
        return None
    stack.push(UndoEntry(context, done, command.title(), parent))
    return done


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
