"""Dutch dates that make a piket week heavy: public holidays, Christmas and New Year, the Furieade weekend."""

from datetime import date, timedelta
from functools import cache


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def furieade_weekend(year: int) -> tuple[date, date, date]:
    """Friday to Sunday of the first weekend of October (2025: 3 to 5 October)."""
    first = date(year, 10, 1)
    friday = first + timedelta(days=(4 - first.weekday()) % 7)
    return friday, friday + timedelta(days=1), friday + timedelta(days=2)


@cache
def heavy_days(year: int) -> dict[date, str]:
    """The days of ``year`` on which nobody wants piket, with their name."""
    sunday = easter(year)
    kings_day = date(year, 4, 27) if date(year, 4, 27).weekday() != 6 else date(year, 4, 26)
    days = {
        date(year, 1, 1): "Nieuwjaarsdag",
        sunday: "Eerste Paasdag",
        sunday + timedelta(days=1): "Tweede Paasdag",
        kings_day: "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        sunday + timedelta(days=39): "Hemelvaartsdag",
        sunday + timedelta(days=49): "Eerste Pinksterdag",
        sunday + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 24): "Kerstavond",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
        date(year, 12, 31): "Oudejaarsdag",
    }
    days.update({day: "Furieade" for day in furieade_weekend(year)})
    return days


def heavy_reason(first: date, last: date) -> str | None:
    """The heavy days from ``first`` through ``last``, named, or None."""
    names = []
    day = first
    while day <= last:
        name = heavy_days(day.year).get(day)
        if name and name not in names:
            names.append(name)
        day += timedelta(days=1)
    return ", ".join(names) or None
