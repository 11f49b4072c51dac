"""Closing a form without saving, as a user does it (Escape, Annuleren, the window's cross): at once when nothing
in it differs from what it opened with, otherwise only once the user chose to throw the changes away; "Verder
bewerken", also a second Escape, keeps the form open with everything typed. Saving never asks."""

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
)

from crisisapp.services import organisation as org
from crisisapp.ui import interaction
from crisisapp.ui.forms import FormDialog, date_edit
from crisisapp.ui.organisation.dialogs import PersonDialog
from tests.questions import DISCARD, KEEP, Asked, answering
from tests.test_gui_forms import added, cancel, retype, save, shown
from tests.test_gui_mainwindow import window_on
from tests.test_versions import data_of, theirs_beside

pytestmark = pytest.mark.gui


def escape(qtbot, dialog: FormDialog) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)


def cross(qtbot, dialog: FormDialog) -> None:
    dialog.close()  # what the window's × asks of it


CLOSING: dict[str, Callable[..., None]] = {"Escape": escape, "Annuleren": cancel, "kruisje": cross}


def question_for(form: str) -> Asked:
    return Asked(
        "Wijzigingen niet opslaan?",
        f"U hebt ‘{form}’ gewijzigd maar niet opgeslagen. Wat u hebt ingevuld, gaat verloren.",
        frozenset({DISCARD, KEEP}),
        KEEP,
    )


@pytest.fixture
def page(qtbot, demo_context):
    window = window_on(qtbot, demo_context)
    page = window.show_area("organisation")
    page.people_view.selectRow(0)
    return page


@pytest.mark.parametrize("closing", CLOSING)
def test_an_untouched_form_closes_at_once(qtbot, page, monkeypatch, closing):
    asked: list[Asked] = []

    def close_untouched(dialog: PersonDialog) -> bool:
        shown(qtbot, dialog)
        dialog.name.setFocus()
        with answering(qtbot, DISCARD) as seen:
            CLOSING[closing](qtbot, dialog)
            qtbot.wait(50)  # time enough for a question to open
        asked.extend(seen)
        assert not dialog.isVisible()
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", close_untouched)
    assert not page.edit_person()  # a person's own values in every field: none of them typed
    assert asked == []


@pytest.mark.parametrize("closing", CLOSING)
def test_a_changed_form_asks_and_keeps_everything_until_the_user_throws_it_away(qtbot, page, monkeypatch, closing):
    people = page.context.call(org.list_people)

    def type_and_close(dialog: PersonDialog) -> bool:
        shown(qtbot, dialog)
        qtbot.keyClicks(dialog.name, "Anna Nieuw")
        with answering(qtbot, None) as first:  # Escape again in the question
            CLOSING[closing](qtbot, dialog)
        with answering(qtbot, KEEP) as second:
            CLOSING[closing](qtbot, dialog)
        assert first == second == [question_for("Nieuwe persoon")]
        assert dialog.isVisible() and dialog.name.text() == "Anna Nieuw"
        with answering(qtbot, DISCARD) as third:
            CLOSING[closing](qtbot, dialog)
        assert len(third) == 1 and not dialog.isVisible()
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", type_and_close)
    assert not page.new_person()
    assert page.context.call(org.list_people) == people  # nothing saved


def test_a_form_changed_back_to_what_it_opened_with_closes_at_once(qtbot, page, monkeypatch):
    def change_back(dialog: PersonDialog) -> bool:
        shown(qtbot, dialog)
        qtbot.keyClicks(dialog.name, "x")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
        qtbot.keyClicks(dialog.remarks, "bellen")
        for _ in "bellen":
            qtbot.keyClick(dialog.remarks, Qt.Key.Key_Backspace)
        qtbot.keyClick(dialog.municipality, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.municipality, Qt.Key.Key_Up)
        with answering(qtbot, DISCARD) as asked:
            escape(qtbot, dialog)
            qtbot.wait(50)
        assert asked == [] and not dialog.isVisible()
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", change_back)
    assert not page.edit_person()


@pytest.mark.parametrize("keys", ["button", "Ctrl+Enter"])
def test_saving_never_asks(qtbot, page, monkeypatch, keys):
    def fill_and_save(dialog: PersonDialog) -> bool:
        shown(qtbot, dialog)
        qtbot.keyClicks(dialog.name, "Anna Nieuw")
        with answering(qtbot, KEEP) as asked:
            if keys == "button":
                save(qtbot, dialog)
            else:
                dialog.activateWindow()  # a shortcut works in the active window (the main window took it back)
                qtbot.waitUntil(dialog.isActiveWindow)
                qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            qtbot.wait(50)
        assert asked == [] and not dialog.isVisible()
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill_and_save)
    assert page.new_person()
    assert page.selected_person().name == "Anna Nieuw"


def test_a_form_whose_save_was_refused_still_asks(qtbot, page, monkeypatch):
    def refused(dialog: PersonDialog) -> bool:
        shown(qtbot, dialog)
        qtbot.keyClicks(dialog.name, "Anna Nieuw")
        qtbot.keyClicks(dialog.email, "anna@")
        save(qtbot, dialog)
        assert dialog.isVisible() and dialog.error_text("email")
        with answering(qtbot, KEEP) as asked:
            escape(qtbot, dialog)
        assert asked == [question_for("Nieuwe persoon")] and dialog.isVisible()
        with answering(qtbot, DISCARD):
            escape(qtbot, dialog)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", refused)
    assert not page.new_person()
    assert "Anna Nieuw" not in [person.name for person in page.context.call(org.list_people)]


@pytest.mark.engines
def test_a_form_refused_because_someone_else_changed_the_person_still_asks(qtbot, page, monkeypatch):
    person = page.selected_person()
    theirs = theirs_beside(page.context)

    def refused(dialog: PersonDialog) -> bool:
        shown(qtbot, dialog)
        theirs.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-99990000")))
        retype(qtbot, dialog.phone, "010-5551234")
        save(qtbot, dialog)
        assert dialog.isVisible() and "is intussen gewijzigd" in dialog.general.text()
        assert dialog.phone.text() == "010-5551234"  # the user's input stays
        with answering(qtbot, KEEP) as asked:
            cross(qtbot, dialog)
        assert asked == [question_for("Persoon wijzigen")] and dialog.isVisible()
        with answering(qtbot, DISCARD):
            cross(qtbot, dialog)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", refused)
    try:
        assert not page.edit_person()
        assert page.context.call(org.get_person, person.id).phone == person.phone  # ours was not saved
    finally:
        theirs.close()


class EveryKind(FormDialog):
    """A form with an input of every kind a form holds."""

    def __init__(self) -> None:
        super().__init__(None, "Alles")
        self.line = QLineEdit(self)
        self.text = QPlainTextEdit(self)
        self.choice = QComboBox(self)
        self.choice.addItems(["een", "twee"])
        self.day = date_edit(self, date(2027, 3, 1))
        self.moment = QDateTimeEdit(QDateTime(2027, 3, 1, 8, 0, 0), self)
        self.number = QSpinBox(self)
        self.tick = QCheckBox("ja", self)
        self.ticks = QListWidget(self)
        for name in ("Politie", "Brandweer"):
            item = QListWidgetItem(name, self.ticks)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.ticks.setCurrentRow(0)
        self.chosen = QListWidget(self)
        self.chosen.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.chosen.addItems(["Anna", "Bert"])
        self.add_fields(
            *(
                (name, name, getattr(self, name))
                for name in ("line", "text", "choice", "day", "moment", "number", "tick", "ticks", "chosen")
            )
        )


def _keys(*keys: Qt.Key) -> Callable[..., None]:
    def press(qtbot, widget) -> None:
        for key in keys:
            qtbot.keyClick(widget, key)

    return press


def _typing(text: str) -> Callable[..., None]:
    def type_in(qtbot, widget) -> None:
        widget.selectAll()
        qtbot.keyClicks(widget, text)
        qtbot.keyClick(widget, Qt.Key.Key_Return)  # done: the field shows the date in full

    return type_in


#: Per input: what the user does to change it, and what changes it back.
CHANGES: dict[str, tuple[Callable[..., None], Callable[..., None]]] = {
    "line": (_keys(Qt.Key.Key_A), _keys(Qt.Key.Key_Backspace)),
    "text": (_keys(Qt.Key.Key_A), _keys(Qt.Key.Key_Backspace)),
    "choice": (_keys(Qt.Key.Key_Down), _keys(Qt.Key.Key_Up)),
    "day": (_typing("2-3-2027"), _typing("1-3-27")),
    "moment": (_keys(Qt.Key.Key_Up), _keys(Qt.Key.Key_Down)),
    "number": (_keys(Qt.Key.Key_Up), _keys(Qt.Key.Key_Down)),
    "tick": (_keys(Qt.Key.Key_Space), _keys(Qt.Key.Key_Space)),
    "ticks": (_keys(Qt.Key.Key_Space), _keys(Qt.Key.Key_Space)),
    "chosen": (_keys(Qt.Key.Key_Space), _keys(Qt.Key.Key_Space)),
}


@pytest.mark.parametrize("kind", CHANGES)
def test_any_input_changed_asks_and_changed_back_does_not(qtbot, kind):
    dialog = EveryKind()
    added(qtbot, dialog)
    shown(qtbot, dialog)
    widget = getattr(dialog, kind)
    widget.setFocus()
    change, back = CHANGES[kind]
    change(qtbot, widget)
    with answering(qtbot, KEEP) as asked:
        escape(qtbot, dialog)
    assert asked == [question_for("Alles")] and dialog.isVisible()
    back(qtbot, widget)
    with answering(qtbot, KEEP) as asked:
        escape(qtbot, dialog)
        qtbot.wait(50)
    assert asked == [] and not dialog.isVisible()
