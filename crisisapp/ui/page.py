"""What the main window knows of an area's page."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QShortcut, QUndoStack
from PySide6.QtWidgets import QTableView, QWidget

from crisisapp.context import AppContext
from crisisapp.models.base import Base
from crisisapp.places import Place
from crisisapp.services import versions
from crisisapp.services.commands import Command, Done
from crisisapp.services.versions import Loaded
from crisisapp.storage.roles import Owned, write_refusal
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
    """Keeps each control it holds a reason for disabled, whatever its page's own logic (a selection, a state) sets,
    with the reason as its tooltip; once the reason goes, the control is as that logic last set it, with its own
    tooltip again."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.reasons: dict[QWidget, str] = {}
        self._tips: dict[QWidget, str] = {}

    def lock(self, control: QWidget, reason: str | None) -> None:
        """Keep ``control`` disabled for ``reason``; None: let it go."""
        if reason is None:
            if self.reasons.pop(control, None) is not None:
                control.removeEventFilter(self)
                control.setToolTip(self._tips.pop(control))
                control.setEnabled(not control.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled))
            return
        if control not in self.reasons:
            self._tips[control] = control.toolTip()
            control.installEventFilter(self)
        self.reasons[control] = reason
        control.setToolTip(reason)
        self._hold(control)

    @staticmethod
    def _hold(control: QWidget) -> None:
        """Disable ``control``, leaving Qt's mark of an explicit disabling (WA_ForceDisabled) as the page's logic set
        it: what it wants once the lock goes. Its later setEnabled(False) sets the mark (nothing else happens, the
        control being disabled already); a setEnabled(True) clears it and enables the control, which the filter then
        holds again."""
        wanted = not control.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
        control.setEnabled(False)
        control.setAttribute(Qt.WidgetAttribute.WA_ForceDisabled, not wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and watched in self.reasons:
            assert isinstance(watched, QWidget)
            if watched.isEnabled():
                self._hold(watched)
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
        self._locked = _Locked(self)
        #: The controls :meth:`guard` keeps disabled for as long as the page lives.
        self._guarded: set[QWidget] = set()

    def guard(self, control: QWidget | QShortcut, *kinds: type[Command[Any]], owned: Owned | None = None) -> None:
        """Keep ``control``, which runs commands of ``kinds``, disabled when the user may not run one of them here
        (a role that only reads; in an offline copy, anything but a field record); its tooltip says why.
        ``owned``: the records it changes, where these are always one municipality's (the records of Maassluis only,
        :data:`~crisisapp.storage.ownership.HOME`): disabled too for a user who may not change them."""
        refusal = next((reason for kind in kinds if (reason := self.context.refusal(kind)) is not None), None)
        if refusal is None and owned is not None:
            refusal = write_refusal(self.context.access, owned)
        if refusal is None:
            return
        if isinstance(control, QShortcut):
            control.setEnabled(False)
            return
        self._guarded.add(control)
        self._locked.lock(control, refusal)

    def restrict(self, controls: Iterable[QWidget], owned: Owned | None, doing: str = "het wijzigen") -> str | None:
        """Keep ``controls``, which change the record ``owned`` (or what hangs on it, such as an event's checklist),
        disabled while the user may not change it, being another municipality's; their tooltip says whose it is and
        who may. Called again whenever the record changes (another one selected); None: no record, the controls are
        as the page sets them. A control :meth:`guard` keeps disabled stays so. ``doing``: what only the owner's
        medewerkers can, in the tooltip (:func:`~crisisapp.storage.roles.others_record`). The refusal, or None."""
        refusal = None if owned is None else write_refusal(self.context.access, owned, doing)
        for control in controls:
            if control not in self._guarded:
                self._locked.lock(control, refusal)
        return refusal

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
