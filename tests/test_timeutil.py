from datetime import UTC, date, datetime, timedelta

import pytest

from crisisapp.timeutil import (
    AMSTERDAM,
    DATE_EXAMPLES,
    MOMENT_EXAMPLES,
    TimeInputError,
    date_text,
    format_date,
    format_datetime,
    format_long_date,
    moment_text,
    parse_date,
    parse_moment,
    to_local,
    to_utc,
)


def test_dutch_formats():
    assert format_date(date(2026, 3, 30)) == "ma 30-03-2026"
    assert format_long_date(date(2020, 2, 6)) == "6 februari 2020"
    # 07:00 UTC is 09:00 in Amsterdam in summer time
    assert format_datetime(datetime(2026, 3, 30, 7, 0, tzinfo=UTC)) == "ma 30-03-2026 09:00"
    # and 08:00 UTC is 09:00 in winter time
    assert format_datetime(datetime(2026, 1, 5, 8, 0, tzinfo=UTC)) == "ma 05-01-2026 09:00"


def test_naive_means_amsterdam_and_round_trips_across_dst():
    before = to_utc(datetime(2027, 3, 28, 1, 30))  # CET, before the clocks go forward at 02:00
    after = to_utc(datetime(2027, 3, 28, 3, 30))  # CEST
    assert before == datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    assert after == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert to_local(after).hour == 3


def test_naive_datetime_is_refused_where_an_aware_one_is_required():
    with pytest.raises(ValueError, match="naive"):
        to_local(datetime(2026, 1, 1, 12, 0))


# -- what a user types ---------------------------------------------------------------------------------------------

TODAY = date(2026, 11, 26)
NOON = datetime(2026, 11, 26, 12, 0, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("31-3-2027", date(2027, 3, 31)),
        ("31-03-2027", date(2027, 3, 31)),
        ("31-3-27", date(2027, 3, 31)),
        ("31/3/2027", date(2027, 3, 31)),
        ("31.03.27", date(2027, 3, 31)),
        ("2027-03-31", date(2027, 3, 31)),
        ("  15-12-2026 ", date(2026, 12, 15)),
        ("20-08-2027", date(2027, 8, 20)),
        ("29-2-2028", date(2028, 2, 29)),
        ("31-12", date(2026, 12, 31)),  # this year
        ("vandaag", TODAY),
        ("Morgen", date(2026, 11, 27)),
        ("gisteren", date(2026, 11, 25)),
        ("overmorgen", date(2026, 11, 28)),
        ("eergisteren", date(2026, 11, 24)),
    ],
)
def test_a_date_as_a_dutch_user_types_it(typed, meant):
    assert parse_date(typed, TODAY) == meant


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-02-2027", "31-02-2027 bestaat niet: februari 2027 heeft 28 dagen."),
        ("29-2-27", "29-02-2027 bestaat niet: februari 2027 heeft 28 dagen."),
        ("31-06", "31-06-2026 bestaat niet: juni 2026 heeft 30 dagen."),
        ("0-3-2027", "00-03-2027 bestaat niet: maart 2027 heeft 31 dagen."),
        ("15-13-2026", "15-13-2026 bestaat niet: een jaar heeft 12 maanden."),
        ("", "Vul een datum in."),
        ("31-3-202", "‘31-3-202’ is geen datum. " + DATE_EXAMPLES),
        ("31-3/2027", "‘31-3/2027’ is geen datum. " + DATE_EXAMPLES),
        ("morgen 9:00", "‘morgen 9:00’ is geen datum. " + DATE_EXAMPLES),  # a time where only a date is asked
        ("nu", "‘nu’ is geen datum. " + DATE_EXAMPLES),
    ],
)
def test_a_date_that_does_not_exist_is_refused_never_changed(typed, message):
    with pytest.raises(TimeInputError) as refused:
        parse_date(typed, TODAY)
    assert str(refused.value) == message


def _local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=AMSTERDAM).astimezone(UTC)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("31-03-2027 9:30", _local(2027, 3, 31, 9, 30)),
        ("31-3-27 09.30", _local(2027, 3, 31, 9, 30)),
        ("morgen 9:00", _local(2026, 11, 27, 9, 0)),
        ("morgen om 9 uur", _local(2026, 11, 27, 9, 0)),
        ("vandaag, 23:59", _local(2026, 11, 26, 23, 59)),
        ("nu", _local(2026, 11, 26, 12, 0)),
        ("31-3-2027", _local(2027, 3, 31, 19, 30)),  # a date alone keeps the field's time
        ("7:15", _local(2026, 12, 31, 7, 15)),  # a time alone keeps the field's date
        ("28-03-2027 03:00", _local(2027, 3, 28, 3, 0)),  # just after the clocks went forward
        ("31-10-2027 02:30 zomertijd", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
        ("31-10-2027 02:30 wintertijd", datetime(2027, 10, 31, 1, 30, tzinfo=UTC)),
    ],
)
def test_a_moment_as_a_dutch_user_types_it(typed, meant):
    field_value = _local(2026, 12, 31, 19, 30)
    assert parse_moment(typed, NOON + timedelta(seconds=42), field_value) == meant


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-02-2027 19:30", "31-02-2027 bestaat niet: februari 2027 heeft 28 dagen."),
        ("31-12-2026 25:00", "25:00 bestaat niet: een dag heeft de uren 0 tot en met 23."),
        ("31-12-2026 9:75", "09:75 bestaat niet: een uur heeft de minuten 0 tot en met 59."),
        (
            "28-03-2027 02:30",
            "28-03-2027 02:30 bestaat niet: die nacht gaat de klok om 02:00 een uur vooruit naar 03:00 (zomertijd).",
        ),
        (
            "31-10-2027 02:30",
            "31-10-2027 02:30 komt twee keer voor: die nacht gaat de klok om 03:00 terug naar 02:00. "
            "Typ ‘02:30 zomertijd’ voor de eerste keer of ‘02:30 wintertijd’ voor de tweede.",
        ),
        ("morgen 9:00 10:00", "‘morgen 9:00 10:00’ is geen datum met tijd. " + MOMENT_EXAMPLES),
        ("straks", "‘straks’ is geen datum met tijd. " + MOMENT_EXAMPLES),
        ("", "Vul een datum en tijd in."),
    ],
)
def test_a_moment_that_does_not_exist_or_is_ambiguous_is_refused(typed, message):
    with pytest.raises(TimeInputError) as refused:
        parse_moment(typed, NOON, NOON)
    assert str(refused.value) == message


def test_what_a_field_shows_reads_back_as_the_same_value_across_both_clock_changes():
    assert date_text(date(2027, 3, 1)) == "01-03-2027"
    assert moment_text(_local(2027, 3, 31, 9, 5)) == "31-03-2027 09:05"
    start = datetime(2027, 3, 27, 23, 0, tzinfo=UTC)
    for quarter in range(4 * 24 * 220):  # every quarter of an hour through both changes of 2027
        moment = start + timedelta(minutes=15 * quarter)
        assert parse_moment(moment_text(moment), NOON, NOON) == moment
    assert moment_text(datetime(2027, 10, 31, 0, 30, tzinfo=UTC)) == "31-10-2027 02:30 zomertijd"
    assert moment_text(datetime(2027, 10, 31, 1, 30, tzinfo=UTC)) == "31-10-2027 02:30 wintertijd"
