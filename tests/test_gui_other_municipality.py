"""On a server database, a medewerker sees up front which records they may not change: the controls that would
change another municipality's selected event, OTO activity or person, and everything on a page of Maassluis only,
are disabled with a tooltip that says whose the record is and who may change it; their own stay enabled. Skipped
without a PostgreSQL server (tests/conftest.py)."""

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QPushButton, QTableView, QWidget

from crisisapp.context import AppContext
from crisisapp.models.events import Category
from crisisapp.models.oto import ActivityKind
from crisisapp.services import events, organisation, oto
from crisisapp.storage.server import open_server
from crisisapp.ui.events.page import EventsPage
from crisisapp.ui.organisation.page import OrganisationPage
from crisisapp.ui.oto.page import OtoPage
from crisisapp.ui.widgets import RECORD_ROLE
from tests.clock import NOW, fixed_clock
from tests.test_gui_mainwindow import window_on
from tests.test_offline import server, users  # noqa: F401 - the fixtures

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("postgres")]


def click_record(qtbot, view: QTableView, key: int) -> Any:
    """Click the row of the record with id ``key`` in ``view``, as the user selects it; the record."""
    model = view.model()
    index = next(model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data(RECORD_ROLE).id == key)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    record = view.selectionModel().selectedRows()[0].data(RECORD_ROLE)
    assert record.id == key
    return record


def records(view: QTableView) -> list[Any]:
    model = view.model()
    return [model.index(r, 0).data(RECORD_ROLE) for r in range(model.rowCount())]


def button(parent: QWidget, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


def refused(controls: tuple[QAbstractButton, ...], tooltip: str) -> bool:
    return all(not c.isEnabled() and c.toolTip() == tooltip for c in controls)


def allowed(controls: tuple[QAbstractButton, ...]) -> bool:
    return all(c.isEnabled() and "alleen medewerkers van" not in c.toolTip() for c in controls)


def test_another_municipalitys_records_cannot_be_changed_and_say_whose_they_are(
    qtbot,
    server,  # noqa: F811
    users,  # noqa: F811
):
    context = AppContext(open_server(users("medewerker", "Vlaardingen")), clock=fixed_clock)
    start = NOW + timedelta(days=3)
    own_event = context.execute(
        events.AddEvent(events.EventInput("Havendagen", "", start.year, start, start + timedelta(hours=5), Category.A))
    ).result
    own_person = context.execute(organisation.AddPerson(organisation.PersonInput("Sanne Visser", "Vlaardingen")))
    own_activity = context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.TRAINING, "Training Hoog", start)))
    you = f"U bent {context.user} (medewerker, Vlaardingen) en wijzigt wat van Vlaardingen is (en het gedeelde piket)."

    def rule(what: str) -> str:
        return (
            f"{what} is van Maassluis; alleen medewerkers van Maassluis (en een beheerder) kunnen het wijzigen. {you}"
        )

    try:
        window = window_on(qtbot, context)
        page = window.show_area("events")
        assert isinstance(page, EventsPage)
        changing = (*page.event_buttons, page.add_meeting_button, page.inspector_edit)
        theirs = next(e for e in records(page.event_view) if e.municipality == "Maassluis")
        click_record(qtbot, page.event_view, theirs.id)
        assert [b.text() for b in page.event_buttons] == [
            "Wijzigen…",
            "Nieuwe editie van dit evenement",
            "Verwijderen…",
        ]
        assert refused(changing, rule(f"Het evenement ‘{theirs.name}’"))
        assert not page.item_model.ticking
        assert button(page, "Nieuw evenement…").isEnabled()  # of their own municipality
        click_record(qtbot, page.event_view, own_event.id)  # the selection decides, each time again
        assert allowed(changing) and page.item_model.ticking
        assert page.inspector_edit.toolTip() == "Komt bij elke controle van deze ronde; onthouden per ronde."
        click_record(qtbot, page.event_view, theirs.id)
        assert refused(changing, rule(f"Het evenement ‘{theirs.name}’"))
        templates = button(page, "Controlepunt toevoegen…")  # the templates are Maassluis'
        assert refused((templates,), rule("Een sjabloon van een controlelijst"))

        page = window.show_area("oto")
        assert isinstance(page, OtoPage)
        changing = (page.edit_button, page.delete_button, page.done_button, page.invite_button, page.add_finding_button)
        theirs = next(a for a in records(page.activity_view) if a.municipality == "Maassluis")
        click_record(qtbot, page.activity_view, theirs.id)
        assert refused(changing, rule(f"De activiteit ‘{theirs.title}’"))
        assert page.new_button.isEnabled()
        click_record(qtbot, page.activity_view, own_activity.result.id)
        assert allowed(changing)

        page = window.show_area("organisation")
        assert isinstance(page, OrganisationPage)
        changing = (page.edit_person_button, page.archive_button, page.erase_button)
        theirs = next(p for p in records(page.people_view) if p.municipality == "Maassluis")
        click_record(qtbot, page.people_view, theirs.id)
        assert refused(changing, rule(f"De persoon ‘{theirs.name}’"))
        assert page.new_person_button.isEnabled()
        click_record(qtbot, page.people_view, own_person.result.id)
        assert allowed(changing)
        assert page.erase_button.toolTip().startswith("Op verzoek van de persoon (AVG art. 17)")  # its own again
        functions = (page.new_function_button, page.edit_function_button, page.retire_function_button)
        assert refused(functions, rule("Een functie of team van de crisisorganisatie"))

        page = window.show_area("jaarwisseling")
        night = tuple(button(page, text) for text in ("Taak toevoegen…", "Zone toevoegen…", "Melding toevoegen…"))
        assert refused(night, rule("Het werk voor de jaarwisseling"))
    finally:
        context.close()


def test_a_medewerker_of_maassluis_changes_the_records_of_maassluis_only(
    qtbot,
    server,  # noqa: F811
    users,  # noqa: F811
):
    context = AppContext(open_server(users("medewerker", "Maassluis")), clock=fixed_clock)
    try:
        window = window_on(qtbot, context)
        page = window.show_area("jaarwisseling")
        assert allowed(tuple(button(page, text) for text in ("Taak toevoegen…", "Zone toevoegen…")))
        page = window.show_area("events")
        assert isinstance(page, EventsPage)
        ours = next(e for e in records(page.event_view) if e.municipality == "Maassluis")
        click_record(qtbot, page.event_view, ours.id)
        assert allowed((*page.event_buttons, button(page, "Controlepunt toevoegen…")))
    finally:
        context.close()
