"""The date field and the form dialog as a user meets them: typed dates that do not exist are refused with a reason
and never changed into others, messages go as soon as the field is right, forms fit, Enter does not send a
half-filled form, and every field has its label for a screen reader."""

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, QRect, Qt, QTime
from PySide6.QtWidgets import QCalendarWidget, QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit

from crisisapp.services import jaarwisseling, oto
from crisisapp.services import organisation as org
from crisisapp.timeutil import AMSTERDAM
from crisisapp.ui import interaction
from crisisapp.ui.forms import DateField, FormDialog, date_edit, datetime_edit, moment_of, pydate, qdate
from crisisapp.ui.jaarwisseling.dialogs import TaskDialog
from crisisapp.ui.organisation.dialogs import AttendanceDialog, PersonDialog
from crisisapp.ui.oto.dialogs import ActivityDialog
from tests.clock import NOW, fixed_clock
from tests.questions import DISCARD, answering
from tests.test_gui_mainwindow import make_window

pytestmark = pytest.mark.gui
#: What the laptops' screen leaves for a window above the task bar.
SCREEN_HEIGHT = 728


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    win.context.close()


def button(dialog: FormDialog, which: QDialogButtonBox.StandardButton):
    return dialog.buttons.button(which)


def save(qtbot, dialog: FormDialog) -> None:
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def cancel(qtbot, dialog: FormDialog) -> None:
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)


def added(qtbot, dialog: FormDialog) -> FormDialog:
    """``dialog``, closed after the test as the test left it: the question a changed form asks before it closes
    without saving is for a user, not for the test's end."""
    qtbot.addWidget(dialog, before_close_func=lambda form: form.done(QDialog.DialogCode.Rejected))
    return dialog


def shown(qtbot, dialog: FormDialog) -> FormDialog:
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def retype(qtbot, field: QLineEdit, text: str) -> None:
    """As a user does it: click into the field (which selects what is in it) and type."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.hasFocus() and field.selectedText() == field.text())
    qtbot.keyClicks(field, text)


class SampleDialog(FormDialog):
    """A form with a required name, a date, a time span with a rule of its own, remarks and a search box that
    acts on Enter itself."""

    def __init__(self) -> None:
        super().__init__(None, "Proef")
        self.name = QLineEdit(self)
        self.day = date_edit(self, date(2027, 3, 1))
        self.start = datetime_edit(self, datetime(2027, 3, 1, 8, 0, tzinfo=UTC))
        self.end = datetime_edit(self, datetime(2027, 3, 1, 10, 0, tzinfo=UTC))
        self.remarks = QPlainTextEdit(self)
        for field in (self.day, self.start, self.end):
            field.setClock(fixed_clock)
        self.add_fields(
            ("name", "Naam:", self.name),
            ("day", "Datum:", self.day),
            ("start", "Begin:", self.start),
            ("end", "Einde:", self.end),
            ("remarks", "Opmerkingen:", self.remarks),
        )
        self.require("name", self.name, "Vul de naam in.")

    def validate(self) -> dict[str, str]:
        if moment_of(self.end) <= moment_of(self.start):
            return {"end": "Het einde ligt niet na het begin."}
        return {}


@pytest.fixture
def sample(qtbot):
    dialog = SampleDialog()
    added(qtbot, dialog)
    return shown(qtbot, dialog)


def test_each_date_that_does_not_exist_is_refused_with_its_reason_and_nothing_is_saved(qtbot, window, monkeypatch):
    page = window.show_area("jaarwisseling")
    refused = {
        "31-02-2027": "31-02-2027 bestaat niet: februari 2027 heeft 28 dagen.",
        "31-06": "31-06-2026 bestaat niet: juni 2026 heeft 30 dagen.",
        "31-6-2027": "31-06-2027 bestaat niet: juni 2027 heeft 30 dagen.",
        "15-13-2026": "15-13-2026 bestaat niet: een jaar heeft 12 maanden.",
        "1-1-2207": "01-01-2207 kan hier niet: kies een datum tot en met 31-12-2099.",
        "volgende week": "‘volgende week’ is geen datum. Typ bijvoorbeeld 31-03-2027, 31-3-27, ‘vandaag’ of ‘morgen’.",
    }

    def fill(dialog: TaskDialog) -> bool:
        shown(qtbot, dialog)
        qtbot.keyClicks(dialog.description, "Containers weghalen")
        for typed, message in refused.items():
            retype(qtbot, dialog.deadline, typed)
            qtbot.keyClick(dialog.deadline, Qt.Key.Key_Tab)  # leaving the field says what is wrong at once
            assert dialog.error_text("deadline") == message
            assert dialog.deadline.text() == typed  # never turned into another date
            assert pydate(dialog.deadline.date()) == date(2026, 12, 31)  # the value it had
            save(qtbot, dialog)
            assert dialog.isVisible() and dialog.error_text("deadline") == message
            assert dialog.deadline.hasFocus()  # Opslaan took the user to what is wrong
        with answering(qtbot, DISCARD) as asked:
            cancel(qtbot, dialog)
        assert len(asked) == 1  # what was typed goes only when the user says so
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill)
    assert not page.add_task()
    assert page.context.call(jaarwisseling.tasks, 2026) == ()


def test_dates_as_the_testers_typed_them_are_saved_exactly(qtbot, window, monkeypatch):
    page = window.show_area("jaarwisseling")
    typed_and_meant = {
        "15-12-2026": date(2026, 12, 15),
        "20-08-2027": date(2027, 8, 20),
        "31-3-27": date(2027, 3, 31),
        "morgen": date(2026, 11, 27),  # the app's clock: tests/clock.py's NOW
    }
    for typed in typed_and_meant:

        def fill(dialog: TaskDialog, typed=typed) -> bool:
            shown(qtbot, dialog)
            qtbot.keyClicks(dialog.description, f"Taak {typed}")
            retype(qtbot, dialog.deadline, typed)
            save(qtbot, dialog)
            return bool(dialog.result())

        monkeypatch.setattr(interaction, "run_dialog", fill)
        assert page.add_task()
    saved = {task.description: task.deadline for task in page.context.call(jaarwisseling.tasks, 2026)}
    assert saved == {f"Taak {typed}": meant for typed, meant in typed_and_meant.items()}


def test_a_time_that_does_not_exist_or_occurs_twice_is_refused_until_the_user_says_which(qtbot, window, monkeypatch):
    page = window.show_area("oto")
    refused = {
        "31-02-2027 19:30": "31-02-2027 bestaat niet: februari 2027 heeft 28 dagen.",
        "31-12-2026 25:00": "25:00 bestaat niet: een dag heeft de uren 0 tot en met 23.",
        "28-03-2027 02:30": "28-03-2027 02:30 bestaat niet: die nacht gaat de klok om 02:00 een uur vooruit "
        "naar 03:00 (zomertijd).",
        "31-10-2027 02:30": "31-10-2027 02:30 komt twee keer voor: die nacht gaat de klok om 03:00 terug naar "
        "02:00. Typ ‘02:30 zomertijd’ voor de eerste keer of ‘02:30 wintertijd’ voor de tweede.",
    }

    def fill(dialog: ActivityDialog) -> bool:
        shown(qtbot, dialog)
        qtbot.keyClicks(dialog.title, "Nachtelijke alarmering")
        for typed, message in refused.items():
            retype(qtbot, dialog.start, typed)
            qtbot.keyClick(dialog.start, Qt.Key.Key_Return)  # Enter on a wrong date stays in the field
            assert dialog.start.hasFocus() and dialog.error_text("start") == message and dialog.start.text() == typed
            save(qtbot, dialog)
            assert dialog.isVisible()
        retype(qtbot, dialog.start, "31-10-2027 2:30 wintertijd")
        assert dialog.error_text("start") == ""  # gone while typing, as soon as it is right
        qtbot.keyClick(dialog.start, Qt.Key.Key_Tab)
        assert dialog.start.text() == "31-10-2027 02:30 wintertijd"  # shown in full: how it was read
        save(qtbot, dialog)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill)
    assert page.new_activity()
    (activity,) = page.context.call(oto.list_activities)
    assert activity.start == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # the second 02:30: winter time, UTC+1


def test_now_and_tomorrow_come_from_the_apps_clock(qtbot, window, monkeypatch):
    page = window.show_area("oto")
    for typed in ("nu", "morgen 9:00"):

        def fill(dialog: ActivityDialog, typed=typed) -> bool:
            shown(qtbot, dialog)
            qtbot.keyClicks(dialog.title, f"Oefening {typed}")
            retype(qtbot, dialog.start, typed)
            save(qtbot, dialog)
            return bool(dialog.result())

        monkeypatch.setattr(interaction, "run_dialog", fill)
        assert page.new_activity()
    moments = sorted(activity.start for activity in page.context.call(oto.list_activities))
    assert moments == [NOW.astimezone(UTC), datetime(2026, 11, 27, 9, 0, tzinfo=AMSTERDAM).astimezone(UTC)]


def test_a_date_outside_the_fields_range_is_refused(qtbot, window, monkeypatch):
    page = window.show_area("organisation")
    piet = page.context.execute(org.AddPerson(org.PersonInput("Piet Paal", "Schiedam"))).result

    def fill(dialog: AttendanceDialog) -> bool:  # attendance cannot lie in the future
        shown(qtbot, dialog)
        dialog.person.setCurrentIndex(dialog.person.findData(piet.id))
        retype(qtbot, dialog.day, "morgen")
        save(qtbot, dialog)
        assert dialog.error_text("day") == "27-11-2026 kan hier niet: kies een datum tot en met 26-11-2026."
        retype(qtbot, dialog.day, "gisteren")
        assert dialog.error_text("day") == ""
        save(qtbot, dialog)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill)
    assert page.record_attendance()
    (record,) = page.context.call(org.list_attendance, piet.id)
    assert record.day == date(2026, 11, 25)


def test_the_person_form_with_three_errors_fits_on_the_laptop_with_its_buttons_in_view(qtbot, window):
    page = window.show_area("organisation")
    dialog = PersonDialog(page)
    added(qtbot, dialog)
    shown(qtbot, dialog)
    qtbot.keyClicks(dialog.mobile, "06-1234")
    qtbot.keyClicks(dialog.phone, "bel de meldkamer")
    qtbot.keyClicks(dialog.email, "piet@")
    save(qtbot, dialog)
    messages = [key for key in ("name", "mobile", "phone", "email") if dialog.error_text(key)]
    assert len(messages) >= 3 and dialog.isVisible()
    assert dialog.frameGeometry().height() <= SCREEN_HEIGHT
    inside = dialog.rect()
    remarks = QRect(dialog.remarks.mapTo(dialog, dialog.remarks.rect().topLeft()), dialog.remarks.size())
    for which in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel):
        found = button(dialog, which)
        place = QRect(found.mapTo(dialog, found.rect().topLeft()), found.size())
        assert found.isVisible() and inside.contains(place) and not place.intersects(remarks)
    for key in messages:  # every message whole: as tall as its wrapped text needs
        label = dialog.errors[key]
        assert label.height() >= label.heightForWidth(label.width())
        assert dialog.fields_area.verticalScrollBar().isHidden() or label.visibleRegion().boundingRect() == label.rect()


def test_a_form_taller_than_the_screen_scrolls_its_fields_and_keeps_its_buttons(qtbot):
    dialog = FormDialog(None, "Lang formulier")
    added(qtbot, dialog)
    fields = [QLineEdit(dialog) for _ in range(30)]
    dialog.add_fields(*((f"f{n}", f"Veld {n}:", field) for n, field in enumerate(fields)))
    shown(qtbot, dialog)
    dialog.show_errors(
        {f"f{n}": "Dit veld klopt niet, en deze uitleg is lang genoeg om af te breken." for n in range(30)}
    )
    assert dialog.frameGeometry().height() <= 768
    ok = button(dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.rect().contains(QRect(ok.mapTo(dialog, ok.rect().topLeft()), ok.size()))
    assert dialog.fields_area.verticalScrollBar().isVisible()


def test_a_message_goes_as_soon_as_its_field_is_right(qtbot, sample):
    opened = sample.height()
    retype(qtbot, sample.end, "1-3-2027 8:00")
    save(qtbot, sample)
    assert sample.height() > opened  # grown with its messages
    assert not sample.isVisible() or sample.result() == 0
    assert sample.error_text("name") == "Vul de naam in."
    assert sample.error_text("end") == "Het einde ligt niet na het begin."
    qtbot.keyClicks(sample.name, "P")
    assert sample.error_text("name") == ""
    assert sample.error_text("end") == "Het einde ligt niet na het begin."
    retype(qtbot, sample.end, "1-3-2027 11")  # not finished yet, but already a valid moment for which the rule holds
    assert sample.error_text("end") == ""
    qtbot.keyClicks(sample.end, ":30")
    retype(qtbot, sample.day, "30-2")
    qtbot.keyClick(sample.day, Qt.Key.Key_Tab)
    assert sample.error_text("day") == "30-02-2026 bestaat niet: februari 2026 heeft 28 dagen."
    retype(qtbot, sample.day, "3")
    assert sample.error_text("day") == "30-02-2026 bestaat niet: februari 2026 heeft 28 dagen."  # typing, not done
    qtbot.keyClicks(sample.day, "-3")
    assert sample.error_text("day") == ""
    assert sample.height() == opened  # and back when they went
    save(qtbot, sample)
    assert sample.result() == 1
    assert pydate(sample.day.date()) == date(2026, 3, 3)


def test_a_message_a_dialog_shows_itself_stays_until_the_next_save(qtbot, sample):
    sample.show_errors({"name": "Deze naam bestaat al."})
    qtbot.keyClicks(sample.name, "x")
    assert sample.error_text("name") == "Deze naam bestaat al."  # the form cannot know it is right now
    sample.show_errors({"nowhere": "Iets buiten de velden."})
    assert sample.general.text() == "Iets buiten de velden." and sample.general.isVisible()


def test_enter_goes_to_the_next_field_and_never_sends_a_half_filled_form(qtbot, sample):
    sample.name.setFocus()
    qtbot.keyClick(sample.name, Qt.Key.Key_Return)
    assert sample.isVisible() and sample.day.hasFocus()
    qtbot.waitUntil(lambda: sample.day.selectedText() == sample.day.text())
    qtbot.keyClicks(sample.day, "morgen")
    qtbot.keyClick(sample.day, Qt.Key.Key_Return)
    assert sample.day.text() == "27-11-2026" and sample.start.hasFocus()
    qtbot.keyClick(sample.start, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.keyClick(sample.end, Qt.Key.Key_Return)
    assert sample.remarks.hasFocus() and sample.isVisible()
    qtbot.keyClick(sample.remarks, Qt.Key.Key_Return)  # a new line in the remarks
    assert sample.remarks.toPlainText() == "\n" and sample.isVisible()
    qtbot.keyClick(sample.remarks, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # save from anywhere
    assert sample.isVisible() and sample.error_text("name") == "Vul de naam in." and sample.name.hasFocus()
    qtbot.keyClicks(sample.name, "Piet")
    qtbot.keyClick(sample.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sample.result() == 1


def test_enter_in_the_last_field_saves_and_a_search_box_keeps_its_enter(qtbot):
    dialog = FormDialog(None, "Zoeken")
    added(qtbot, dialog)
    search, name = QLineEdit(dialog), QLineEdit(dialog)
    found = []
    search.returnPressed.connect(lambda: found.append(search.text()))
    dialog.add_fields(("search", "Zoek:", search), ("name", "Naam:", name))
    shown(qtbot, dialog)
    search.setFocus()
    qtbot.keyClicks(search, "Piet")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert found == ["Piet"] and search.hasFocus() and dialog.isVisible()
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert dialog.result() == 1 and not dialog.isVisible()


def test_every_field_has_its_label_as_buddy_and_accessible_name_and_required_ones_are_marked(qtbot, window, sample):
    captions = {label.buddy(): label.text() for label in sample.findChildren(QLabel) if label.buddy() is not None}
    assert captions == {
        sample.name: "Naam: <span style='color:#b42318'>*</span>",
        sample.day: "Datum:",
        sample.start: "Begin:",
        sample.end: "Einde:",
        sample.remarks: "Opmerkingen:",
    }
    assert [w.accessibleName() for w in captions] == ["Naam", "Datum", "Begin", "Einde", "Opmerkingen"]
    assert sample.name.accessibleDescription() == "verplicht"
    assert sample.legend.isVisible() and "verplicht" in sample.legend.text()

    person = PersonDialog(window.show_area("organisation"))
    added(qtbot, person)
    for field, name in ((person.name, "Naam"), (person.municipality, "Gemeente/organisatie"), (person.email, "E-mail")):
        assert field.accessibleName() == name
        assert any(label.buddy() is field for label in person.findChildren(QLabel))


def test_focus_selects_all_so_that_typing_replaces_the_date(qtbot, sample):
    retype(qtbot, sample.day, "31-3-27")
    qtbot.keyClick(sample.day, Qt.Key.Key_Tab)
    assert sample.day.text() == "31-03-2027" and pydate(sample.day.date()) == date(2027, 3, 31)


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # offscreen: any popup
def test_the_calendar_is_dutch_starts_on_monday_with_iso_weeks_and_picks_a_day(qtbot, sample):
    sample.start.setFocus()
    qtbot.keyClick(sample.start, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = sample.start.findChild(QCalendarWidget)
    assert calendar is not None and calendar.isVisible()
    assert calendar.locale().language() == QLocale.Language.Dutch
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    assert calendar.verticalHeaderFormat() == QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers
    assert calendar.selectedDate() == QDate(2027, 3, 1)
    calendar.clicked.emit(QDate(2027, 3, 12))
    assert not calendar.isVisible()
    assert sample.start.text() == "12-03-2027 09:00"  # the day picked, the time kept
    assert sample.start.dateTime() == QDateTime(QDate(2027, 3, 12), QTime(9, 0))


def test_the_field_keeps_the_api_of_qt_date_edits(qtbot):
    changes: list[object] = []
    field = datetime_edit(None, datetime(2027, 1, 6, 7, 0, tzinfo=UTC))
    qtbot.addWidget(field)
    field.setClock(fixed_clock)
    field.dateChanged.connect(changes.append)
    field.dateTimeChanged.connect(changes.append)
    field.setDateTime(QDateTime(QDate(2027, 1, 6), QTime(9, 30)))
    assert changes == [QDateTime(QDate(2027, 1, 6), QTime(9, 30))]
    field.setDate(QDate(2027, 1, 7))
    assert changes[1:] == [QDate(2027, 1, 7), QDateTime(QDate(2027, 1, 7), QTime(9, 30))]
    field.blockSignals(True)  # a page may set it quietly; the value follows all the same
    field.setDateTime(QDateTime(QDate(2027, 1, 8), QTime(10, 0)))
    field.blockSignals(False)
    assert moment_of(field) == datetime(2027, 1, 8, 9, 0, tzinfo=UTC) and len(changes) == 3

    day = date_edit(None, date(2026, 11, 26))
    qtbot.addWidget(day)
    day.setClock(fixed_clock)
    day.setMinimumDate(qdate(date(2026, 11, 1)))
    day.setMaximumDate(qdate(date(2026, 11, 26)))
    day.setDate(date(2026, 10, 31))
    assert day.problem() == "31-10-2026 kan hier niet: kies een datum vanaf 01-11-2026."
    assert pydate(day.date()) == date(2026, 11, 26) and day.text() == "31-10-2026"
    assert day.toolTip() == day.problem()
    day.setDate(QDate(2026, 11, 2))
    assert day.problem() == "" and pydate(day.date()) == date(2026, 11, 2) and "Typ bijvoorbeeld" in day.toolTip()
    assert isinstance(day, DateField) and not day.with_time
