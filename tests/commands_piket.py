"""How to draw a valid piket command from the demo database (see tests/test_commands.py)."""

import itertools
from datetime import UTC, datetime, time, timedelta
from typing import Any

from hypothesis import strategies as st

from crisisapp.context import AppContext
from crisisapp.services import organisation as org
from crisisapp.services import piket, piket_files
from crisisapp.services.commands import Command
from crisisapp.services.organisation import PersonRecord
from crisisapp.services.piket import RotaRecord
from tests.commands_support import pick, texts

# The demo plans from two months before its "now" (26 November 2026) until a year after.
AROUND = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
moments = st.integers(-24 * 90, 24 * 420).map(lambda hours: AROUND + timedelta(hours=hours))
lengths = st.integers(1, 24 * 21).map(lambda hours: timedelta(hours=hours))
periods = st.tuples(moments, lengths).map(lambda p: (p[0], p[0] + p[1]))
shares = st.dictionaries(st.sampled_from(piket_files.PARTNERS), st.integers(0, 10), min_size=1).filter(
    lambda weights: any(weights.values())
)
clocks = st.builds(time, st.integers(0, 23), st.sampled_from((0, 15, 30, 45)))
rota_fields = st.tuples(texts, shares, st.integers(0, 6), clocks, st.integers(1, 28))
# Names a CSV cell holds as they are: no separators, quotes or line breaks.
new_names = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéï -"), min_size=1, max_size=20).map("Nieuw {}".format)


def _people(context: AppContext) -> tuple[PersonRecord, ...]:
    return context.call(org.list_people)


def _person(context: AppContext, data: st.DataObject) -> int:
    return int(data.draw(st.sampled_from(_people(context))).id)


def _rota(context: AppContext, data: st.DataObject) -> RotaRecord | None:
    found: RotaRecord | None = pick(data, context.call(piket.list_rotas))
    return found


def _create(context: AppContext, data: st.DataObject) -> Command[Any]:
    functions = [f.id for team in context.call(org.list_teams) for f in team.functions]
    name, weights, weekday, clock, days = data.draw(rota_fields)
    return piket.CreateRota(name, data.draw(st.sampled_from(functions)), weights, weekday, clock, days)


def _update(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    rota = _rota(context, data)
    if rota is None:
        return None
    now = (rota.name, dict(rota.shares), rota.handover_weekday, rota.handover_time, rota.shift_days)
    name, weights, weekday, clock, days = data.draw(rota_fields.filter(lambda new: (new[0].strip(), *new[1:]) != now))
    return piket.UpdateRota(rota.id, name, weights, weekday, clock, days)


def _leave(context: AppContext, data: st.DataObject) -> Command[Any]:
    start, end = data.draw(periods)
    return piket.AddUnavailability(_person(context, data), start, end, data.draw(texts))


def _run(data: st.DataObject) -> list[tuple[datetime, datetime]]:
    """One to three back-to-back turns, somewhere in or around the demo's schedule."""
    start = data.draw(moments)
    ends = itertools.accumulate(data.draw(st.lists(lengths, min_size=1, max_size=3)), initial=start)
    return list(itertools.pairwise(ends))


def _save(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    rota = _rota(context, data)
    if rota is None:
        return None
    return piket.SaveShifts(rota.id, tuple((s, e, _person(context, data)) for s, e in _run(data)))


def _override(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    rota = _rota(context, data)
    if rota is None:
        return None
    start, end = data.draw(periods)
    return piket.AddOverride(rota.id, _person(context, data), start, end, data.draw(texts), overrule=True)


def _cancel(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    rota = _rota(context, data)
    found = pick(data, context.call(piket.overrides, rota.id)) if rota else None
    return found and piket.CancelOverride(found.id)


def _swap(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    rota = _rota(context, data)
    shifts = context.call(piket.shifts, rota.id) if rota else ()
    coming = tuple(s for s in shifts if s.start > context.now())  # a shift under way is taken over, not swapped
    first = pick(data, coming)
    second = first and pick(data, tuple(s for s in coming if s.person_id != first.person_id))
    return second and piket.SwapShifts(first.id, second.id, context.now())


def _import(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    rota = _rota(context, data)
    if rota is None:
        return None
    known = [(p.name, p.municipality) for p in _people(context) if p.municipality in piket_files.PARTNERS]
    newcomers = st.tuples(new_names, st.sampled_from(piket_files.PARTNERS))
    lines = ["begin;einde;naam;gemeente"]
    for start, end in _run(data):
        name, municipality = data.draw(st.sampled_from(known) | newcomers if known else newcomers)
        lines.append(f"{piket_files.format_moment(start)};{piket_files.format_moment(end)};{name};{municipality}")
    file = "\n".join(lines).encode("utf-8")
    mode = data.draw(st.sampled_from(piket_files.ImportMode))
    if context.call(piket_files.plan_import, rota.id, file, mode).conflicts:
        mode = piket_files.ImportMode.REPLACE_PERIOD  # another municipality's week in the way: replace it too
    return piket_files.ImportSchedule(rota.id, file, mode, distinct_namesakes=True)


BUILDERS: dict[type[Command[Any]], Any] = {
    piket.CreateRota: _create,
    piket.UpdateRota: _update,
    piket.AddUnavailability: _leave,
    piket.DeleteUnavailability: lambda c, d: (
        (o := pick(d, c.call(piket.list_unavailability))) and piket.DeleteUnavailability(o.id)
    ),
    piket.SaveShifts: _save,
    piket.AddOverride: _override,
    piket.CancelOverride: _cancel,
    piket.SwapShifts: _swap,
    piket_files.ImportSchedule: _import,
}
