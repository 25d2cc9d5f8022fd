"""Reading the console's query strings and forms into checked values.

Bad input (a mistyped date, an unknown channel) gives the default and a
message on the page, never an error page: staff should not lose their place.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from zoneinfo import ZoneInfo

from kyphobot.console.timeutil import local_day_bounds, parse_date

DEFAULT_DAYS = 7
MAXIMUM_NOTE_CHARS = 2000


@dataclass(frozen=True)
class DateRange:
    """Clinic-calendar days, inclusive, and the UTC instants they span."""

    first: dt.date
    last: dt.date
    start: dt.datetime
    end: dt.datetime
    problem: Optional[str] = None


def date_range(
    values: Any, zone: ZoneInfo, default_days: int = DEFAULT_DAYS
) -> DateRange:
    """``from``/``to`` (``YYYY-MM-DD``) from a query or form; default the last week."""
    today = dt.datetime.now(zone).date()
    raw_first, raw_last = values.get("from") or "", values.get("to") or ""
    first = parse_date(raw_first) or today - dt.timedelta(days=default_days - 1)
    last = parse_date(raw_last) or today
    problem = None
    if (raw_first and parse_date(raw_first) is None) or (
        raw_last and parse_date(raw_last) is None
    ):
        problem = "Dates must look like 2025-06-30; showing the default range instead."
    if first > last:
        first, last = last, first
        problem = "The start date was after the end date; they have been swapped."
    start, end = local_day_bounds(first, last, zone)
    return DateRange(first, last, start, end, problem)


def page_number(values: Any) -> int:
    """Read the ``page`` parameter, at least 1."""
    try:
        return max(1, int(values.get("page") or 1))
    except ValueError:
        return 1


def note_text(value: Optional[str]) -> str:
    """Trim a staff note and cut it at a sane length."""
    return (value or "").strip()[:MAXIMUM_NOTE_CHARS]
