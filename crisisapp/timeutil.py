"""The one place where time zones are handled: UTC in storage, Europe/Amsterdam at the edges."""

import calendar
import functools
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from crisisapp.errors import CrisisAppError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
#: The Dutch month names, January first.
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def utcnow() -> datetime:
    """The current moment as an aware UTC datetime."""
    return datetime.now(UTC)


def to_local(moment: datetime) -> datetime:
    """An aware datetime converted to Europe/Amsterdam."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: store and pass aware datetimes only")
    return moment.astimezone(AMSTERDAM)


def to_utc(moment: datetime) -> datetime:
    """An aware datetime in UTC; a naive one is read as Europe/Amsterdam local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(UTC)


@functools.lru_cache(maxsize=4096)
def format_date(day: date) -> str:
    """Dutch short date with weekday: ``ma 30-03-2026``; remembered, for long lists show the same days often."""
    return f"{_WEEKDAYS[day.weekday()]} {day:%d-%m-%Y}"


def format_long_date(day: date) -> str:
    """Dutch date written out: ``6 februari 2020``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_datetime(moment: datetime) -> str:
    """Dutch local date and time: ``ma 30-03-2026 09:00``."""
    local = to_local(moment)
    return f"{format_date(local.date())} {local:%H:%M}"


def format_minutes(minutes: float | None) -> str:
    """A duration in minutes as ``m:ss`` (``14:30``), "—" for none; rounded to whole seconds first, so that
    14.999 minutes reads 15:00 and never 14:60."""
    if minutes is None:
        return "—"
    whole, seconds = divmod(round(minutes * 60), 60)
    return f"{whole}:{seconds:02d}"


def format_duration(minutes: float | None) -> str:
    """A duration on its own, with its unit: ``54:51 min``; "—" for none."""
    return "—" if minutes is None else f"{format_minutes(minutes)} min"


# -- what a user types in a date or date-and-time field -----------------------------------------------------------


class TimeInputError(CrisisAppError):
    """Typed text that is no date or time, or one that does not exist; the message says what is wrong."""


#: Words for a day relative to today, as people say them.
_RELATIVE_DAYS = {"eergisteren": -2, "gisteren": -1, "vandaag": 0, "morgen": 1, "overmorgen": 2}
#: Day-month with an optional year of two or four digits: 31-3, 31-03-2027, 31/3/27, 31.3.2027.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([-/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?")
#: As the computer writes it (and the CSV files of the partner municipalities): 2027-03-31.
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?")
#: Which of the two 02:30s of the night summer time ends: the first is still summer time (fold 0).
_SEASONS = {"zomertijd": 0, "wintertijd": 1}
#: Words that may stand between a date and its time, as in "morgen om 9 uur".
_FILLERS = frozenset({"om", "uur"})
DATE_EXAMPLES = "Typ bijvoorbeeld 31-03-2027, 31-3-27, ‘vandaag’ of ‘morgen’."
MOMENT_EXAMPLES = "Typ bijvoorbeeld 31-03-2027 9:30, ‘morgen 9:00’ of ‘nu’."


def date_text(day: date) -> str:
    """A date as a date field shows it and reads it back: ``31-03-2027``."""
    return f"{day:%d-%m-%Y}"


def moment_text(moment: datetime) -> str:
    """A moment as a date-and-time field shows it in Dutch time and reads it back: ``31-03-2027 09:30``; the
    hour that occurs twice when summer time ends is followed by which of the two it is (``zomertijd`` first)."""
    local = to_local(moment)
    text = f"{local:%d-%m-%Y %H:%M}"
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        text += " zomertijd" if local.dst() else " wintertijd"
    return text


def parse_date(text: str, today: date) -> date:
    """The date a Dutch user means by ``text`` (``31-3-2027``, ``31-03-27``, ``31-3`` for this year, ``vandaag``,
    ``morgen``…); a date that does not exist, or text that is no date, raises :class:`TimeInputError`."""
    words = text.lower().split()
    if not words:
        raise TimeInputError("Vul een datum in.")
    day = _day(words[0], today) if len(words) == 1 else None
    if day is None:
        raise TimeInputError(f"‘{text.strip()}’ is geen datum. {DATE_EXAMPLES}")
    return day


def parse_moment(text: str, now: datetime, current: datetime) -> datetime:
    """The moment (aware, UTC) a Dutch user means by ``text``: a date and a Dutch time (``31-3-2027 9:30``,
    ``morgen om 9:00``), ``nu``, a date alone (it keeps the time of ``current``, the field's value) or a time
    alone (it keeps the date of ``current``). A time that does not exist because the clocks go forward is
    refused; the hour that occurs twice when they go back must say which: ``02:30 zomertijd`` (the first) or
    ``02:30 wintertijd``. Anything else that is no moment raises :class:`TimeInputError`."""
    words = [word for word in text.lower().replace(",", " ").split() if word not in _FILLERS]
    if words == ["nu"]:
        return now.astimezone(UTC).replace(second=0, microsecond=0)
    if not words:
        raise TimeInputError("Vul een datum en tijd in.")
    fold = _SEASONS.get(words[-1])
    if fold is not None:
        words.pop()
    local = to_local(current).replace(tzinfo=None)
    today = to_local(now).date()
    day: date | None = local.date()
    clock: time | None = local.time()
    if len(words) == 2:
        day, clock = _day(words[0], today), _clock(words[1])
    elif len(words) == 1 and ":" in words[0]:
        clock = _clock(words[0])
    elif len(words) == 1:
        day = _day(words[0], today)
    else:
        day = None
    if day is None or clock is None:
        raise TimeInputError(f"‘{text.strip()}’ is geen datum met tijd. {MOMENT_EXAMPLES}")
    return _existing_moment(datetime.combine(day, clock), fold)


def _day(word: str, today: date) -> date | None:
    """The date ``word`` names; None when it is no date at all; an error when it names one that does not exist."""
    if word in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[word])
    if match := _ISO_DATE.fullmatch(word):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_MONTH_YEAR.fullmatch(word):
        day, month = int(match[1]), int(match[3])
        written_year = match[4]
        # two digits are this century: nothing the crisis team plans or records lies before 2000
        year = today.year if written_year is None else int(written_year) + (2000 if len(written_year) == 2 else 0)
    else:
        return None
    written = f"{day:02d}-{month:02d}-{year:04d}"
    if not 1 <= month <= 12:
        raise TimeInputError(f"{written} bestaat niet: een jaar heeft 12 maanden.")
    if year < 1:
        raise TimeInputError(f"{written} bestaat niet: het jaar 0 bestaat niet.")
    length = calendar.monthrange(year, month)[1]
    if not 1 <= day <= length:
        raise TimeInputError(f"{written} bestaat niet: {MONTHS[month - 1]} {year} heeft {length} dagen.")
    return date(year, month, day)


def _clock(word: str) -> time | None:
    """The time of day ``word`` names (``9:30``, ``09.30``, ``9``); None when it is none."""
    match = _CLOCK.fullmatch(word)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    written = f"{hour:02d}:{minute:02d}"
    if hour > 23:
        raise TimeInputError(f"{written} bestaat niet: een dag heeft de uren 0 tot en met 23.")
    if minute > 59:
        raise TimeInputError(f"{written} bestaat niet: een uur heeft de minuten 0 tot en met 59.")
    return time(hour, minute)


def _existing_moment(local: datetime, fold: int | None) -> datetime:
    """The naive Dutch time ``local`` as an aware UTC moment, refusing the hour the clocks skip and, unless
    ``fold`` says which, the hour they repeat."""
    first, second = local.replace(tzinfo=AMSTERDAM, fold=0), local.replace(tzinfo=AMSTERDAM, fold=1)
    first_offset, second_offset = first.utcoffset(), second.utcoffset()
    if first_offset == second_offset or first_offset is None or second_offset is None:
        return first.astimezone(UTC)
    written = f"{local:%d-%m-%Y %H:%M}"
    # Dutch clocks change at a whole hour and by one hour, so the skipped or repeated hour is this one
    hour = local.replace(minute=0)
    later = hour + abs(second_offset - first_offset)
    if first.astimezone(UTC).astimezone(AMSTERDAM).replace(tzinfo=None) != local:
        raise TimeInputError(
            f"{written} bestaat niet: die nacht gaat de klok om {hour:%H:%M} een uur vooruit naar {later:%H:%M}"
            " (zomertijd)."
        )
    if fold is None:
        raise TimeInputError(
            f"{written} komt twee keer voor: die nacht gaat de klok om {later:%H:%M} terug naar {hour:%H:%M}. "
            f"Typ ‘{local:%H:%M} zomertijd’ voor de eerste keer of ‘{local:%H:%M} wintertijd’ voor de tweede."
        )
    return (second if fold else first).astimezone(UTC)
