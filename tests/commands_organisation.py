"""How to draw a valid crisis-organisation command from the demo database (see tests/test_commands.py)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from crisisapp.context import AppContext
from crisisapp.errors import ValidationError
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind
from crisisapp.services import organisation as org
from crisisapp.services.commands import Command
from crisisapp.services.organisation import FunctionRecord, PersonInput, PersonRecord, RequirementRecord
from tests.commands_support import days, pick, texts

# Letters a CSV cell holds as it is: no separators, quotes or line breaks.
words = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzÀéïöüçñ -'"), min_size=1, max_size=20).filter(str.strip)
numbers = st.sampled_from(("", "06-12345678", "010-1234567", "+32 470 12 34 56", "0031612345678"))
emails = st.sampled_from(("", "naam@maassluis.nl", "a.b@vlaardingen.nl"))
names = texts.filter(str.strip)
grips = st.none() | st.integers(1, 4)
requirements = st.dictionaries(st.sampled_from(ActivityKind), st.integers(1, 120), max_size=3).map(
    lambda wanted: tuple(RequirementRecord(kind, months) for kind, months in sorted(wanted.items()))
)

person_inputs = st.builds(
    PersonInput, names, st.sampled_from(org.MUNICIPALITIES), texts, numbers, numbers, emails, texts
)


def _people(context: AppContext) -> tuple[PersonRecord, ...]:
    return context.call(org.list_people, include_archived=True)


def _functions(context: AppContext) -> tuple[FunctionRecord, ...]:
    return tuple(f for team in context.call(org.list_teams, include_retired=True) for f in team.functions)


def _update_person(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    person: PersonRecord | None = pick(data, _people(context))
    if person is None:
        return None
    return org.UpdatePerson(person.id, data.draw(person_inputs.filter(lambda new: _cleaned(new) != person.as_input())))


def _cleaned(data: PersonInput) -> PersonInput | None:
    try:
        return org.validate_person(data)
    except ValidationError:
        return None


def _add_function(context: AppContext, data: st.DataObject) -> Command[Any]:
    team = data.draw(st.sampled_from(context.call(org.list_teams)))
    return org.AddFunction(team.id, data.draw(names), data.draw(grips), data.draw(requirements))


def _update_function(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    function: FunctionRecord | None = pick(data, _functions(context))
    if function is None:
        return None
    new = data.draw(
        st.tuples(names, grips, requirements).filter(
            lambda drawn: (
                (drawn[0].strip(), drawn[1], drawn[2])
                != (function.name, function.alarm_from_grip, function.requirements)
            )
        )
    )
    return org.UpdateFunction(function.id, *new)


def _assign(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    function = pick(data, tuple(f for f in _functions(context) if not f.retired))
    if function is None:
        return None
    held = context.call(org.list_assignments, function_id=function.id)
    holding = {a.person_id for a in held}
    # a second primary in an overlapping period is refused; with one already there, draw a deputy
    roles = (Role.DEPUTY,) if any(a.role is Role.PRIMARY for a in held) else tuple(Role)
    person = pick(data, tuple(p for p in context.call(org.list_people) if p.id not in holding))
    if person is None:
        return None
    start = data.draw(days)
    end = data.draw(st.none() | st.integers(0, 800).map(lambda length: start + timedelta(days=length)))
    return org.Assign(person.id, function.id, data.draw(st.sampled_from(roles)), start, end)


def _end_assignment(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    assignment = pick(data, context.call(org.list_assignments))
    if assignment is None:
        return None
    later = st.integers(0, 800).map(lambda length: assignment.start + timedelta(days=length))
    return org.EndAssignment(assignment.id, data.draw((st.none() | later).filter(lambda end: end != assignment.end)))


def _attendance(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    person = pick(data, _people(context))
    moment = data.draw(st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC)))
    kind = data.draw(st.sampled_from(ActivityKind))
    return person and org.RecordAttendance(person.id, kind, data.draw(days), moment, data.draw(texts))


def _import(context: AppContext, data: st.DataObject) -> Command[Any]:
    """A file with people who are new and, maybe, people already known with other remarks."""
    known = {(p.name.casefold(), p.municipality) for p in _people(context)}
    town = st.sampled_from(org.MUNICIPALITIES)
    new = st.tuples(words.map(lambda name: f"Nieuw {' '.join(name.split())}"), town, words).filter(
        lambda row: (row[0].casefold(), row[1]) not in known
    )
    old = st.tuples(st.sampled_from(_people(context)), words).map(
        lambda pair: (pair[0].name, pair[0].municipality, pair[1])
    )
    rows = data.draw(st.lists(new, min_size=1, max_size=4) | st.tuples(new, old).map(list))
    unique = {(name.casefold(), municipality): (name, municipality, remarks) for name, municipality, remarks in rows}
    lines = ["naam;gemeente;opmerkingen", *(";".join(row) for row in unique.values())]
    return org.ImportPeople(("\n".join(lines) + "\n").encode("utf-8"))


BUILDERS: dict[type[Command[Any]], Any] = {
    org.AddPerson: lambda c, d: org.AddPerson(d.draw(person_inputs)),
    org.UpdatePerson: _update_person,
    org.SetPersonArchived: lambda c, d: (p := pick(d, _people(c))) and org.SetPersonArchived(p.id, not p.archived),
    org.AddFunction: _add_function,
    org.UpdateFunction: _update_function,
    org.SetFunctionRetired: lambda c, d: (f := pick(d, _functions(c))) and org.SetFunctionRetired(f.id, not f.retired),
    org.Assign: _assign,
    org.EndAssignment: _end_assignment,
    org.DeleteAssignment: lambda c, d: (a := pick(d, c.call(org.list_assignments))) and org.DeleteAssignment(a.id),
    org.RecordAttendance: _attendance,
    org.ImportPeople: _import,
    org.ErasePerson: lambda c, d: (p := pick(d, _people(c))) and org.ErasePerson(p.id, d.draw(days)),
}
