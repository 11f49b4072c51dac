"""How to draw a valid Hulpdiensten command from the demo database (see tests/test_commands.py)."""

from typing import Any

from hypothesis import strategies as st

from crisisapp.context import AppContext
from crisisapp.models.hulpdiensten import ObstacleStatus
from crisisapp.services import hulpdiensten as hd
from crisisapp.services.commands import Command
from tests.commands_support import days, pick, texts


def _obstacle(context: AppContext, data: st.DataObject) -> Command[Any]:
    width = data.draw(st.none() | st.floats(0.5, 49))
    return hd.AddObstacle(
        data.draw(texts), data.draw(st.sampled_from(hd.CAUSES)), data.draw(days), data.draw(texts), width
    )


def _update(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = pick(data, context.call(hd.obstacles))
    return found and hd.UpdateObstacle(found.id, data.draw(texts), data.draw(st.sampled_from(ObstacleStatus)))


def _count(context: AppContext, data: st.DataObject) -> Command[Any]:
    registered = data.draw(st.integers(0, 5000))
    day = data.draw(days.filter(lambda d: d not in {c.counted_on for c in context.call(hd.counts)}))
    return hd.AddCount(day, registered, data.draw(st.none() | st.integers(0, registered)), data.draw(texts))


def _target(context: AppContext, data: st.DataObject) -> Command[Any]:
    year = data.draw(st.integers(2020, 2030))
    now = context.call(hd.targets).get(year)
    return hd.SetTarget(year, data.draw((st.none() | st.integers(0, 9999)).filter(lambda t: t != now)))


BUILDERS: dict[type[Command[Any]], Any] = {
    hd.AddObstacle: _obstacle,
    hd.UpdateObstacle: _update,
    hd.DeleteObstacle: lambda c, d: (o := pick(d, c.call(hd.obstacles))) and hd.DeleteObstacle(o.id),
    hd.AddCount: _count,
    hd.DeleteCount: lambda c, d: (o := pick(d, c.call(hd.counts))) and hd.DeleteCount(o.id),
    hd.SetTarget: _target,
    hd.AddMeeting: lambda c, d: hd.AddMeeting(d.draw(days), d.draw(texts), d.draw(st.integers(0, 500))),
    hd.DeleteMeeting: lambda c, d: (o := pick(d, c.call(hd.meetings))) and hd.DeleteMeeting(o.id),
    hd.AddRecruitment: lambda c, d: hd.AddRecruitment(
        d.draw(days), d.draw(texts), d.draw(st.integers(0, 9999)), d.draw(st.integers(0, 9999))
    ),
    hd.DeleteRecruitment: lambda c, d: (o := pick(d, c.call(hd.recruitment))) and hd.DeleteRecruitment(o.id),
}
