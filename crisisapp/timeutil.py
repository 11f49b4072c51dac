"""The one place where time zones are handled: UTC in storage, Europe/Amsterdam at the edges."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

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


def format_date(day: date) -> str:
    """Dutch short date with weekday: ``ma 30-03-2026``."""
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
