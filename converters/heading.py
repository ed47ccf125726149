"""Which meeting minutes record, from their opening lines: the council, the
body, the date, the start time and the venue.

Minutes say it in many ways: "Minutes of the Ordinary Meeting of Stoke Ferry
Parish Council held on Wednesday 5th June 2019 at 7.00pm in the Village Hall",
"Manordeilo and Salem Community Council held their meeting remotely via Zoom at
7.30pm on the 10th June 2020", "Planning Committee - Thursday, 2nd July, 2020
6.00 pm" with "Venue: …" below it, or the Welsh "Cynhaliwyd cyfarfod … ar y 6ed
Chwefror 2019 yn yr Ystafell Ddarllen". Where the text does not name the
council, the address the document was published at may (``democracy.leeds.gov.uk``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from urllib.parse import urlsplit

from converters.model import Span, Text
from converters.text import DATE, NUMERIC_DATE, TIME, clean, parse_date, parse_time, text_at, unnamed
from openminutes import councils

COUNCIL_KIND = r"(?:Parish|Town|Community|County|District|Borough|City|Metropolitan|Village|Neighbourhood|Unitary)"
NAME_WORD = r"[A-Z][\w'’.-]*"
CONNECTOR = r"(?:and|&|of|upon|on|under|in|the|a)"
# "Stoke Ferry Parish Council", "Argyll and Bute Council", "Township of Nipissing", "Cyngor Cymuned Manordeilo a Salem"
COUNCIL = re.compile(
    rf"(?<![\w'’-])(?P<name>{NAME_WORD}(?:[ \t]+(?:{CONNECTOR}[ \t]+)?{NAME_WORD}){{0,6}}[ \t]+(?:Council|COUNCIL))\b"
    rf"|(?P<named>(?:Township|Municipality|City|Town|County|Borough|District|Village)[ \t]+of[ \t]+{NAME_WORD}"
    rf"(?:[ \t]+{NAME_WORD}){{0,2}})"
    r"|(?P<welsh>Cyngor[ \t]+(?:Cymuned|Tref|Sir|Dinas|Bwrdeistref[ \t]+Sirol)[ \t]+"
    rf"{NAME_WORD}(?:[ \t]+(?:a|ac)?[ \t]*{NAME_WORD}){{0,4}})")
MUNICIPALITY_COUNCIL = re.compile(r"^(?P<municipality>(?:Township|Municipality|City|Town|County|Borough|District|Village)"
                                  r" of .+?) Council$")
GENERIC_COUNCIL = re.compile(rf"^(?:(?:the|full|{COUNCIL_KIND})\s+)*Council$", re.I)
NOT_IN_NAME = re.compile(
    r"^(?:(?:the|minutes|draft|of|meeting|annual|ordinary|extraordinary|special|statutory|monthly|full|remote|formal|"
    r"regular|confirmed|unconfirmed|approved)\s+)+", re.I)
MEETING_WORDS = re.compile(r"\b(?:annual|ordinary|extraordinary|special|statutory|monthly|remote)\s+", re.I)
BODY_WORDS = re.compile(r"\b(?:Committee|Sub-Committee|Subcommittee|Panel|Board|Cabinet|Forum|Assembly|Executive|"
                        r"Municipal District|Area Committee)\b", re.I)
BODY_WORD = r"(?!(?:held|at|on|in)\b)(?:[A-Z][\w'’&-]*|and|of|on|for|&)"
MEETING_OF = re.compile(rf"\bmeeting\s+of\s+(?:the\s+)?(?P<body>{BODY_WORD}(?:\s+{BODY_WORD}){{0,9}})", re.I)
HELD = re.compile(r"\b(?:held|Cynhaliwyd)\b", re.I)
HELD_CLAUSES = (
    ("skip", re.compile(r"(?:their|its|the|a|this)\s+(?:\w+\s+){0,2}?meeting\b|cyfarfod\b|in\s+person\b|"
                        r"(?:yn\s+dilyn|following)\s+(?:cynnal\s+)?(?:the\s+|an?\s+)?[\w ]{0,40}?(?:meeting|Eithriadol)\b", re.I)),
    ("date", re.compile(r"(?:on|ar)\s+(?:the\s+|y\s+)?(?=\S)", re.I)),
    ("time", re.compile(r"(?:commencing|starting|beginning)?\s*(?:at|am|from)\s+(?=\d)", re.I)),
    ("venue", re.compile(r"(?P<via>(?:remotely\s+)?(?:via|by|over|on)\s+(?=Zoom|Teams|Microsoft|Skype|video|tele|Google|Webex))"
                         r"|(?:at|in|yn\s+yr|yn\s+y)\s+(?!\d)", re.I)),
)
VENUE_END = re.compile(
    r",?\s+(?:on|ar\s+y|commencing|starting|beginning)\b|,?\s+(?:at|am)\s+\d|,?\s+(?:on\s+)?" + DATE.pattern
    + r"|,\s+and\b|[.;]\s*(?:\n|$)|(?-i:\.\s+(?=[A-Z][a-z]))|(?<!,)\n\s*\n|[\"”]|\s+(?:PRESENT|Present)\b", re.I)
LABELLED_VENUE = re.compile(r"^[ \t]*(?:Venue|Place|Location|Lleoliad)[ \t]*:?[ \t]*\n?[ \t]*(?P<venue>[^\n]+)", re.I | re.M)
# A line of the opening that names the place with no label: "City Hall, 206 S. Main Street, Council Chambers". Its
# name begins with the capitalised words before the kind of building; what comes before them on the line (a logo
# read by OCR as "Od NZ") is not part of it.
VENUE_LINE = re.compile(r"(?<![\w'’-])(?P<venue>(?:[A-Z][a-z]+[ \t]+){1,3}(?:Hall|Chambers?|Cent(?:re|er)|Room|Pavilion|"
                        r"Institute|Offices|Library)(?:,[ \t]*[^,:\n]{1,60}){0,4})[ \t]*$", re.M)
DIRECTIONS = re.compile(r"\.?\s*View directions\s*$", re.I)
# ModernGov and CMIS pages: "Planning Committee - Thursday, 2nd July, 2020 6.00 pm", "Meeting: 20/09/2017 - Council (Item 52)"
TITLE_LINE = re.compile(
    r"^[ \t]*(?:Meeting:[ \t]*)?(?P<before>[^\n]*?)[ \t]*[-–—][ \t]*(?P<date>" + unnamed(DATE.pattern) + "|"
    + unnamed(NUMERIC_DATE.pattern) + r")(?P<after>[^\n]*)$", re.M | re.I)
# A page heading: the body on one line, the date and time alone on the next ("Council\nThursday, 17th November, 2016 4.00 pm")
BODY_THEN_DATE = re.compile(r"^[ \t]*(?P<body>[A-Z][^\n:]{0,60}?)[ \t]*\n[ \t]*(?P<date>" + DATE.pattern
                            + r")(?P<after>[ \t,]*(?:\d{1,2}[.:]\d{2}|\d{1,2})?[ \t]*(?:[ap]\.?m\.?)?)[ \t]*$", re.M | re.I)
# "Meeting: 20/09/2017 - Council (Item 52)", "15/02/2017 - Service & Resource Planning"
DATED_LINE = re.compile(r"^[ \t]*(?:Meeting:[ \t]*)?" + NUMERIC_DATE.pattern
                        + r"(?:[ \t]*-[ \t]*(?P<body>[^(\n]+?)[ \t]*\(Item[ \t]+\d+[a-z]?\))?", re.M)
GENERIC_HOST_LABELS = {"www", "democracy", "moderngov", "committees", "committee", "meetings", "council", "councils",
                       "mycouncil", "cmis", "modgov", "mgov", "public", "gov", "uk", "org", "com", "net", "co",
                       "democratic", "decisions", "minutes", "moderngovwebpublic", "localgov", "services"}


@dataclass
class Heading:
    council: Text | None
    body: Text | None
    date: date | None
    span: Span | None
    start_time: time | None = None
    venue: Text | None = None


def read_heading(text: str, end: int, url: str | None = None, page: bool = False) -> Heading:
    """What the opening of the minutes, ``text[:end]``, says of the meeting; ``page`` for a committee system's page."""
    heading = Heading(None, None, None, None)
    _title_line(text, end, page, heading)
    for held in HELD.finditer(text, 0, end):
        _held_sentence(text, held, end, heading)
        if heading.date and heading.venue:
            break
    if heading.date is None:
        _first_date(text, end, heading)
    if heading.venue is None and (labelled := LABELLED_VENUE.search(text, 0, end)):
        venue = text_at(text, labelled.start("venue"), labelled.end("venue"))
        cut = DIRECTIONS.search(venue.value)
        if cut:
            venue = text_at(text, venue.span.start, venue.span.start + len(text[venue.span.start:venue.span.end])
                            - len(venue.value) + cut.start())
        heading.venue = venue if venue.value else None
    if heading.venue is None:
        heading.venue = _venue_line(text, end)
    heading.council = _council(text, end, url, heading)
    if heading.body is None:
        heading.body = _body(text, end, heading.council)
    if heading.council and (municipality := MUNICIPALITY_COUNCIL.match(heading.council.value)):
        # "Township of Nipissing Council" is the council of the Township of Nipissing
        heading.council = Text(municipality["municipality"], heading.council.span)
    if heading.council is None and (generic := _generic_council(text, end)) \
            and (named := _named_municipality(text, generic.value)):
        # "Formal Meeting of City Council" names the body; the council is the city the minutes name most often
        heading.council, heading.body = named, heading.body or generic
    if heading.council is None:  # "Meeting of the Municipal District of Newcastle West": the body is all we are told
        heading.council = heading.body
    return heading


def _venue_line(text: str, end: int) -> Text | None:
    for m in VENUE_LINE.finditer(text, 0, min(end, 3000)):
        line = text[text.rfind("\n", 0, m.start()) + 1:m.end()]
        if ":" not in line and not DATE.search(line) and not TIME.search(line):
            return text_at(text, m.start("venue"), m.end("venue"))
    return None


def _title_line(text: str, end: int, page: bool, heading: Heading) -> None:
    """A heading line naming the body and the date: "Planning Committee - Thursday, 2nd July, 2020 6.00 pm", or, on
    a committee system's page, the body above a line that holds only the date and time."""
    found = None
    if page:
        found = next(((m, DATE.match(m["date"])) for m in BODY_THEN_DATE.finditer(text, 0, min(end, 3000))), None)
    for m in TITLE_LINE.finditer(text, 0, min(end, 20_000)) if found is None else ():
        before = clean(m["before"])
        if before and len(before) <= 120 and re.match(r"[A-Z]", before) and not re.match(r"Page\s+\d", before):
            if date_match := DATE.search(m["date"]) or NUMERIC_DATE.search(m["date"]):
                found = (m, date_match)
                break
    if found is None or (day := parse_date(found[1])) is None:
        return
    m = found[0]
    body = "body" if "body" in m.re.groupindex else "before"
    start = TIME.search(m["after"])
    heading.date, heading.span = day, Span(m.start(body), m.end())
    heading.body = text_at(text, m.start(body), m.end(body))
    heading.start_time = parse_time(start) if start else None


def _held_sentence(text: str, held: re.Match, end: int, heading: Heading) -> None:
    """Reads "held [their meeting] (at|in|via) VENUE on DATE at TIME" in any order."""
    position, limit = held.end(), min(end, held.end() + 400)
    skipped = 0
    while position < limit:
        gap = re.compile(r"[\s,]*").match(text, position)
        position = gap.end()
        for kind, clause in HELD_CLAUSES:
            m = clause.match(text, position, limit)
            if not m:
                continue
            after = m.end()
            if kind == "skip":
                position = after
                break
            if kind == "date":
                d = DATE.match(text, after, limit)
                if not d:
                    continue
                if heading.date is None and (day := parse_date(d)):
                    heading.date, heading.span = day, Span(held.start(), d.end())
                position = d.end()
                break
            if kind == "time":
                t = TIME.match(text, after, limit)
                if not t:
                    continue
                if heading.start_time is None:
                    heading.start_time = parse_time(t)
                position = t.end()
                break
            stop = VENUE_END.search(text, after, limit)
            venue_end = stop.start() if stop else limit
            start = m.start() if m["via"] else after
            venue = text_at(text, start, venue_end)
            if venue.value and heading.venue is None and len(venue.value) < 160:
                heading.venue = venue
            position = venue_end
            break
        else:
            if skipped >= 6 or position >= limit or text[position] in ".\n":
                return
            word = re.compile(r"\S+").match(text, position)
            if word is None:
                return
            position, skipped = word.end(), skipped + 1


def _first_date(text: str, end: int, heading: Heading) -> None:
    for m in DATE.finditer(text, 0, end):
        if day := parse_date(m):
            heading.date, heading.span = day, Span(m.start(), m.end())
            # the time after the date on its line: "Monday, May 22, 2023 - 5:30 p.m."
            gap = re.compile(r"[ \t,]*(?:(?:[-–—]|at)[ \t]*)?").match(text, m.end())
            if heading.start_time is None and (start := TIME.match(text, gap.end(), end)):
                heading.start_time = parse_time(start)
            return
    for m in DATED_LINE.finditer(text, 0, end):
        if day := parse_date(m):
            heading.date, heading.span = day, Span(m.start("day"), m.end("year"))
            if m["body"] and heading.body is None:
                heading.body = text_at(text, m.start("body"), m.end("body"))
            return


def _council(text: str, end: int, url: str | None, heading: Heading) -> Text | None:
    candidates = []
    for m in COUNCIL.finditer(text, 0, min(end, 20_000)):
        group = next(g for g in ("name", "named", "welsh") if m[g])
        raw = text_at(text, m.start(group), m.end(group))
        lead = NOT_IN_NAME.match(raw.value)
        if lead:
            raw = text_at(text, raw.span.start + _offset(text, raw.span.start, lead.end()), raw.span.end)
        value = MEETING_WORDS.sub("", raw.value)
        if not re.match(r"[A-Z]", value) or GENERIC_COUNCIL.match(value):
            continue
        if value.isupper():
            value = _title_case(value)
        candidates.append(Text(value, raw.span))
    for candidate in candidates:
        if councils.lookup(candidate.value):
            return candidate
    held = [c for c in candidates if re.search(r"\bheld\b|Cynhaliwyd", text[c.span.end:c.span.end + 40] + text[
        max(0, c.span.start - 60):c.span.start], re.I)]
    candidates = held + [c for c in candidates if c not in held]
    if url and (registered := _council_of_host(url)):  # the address names a council the text names loosely
        at = heading.span or Span(0, 0)
        return Text(registered, Span(at.start, at.start))
    if candidates:
        mixed = [c for c in candidates if not text[c.span.start:c.span.end].isupper()]
        return (mixed or candidates)[0]
    return None


def _generic_council(text: str, end: int) -> Text | None:
    """ "City Council" in the opening, a council named by its kind alone."""
    for m in COUNCIL.finditer(text, 0, min(end, 20_000)):
        if m["name"]:
            raw = text_at(text, m.start("name"), m.end("name"))
            if lead := NOT_IN_NAME.match(raw.value):
                raw = text_at(text, raw.span.start + _offset(text, raw.span.start, lead.end()), raw.span.end)
            if GENERIC_COUNCIL.match(raw.value) and re.match(COUNCIL_KIND, raw.value, re.I):
                return Text(_title_case(raw.value) if raw.value.isupper() else raw.value, raw.span)
    return None


def _named_municipality(text: str, generic: str) -> Text | None:
    """The municipality of the kind a generic council names ("City Council") that the text names most often
    ("the city of Greenville")."""
    kind = generic.split()[0]
    found: dict[str, list[re.Match]] = {}
    for m in re.finditer(rf"\b(?i:{kind})[ \t]+of[ \t]+(?P<name>[A-Z][\w'’-]+)", text[:200_000]):
        found.setdefault(m["name"], []).append(m)
    if not found:
        return None
    first = max(found.values(), key=len)[0]
    return Text(f"{kind.title()} of {first['name']}", Span(first.start(), first.end()))


def _offset(text: str, start: int, folded: int) -> int:
    """Where, from ``start``, the ``folded``-th character of the white-space-folded text lies."""
    seen, position = 0, start
    while seen < folded and position < len(text):
        if text[position].isspace():
            while position + 1 < len(text) and text[position + 1].isspace():
                position += 1
        seen += 1
        position += 1
    return position - start


def _title_case(value: str) -> str:
    small = {"and", "of", "upon", "on", "under", "in", "the", "a"}
    words = value.lower().split(" ")
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _council_of_host(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    for label in host.split("."):
        if label not in GENERIC_HOST_LABELS and (council := councils.lookup(label)):
            return council.official_name
    return None


def _body(text: str, end: int, council: Text | None) -> Text | None:
    for m in MEETING_OF.finditer(text, 0, min(end, 20_000)):
        body = text_at(text, m.start("body"), m.end("body"))
        value = re.sub(r"\s+(?:held|on|and|of|for|&)$", "", MEETING_WORDS.sub("", body.value)).strip()
        if BODY_WORDS.search(value) and (council is None or value.lower() != council.value.lower()):
            if value.isupper():
                value = _title_case(value)
            return Text(value, body.span)
    return council
