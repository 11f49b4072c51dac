"""What the main window knows of an area's page."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QShortcut, QUndoStack
from PySide6.QtWidgets import QTableView, QWidget

from crisisapp.context import AppContext
from crisisapp.models.base import Base
from crisisapp.places import Place
from crisisapp.services import versions
from crisisapp.services.commands import Command, Done
from crisisapp.services.versions import Loaded
from crisisapp.ui import interaction
from crisisapp.ui.undo import push_command, run_command
from crisisapp.ui.widgets import record_to_delete, selected_record

if TYPE_CHECKING:
    from crisisapp.ui.forms import FormDialog  # the form widgets come with the first page that has a form

R = TypeVar("R")
#: What a form shows (see :meth:`Page.execute_form`): a row, a function giving the rows at Opslaan, or nothing.
Editing = Loaded | Callable[[], tuple[Loaded, ...]] | None


@dataclass(frozen=True)
class PrintJob:
    """A PDF ready for the preview, with the file name to suggest when it is saved."""

    title: str
    pdf: bytes
    suggested_name: str


class _Locked(QObject):
    """Keeps the controls it watches disabled, whatever their page's own logic (a selection, a state) sets."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            watched.setEnabled(False)
        return False


class Page(QWidget):
    """Base of every page: gets the context and the shared undo stack, may offer a report to print."""

    #: The page's own print button was pressed; the main window opens the preview.
    print_requested = Signal()
    #: The page asks to open another place in the app: a kind of record (or an area) and its key.
    open_place = Signal(object, object)

    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.undo_stack = undo_stack
        self._locked: _Locked | None = None

    def guard(self, control: QWidget | QShortcut, *kinds: type[Command[Any]]) -> None:
        """Keep ``control``, which runs commands of ``kinds``, disabled when the user may not run one of them here
        (a role that only reads; in an offline copy, anything but a field record); its tooltip says why."""
        refusal = next((reason for kind in kinds if (reason := self.context.refusal(kind)) is not None), None)
        if refusal is None:
            return
        if isinstance(control, QShortcut):
            control.setEnabled(False)
            return
        if self._locked is None:
            self._locked = _Locked(self)
        control.setToolTip(refusal)
        control.installEventFilter(self._locked)
        control.setEnabled(False)

    def can_print(self) -> bool:
        return False

    def print_job(self) -> PrintJob | None:
        """The report of this page as the user wants it now, or None when they cancel."""
        return None

    def data_changed(self, tables: frozenset[str]) -> None:
        """Called after any change to the database; a page refreshes what shows ``tables``."""

    def reveal(self, place: Place, key: object) -> None:
        """Show the record ``key`` of kind ``place`` (the Vandaag page opens things here)."""

    def execute(self, command: Command[R], on: Loaded | None = None) -> Done[R] | None:
        """Carry out a user's command, undoable; None when it was refused (the user has been told why).

        ``on``: the list's row the one-click change acts on (:func:`~crisisapp.services.versions.shown`); when
        someone else changed or deleted it since the list showed it, the change is refused, saying who and when,
        and the page shows the row as it is now."""
        expect = () if on is None else (replace(on, in_form=False),)
        return run_command(self.context, self.undo_stack, command, self, expect)

    def execute_form(
        self, dialog: "FormDialog", command_for: Callable[[], Command[R]], editing: Editing = None
    ) -> Done[R] | None:
        """Show ``dialog``; its Opslaan carries out the command that ``command_for`` makes of the input, undoable.
        A refusal is shown in the dialog, which stays open with the input; None when the user cancelled.
        A user whose role may change nothing is told so at once, before filling in a form for nothing.

        ``editing``: the record the form shows, with the version read together with the values it shows
        (:func:`~crisisapp.services.versions.shown`); when someone else changed or deleted it since, Opslaan is
        refused, saying who and when. Where the rows the save touches depend on the input (the shift chosen to swap
        with), a function that gives them at Opslaan."""
        if (reason := self.context.read_only_reason()) is not None:
            interaction.warning(self, self.tr("Alleen lezen"), reason)
            return None
        done: list[Done[R]] = []

        def expected() -> tuple[Loaded, ...]:
            return () if editing is None else (editing,) if isinstance(editing, Loaded) else editing()

        dialog.on_save(
            lambda: done.append(push_command(self.context, self.undo_stack, command_for(), self, expected()))
        )
        interaction.run_dialog(dialog)
        return done[-1] if done else None

    def submitted(
        self, dialog: "FormDialog", command_for: Callable[[], Command[object]], editing: Editing = None
    ) -> bool:
        """Show ``dialog`` and carry out its command (see :meth:`execute_form`); whether it was done."""
        return self.execute_form(dialog, command_for, editing) is not None

    def succeeded(self, command: Command[object], on: Loaded | None = None) -> bool:
        """Carry out ``command`` (see :meth:`execute`); whether it was done."""
        return self.execute(command, on) is not None

    def execute_on_selected(
        self,
        view: QTableView,
        command_for: Callable[[Any], Command[object]],
        row: tuple[type[Base], str] | None = None,
    ) -> bool:
        """Carry out the command ``command_for`` makes for the record selected in ``view``; False when none is.
        ``row``: the record's model and what it is ("Deze taak"): the change expects the record's ``id`` at the
        ``version`` the list read (see :meth:`execute`)."""
        record = selected_record(view)
        if record is None:
            return False
        on = None if row is None else versions.shown(row[0], record, row[1])
        return self.succeeded(command_for(record), on)

    def delete_selected(
        self,
        view: QTableView,
        describe: Callable[[Any], str],
        command_for: Callable[[Any], Command[object]],
        row: tuple[type[Base], str],
    ) -> bool:
        """Delete the record selected in ``view`` once the user confirmed it (``describe`` names it in the question:
        "Het knelpunt Hoogstraat"): the command ``command_for`` makes for it expects the record as the list showed
        it (``row``: its model and what it is, see :meth:`execute_on_selected`)."""
        record = record_to_delete(view, describe)
        return record is not None and self.succeeded(command_for(record), versions.shown(row[0], record, row[1]))
