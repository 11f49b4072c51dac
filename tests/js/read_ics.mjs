// Reads an iCalendar file as Thunderbird and Nextcloud do (ical.js) and prints each event as JSON:
// {"uid", "start", "end"} with start and end as Unix seconds, or as "YYYY-MM-DD" for all-day events.
// Usage: node read_ics.mjs FILE.ics   (tests/test_ics_parsers.py runs it)
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const component = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
for (const zone of component.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const moment = (time) => (time.isDate ? time.toString() : time.toUnixTime());
const events = component.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return { uid: event.uid, start: moment(event.startDate), end: moment(event.endDate) };
});
process.stdout.write(JSON.stringify(events));
