"""The undo stack of the app holds commands that were carried out (see ``crisisapp.services.commands``)."""

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.services.commands import Command, Done, Revert
from crisisapp.services.versions import Loaded
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

    @property
    def origin(self) -> QWidget:
        """Where the change was made: the page (or window) that carried the command out."""
        return self._parent

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


def push_command(
    context: AppContext, stack: QUndoStack, command: Command[R], parent: QWidget, expect: Iterable[Loaded] = ()
) -> Done[R]:
    """Carry out ``command`` once and put it on ``stack``; a refusal is raised (:class:`CrisisAppError`), also when
    a row of ``expect`` was changed by someone else since the user's form showed it."""
    done = context.execute(command, expect)
    stack.push(UndoEntry(context, done, command.title(), parent))
    return done


def run_command(
    context: AppContext, stack: QUndoStack, command: Command[R], parent: QWidget, expect: Iterable[Loaded] = ()
) -> Done[R] | None:
    """Carry out ``command`` once and put it on ``stack``; None (the user told why) when it was refused, also
    when a row of ``expect`` was changed by someone else since the user saw it."""
    try:
        return push_command(context, stack, command, parent, expect)
    except CrisisAppError as exc:
        interaction.warning(parent, parent.tr("Wijziging niet opgeslagen"), str(exc))
        return None
