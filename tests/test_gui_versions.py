"""Several users at once, as a user sees it: a form whose record someone else changed meanwhile refuses to save,
says who and when, and keeps what was typed; an undo over someone else's change is refused, saying so."""

import pytest

from crisisapp.services import organisation as org
from crisisapp.ui import interaction
from crisisapp.ui.organisation.dialogs import PersonDialog
from tests.test_gui_forms import cancel, save, shown
from tests.test_gui_organisation import page  # noqa: F401 - the fixture
from tests.test_versions import theirs_beside

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
        cancel(qtbot, dialog)
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
