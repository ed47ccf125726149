"""ModernGov's text export of minutes: a heading naming council, body and
meeting, a "Present:" block, then each agenda item between ``<AIn>`` and
``</AIn>`` markers, its number and title first."""

from __future__ import annotations

import re

from converters.errors import ConversionError
from converters import prose
from converters.model import Attendee, Item, Minutes
from converters.people import parse_name, strip_role
from converters.reading import check_length
from converters.source import Source
from converters.text import DATE, TIME, clean, parse_date, parse_time, text_at

NAME = "moderngov-text"
MEDIA_TYPE = "text/plain"

MARKER = re.compile(r"<(/?)AI(\d+)>")
HELD_ON = re.compile(r"^[ \t]*Minutes of (?:the|a) [Mm]eeting\b.*?\bheld on\b(?P<rest>.*)$", re.M)
PRESENT = re.compile(r"^[ \t]*Present\s*:[ \t]*", re.M | re.I)
GROUP_HEADING = re.compile(
    r"^(?:(?:County|District|Borough|Town|Parish|City)\s+)?(?:Councillors|Cllrs|Members)\s*:?$", re.I)
BLOCK_END = re.compile(r"^[ \t]*(?:Officers|In attendance|Also (?:in attendance|present)|Apologies)\b[^\n]*:?", re.I | re.M)
ITEM_HEAD = re.compile(r"\s*(?P<number>\d+[A-Za-z]?)\.?[ \t]*(?:\n[ \t]*)*(?P<title>[^\n]+)")


def sniff(source: Source) -> bool:
    return MARKER.search(source.text, 0, 200_000) is not None


def read(source: Source) -> Minutes:
    text = source.text
    check_length(text)
    items = _marked_items(text)
    if not items:
        raise ConversionError("no <AIn> agenda item markers: not a ModernGov text export")
    first = items[0][1]
    minutes = _heading(text, first, source.name)
    minutes.attendees.extend(_present(text, first))
    for number, marker, start, end in items:
        minutes.items.append(_item(text, number, marker, start, end, minutes))
    prose.keep_people_only(minutes)
    return minutes


def _marked_items(text: str) -> list[tuple[str, int, int, int]]:
    """(marker number, where the marker is, where the text inside begins and ends) of each item between <AIn> and
    </AIn>, found in one pass however many markers are left unclosed."""
    items, open_at = [], {}
    for m in MARKER.finditer(text):
        if not m[1]:
            open_at[m[2]] = m
        elif (opening := open_at.pop(m[2], None)) is not None:
            items.append((m[2], opening.start(), opening.end(), m.start()))
    return sorted(items, key=lambda item: item[1])


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _heading(text: str, end: int, name: str) -> Minutes:
    held = HELD_ON.search(text, 0, end)
    if held is None:
        raise ConversionError("no 'Minutes of the Meeting held on …' line before the first item", 1)
    lines = [m for m in re.finditer(r"[^\n]*\S[^\n]*", text[: held.start()])]
    if len(lines) < 2:
        raise ConversionError("the council and the body must be named above the 'held on' line",
                              _line_of(text, held.start()))
    council = text_at(text, lines[-2].start(), lines[-2].end())
    body = text_at(text, lines[-1].start(), lines[-1].end())
    rest_start = held.start("rest")
    date_match = DATE.search(text, rest_start, held.end())
    day = parse_date(date_match) if date_match else None
    if day is None:
        raise ConversionError("no meeting date in the 'held on' line", _line_of(text, held.start()))
    minutes = Minutes(council, body, day, text_at(text, held.start(), held.end()).span, text=text)
    after = date_match.end()
    time_match = TIME.search(text, after, held.end())
    if time_match and text[after:time_match.start()].strip(" ,") in ("at", ""):
        minutes.start_time = parse_time(time_match)
        after = time_match.end()
    venue = re.compile(r"\s+in\s+(?P<venue>.+?)\.?\s*$").match(text, after, held.end())
    if venue:
        minutes.venue = text_at(text, venue.start("venue"), venue.end("venue"))
    return minutes


def _present(text: str, end: int) -> list[Attendee]:
    present = PRESENT.search(text, 0, end)
    if present is None:
        return []
    stop = BLOCK_END.search(text, present.end(), end)
    attendees = []
    for cell in re.finditer(r"[^\t\n]*\S[^\t\n]*", text[: stop.start() if stop else end]):
        if cell.start() < present.end():
            continue
        entry = text_at(text, cell.start(), cell.end())
        if GROUP_HEADING.match(entry.value):
            continue
        written, role = strip_role(entry.value)
        name = text_at(text, entry.span.start, entry.span.start + len(text[entry.span.start:entry.span.end]) -
                       (len(entry.value) - len(written)))
        if parse_name(name.value):
            attendees.append(Attendee(name, "present", entry.span, role=role))
    return attendees


def _item(text: str, number: str, marker: int, start: int, end: int, minutes: Minutes) -> Item:
    head = ITEM_HEAD.match(text, start, end)
    if head is None:
        raise ConversionError(f"agenda item AI{number} has no number and title", _line_of(text, marker))
    body_start = head.end()
    span = text_at(text, head.start("number"), end).span
    paragraphs = [clean(p[0]) for p in prose.PARAGRAPH.finditer(text, body_start, end)]
    item = Item(head["number"], clean(head["title"]), "\n\n".join(paragraphs), span)
    prose.read_item(text, body_start, end, item, minutes)
    return item
