"""No dating by order: wherever participants look, an unannounced activity stands at the start of its quarter
and stays listed through it, so the outputs are the same whatever its real date in that quarter."""

import re
from datetime import UTC, datetime

import pytest

from crisisapp.context import AppContext
from crisisapp.models.oto import ActivityKind
from crisisapp.services import dashboard, oto
from crisisapp.services.oto import ActivityInput
from crisisapp.storage.database import open_database
from crisisapp.timeutil import to_utc

OTHERS = (("Alarmering januari", 1, 15), ("Training februari", 2, 1), ("Alarmering maart", 3, 25))


def plan_year(context: AppContext, secret: datetime) -> None:
    for title, month, day in OTHERS:
        start = to_utc(datetime(2027, month, day, 19, 0))
        context.execute(oto.PlanActivity(ActivityInput(ActivityKind.ALARMERING, title, start)))
    opkomst = ActivityInput(ActivityKind.OPKOMST, "Opkomstoefening", secret, unannounced=True)
    context.execute(oto.PlanActivity(opkomst))


def outputs(tmp_path, secret: datetime, now: datetime) -> dict[str, object]:
    context = AppContext(open_database(tmp_path / f"{secret:%m%d}.sqlite3"), clock=lambda: now)
    try:
        plan_year(context, secret)
        activities = context.call(oto.list_activities, 2027)
        ics = context.call(oto.export_ics, 2027).decode()
        shown = dashboard.build
        return {
            "list": [
                (a.title, oto.when_text(a, internal=False)) for a in oto.in_view_order(activities, internal=False)
            ],
            "ics": re.sub(r"DTSTAMP:\S+", "", re.sub(r"UID:oto-\d+", "UID", ics)),
            "vandaag": [line.text for line in context.call(shown, now).exercises],
        }
    finally:
        context.close()


@pytest.mark.parametrize("now", [datetime(2027, 1, 2, 12, tzinfo=UTC), datetime(2027, 3, 26, 12, tzinfo=UTC)])
def test_participants_see_the_same_whatever_the_date_in_its_quarter(tmp_path, now):
    early = outputs(tmp_path, to_utc(datetime(2027, 1, 20, 6, 0)), now)
    late = outputs(tmp_path, to_utc(datetime(2027, 3, 20, 6, 0)), now)
    assert early == late
    assert early["list"][0] == ("Opkomstoefening", "1e kwartaal 2027, onaangekondigd")
    # still listed on 26 March, after both its possible dates: it leaves Vandaag with its quarter
    assert any("onaangekondigd" in line for line in early["vandaag"])  # type: ignore[union-attr]


def test_the_coordinator_sees_the_real_order(context):
    plan_year(context, to_utc(datetime(2027, 3, 20, 6, 0)))
    ordered = oto.in_view_order(context.call(oto.list_activities, 2027), internal=True)
    assert [a.title for a in ordered] == [
        "Alarmering januari",
        "Training februari",
        "Opkomstoefening",
        "Alarmering maart",
    ]
