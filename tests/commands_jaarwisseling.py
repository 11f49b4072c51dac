"""How to draw a valid Jaarwisseling command from the demo database (see tests/test_commands.py)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from hypothesis import strategies as st
from sqlalchemy.orm import Session

from crisisapp.context import AppContext
from crisisapp.models.jaarwisseling import TaskStatus
from crisisapp.services import jaarwisseling as jw
from crisisapp.services.commands import Command
from tests.commands_support import days, pick, texts

T = TypeVar("T")

#: The demo plans New Year's Eves around its "now" (2026); a year outside them has no plan.
YEARS = range(2020, 2031)
years = st.sampled_from(YEARS)


def _in_log_period(year: int) -> st.SearchStrategy[datetime]:
    """A moment the log of ``year`` accepts: December and the night, Dutch time."""
    start, end = jw.log_period(year)
    return st.integers(0, int((end - start).total_seconds()) // 60 - 1).map(lambda m: start + timedelta(minutes=m))


def _all(context: AppContext, read: Callable[[Session, int], tuple[T, ...]]) -> tuple[T, ...]:
    """The records ``read`` gives (tasks, zones or incidents) of every year the builders draw from."""
    return tuple(record for year in YEARS for record in context.call(read, year))


def _from_last_year(context: AppContext, data: st.DataObject) -> Command[Any]:
    """Mostly a year without a plan after one with a plan; now and then any year, to see it refused."""
    planned = {task.year for task in _all(context, jw.tasks)}
    copyable = sorted({year + 1 for year in planned} - planned)
    return jw.PlanFromLastYear(data.draw(st.sampled_from(copyable) | years if copyable else years))


def _status(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    task = pick(data, _all(context, jw.tasks))
    return task and jw.SetTaskStatus(task.id, data.draw(st.sampled_from([s for s in TaskStatus if s != task.status])))


def _incident(context: AppContext, data: st.DataObject) -> Command[Any]:
    year = data.draw(years)
    return jw.LogIncident(
        year,
        data.draw(_in_log_period(year)),
        data.draw(st.sampled_from(jw.INCIDENT_KINDS)),
        data.draw(texts),
        data.draw(st.integers(1, 500)),
        data.draw(st.integers(0, 100_000)),
    )


BUILDERS: dict[type[Command[Any]], Any] = {
    jw.PlanFromTemplate: lambda c, d: jw.PlanFromTemplate(d.draw(years)),
    jw.PlanFromLastYear: _from_last_year,
    jw.AddTask: lambda c, d: jw.AddTask(
        d.draw(years), d.draw(texts), d.draw(st.sampled_from(jw.OWNERS) | texts), d.draw(days)
    ),
    jw.SetTaskStatus: _status,
    jw.DeleteTask: lambda c, d: (t := pick(d, _all(c, jw.tasks))) and jw.DeleteTask(t.id),
    jw.AddZone: lambda c, d: jw.AddZone(d.draw(years), d.draw(texts), d.draw(texts), d.draw(texts)),
    jw.DeleteZone: lambda c, d: (z := pick(d, _all(c, jw.zones))) and jw.DeleteZone(z.id),
    jw.LogIncident: _incident,
    jw.DeleteIncident: lambda c, d: (i := pick(d, _all(c, jw.incidents))) and jw.DeleteIncident(i.id),
}
