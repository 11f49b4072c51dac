"""The iCalendar exports read by the parsers calendar clients use: icalendar (Python), vobject (Python; as
several CalDAV servers), ical.js (Thunderbird, Nextcloud), run with node, and libical (Evolution, GNOME), run
through the system's python3 and its GObject binding. Every parser must find the same
moments for every event: three years of weekly shifts with the 167- and 169-hour weeks of the clock changes,
and a one-hour override inside the doubled hour of October."""

import json
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar

from crisisapp.models.oto import ActivityStatus
from crisisapp.services import oto, piket, piket_files
from crisisapp.services.demo import FillDemo
from crisisapp.timeutil import AMSTERDAM
from tests.piket_fixtures import make_rota

JS = Path(__file__).parent / "js"
HOUR = timedelta(hours=1)


def _moment(value: datetime | date) -> datetime | date:
    """A parsed DTSTART/DTEND as an aware UTC moment (a date, for all-day events, as it is)."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, "a floating time: every client would read it in its own zone"
        return value.astimezone(UTC)
    return value


def read_icalendar(data: bytes) -> dict[str, tuple[object, object]]:
    return {
        str(e["uid"]): (_moment(e.decoded("dtstart")), _moment(e.decoded("dtend")))
        for e in Calendar.from_ical(data).walk("VEVENT")
    }


def read_vobject(data: bytes) -> dict[str, tuple[object, object]]:
    calendar = vobject.readOne(data.decode("utf-8"))
    return {
        e.uid.value: (_moment(e.dtstart.value), _moment(e.dtend.value)) for e in calendar.contents.get("vevent", [])
    }


def read_icaljs(data: bytes, tmp_path: Path) -> dict[str, tuple[object, object]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is niet geïnstalleerd: ical.js (Thunderbird, Nextcloud) niet getest")
    if not (JS / "node_modules" / "ical.js").is_dir():
        pytest.skip("ical.js ontbreekt: run `npm install` in tests/js (package.json) om het mee te testen")
    return _external([node, str(JS / "read_ics.mjs")], data, tmp_path)


def _external(command: list[str], data: bytes, tmp_path: Path) -> dict[str, tuple[object, object]]:
    """Events as the helper scripts print them: Unix seconds, or ISO dates for all-day events."""
    path = tmp_path / "export.ics"
    path.write_bytes(data)
    run = subprocess.run([*command, str(path)], capture_output=True, text=True, check=True)

    def moment(value: int | str) -> datetime | date:
        return date.fromisoformat(value) if isinstance(value, str) else datetime.fromtimestamp(value, UTC)

    return {e["uid"]: (moment(e["start"]), moment(e["end"])) for e in json.loads(run.stdout)}


def read_libical(data: bytes, tmp_path: Path) -> dict[str, tuple[object, object]]:
    system = Path("/usr/bin/python3")
    probe = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"
    if not system.exists() or subprocess.run([system, "-c", probe], capture_output=True).returncode:
        pytest.skip("libical ontbreekt: installeer python3-gi en gir1.2-ical-3.0 om het mee te testen")
    return _external([str(system), str(Path(__file__).parent / "read_ics_libical.py")], data, tmp_path)


PARSERS = ("icalendar", "vobject", "ical.js", "libical")


def read(parser: str, data: bytes, tmp_path: Path) -> dict[str, tuple[object, object]]:
    if parser == "icalendar":
        return read_icalendar(data)
    if parser == "vobject":
        return read_vobject(data)
    if parser == "libical":
        return read_libical(data, tmp_path)
    return read_icaljs(data, tmp_path)


@pytest.fixture
def three_years(context):
    """Weekly Monday-09:00 shifts through 2027, 2028 and 2029, and a one-hour override from 02:30 summer time
    to 02:30 winter time on the night the clocks go back in 2027."""
    made, officers = make_rota(context)
    turns = piket.slots(made, date(2027, 1, 4), date(2029, 12, 24))
    planned = tuple((t.start, t.end, officers[n % len(officers)].id) for n, t in enumerate(turns))
    context.execute(piket.SaveShifts(made.id, planned))
    doubled = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30+02:00, an hour before 02:30+01:00
    context.execute(piket.AddOverride(made.id, officers[1].id, doubled, doubled + HOUR, "nachtelijke ruil"))
    return made


@pytest.mark.parametrize("parser", PARSERS)
def test_every_parser_reads_every_shift_at_its_moment(context, three_years, parser, tmp_path):
    plan = context.call(piket.schedule, three_years.id)
    start, end = plan.segments[0].start, plan.segments[-1].end
    data = context.call(piket_files.export_ics, three_years.id, start, end)
    assert b"\r\n" in data and all(len(line) <= 75 for line in data.split(b"\r\n"))
    found = read(parser, data, tmp_path)
    assert len(found) == len(plan.segments)
    expected = sorted((s.start, s.end) for s in plan.segments)
    assert sorted(found.values()) == expected  # type: ignore[type-var]
    local = {f"{b.astimezone(AMSTERDAM):%a %H:%M%z}" for b, _e in found.values()}  # type: ignore[attr-defined]
    # Dutch time: every handover stays Monday 09:00 across all six clock changes; the override starts at the
    # first 02:30 of the doubled hour, and the shift goes on at the second
    assert local == {"Mon 09:00+0100", "Mon 09:00+0200", "Sun 02:30+0200", "Sun 02:30+0100"}
    lengths = {(e - b) / HOUR for b, e in found.values()}  # type: ignore[operator]
    assert {167, 169, 168, 1} <= lengths


@pytest.mark.parametrize("parser", PARSERS)
def test_every_parser_reads_the_oto_plan_alike(context, parser, tmp_path):
    context.execute(FillDemo(datetime(2026, 11, 26, 9, 0, tzinfo=UTC)))
    data = context.call(oto.export_ics, 2026)
    found = read(parser, data, tmp_path)
    planned = {a.id: a for a in context.call(oto.list_activities, 2026)}
    assert len(found) == len([a for a in planned.values() if a.status is not ActivityStatus.CANCELLED]) > 3
    for uid, (start, _end) in found.items():
        activity = planned[int(uid.split("-")[1].split("@")[0])]
        if activity.unannounced:
            assert start == oto.quarter_bounds(activity.start)[0]  # the quarter, as a whole-day span
        else:
            assert start == activity.start
