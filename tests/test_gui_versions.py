"""Several users at once, as a user sees it: a form whose record someone else changed meanwhile refuses to save,
says who and when, and keeps what was typed; a one-click change on a row someone changed since the list showed it
is refused the same way, and the list shows the row as it is now; an undo over someone else's change is refused,
saying so."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from crisisapp.models.jaarwisseling import TaskStatus
from crisisapp.models.oto import ActivityKind, Participant, Presence
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import hulpdiensten, jaarwisseling, oto, piket, programme
from crisisapp.services import organisation as org
from crisisapp.storage.server import ServerDatabase
from crisisapp.ui import interaction
from crisisapp.ui.organisation.dialogs import PersonDialog
from crisisapp.ui.oto.dialogs import DrillDialog
from tests.clock import NOW
from tests.questions import DISCARD, answering
from tests.test_gui_forms import cancel, save, shown
from tests.test_gui_mainwindow import make_window, window_on
from tests.test_gui_organisation import page  # noqa: F401 - the fixture
from tests.test_versions import by, drill_for, theirs_beside, times_of

pytestmark = pytest.mark.gui
ANNA = org.PersonInput("Anna de Wit", "Maassluis", mobile="06-12345678")


@pytest.fixture
def theirs(page):  # noqa: F811 - the fixture imported above
    other = theirs_beside(page.context)
    yield other
    other.close()


def retype(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def saved_with_mobile(qtbot, text: str):
    """A run_dialog that types ``text`` as the mobile number and saves."""

    def fill(dialog: PersonDialog) -> bool:
        shown(qtbot, dialog)
        retype(qtbot, dialog.mobile, text)
        save(qtbot, dialog)
        return bool(dialog.result())

    return fill


def test_a_form_over_a_person_someone_changed_meanwhile_refuses_and_keeps_the_input(qtbot, page, theirs, monkeypatch):  # noqa: F811
    anna = page.context.execute(org.AddPerson(ANNA)).result
    page.select_person(anna.id)
    seen: list[str] = []

    def fill(dialog: PersonDialog) -> bool:
        shown(qtbot, dialog)
        retype(qtbot, dialog.mobile, "06-11112222")
        theirs.execute(org.UpdatePerson(anna.id, org.PersonInput("Anna de Wit", "Maassluis", mobile="06-99990000")))
        save(qtbot, dialog)
        assert dialog.isVisible() and dialog.mobile.text() == "06-11112222"  # still open, with what was typed
        seen.append(dialog.general.text() if dialog.general.isVisible() else "")  # above the buttons
        with answering(qtbot, DISCARD) as asked:
            cancel(qtbot, dialog)
        assert len(asked) == 1  # the refused input is still the user's until they throw it away
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill)
    assert not page.edit_person()
    assert seen == [
        "Deze persoon is intussen gewijzigd door j.de.vries op 26-11-2026 om 12:12 (Persoon wijzigen). Uw invoer "
        "staat nog in het formulier; sluit het en open het opnieuw om de nieuwe gegevens te zien."
    ]
    assert page.context.call(org.get_person, anna.id).mobile == "06-99990000"

    monkeypatch.setattr(interaction, "run_dialog", saved_with_mobile(qtbot, "06-33334444"))
    assert page.edit_person()  # opened again, it saves over their change knowingly
    assert page.context.call(org.get_person, anna.id).mobile == "06-33334444"


def test_undo_over_someone_elses_later_change_is_refused_with_who_and_when(qtbot, page, theirs, monkeypatch):  # noqa: F811
    anna = page.context.execute(org.AddPerson(ANNA)).result
    page.select_person(anna.id)
    monkeypatch.setattr(interaction, "run_dialog", saved_with_mobile(qtbot, "06-11112222"))
    assert page.edit_person()
    theirs.execute(org.SetPersonArchived(anna.id, True))
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    page.window().undo_action.trigger()
    assert len(warnings) == 1 and warnings[0].startswith(
        f"Ongedaan maken kan niet: Crisisorganisatie: personen nr. {anna.id} is intussen gewijzigd door j.de.vries "
        "op 26-11-2026 om 12:12 (Persoon archiveren)."
    )
    person = page.context.call(org.get_person, anna.id)
    assert (person.mobile, person.archived) == ("06-11112222", True)  # their change and ours both stand
    model = page.people_view.model()
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert "Anna de Wit" not in shown  # the list shows her as she is now: archived, so hidden


def test_a_form_opened_on_a_row_someone_changed_after_the_list_showed_it_refuses_and_keeps_the_input(
    qtbot,
    page,  # noqa: F811
    theirs,
    monkeypatch,
):
    """The form shows the row as the list read it; it expects the version of that read, not of the moment it
    opens, or their change would be overwritten with the old values the form still shows."""
    anna = page.context.execute(org.AddPerson(ANNA)).result
    page.select_person(anna.id)  # the list shows Anna's old number
    theirs.execute(org.UpdatePerson(anna.id, org.PersonInput("Anna de Wit", "Maassluis", mobile="06-99990000")))
    seen: list[tuple[str, str]] = []

    def fill(dialog: PersonDialog) -> bool:
        shown(qtbot, dialog)
        assert dialog.mobile.text() == "06-12345678"  # as the list showed her
        retype(qtbot, dialog.name, "Anna de Wit-Jansen")
        save(qtbot, dialog)
        assert dialog.isVisible()
        seen.append((dialog.name.text(), dialog.general.text()))
        with answering(qtbot, DISCARD) as asked:
            cancel(qtbot, dialog)
        assert len(asked) == 1
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill)
    assert not page.edit_person()
    assert seen == [
        (
            "Anna de Wit-Jansen",
            "Deze persoon is intussen gewijzigd door j.de.vries op 26-11-2026 om 12:12 (Persoon wijzigen). Uw "
            "invoer staat nog in het formulier; sluit het en open het opnieuw om de nieuwe gegevens te zien.",
        )
    ]
    person = page.context.call(org.get_person, anna.id)
    assert (person.name, person.mobile) == ("Anna de Wit", "06-99990000")  # their change stands
    assert page.selected_person() == person  # the list shows it now, still selected


def test_archiving_a_person_someone_changed_since_the_list_showed_them_is_refused_and_the_list_refreshed(
    qtbot,
    page,  # noqa: F811
    theirs,
    monkeypatch,
):
    anna = page.context.execute(org.AddPerson(ANNA)).result
    page.select_person(anna.id)
    theirs.execute(org.UpdatePerson(anna.id, org.PersonInput("Anna de Wit", "Vlaardingen", mobile="06-12345678")))
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "question", lambda *args: True)
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    assert not page.toggle_archived()
    assert warnings == [
        "Deze persoon is intussen gewijzigd door j.de.vries op 26-11-2026 om 12:12 (Persoon wijzigen). Er is niets "
        "veranderd; de lijst toont nu de huidige gegevens."
    ]
    person = page.context.call(org.get_person, anna.id)
    assert (person.archived, person.municipality) == (False, "Vlaardingen")
    assert page.selected_person() == person
    assert page.toggle_archived()  # on the row as it is now, it goes through
    assert page.context.call(org.get_person, anna.id).archived


@pytest.fixture
def task_page(qtbot, db_path):
    """The Jaarwisseling page listing one task, of this year (its id), and the other user on its database."""
    window = make_window(qtbot, db_path)
    tasks = window.show_area("jaarwisseling")
    other = theirs_beside(window.context)
    year = tasks.year.value()
    task_id = window.context.execute(jaarwisseling.AddTask(year, "Containers", "gemeente", date(year, 12, 1))).result
    tasks.data_changed(frozenset({"nye_task"}))
    tasks.task_view.selectRow(0)
    yield tasks, other, task_id
    other.close()
    window.context.close()


def test_a_task_marked_done_after_someone_deleted_it_is_refused_and_gone_from_the_list(task_page, monkeypatch):
    tasks, theirs, task_id = task_page
    theirs.execute(jaarwisseling.DeleteTask(task_id))
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    assert not tasks.finish_task()
    assert len(warnings) == 1 and warnings[0].startswith("Deze taak is intussen verwijderd door j.de.vries op ")
    assert warnings[0].endswith("Er is niets veranderd; de lijst toont nu de huidige gegevens.")
    assert tasks.task_model.rowCount() == 0
    assert not tasks.window().undo_action.isEnabled()


def test_a_task_someone_else_set_to_busy_since_the_list_showed_it_is_not_marked_done_unseen(task_page, monkeypatch):
    tasks, theirs, task_id = task_page
    theirs.execute(jaarwisseling.SetTaskStatus(task_id, TaskStatus.BUSY))
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: None)
    assert not tasks.finish_task()
    assert [t.status for t in tasks.context.call(jaarwisseling.tasks, tasks.year.value())] == [TaskStatus.BUSY]
    assert tasks.task_model.index(0, 3).data().startswith("bezig")


@pytest.fixture
def window_and_theirs(qtbot, demo_context):
    """The app's window on the demo data (a file, or a server database), and the other user on its database."""
    window = window_on(qtbot, demo_context)
    other = theirs_beside(window.context)
    yield window, other
    other.close()


@pytest.mark.engines
def test_progress_someone_saved_since_the_panel_showed_it_is_refused_and_the_typed_note_stays(
    qtbot, window_and_theirs, monkeypatch
):
    window, theirs = window_and_theirs
    shown_page = window.show_area("programme")
    shown_page.select_priority(6, 1)
    shown_page.table.selectRow(1)
    assert shown_page.progress_action.text().startswith("6.1.2")
    theirs.execute(programme.SetProgress("6.1.2", ProgressStatus.BEZIG, "Hun notitie", NOW))
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    shown_page.status_combo.setCurrentIndex(shown_page.status_combo.findData(ProgressStatus.GEREED))
    shown_page.note_edit.setPlainText("Mijn notitie")
    qtbot.mouseClick(shown_page.save_button, Qt.MouseButton.LeftButton)
    assert warnings == [
        f"De voortgang van actie 6.1.2 is intussen gewijzigd {by(theirs)} (Voortgang van een "
        "programma-actie bijwerken). Uw invoer is niet opgeslagen en staat er nog; de lijst toont nu de huidige "
        "stand. Slaat u opnieuw op, dan vervangt uw invoer die."
    ]
    assert shown_page.context.call(programme.progress_of, "6.1.2").note == "Hun notitie"
    assert shown_page.actions_model.index(1, 4).data() == "bezig\nHun notitie"  # the list shows theirs
    assert shown_page.note_edit.toPlainText() == "Mijn notitie"  # the panel keeps what was typed
    assert shown_page.status_combo.currentData() == ProgressStatus.GEREED
    qtbot.mouseClick(shown_page.save_button, Qt.MouseButton.LeftButton)  # saved again, knowingly
    assert shown_page.context.call(programme.progress_of, "6.1.2").note == "Mijn notitie"


@pytest.mark.engines
def test_what_is_typed_in_the_progress_panel_stays_when_someone_saves_progress_meanwhile(
    qtbot, window_and_theirs, monkeypatch
):
    """On a server the page refreshes within a second of another user's save; the panel keeps the user's input."""
    window, theirs = window_and_theirs
    shown_page = window.show_area("programme")
    shown_page.select_priority(6, 1)
    shown_page.table.selectRow(1)
    shown_page.note_edit.setPlainText("Mijn notitie")
    theirs.execute(programme.SetProgress("6.1.3", ProgressStatus.GEREED, "Hun actie", NOW))
    shown_page.data_changed(frozenset({"programme_action_progress"}))  # as the server's notice does
    assert shown_page.actions_model.index(2, 4).data().startswith("gereed")
    assert shown_page.note_edit.toPlainText() == "Mijn notitie"
    qtbot.mouseClick(shown_page.save_button, Qt.MouseButton.LeftButton)  # nobody changed 6.1.2: saved
    assert shown_page.context.call(programme.progress_of, "6.1.2").note == "Mijn notitie"

    shown_page.note_edit.setPlainText("Nog een notitie")
    theirs.execute(programme.SetProgress("6.1.2", ProgressStatus.BEZIG, "Hun notitie", NOW))
    shown_page.data_changed(frozenset({"programme_action_progress"}))
    assert shown_page.note_edit.toPlainText() == "Nog een notitie"  # still typed, while the list shows theirs
    assert shown_page.actions_model.index(1, 4).data() == "bezig\nHun notitie"
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    qtbot.mouseClick(shown_page.save_button, Qt.MouseButton.LeftButton)  # it expects 6.1.2 as typing began
    assert len(warnings) == 1 and warnings[0].startswith("De voortgang van actie 6.1.2 is intussen gewijzigd")
    assert shown_page.context.call(programme.progress_of, "6.1.2").note == "Hun notitie"
    assert shown_page.note_edit.toPlainText() == "Nog een notitie"
    qtbot.mouseClick(shown_page.save_button, Qt.MouseButton.LeftButton)  # seen their change: saved over it
    assert shown_page.context.call(programme.progress_of, "6.1.2").note == "Nog een notitie"


@pytest.mark.engines
def test_a_target_someone_set_since_the_page_showed_it_is_not_overwritten_and_the_typed_one_stays(
    window_and_theirs, monkeypatch
):
    window, theirs = window_and_theirs
    shown_page = window.show_area("hulpdiensten")
    year = NOW.year
    shown_page.target.setValue(320)  # typed, not yet saved
    theirs.execute(hulpdiensten.SetTarget(year, 400))
    shown_page.data_changed(frozenset({"hartslagnu_target"}))  # as the server's notice does
    assert shown_page.target.value() == 320 and ", doel 400" in shown_page.subtitle.text()
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    assert not shown_page.save_target()
    assert len(warnings) == 1 and warnings[0].startswith(f"Het doel voor {year} is intussen gewijzigd {by(theirs)}")
    assert warnings[0].endswith(
        "Uw invoer is niet opgeslagen en staat er nog; de kop van de pagina toont nu de huidige stand. Slaat u "
        "opnieuw op, dan vervangt uw invoer die."
    )
    assert shown_page.context.call(hulpdiensten.targets)[year] == 400
    assert shown_page.target.value() == 320 and ", doel 400" in shown_page.subtitle.text()  # typed, and theirs
    assert shown_page.save_target()  # saved again, knowingly
    assert shown_page.context.call(hulpdiensten.targets)[year] == 320
    theirs.execute(hulpdiensten.SetTarget(year, 410))
    shown_page.data_changed(frozenset({"hartslagnu_target"}))  # nothing typed since: the box shows theirs
    assert shown_page.target.value() == 410


@pytest.mark.engines
def test_a_target_cleared_and_set_again_since_the_page_showed_it_is_not_overwritten(window_and_theirs, monkeypatch):
    """The year's row stays when its target is cleared: set again, it is one version further than the page showed."""
    window, theirs = window_and_theirs
    year = NOW.year
    theirs.execute(hulpdiensten.SetTarget(year, 500))
    shown_page = window.show_area("hulpdiensten")
    assert shown_page.target.value() == 500
    shown_page.target.setValue(520)  # typed, not yet saved
    theirs.execute(hulpdiensten.SetTarget(year, None))
    shown_page.data_changed(frozenset({"hartslagnu_target"}))
    assert shown_page.target.value() == 520 and "doel" not in shown_page.subtitle.text()
    theirs.execute(hulpdiensten.SetTarget(year, 450))
    shown_page.data_changed(frozenset({"hartslagnu_target"}))
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    assert not shown_page.save_target()
    assert len(warnings) == 1 and warnings[0].startswith(f"Het doel voor {year} is intussen gewijzigd {by(theirs)}")
    assert shown_page.context.call(hulpdiensten.targets)[year] == 450  # theirs stands
    assert shown_page.target.value() == 520


@pytest.mark.engines
def test_an_override_someone_cancelled_since_the_rota_showed_it_is_not_cancelled_again(window_and_theirs, monkeypatch):
    window, theirs = window_and_theirs
    shown_page = window.show_area("piket")
    model = shown_page.schedule_model
    row = next(row for row in range(model.rowCount()) if model.covering(model.record(row)))
    shown_page.schedule_view.selectRow(row)
    override = model.covering(model.record(row))[-1]
    theirs.execute(piket.CancelOverride(override.id))
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    assert not shown_page.cancel_override()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Deze overname is intussen gewijzigd {by(theirs)}")
    assert shown_page.undo_stack.count() == 0


@pytest.mark.engines
def test_two_coordinators_in_a_live_drill_keep_each_others_times_and_a_stale_correction_is_refused(
    qtbot, window_and_theirs, monkeypatch
):
    """Our drill records the reactions while the other coordinator records the arrivals: our click keeps their
    arrival. They correct our reaction since: our correction is refused naming them, and the drill shows theirs."""
    window, theirs = window_and_theirs
    drill, person, alarm = drill_for(window.context, ActivityKind.ALARMERING)
    shown_page = window.show_area("oto")
    shown_page.year.setValue(alarm.year)
    shown_page.select_activity(drill)
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    arrived = alarm + timedelta(minutes=15)

    def drive(dialog: DrillDialog) -> bool:
        theirs.execute(oto.RecordTime(drill, person, True, arrived, None))  # at the door, after the drill read
        rect = dialog.view.visualRect(dialog.model.index(0, 0))
        qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert times_of(theirs, drill) == (Presence.RESPONDED, NOW, arrived)  # their arrival kept
        assert dialog.model.index(0, 1).data() == "12:00:00"
        theirs.execute(oto.RecordTime(drill, person, False, alarm + timedelta(minutes=18), NOW))
        qtbot.keyClick(dialog.search, Qt.Key.Key_F2)
        editor = dialog.view.indexWidget(dialog.model.index(0, 1))
        qtbot.keyClicks(editor, "11:59")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        dialog.show_current()  # the app hears of their change before our correction goes: it is refused all the same
        qtbot.waitUntil(lambda: bool(warnings))
        assert dialog.model.index(0, 1).data() == "11:58:00"  # read again: theirs
        dialog.timer.stop()
        return False

    monkeypatch.setattr(interaction, "run_dialog", drive)
    qtbot.mouseClick(shown_page.drill_button, Qt.MouseButton.LeftButton)
    name = window.context.call(org.get_person, person).name
    assert warnings == [
        f"De reactie van {name} is intussen gewijzigd {by(theirs)} (Reactie of opkomst vastleggen). Er is niets "
        "veranderd; de lijst toont nu de huidige gegevens."
    ]
    assert times_of(theirs, drill) == (Presence.RESPONDED, alarm + timedelta(minutes=18), arrived)


def hear_theirs(qtbot, window, tables: frozenset[str]) -> None:
    """Wait until the window has heard of the other user's change to ``tables``, as it hears another app instance's:
    on a server database from the server, by its own timer. A file has no other instance to hear (its lock keeps a
    second one out; the second engine only stands in for one), so there the window is told as the server tells it."""
    heard: list[frozenset[str]] = []
    window.context.add_listener(heard.append)  # after the window's own: when this hears, the window has
    if not isinstance(window.context.database, ServerDatabase):
        window.context._tell_listeners(tables)
    qtbot.waitUntil(lambda: any(changed & tables for changed in heard), timeout=3000)
    window.context.remove_listener(heard.append)


@pytest.mark.engines
def test_the_live_drill_shows_what_the_other_coordinator_records_and_keeps_what_is_being_typed(
    qtbot, window_and_theirs, monkeypatch
):
    """Two coordinators in one drill, each with it open: the alarm the other sends and the times the other records
    show in ours as soon as the app hears of them, in place (the list is not reset, so it does not flicker), while
    the letters typed in the search, the participant highlighted and a time being corrected stay as they were."""
    window, theirs = window_and_theirs
    ours = window.context
    alarm = NOW - timedelta(minutes=20)
    drill = ours.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.ALARMERING, "Alarm", alarm))).result.id
    ours.execute(oto.InviteParticipants(drill, tuple(person.id for person in ours.call(org.list_people)[:3])))
    shown_page = window.show_area("oto")
    shown_page.year.setValue(alarm.year)
    shown_page.select_activity(drill)
    changed = frozenset({Participant.__tablename__})

    def drive(dialog: DrillDialog) -> bool:
        first, second, third = (dialog.model.record(row) for row in range(3))  # by name
        resets: list[bool] = []
        dialog.model.modelReset.connect(lambda: resets.append(True))
        assert not dialog.alarm_button.isHidden()
        theirs.execute(oto.StartAlarm(drill, alarm))  # the other coordinator sends the alarm
        hear_theirs(qtbot, window, frozenset({"oto_activity"}))
        assert dialog.alarm_button.isHidden() and dialog.alarm_edit.text() == "11:40:00"
        assert dialog.message.text() == "Het alarm is uit: de klok loopt."

        qtbot.keyClicks(dialog.search, second.name)
        assert dialog.highlighted() == second
        theirs.execute(oto.RecordTime(drill, first.person_id, False, alarm + timedelta(minutes=5), None))
        hear_theirs(qtbot, window, changed)
        assert dialog.model.index(0, 1).data() == "11:45:00"  # theirs
        assert dialog.count.text().startswith("1 van 3 gereageerd")
        assert dialog.search.text() == second.name and dialog.highlighted() == second  # as the user left them
        assert dialog.view.isRowHidden(0) and not dialog.view.isRowHidden(1)  # still narrowed to the letters
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # ours
        assert dialog.model.index(1, 1).data() == "12:00:00"

        qtbot.keyClick(dialog.search, Qt.Key.Key_F2)
        editor = dialog.view.indexWidget(dialog.model.index(1, 1))
        qtbot.keyClicks(editor, "11:58")
        typed = editor.text()
        theirs.execute(oto.RecordTime(drill, third.person_id, False, alarm + timedelta(minutes=7), None))
        hear_theirs(qtbot, window, changed)
        assert dialog.view.indexWidget(dialog.model.index(1, 1)) is editor and editor.text() == typed  # kept
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.model.index(2, 1).data() == "11:47:00")  # theirs, once ours is done
        assert dialog.model.index(1, 1).data() == "11:58:00"
        assert resets == []
        dialog.timer.stop()
        return True

    monkeypatch.setattr(interaction, "run_dialog", drive)
    qtbot.mouseClick(shown_page.drill_button, Qt.MouseButton.LeftButton)
    reactions = [participant.acknowledged_at for participant in ours.call(oto.participants, drill)]
    assert reactions == [alarm + timedelta(minutes=5), NOW - timedelta(minutes=2), alarm + timedelta(minutes=7)]
    assert shown_page.drill is None  # closed: it hears no more
