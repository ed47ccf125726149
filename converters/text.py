"""Text helpers shared by the readers: whitespace, dates, times, name lists."""

from __future__ import annotations

import re
from datetime import date, time

from converters.model import Span, Text

SPACE = re.compile(r"[\s\u00a0]+")
MONTHS = {m: i for i, m in enumerate(
    ("january february march april may june july august september october november december").split(), 1)}
MONTH_NAMES = "|".join(m.capitalize() for m in MONTHS)
WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
DATE = re.compile(
    WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>" + MONTH_NAMES + r"),?\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
TIME = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s*m\b\.?|\b(?P<h24>\d{1,2}):(?P<m24>\d{2})\b",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """Runs of white space (no-break spaces included) folded to one space."""
    return SPACE.sub(" ", text).strip()


def parse_date(match: re.Match) -> date | None:
    try:
        return date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
    except ValueError:
        return None


def parse_time(match: re.Match) -> time | None:
    if match["h24"]:
        hour, minute = int(match["h24"]), int(match["m24"])
    else:
        hour, minute = int(match["hour"]) % 12, int(match["minute"] or 0)
        if match["ampm"].lower() == "p":
            hour += 12
    return time(hour, minute) if hour < 24 and minute < 60 else None


def text_at(source: str, start: int, end: int) -> Text:
    """The stripped text between two offsets, with its exact span."""
    raw = source[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    span = Span(start + lead, end - trail)
    return Text(clean(source[span.start:span.end]), span)


def split_list(source: str, start: int, end: int) -> list[Text]:
    """A list such as "A, B and C" split into its members, each with its span."""
    pieces = []
    cursor = start
    for sep in re.finditer(r",\s*(?:and\s+)?|\s+and\s+|;\s*", source[start:end]):
        pieces.append(text_at(source, cursor, start + sep.start()))
        cursor = start + sep.end()
    pieces.append(text_at(source, cursor, end))
    return [p for p in pieces if p.value]
