"""CMIS meeting pages (the committee system of Birmingham and others): a
"Meeting Summary" naming the body, then "29 Aug 2023 - 14:00 to 14:10", then
the numbered items, as HTML or as the text a browser shows."""

from __future__ import annotations

import re

from converters.markup import readable
from converters.model import Minutes
from converters.reading import read_minutes
from converters.source import Source
from converters.text import DATE, TIME, parse_date, parse_time, text_at

NAME = "cmis-web"
MEDIA_TYPE = "text/html"
MARKERS = re.compile(r"\bcmis\b|ViewMeetingPublic|Meeting\s+Summary", re.I)
SUMMARY = re.compile(r"Meeting\s+Summary[ \t]*\n+[ \t]*(?P<body>[^\n]+)\n+[ \t]*(?P<date>" + DATE.pattern
                     + r")(?:[ \t]*-[ \t]*(?P<time>[^\n]*))?", re.I)


def sniff(source: Source) -> bool:
    text = source.text[:200_000]
    return MARKERS.search(text) is not None and SUMMARY.search(readable(text)[0][:20_000]) is not None


def read(source: Source) -> Minutes:
    text, media_type = readable(source.text)
    minutes = read_minutes(text, media_type, source.url, page=True)
    summary = SUMMARY.search(text)
    if summary:
        minutes.body = text_at(text, summary.start("body"), summary.end("body"))
        minutes.date = parse_date(DATE.match(summary["date"])) or minutes.date
        start = TIME.search(summary["time"] or "")
        minutes.start_time = parse_time(start) if start else minutes.start_time
    return minutes
