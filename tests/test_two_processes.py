"""Two app instances as two real processes on one server database, as two laptops: each sees what the other
saved, and of two concurrent edits of the same record the second is refused naming who and when. Skipped without
a server (tests/conftest.py)."""

import multiprocessing
from datetime import timedelta
from multiprocessing.connection import Connection

from crisisapp.context import AppContext
from crisisapp.models.organisation import Person
from crisisapp.services import organisation as org
from crisisapp.services.versions import ChangedMeanwhileError, shown
from crisisapp.storage.server import open_server
from tests.clock import NOW, fixed_clock

#: Seconds either process waits for the other before the test fails (instead of hanging).
PATIENCE_S = 30


def _with_mobile(person: org.PersonRecord, mobile: str) -> org.PersonInput:
    return org.PersonInput(person.name, person.municipality, mobile=mobile)


def other_instance(url: str, person_id: int, pipe: Connection) -> None:
    """The second app instance (a process of its own, its clock 12 minutes ahead): reads the person, opens their
    form, waits until the first instance saved, saves its own edit and reports what happened; then adds a person."""
    theirs = AppContext(open_server(url), clock=lambda: NOW + timedelta(minutes=12))
    try:
        person = theirs.call(org.get_person, person_id)
        pipe.send(person.mobile)
        form = shown(Person, person, "Deze persoon")  # the form shows the person as read, at that version
        pipe.send("formulier open")
        if not pipe.poll(PATIENCE_S):
            return
        pipe.recv()
        try:
            theirs.execute(org.UpdatePerson(person_id, _with_mobile(person, "06-55556666")), expect=[form])
            pipe.send("opgeslagen")
        except ChangedMeanwhileError as refusal:
            pipe.send(str(refusal))
        pipe.send(theirs.execute(org.AddPerson(org.PersonInput("Tweede Laptop", "Schiedam"))).result.id)
    finally:
        theirs.close()


def test_two_processes_see_each_others_changes_and_the_later_of_two_edits_is_refused(server_database):
    url = server_database("demo")
    ours = AppContext(open_server(url), clock=fixed_clock)
    person = ours.call(org.list_people)[0]
    ours.execute(org.UpdatePerson(person.id, _with_mobile(person, "06-11112222")))
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this process is shared
    pipe, their_end = spawn.Pipe()
    process = spawn.Process(target=other_instance, args=(url, person.id, their_end))
    process.start()

    def answer() -> object:
        assert pipe.poll(PATIENCE_S), "de andere app-instantie antwoordt niet"
        return pipe.recv()

    try:
        assert answer() == "06-11112222"  # our save, read by the other process
        assert answer() == "formulier open"
        form = shown(Person, ours.call(org.get_person, person.id), "Deze persoon")
        ours.execute(org.UpdatePerson(person.id, _with_mobile(person, "06-33334444")), expect=[form])
        pipe.send("opgeslagen")
        assert answer() == (
            f"Deze persoon is intussen gewijzigd door {ours.user} op 26-11-2026 om 12:00 (Persoon wijzigen). Uw "
            "invoer staat nog in het formulier; sluit het en open het opnieuw om de nieuwe gegevens te zien."
        )
        added = answer()
        assert isinstance(added, int)
        assert ours.call(org.get_person, added).name == "Tweede Laptop"  # their save, read here
        assert ours.call(org.get_person, person.id).mobile == "06-33334444"  # our edit stands, theirs changed nothing
        process.join(PATIENCE_S)
        assert process.exitcode == 0
    finally:
        if process.is_alive():
            process.kill()
            process.join()
        ours.close()
