"""Dates as pages print them: the patterns, and normalisation to ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

URL_DATE = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$|[^\d])")
ISO_PREFIX = re.compile(
    r"((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})$")
MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
MONTH_DATE = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d{2})"
    r"|([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2}))\b"
)
# Dates written with numbers only: 2024年6月10日, 10.06.2024, 10/06/2024, 2024/06/10.
NUMERIC_DATE = re.compile(
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"|\b\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}\b|\b(?:19|20)\d{2}[./]\d{1,2}[./]\d{1,2}\b"
)
CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b\.?)?", re.IGNORECASE)


def valid_date(year: int, month: int, day: int) -> bool:
    """Tells whether the day exists in the calendar."""
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def normalise_date(value: str) -> str | None:
    """Returns an ISO 8601 date or date-time for the many ways pages write dates."""
    value = value.strip()
    if not value:
        return None
    match = ISO_PREFIX.search(value)
    if match:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if not valid_date(year, month, day):
            return None
        date = f"{year:04d}-{month:02d}-{day:02d}"
        if match.group(4) is None:
            return date
        hour, minute = int(match.group(4)), int(match.group(5))
        second = int(match.group(6) or 0)
        if hour > 23 or minute > 59 or second > 59:
            return date
        zone = match.group(7) or ""
        if zone and zone != "Z" and ":" not in zone:
            zone = f"{zone[:3]}:{zone[3:]}"
        if zone == "Z":
            zone = "+00:00"
        return f"{date}T{hour:02d}:{minute:02d}:{second:02d}{zone}"
    match = _COMPACT_DATE.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}" if valid_date(year, month, day) else None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.isoformat()
    numeric = _numeric_date(value)
    if numeric:
        return numeric
    match = MONTH_DATE.search(value)
    if match:
        if match.group(1):
            day_s, month_s, year_s = match.group(1), match.group(2), match.group(3)
        else:
            month_s, day_s, year_s = match.group(4), match.group(5), match.group(6)
        number = MONTHS.get(month_s.lower())
        if number and valid_date(int(year_s), number, int(day_s)):
            return f"{int(year_s):04d}-{number:02d}-{int(day_s):02d}"
    return None


_DAY_FIRST = re.compile(r"\b(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d{2})\b")
_YEAR_FIRST = re.compile(r"\b((?:19|20)\d{2})[./](\d{1,2})[./](\d{1,2})\b")


def _numeric_date(value: str) -> str | None:
    """Reads 12.06.2025 (day first), 06/12/2025 (month first unless it can't be) and 2025/6/12."""
    match = _YEAR_FIRST.search(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DAY_FIRST.search(value)
        if not match:
            return None
        first, sep, second, year_s = match.groups()
        year = int(year_s)
        day, month = int(first), int(second)
        if sep == "/" and int(first) <= 12:
            month, day = int(first), int(second)
    return f"{year:04d}-{month:02d}-{day:02d}" if valid_date(year, month, day) else None
