"""Every form that checks its input does it the same way: Opslaan refuses with a message under the field, the
message goes while the user puts the field right (before the next Opslaan), and a required field is marked."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit

from crisisapp.models.incident import EntryKind
from crisisapp.models.oto import Presence
from crisisapp.services.incident import EntryRecord
from crisisapp.services.oto import ParticipantRecord
from crisisapp.services.piket import Officer
from crisisapp.ui.events.dialogs import EventDialog, LineDialog
from crisisapp.ui.forms import DateField, FormDialog
from crisisapp.ui.incident.dialogs import CorrectionDialog, MeetingDialog, StartDialog
from crisisapp.ui.organisation.dialogs import FunctionDialog
from crisisapp.ui.oto.dialogs import FindingDialog, ResponseDialog
from crisisapp.ui.piket.dialogs import LeaveDialog, OverrideDialog, PeriodDialog, RotaDialog
from tests.clock import NOW, fixed_clock

pytestmark = pytest.mark.gui
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
OFFICERS = {1: Officer(1, "Jan de Wit", "Vlaardingen", "06-12345678")}


def _editor(field):
    """Where the user types: an editable combo box's line."""
    return field.lineEdit() if isinstance(field, QComboBox) else field


def _clear(qtbot, field) -> None:
    field.setFocus()
    _editor(field).selectAll()
    qtbot.keyClick(_editor(field), Qt.Key.Key_Delete)


def _retype(qtbot, field, text: str) -> None:
    """Select what is in the field and type over it, as a user does."""
    field.setFocus()
    _editor(field).selectAll()
    qtbot.keyClicks(_editor(field), text)


@dataclass(frozen=True)
class Case:
    """A form, the field it checks, how a user gets it wrong and how they put it right."""

    make: Callable[[], FormDialog]
    key: str
    wrong: Callable[[object, FormDialog], None]
    right: Callable[[object, FormDialog], None]
    required: bool


def _empty(attribute: str) -> Callable[[object, FormDialog], None]:
    return lambda qtbot, dialog: _clear(qtbot, getattr(dialog, attribute))


def _type(attribute: str, text: str) -> Callable[[object, FormDialog], None]:
    return lambda qtbot, dialog: _retype(qtbot, getattr(dialog, attribute), text)


def _no_shares(qtbot, dialog) -> None:
    for spin in dialog.shares.values():
        spin.setValue(0)


def _responded_without_time(qtbot, dialog) -> None:
    dialog.presence.setCurrentIndex(dialog.presence.findData(Presence.RESPONDED))
    dialog.has_ack.setChecked(False)
    dialog.has_arrival.setChecked(False)


def _titled(dialog: StartDialog) -> StartDialog:
    dialog.title.setText("Brand loods")  # only the time is wrong
    return dialog


def _entry() -> EntryRecord:
    return EntryRecord(1, 1, 1, START, START, EntryKind.MELDING, "Gaslek Kade 3", "ovd", None)


def _participant() -> ParticipantRecord:
    return ParticipantRecord(1, 1, "Ayşe Şahin", "Maassluis", Presence.EXPECTED, None, None, 1)


CASES = {
    "piketrooster, naam": Case(lambda: RotaDialog(None, None), "name", _empty("name"), _type("name", "OvD-Bz"), True),
    "piketrooster, aandelen": Case(
        lambda: RotaDialog(None, None), "shares", _no_shares, lambda qtbot, d: d.shares["Schiedam"].setValue(1), False
    ),
    "voorstel, periode": Case(
        lambda: PeriodDialog(None, date(2027, 1, 4), date(2027, 12, 27)),
        "last",
        _type("last", "1-1-2027"),
        _type("last", "31-1-2027"),
        False,
    ),
    "overname, einde": Case(
        lambda: OverrideDialog(None, OFFICERS, START, START + timedelta(hours=12)),
        "end",
        _type("end", "1-3-2027 8:00"),
        _type("end", "1-3-2027 22:00"),
        False,
    ),
    "overname, wie": Case(
        lambda: OverrideDialog(None, OFFICERS, START, START + timedelta(hours=12)),
        "person",
        lambda qtbot, dialog: dialog.person.setCurrentIndex(-1),  # nobody chosen, as it opens
        lambda qtbot, dialog: dialog.person.setCurrentIndex(0),
        True,
    ),
    "verlof, einde": Case(
        lambda: LeaveDialog(None, OFFICERS, START),
        "end",
        _type("end", "28-2-2027 9:00"),
        _type("end", "2-3-2027"),
        False,
    ),
    "functie, naam": Case(
        lambda: FunctionDialog(None, None, "GBT"), "name", _empty("name"), _type("name", "Notulist GBT"), True
    ),
    "bevinding, omschrijving": Case(
        lambda: FindingDialog(None, NOW.date()),
        "description",
        _empty("description"),
        _type("description", "Twee nummers klopten niet"),
        True,
    ),
    "reactie, tijd": Case(
        lambda: ResponseDialog(None, _participant(), START),
        "acknowledged_at",
        _responded_without_time,
        lambda qtbot, d: d.has_ack.setChecked(True),
        False,
    ),
    "evenement, naam": Case(
        lambda: EventDialog(None, None, START, NOW.date()), "name", _empty("name"), _type("name", "Furieade"), True
    ),
    "evenement, einde": Case(
        lambda: EventDialog(None, None, START, NOW.date()),
        "end",
        _type("end", "1-3-2027 8:00"),
        _type("end", "1-3-2027 17:00"),
        False,
    ),
    "controlepunt, onderdeel": Case(
        lambda: LineDialog(None, []), "section", _empty("section"), _type("section", "Opbouw"), True
    ),
    "controlepunt, tekst": Case(
        lambda: LineDialog(None, ["Opbouw"]), "text", _empty("text"), _type("text", "Nooduitgangen vrij"), True
    ),
    "incident, titel": Case(
        lambda: StartDialog(None, START), "title", _empty("title"), _type("title", "Brand loods"), True
    ),
    "incident, alarmering": Case(
        lambda: _titled(StartDialog(None, START)),
        "alert_at",
        _type("alert_at", "31-2-2027 9:00"),
        _type("alert_at", "28-2-2027 9:00"),
        False,
    ),
    "overleg, aanwezig": Case(
        lambda: MeetingDialog(None, START), "present", _empty("present"), _type("present", "Leider CoPI"), True
    ),
    "logregel, correctie": Case(
        lambda: CorrectionDialog(None, _entry()), "text", _empty("text"), _type("text", "Gaslek Kade 5"), True
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_message_shows_on_saving_and_goes_as_the_field_is_put_right(qtbot, case: Case):
    dialog = case.make()
    qtbot.addWidget(dialog)
    for field in dialog.findChildren(DateField):
        field.setClock(fixed_clock)
    for name, text in (("name", "Naam"), ("description", "Bevinding"), ("text", "Punt"), ("section", "Opbouw")):
        widget = getattr(dialog, name, None)
        if name != case.key and isinstance(widget, QLineEdit | QPlainTextEdit) and not _text(widget):
            _retype(qtbot, widget, text)  # the other required fields filled, so only this one is wrong
    person = getattr(dialog, "person", None)
    if case.key != "person" and isinstance(person, QComboBox) and person.currentIndex() < 0:
        person.setCurrentIndex(0)  # who: chosen, never a default
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.error_text(case.key) == ""

    case.wrong(qtbot, dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.result()
    message = dialog.error_text(case.key)
    assert message, f"no message under {case.key}"
    captions = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    caption = next(text for text in captions if text.startswith(dialog._captions[case.key][1].rstrip()))
    assert ("*" in caption) is case.required, caption

    case.right(qtbot, dialog)
    assert dialog.error_text(case.key) == "", "the message stayed after the field was put right"
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result(), dialog.general.text()


def _text(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
