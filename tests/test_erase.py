"""Wissen (AVG art. 17): a person's personal data leaves the database, audit trail and file bytes included."""

import pytest

from crisisapp.errors import DomainError
from crisisapp.models.audit import AuditEntry
from crisisapp.services import organisation as org
from crisisapp.services.organisation import PersonInput
from crisisapp.storage.database import Database
from tests.clock import NOW

SECRETS = ("Jan Geheimhouder", "06-98765432", "jan.geheim@maassluis.nl", "allergisch voor noten", "Team Geheim")


def _trail(context, person_id: int) -> list[tuple[str, str, str, str, str | None, str | None]]:
    with context.database.sessions() as session:
        rows = (
            session.query(AuditEntry).filter_by(table_name="person", record_id=str(person_id)).order_by(AuditEntry.id)
        )
        return [(r.user, r.action, str(r.at), r.field, r.old_value, r.new_value) for r in rows]


def test_erasing_a_person_leaves_no_personal_value_in_the_database_or_its_file(context):
    name, mobile, email, remarks, department = SECRETS
    person = context.execute(org.AddPerson(PersonInput(name, "Maassluis", department, mobile, "", email, ""))).result
    context.execute(org.UpdatePerson(person.id, PersonInput(name, "Maassluis", department, mobile, "", email, remarks)))
    before = _trail(context, person.id)
    erased = context.execute(org.ErasePerson(person.id, NOW.date())).result
    mark = f"gewist op {NOW.date():%d-%m-%Y}"
    assert erased.name == mark and erased.archived and not erased.mobile and not erased.remarks
    after = _trail(context, person.id)
    # who changed what, when and through which action stays; only the values are gone
    assert [row[:4] for row in after[: len(before)]] == [row[:4] for row in before]
    assert {row[3] for row in after[len(before) :]} >= {"name", "mobile", "email", "remarks", "organisation"}
    for row in after:
        for value in row[4:]:
            assert value is None or not any(secret in value for secret in SECRETS), row
    if isinstance(context.database, Database):  # a server database's files are the server's own
        path = context.database.path
        for file in (path, path.with_name(path.name + "-wal")):
            if file.exists():
                data = file.read_bytes()
                for secret in SECRETS:
                    assert secret.encode() not in data, (file.name, secret)
    with pytest.raises(DomainError, match="al gewist"):
        context.execute(org.ErasePerson(person.id, NOW.date()))


def test_the_people_list_still_shows_who_held_what_without_the_person(context):
    person = context.execute(org.AddPerson(PersonInput("Piet Privé", "Maassluis"))).result
    context.execute(org.ErasePerson(person.id, NOW.date()))
    listed = {p.id: p for p in context.call(org.list_people, include_archived=True)}
    assert listed[person.id].name.startswith("gewist op ")
    assert person.id not in {p.id for p in context.call(org.list_people)}
