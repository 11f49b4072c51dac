"""A piket rota with six officers, two of each partner municipality, for the piket tests."""

from datetime import UTC, date, datetime

from crisisapp.context import AppContext
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind
from crisisapp.services import organisation as org
from crisisapp.services import piket
from crisisapp.services.organisation import PersonRecord
from crisisapp.services.piket import RotaRecord

TRAINED = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def make_rota(context: AppContext) -> tuple[RotaRecord, list[PersonRecord]]:
    """The OvD-Bz rota of the three municipalities (equal shares) and its officers, all vakbekwaam."""
    ovd = next(f for t in context.call(org.list_teams) for f in t.functions if t.code == "OvD-Bz")
    officers = []
    for n, town in enumerate(("Maassluis", "Vlaardingen", "Schiedam") * 2):
        data = org.PersonInput(f"Officier {town} {n}", town, mobile=f"06-5555000{n}")
        person = context.execute(org.AddPerson(data)).result
        context.execute(org.Assign(person.id, ovd.id, Role.PRIMARY if n == 0 else Role.DEPUTY, date(2026, 1, 1)))
        for kind in (ActivityKind.TRAINING, ActivityKind.ALARMERING):
            context.execute(org.RecordAttendance(person.id, kind, date(2026, 10, 1), TRAINED))
        officers.append(person)
    shares = {"Maassluis": 1, "Vlaardingen": 1, "Schiedam": 1}
    made = context.execute(piket.CreateRota("OvD-Bz Maassluis, Vlaardingen, Schiedam", ovd.id, shares)).result
    return made, officers
