from datetime import UTC, date, datetime

import pytest

from crisisapp.timeutil import format_date, format_datetime, format_long_date, to_local, to_utc


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
