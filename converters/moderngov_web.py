"""ModernGov's web pages: the meeting page with its minutes (``ieListDocuments``,
``CeListDocuments``: "Council - Wednesday, 17th January, 2007 2.00 pm",
"Venue: …", then each item's number, title, agenda text and "Minutes:"), the
single agenda-item and issue pages (``mgAi``, ``ieIssueDetails``,
``mgDecisionDetails``), as HTML, as the text a browser shows, or as HTML a
scraper stored escaped inside JSON or XML. The council is named by the
address the page was published at when the page itself does not say."""

from __future__ import annotations

import re

from converters.items import ItemHead, find_items
from converters.markup import readable
from converters.model import Minutes, Span, Text
from converters.reading import read_minutes
from converters.source import Source
from converters.text import NUMERIC_DATE, TIME, parse_time, text_at

NAME = "moderngov-web"
MEDIA_TYPE = "text/html"
MARKUP = re.compile(r"mgAiTitleTxt|mgSubTitleTxt|mgWordPara|mgLabel|mgItemTable|mgContent|ieListDocuments|CeListDocuments|"
                    r"mgAi\.aspx|ieIssueDetails|mgDecisionDetails|mgMeetingAttendance", re.I)
PAGE_TITLE = re.compile(r"^[ \t]*(?:Agenda(?:,\s*decisions)?\s+and\s+minutes|Agenda\s+item|Issue\s*-\s*(?:meetings|decisions)|"
                        r"Meeting\s+documents|Minutes)[ \t]*$", re.I | re.M)
MINUTES_LABEL = re.compile(r"^[ \t]*Minutes:[ \t]*$|(?<=\S)[ \t]+Minutes:[ \t]+", re.M)
ITEM_OF_MEETING = re.compile(r"^[ \t]*Meeting:[ \t]*" + NUMERIC_DATE.pattern + r"[ \t]*-[ \t]*(?P<body>[^(\n]+?)"
                             r"[ \t]*\(Item[ \t]+(?P<number>\d+[a-z]?)\)", re.M)
BEFORE = re.compile(r"\bBefore\s+the\s+(?P<body>Council|Cabinet|Executive|[A-Z][\w ]{0,40}?(?:Committee|Board|Panel))\b")
AGENDA_ITEM_OF_MEETING = re.compile(
    r"^[ \t]*(?P<title>[^\n]+?)[ \t]+-[ \t]+Meeting[ \t]+of[ \t]+(?P<body>[^,\n]+),[^\n]*?\(Item[ \t]+(?P<number>\d+[a-z]?)\.?\)",
    re.M)
DECISION_TITLE = re.compile(r"^[ \t]*" + NUMERIC_DATE.pattern + r"[ \t]*-[ \t]*(?P<title>[^\n]+)$", re.M)


def sniff(source: Source) -> bool:
    text = source.text
    if MARKUP.search(text, 0, 200_000) or source.url and MARKUP.search(source.url):
        return True
    view = text[:5000]
    return PAGE_TITLE.search(view) is not None and (
        MINUTES_LABEL.search(text, 0, 200_000) is not None or ITEM_OF_MEETING.search(view) is not None
        or DECISION_TITLE.search(view) is not None)


def read(source: Source) -> Minutes:
    text, media_type = readable(source.text)
    heads = find_items(text)
    body = None
    if not heads:  # a page of one item, whose heading names the meeting
        heads, body = _single_item(text)
    for head, following in zip(heads, [*heads[1:], None]):
        end = following.start if following else len(text)
        label = MINUTES_LABEL.search(text, head.body_start, end)
        if label:  # what the meeting did follows "Minutes:"; the agenda's words come before it
            head.body_start = label.end()
    minutes = read_minutes(text, media_type, source.url, heads,
                           opening_end=heads[0].body_start if body is not None else None, page=True)
    if body is not None and body.value and minutes.body.value == minutes.council.value:
        minutes.body = body
    if minutes.start_time is None and heads and (start := TIME.search(text, heads[0].start, heads[0].body_start)):
        minutes.start_time = parse_time(start)
    return minutes


def _single_item(text: str) -> tuple[list[ItemHead], Text | None]:
    """The item of an item page, and the body whose meeting it was: "Title - Meeting of Council, Thursday, 25th
    February, 2021 7.00 pm (Item 9.)", "Meeting: 20/09/2017 - Council (Item 52)" above "52 Title", or a decision's
    "15/02/2017 - Title" ("Before the Council was …" names the body)."""
    if m := AGENDA_ITEM_OF_MEETING.search(text):
        title = text_at(text, m.start("title"), m.end("title"))
        return [ItemHead(m["number"], title, m.start(), m.end())], text_at(text, m.start("body"), m.end("body"))
    if m := ITEM_OF_MEETING.search(text):
        line = re.compile(r"[ \t]*" + m["number"] + r"\.?[ \t]+(?P<title>[^\n]+)").search(text, m.end())
        if line:
            title = text_at(text, line.start("title"), line.end("title"))
            return [ItemHead(m["number"], title, line.start(), line.end())], text_at(text, m.start("body"), m.end("body"))
    if d := DECISION_TITLE.search(text):
        before = BEFORE.search(text)
        return ([ItemHead("1", text_at(text, d.start("title"), d.end("title")), d.start(), d.end())],
                text_at(text, before.start("body"), before.end("body")) if before else Text("", Span(0, 0)))
    return [], None
