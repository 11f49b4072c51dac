"""Lists are built with a fixed number of queries, whatever the amount of data: no query per row (N+1).

Each read is counted (SQLAlchemy's ``before_cursor_execute``) on the demo database, and again after more of
what it lists was added: the count must not grow."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from crisisapp.models.events import Category, Outcome
from crisisapp.models.oto import ActivityKind, ActivityStatus, Presence
from crisisapp.services import dashboard, events, organisation, oto
from crisisapp.timeutil import to_local
from tests.clock import NOW


@contextmanager
def counted(context) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            statements.append(statement)

    event.listen(context.database.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(context.database.engine, "before_cursor_execute", count)


def more_of_everything(context, n: int) -> None:
    """``n`` more events in the coming weeks (checklist partly ticked, open action points) and ``n`` more executed
    alarm drills with participants who responded, this year and the years before."""
    template = next(iter(context.call(events.templates)))
    people = [p.id for p in context.call(organisation.list_people)][:10]
    for i in range(n):
        start = NOW + timedelta(days=3 + i)
        data = events.EventInput(f"Extra {i}", "", to_local(start).year, start, start + timedelta(hours=4), Category.A)
        made = context.execute(events.AddEvent(data)).result
        context.execute(events.FillChecklist(made.id, template))
        item = context.call(events.checklist, made.id).items[0]
        context.execute(events.Tick(item.id, "tijdens", Outcome.OK, start, "A. Smit"))
        context.execute(events.AddPoint(made.id, events.PointInput(f"Punt {i}", "gemeente", start.date())))
        context.execute(events.AddMeeting(made.id, NOW, ("gemeente",), ""))
        when = NOW - timedelta(days=40 + 200 * i)
        drill = context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.ALARMERING, f"Extra {i}", when))).result
        context.execute(oto.InviteParticipants(drill.id, tuple(people)))
        context.execute(oto.SetActivityStatus(drill.id, ActivityStatus.DONE))
        context.execute(oto.SetResponse(drill.id, people[0], Presence.RESPONDED, when + timedelta(minutes=4)))


def _years() -> list[int]:
    this_year = to_local(NOW).year
    return list(range(this_year - 4, this_year + 1))


READS: dict[str, Callable[[object], object]] = {
    "Vandaag": lambda context: context.call(dashboard.build, NOW),
    "kerncijfers voor de raad": lambda context: context.call(dashboard.key_figures, to_local(NOW).year, NOW.date()),
    "OTO-trend over vijf jaar": lambda context: context.call(oto.trend, ActivityKind.ALARMERING, _years()),
    "OTO-jaarplan": lambda context: context.call(oto.list_activities, to_local(NOW).year),
    "evenementenregister": lambda context: context.call(events.list_events),
    "crisisorganisatie": lambda context: context.call(organisation.overview, NOW.date()),
}


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_a_list_takes_as_many_queries_for_more_data(demo_context, read):
    with counted(demo_context) as before:
        read(demo_context)
    more_of_everything(demo_context, 6)
    with counted(demo_context) as after:
        read(demo_context)
    assert len(after) == len(before), "\n".join(after)


@pytest.mark.gui
def test_every_page_refreshes_with_as_many_queries_for_more_data(qtbot, demo_path):
    from crisisapp.models.base import Base
    from crisisapp.ui.areas import AREAS
    from tests.test_gui_mainwindow import make_window

    window = make_window(qtbot, demo_path)
    context = window.context
    tables = frozenset(Base.metadata.tables)
    counts: dict[str, list[int]] = {}
    for round_ in range(2):
        for area in AREAS:
            page = window.show_area(area.key)
            with counted(context) as statements:
                page.data_changed(tables)
            counts.setdefault(area.key, []).append(len(statements))
        if round_ == 0:
            more_of_everything(context, 6)
    context.close()
    assert all(before == after for before, after in counts.values()), counts


def more_for_the_pages(context, n: int) -> None:
    """``n`` more people, each holding a function, away for a week and taking over a piket shift, and ``n`` more
    findings of the OTO activities, on top of :func:`more_of_everything`."""
    from crisisapp.models.organisation import Role
    from crisisapp.services import piket

    function = next(f for t in context.call(organisation.list_teams) for f in t.functions if t.code == "OvD-Bz")
    rota = context.call(piket.list_rotas)[0]
    drill = context.call(oto.list_activities, to_local(NOW).year)[0]
    for i in range(n):
        person = context.execute(organisation.AddPerson(organisation.PersonInput(f"Extra {i}", "Maassluis"))).result
        context.execute(organisation.Assign(person.id, function.id, Role.DEPUTY, NOW.date() - timedelta(days=30)))
        away = NOW + timedelta(days=7 * i)
        context.execute(piket.AddUnavailability(person.id, away, away + timedelta(days=7)))
        context.execute(piket.AddOverride(rota.id, person.id, away, away + timedelta(hours=12), "ruil"))
        context.execute(oto.AddFinding(drill.id, f"Bevinding {i}", "gemeente", NOW.date(), action=True))


#: The pages whose refresh is one service call, and the table of each whose first row is selected, so that the
#: refresh also reads what the page shows of a selected record (and keeps it selected).
ONE_CALL_PAGES = {
    "organisation": "people_view",
    "piket": "schedule_view",
    "oto": "activity_view",
    "events": "event_view",
    "jaarwisseling": "task_view",
    "hulpdiensten": "obstacle_view",
}


@pytest.mark.gui
def test_a_page_refreshes_with_one_service_call_and_as_many_queries_for_more_data(qtbot, demo_path, monkeypatch):
    from crisisapp.models.base import Base
    from crisisapp.ui.widgets import select_record, selected_record
    from tests.test_gui_mainwindow import make_window

    window = make_window(qtbot, demo_path)
    context = window.context
    reads: list[str] = []
    read = context.call

    def call(query, *args, **kwargs):
        reads.append(query.__name__)
        return read(query, *args, **kwargs)

    monkeypatch.setattr(context, "call", call)
    tables = frozenset(Base.metadata.tables)
    counts: dict[str, list[int]] = {}
    chosen: dict[str, object] = {}  # the same record selected in both rounds: a page reads more of some
    for round_ in range(2):
        for key, table in ONE_CALL_PAGES.items():
            page = window.show_area(key)
            view = getattr(page, table)
            if key in chosen:
                assert select_record(view, chosen[key])
            else:
                view.selectRow(0)
                chosen[key] = selected_record(view).id
            reads.clear()
            with counted(context) as statements:
                page.data_changed(tables)
            assert len(reads) == 1, (key, reads)
            counts.setdefault(key, []).append(len(statements))
        if round_ == 0:
            more_of_everything(context, 6)
            more_for_the_pages(context, 6)
    context.close()
    assert all(before == after for before, after in counts.values()), counts
