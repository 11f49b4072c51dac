"""Several users at once: two app instances on one database (two contexts on one file, or on one server
database) never overwrite each other's work unseen. A save over a record changed or deleted since its form
loaded it, and an undo or redo over someone else's later change, are refused with who and when; nothing changes.
"""

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, delete, select
from sqlalchemy.orm import sessionmaker

from crisisapp.context import AppContext
from crisisapp.models.events import Event
from crisisapp.models.hulpdiensten import ResponderTarget
from crisisapp.models.organisation import Person
from crisisapp.models.oto import ActivityKind, KindNorm
from crisisapp.services import events, oto
from crisisapp.services import hulpdiensten as hd
from crisisapp.services import organisation as org
from crisisapp.services.commands import Command
from crisisapp.services.versions import ChangedMeanwhileError, Loaded, shown
from crisisapp.storage import database
from crisisapp.storage.database import Database, configure_engine, open_database
from crisisapp.storage.server import ServerDatabase, open_server
from tests.clock import NOW, fixed_clock
from tests.commands_support import dump, unversioned


def by(theirs: AppContext) -> str:
    """What the refusal says of the other user's change: who (j.de.vries; on a server the database role, which the
    audit trail records there) and when (their clock stands 12 minutes after ours)."""
    return f"door {theirs.user} op 26-11-2026 om 12:12"


def beside(first: Database) -> Database:
    """The file of ``first`` opened by a second engine: its lock keeps a second app instance out of the file, so
    this stands in for one (a server database is simply opened twice)."""
    engine = configure_engine(create_engine(first.engine.url))
    return replace(first, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), lock=None)


def theirs_beside(ours: AppContext) -> AppContext:
    """The other user (j.de.vries, whose clock stands 12 minutes after ours) on the database of ``ours``."""
    database = (
        beside(ours.database)
        if isinstance(ours.database, Database)
        else open_server(ours.database.url.render_as_string(hide_password=False))
    )
    return AppContext(database, clock=lambda: NOW + timedelta(minutes=12), user="j.de.vries")


@pytest.fixture
def two(engine, request) -> Iterator[tuple[AppContext, AppContext]]:
    """The demo data opened twice: ours (a.jansen) and theirs (j.de.vries), as two app instances would."""
    if engine == "postgresql":
        opened: Database | ServerDatabase = open_server(request.getfixturevalue("server_database")("demo"))
    else:
        opened = open_database(request.getfixturevalue("demo_path"))
    ours = AppContext(opened, clock=fixed_clock, user="a.jansen")
    theirs = theirs_beside(ours)
    yield ours, theirs
    ours.close()
    theirs.close()


def first_person(context: AppContext) -> org.PersonRecord:
    return context.call(org.list_people)[0]


def data_of(person: org.PersonRecord, **changes: str) -> org.PersonInput:
    fields = {"name": person.name, "municipality": person.municipality, "mobile": person.mobile}
    return org.PersonInput(**{**fields, **changes})


def test_a_save_over_a_record_someone_changed_since_it_was_loaded_is_refused_naming_who_and_when(two):
    ours, theirs = two
    person = first_person(ours)
    form = shown(Person, person, "Deze persoon")  # our form opens on the person as the list read them
    theirs.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-99990000")))
    before = dump(ours)
    with pytest.raises(ChangedMeanwhileError) as refusal:
        ours.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-11112222")), expect=[form])
    assert str(refusal.value) == (
        f"Deze persoon is intussen gewijzigd {by(theirs)} (Persoon wijzigen). Uw invoer staat nog in het formulier; "
        "sluit het en open het opnieuw om de nieuwe gegevens te zien."
    )
    assert dump(ours) == before
    assert ours.call(org.get_person, person.id).mobile == "06-99990000"  # their change stands


def test_a_save_with_nobody_in_between_goes_through_and_the_next_needs_the_new_version(two):
    ours, _theirs = two
    person = first_person(ours)
    form = shown(Person, person, "Deze persoon")
    ours.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-11112222")), expect=[form])
    assert shown(Person, first_person(ours), "Deze persoon") == replace(form, version=form.version + 1)
    with pytest.raises(ChangedMeanwhileError, match=f"gewijzigd door {re.escape(ours.user)} op 26-11-2026 om 12:00"):
        ours.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-33334444")), expect=[form])


def test_a_save_over_a_record_someone_deleted_since_is_refused_naming_who_and_when(two):
    ours, theirs = two
    made = ours.execute(events.AddEvent(events.EventInput("Kermis", "", 2027, NOW, NOW + timedelta(hours=5), "A")))
    form = shown(events.Event, made.result, "Dit evenement")
    theirs.execute(events.DeleteEvent(made.result.id))
    with pytest.raises(ChangedMeanwhileError) as refusal:
        ours.execute(events.UpdateEvent(made.result.id, replace(made.result.data, location="Markt")), expect=[form])
    assert str(refusal.value) == (
        f"Dit evenement is intussen verwijderd {by(theirs)} (Evenement verwijderen). Uw invoer staat nog in het "
        "formulier; sluit het, het gegeven bestaat niet meer."
    )


class ChangedWhileWriting(Command[None]):
    """Loads a person, lets the other instance change them before it writes: the race between a check and a
    write that the ORM's version counter catches (``WHERE version = …`` matches no row)."""

    label = "Persoon wijzigen"

    def __init__(self, person_id: int, other: AppContext) -> None:
        self.person_id, self.other = person_id, other

    def apply(self, session) -> None:
        row = session.get(Person, self.person_id)
        assert row is not None
        person = self.other.call(org.get_person, self.person_id)
        self.other.execute(org.UpdatePerson(self.person_id, data_of(person, mobile="06-99990000")))
        row.mobile = "06-11112222"


def test_a_row_changed_between_read_and_write_is_refused_in_dutch_not_a_crash(two):
    ours, theirs = two
    person = first_person(ours)
    with pytest.raises(ChangedMeanwhileError) as refusal:
        ours.execute(ChangedWhileWriting(person.id, theirs))
    assert str(refusal.value).startswith(
        f"Niet opgeslagen: Crisisorganisatie: personen nr. {person.id} is intussen gewijzigd {by(theirs)} (Persoon"
    )
    assert ours.call(org.get_person, person.id).mobile == "06-99990000"


def test_undo_over_someone_elses_later_change_is_refused_and_their_change_stays(two):
    ours, theirs = two
    person = first_person(ours)
    done = ours.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-11112222")))
    theirs.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-99990000", name="J. Anders")))
    before = dump(ours)
    with pytest.raises(ChangedMeanwhileError) as refusal:
        ours.execute(done.inverse)
    assert str(refusal.value) == (
        f"Ongedaan maken kan niet: Crisisorganisatie: personen nr. {person.id} is intussen gewijzigd {by(theirs)} "
        "(Persoon wijzigen). Ongedaan maken zou die wijziging terugdraaien; er is niets veranderd."
    )
    assert dump(ours) == before


def test_redo_over_someone_elses_later_change_is_refused(two):
    ours, theirs = two
    person = first_person(ours)
    undone = ours.execute(ours.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-11112222"))).inverse)
    theirs.execute(org.SetPersonArchived(person.id, True))
    with pytest.raises(ChangedMeanwhileError, match=f"^Opnieuw kan niet: .* {by(theirs)} \\(Persoon archiveren\\)"):
        ours.execute(undone.inverse)
    assert ours.call(org.get_person, person.id).mobile == person.mobile


def test_undoing_ones_own_successive_changes_of_one_row_still_works(two):
    ours, theirs = two
    person = first_person(ours)
    first = ours.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-11112222")))
    second = ours.execute(org.UpdatePerson(person.id, data_of(person, mobile="06-33334444")))
    ours.execute(second.inverse)
    ours.execute(first.inverse)
    assert unversioned((theirs.call(org.get_person, person.id),)) == unversioned((person,))


def test_the_upgrade_gives_the_rows_of_an_older_database_version_one(db_path):
    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    old = database.configure_engine(create_engine(f"sqlite:///{db_path}"), foreign_keys=False)
    with old.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0011_incidents")
        connection.exec_driver_sql(
            "INSERT INTO person (id, name, municipality, organisation, mobile, phone, email, remarks, archived) "
            "VALUES (7, 'J. de Vries', 'Maassluis', '', '06-12345678', '', '', '', 0)"
        )
    old.dispose()
    context = AppContext(open_database(db_path), clock=fixed_clock)  # upgraded at its opening
    with context.database.sessions() as session:
        assert session.execute(select(Person.name, Person.version)).all() == [("J. de Vries", 1)]
    form = shown(Person, context.call(org.get_person, 7), "Deze persoon")
    context.execute(
        org.UpdatePerson(7, org.PersonInput("J. de Vries", "Maassluis", mobile="06-87654321")), expect=[form]
    )
    assert context.call(org.get_person, 7).version == 2
    context.close()


def test_every_kind_has_its_norm_row_so_no_norm_is_made_again_at_version_one(context):
    """A norm has its kind for its key. The migrations store one for every kind, so saving a norm never makes its
    row and undoing a save never deletes it: no norm is deleted and made again at version 1, the version a form
    that showed the old one expects (a kind added later needs its row in its migration too)."""
    assert all(norm.version is not None for norm in context.call(oto.norms).values())


def test_a_norm_shown_with_its_defaults_is_saved_unless_someone_saved_one_meanwhile(two):
    """A kind without a stored norm shows the defaults; its form's save makes the row, or is refused when
    someone else made it in the meantime."""
    ours, theirs = two
    with ours.database.sessions.begin() as session:  # a kind the database holds no norm for
        session.execute(delete(KindNorm).where(KindNorm.kind == ActivityKind.AWARENESS))
    default = ours.call(oto.norms)[ActivityKind.AWARENESS]
    form = shown(KindNorm, default, "Deze norm")
    assert form.version is None
    theirs.execute(oto.SetNorm(replace(default, yearly_target=2)))
    with pytest.raises(ChangedMeanwhileError, match=f"^Deze norm is intussen gewijzigd {by(theirs)} \\(OTO-norm"):
        ours.execute(oto.SetNorm(replace(default, yearly_target=6)), expect=[form])
    form = shown(KindNorm, ours.call(oto.norms)[ActivityKind.AWARENESS], "Deze norm")
    ours.execute(oto.SetNorm(replace(default, yearly_target=6)), expect=[form])
    assert ours.call(oto.norms)[ActivityKind.AWARENESS].yearly_target == 6


def test_a_target_cleared_and_set_again_since_the_page_showed_it_is_not_overwritten(two):
    """A year's target has the year for its key: cleared and set again, a row made anew would start at version 1,
    the version the page showed, and our save would wipe theirs unseen. The cleared target keeps its row."""
    ours, theirs = two
    ours.execute(hd.SetTarget(2027, 500))
    page = Loaded(ResponderTarget.__tablename__, (2027,), ours.call(hd.overview).target_rows[2027][1], "Het doel")
    assert page.version == 1
    theirs.execute(hd.SetTarget(2027, None))
    theirs.execute(hd.SetTarget(2027, 450))
    with pytest.raises(ChangedMeanwhileError, match=f"^Het doel is intussen gewijzigd {by(theirs)} \\(HartslagNu-doel"):
        ours.execute(hd.SetTarget(2027, 520), expect=[page])
    assert ours.call(hd.targets)[2027] == 450  # theirs stands
    cleared = Loaded(ResponderTarget.__tablename__, (2027,), ours.call(hd.overview).target_rows[2027][1], "Het doel")
    theirs.execute(hd.SetTarget(2027, None))  # shown as set, cleared since: refused as well
    with pytest.raises(ChangedMeanwhileError, match=f"^Het doel is intussen gewijzigd {by(theirs)}"):
        ours.execute(hd.SetTarget(2027, 520), expect=[cleared])
    assert 2027 not in ours.call(hd.targets)


def test_a_row_that_undo_brings_back_continues_past_its_old_version_so_an_old_form_cannot_save_over_it(two):
    """Delete, undo: the row is back with its id. A form that showed it before the delete (at version 1) would match
    a re-inserted row at version 1 again; it continues past its old version instead, and the save is refused."""
    ours, theirs = two
    made = ours.execute(events.AddEvent(events.EventInput("Kermis", "", 2027, NOW, NOW + timedelta(hours=5), "A")))
    form = shown(events.Event, made.result, "Dit evenement")
    assert form.version == 1
    undone = theirs.execute(theirs.execute(events.DeleteEvent(made.result.id)).inverse)  # the event is back
    assert ours.call(events.get_event, made.result.id).version == 2
    with pytest.raises(ChangedMeanwhileError, match=f"^Dit evenement is intussen gewijzigd {by(theirs)} \\(Ongedaan"):
        ours.execute(events.UpdateEvent(made.result.id, replace(made.result.data, location="Markt")), expect=[form])
    assert ours.call(events.get_event, made.result.id).data == made.result.data
    theirs.execute(theirs.execute(undone.inverse).inverse)  # redone (deleted again) and undone again
    again = shown(events.Event, ours.call(events.get_event, made.result.id), "Dit evenement")
    assert again.version == 3
    ours.execute(events.UpdateEvent(made.result.id, replace(made.result.data, location="Markt")), expect=[again])
    assert ours.call(events.get_event, made.result.id).data.location == "Markt"


def test_a_checklist_someone_replaced_since_the_event_was_shown_is_not_cleared_or_filled_again(two):
    """A checklist is part of its event: filling or clearing it raises the event's version, and the trail says who."""
    ours, theirs = two
    event = next(
        e
        for e in ours.call(events.list_events)
        if e.items and not any(item.results for item in ours.call(events.checklist, e.id).items)
    )
    clicked = replace(shown(Event, event, "Dit evenement"), in_form=False)
    theirs.execute(events.ClearChecklist(event.id))
    template = ours.call(events.template_records)[0]
    theirs.execute(events.FillChecklist(event.id, template.id))  # a checklist of their choosing
    before = dump(ours)
    for ours_too in (events.ClearChecklist(event.id), events.FillChecklist(event.id, template.id)):
        with pytest.raises(ChangedMeanwhileError) as refusal:
            ours.execute(ours_too, expect=[clicked])
        assert str(refusal.value) == (
            f"Dit evenement is intussen gewijzigd {by(theirs)} (Checklist samenstellen). Er is niets veranderd; de "
            "lijst toont nu de huidige gegevens."
        )
    assert dump(ours) == before


def drill_for(ours: AppContext, kind: ActivityKind = ActivityKind.OPKOMST) -> tuple[int, int, datetime]:
    """A drill on the demo data whose alarm went out 20 minutes ago, with one participant: (its id, theirs, alarm)."""
    person = first_person(ours)
    alarm = NOW - timedelta(minutes=20)
    made = ours.execute(oto.PlanActivity(oto.ActivityInput(kind, "Opkomst", alarm))).result
    ours.execute(oto.InviteParticipants(made.id, (person.id,)))
    ours.execute(oto.StartAlarm(made.id, alarm))
    return made.id, person.id, alarm


def times_of(context: AppContext, drill: int) -> tuple[oto.Presence, datetime | None, datetime | None]:
    (participant,) = context.call(oto.participants, drill)
    return participant.presence, participant.acknowledged_at, participant.arrived_at


def test_two_coordinators_recording_reactions_and_arrivals_at_once_never_wipe_each_other(two):
    """One takes the reactions by phone, the other the arrivals at the door, each in a drill that showed the
    participant without times: each records only their own time, neither is refused."""
    ours, theirs = two
    drill, person, alarm = drill_for(ours)
    reacted, arrived = alarm + timedelta(minutes=2), alarm + timedelta(minutes=15)
    theirs.execute(oto.RecordTime(drill, person, True, arrived, None))
    ours.execute(oto.RecordTime(drill, person, False, reacted, None))
    assert times_of(ours, drill) == (oto.Presence.RESPONDED, reacted, arrived)
    theirs.execute(oto.RecordTime(drill, person, True, arrived - timedelta(minutes=1), arrived))  # corrected
    ours.execute(oto.RecordTime(drill, person, False, None, reacted))  # taken back: the arrival stays
    assert times_of(ours, drill) == (oto.Presence.RESPONDED, None, arrived - timedelta(minutes=1))
    theirs.execute(oto.RecordTime(drill, person, True, None, arrived - timedelta(minutes=1)))
    assert times_of(ours, drill) == (oto.Presence.EXPECTED, None, None)  # no time left: expected again


def test_a_time_someone_else_changed_since_the_drill_showed_it_is_not_corrected_over(two):
    """The reaction time the drill shows, corrected by the other coordinator since: our correction, take back or
    second recording is refused naming them, and their time stays."""
    ours, theirs = two
    drill, person, alarm = drill_for(ours, ActivityKind.ALARMERING)
    name = first_person(ours).name
    ours_time = alarm + timedelta(minutes=3)
    ours.execute(oto.RecordTime(drill, person, False, ours_time, None))
    theirs.execute(oto.RecordTime(drill, person, False, alarm + timedelta(minutes=4), ours_time))
    refusal = (
        f"^De reactie van {re.escape(name)} is intussen gewijzigd {by(theirs)} \\(Reactie of opkomst vastleggen\\). "
        "Er is niets veranderd; de lijst toont nu de huidige gegevens.$"
    )
    for at in (alarm + timedelta(minutes=5), None):  # a correction, a take back
        with pytest.raises(ChangedMeanwhileError, match=refusal):
            ours.execute(oto.RecordTime(drill, person, False, at, ours_time))
    with pytest.raises(ChangedMeanwhileError, match=refusal):  # recorded by both: the first time stands
        ours.execute(oto.RecordTime(drill, person, False, alarm + timedelta(minutes=6), None))
    assert times_of(ours, drill) == (oto.Presence.RESPONDED, alarm + timedelta(minutes=4), None)
    theirs.execute(oto.RecordTime(drill, person, True, alarm + timedelta(minutes=9), None))  # the other time only
    ours.execute(oto.RecordTime(drill, person, False, alarm + timedelta(minutes=5), alarm + timedelta(minutes=4)))
    assert times_of(ours, drill) == (
        oto.Presence.RESPONDED,
        alarm + timedelta(minutes=5),
        alarm + timedelta(minutes=9),
    )
