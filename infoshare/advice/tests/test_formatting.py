from __future__ import annotations

import datetime as dt

import pytest

from infoshare.core.times import datetime_text

UTC = dt.UTC


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (dt.datetime(2026, 11, 27, 2, 32, tzinfo=UTC), "27 November 2026 at 2:32am"),
        (dt.datetime(2026, 11, 27, 14, 5, tzinfo=UTC), "27 November 2026 at 2:05pm"),
        (dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC), "27 November 2026 at 9am"),
        (dt.datetime(2026, 11, 27, 12, 0, tzinfo=UTC), "27 November 2026 at midday"),
        (dt.datetime(2026, 11, 27, 0, 0, tzinfo=UTC), "27 November 2026 at midnight"),
        (dt.datetime(2026, 11, 27, 0, 1, tzinfo=UTC), "27 November 2026 at 12:01am"),
        (dt.datetime(2026, 11, 27, 12, 30, tzinfo=UTC), "27 November 2026 at 12:30pm"),
        # Shown in UK time: 11:30pm UTC in summer is the next day in London.
        (dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "1 July 2026 at 12:30am"),
    ],
)
def test_times_read_the_govuk_way(moment: dt.datetime, text: str) -> None:
    assert datetime_text(moment) == text


def test_no_time_is_an_empty_string() -> None:
    assert datetime_text(None) == ""
