"""Reads an iCalendar file with libical (Evolution, GNOME Calendar; through its GObject binding, so it runs
on the system's python3 with python3-gi and gir1.2-ical-3.0) and prints each event as JSON like tests/js/read_ics.mjs:
{"uid", "start", "end"} as Unix seconds, or "YYYY-MM-DD" for all-day events.
Usage: /usr/bin/python3 tests/read_ics_libical.py FILE.ics   (tests/test_ics_parsers.py runs it)"""

import json
import sys
from pathlib import Path

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def moment(time):
    if time.is_date():
        return f"{time.get_year():04d}-{time.get_month():02d}-{time.get_day():02d}"
    zone = None if time.is_utc() else time.get_timezone()
    return ICalGLib.Time.as_timet_with_zone(time, zone)


calendar = ICalGLib.Component.new_from_string(Path(sys.argv[1]).read_text(encoding="utf-8"))
events = []
event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
while event is not None:
    events.append({"uid": event.get_uid(), "start": moment(event.get_dtstart()), "end": moment(event.get_dtend())})
    event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
sys.stdout.write(json.dumps(events))
