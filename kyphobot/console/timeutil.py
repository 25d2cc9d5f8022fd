"""Time helpers: everything is stored in UTC and shown in the clinic's zone."""

import datetime as dt
from typing import Optional, Tuple

from zoneinfo import ZoneInfo


def utcnow() -> dt.datetime:
    """Return the current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def from_epoch(seconds: float) -> dt.datetime:
    """Convert a Rasa event timestamp (epoch seconds) to an aware UTC datetime."""
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def local_day_bounds(
    start: dt.date, end: dt.date, zone: ZoneInfo
) -> Tuple[dt.datetime, dt.datetime]:
    """UTC instants from the start of ``start`` to the end of ``end``, clinic time.

    Staff think in the clinic's calendar days, not UTC ones: "yesterday"
    must include a message sent at 9 pm New York time.
    """
    first = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    after_last = dt.datetime.combine(
        end + dt.timedelta(days=1), dt.time.min, tzinfo=zone
    )
    return first.astimezone(dt.timezone.utc), after_last.astimezone(dt.timezone.utc)


def parse_date(value: Optional[str]) -> Optional[dt.date]:
    """``YYYY-MM-DD`` from a form, or None if empty or malformed."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def format_local(value: Optional[dt.datetime], zone: ZoneInfo) -> str:
    """``Jun 3, 2025 2:05 PM EDT``: how a US clinic reads a time."""
    if value is None:
        return ""
    local = as_utc(value).astimezone(zone)
    hour = local.hour % 12 or 12
    return (
        f"{local:%b} {local.day}, {local.year} {hour}:{local:%M} "
        f"{'AM' if local.hour < 12 else 'PM'} {local:%Z}"
    )


def format_age(value: dt.datetime, now: dt.datetime) -> str:
    """How long ago, coarsely: ``5 min``, ``3 h``, ``2 days``."""
    seconds = max(0, int((now - as_utc(value)).total_seconds()))
    if seconds < 3600:
        return f"{max(1, seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"
