"""ModernGov's text export of minutes: a heading naming council, body and
meeting, a "Present:" block, then each agenda item between ``<AIn>`` and
``</AIn>`` markers, its number and title first."""

from __future__ import annotations

import re

from converters.errors import ConversionError
from converters.model import Action, Attendee, Item, MeetingRef, Minutes, Report, Resolution, Span, Text
from converters.people import parse_name, strip_role
from converters.source import Source
from converters.text import DATE, TIME, clean, parse_date, parse_time, split_list, text_at

NAME = "moderngov-text"
MEDIA_TYPE = "text/plain"

ITEM = re.compile(r"<AI(\d+)>(.*?)</AI\1>", re.S)
HELD_ON = re.compile(r"^[ \t]*Minutes of (?:the|a) [Mm]eeting\b.*?\bheld on\b(?P<rest>.*)$", re.M)
PRESENT = re.compile(r"^[ \t]*Present\s*:[ \t]*", re.M | re.I)
GROUP_HEADING = re.compile(
    r"^(?:(?:County|District|Borough|Town|Parish|City)\s+)?(?:Councillors|Cllrs|Members)\s*:?$", re.I)
BLOCK_END = re.compile(r"^[ \t]*(?:Officers|In attendance|Also (?:in attendance|present)|Apologies)\b[^\n]*:?", re.I | re.M)
ITEM_HEAD = re.compile(r"\s*(?P<number>\d+[A-Za-z]?)\.?[ \t]*(?:\n[ \t]*)*(?P<title>[^\n]+)")
PARAGRAPH = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")

TITLE = r"(?:(?:County|District|Borough|Town|Parish|City|Community)[ \t]+)?(?:Councillor|Cllr\.?)[ \t\u00a0]+"
WORD = r"[A-Z][\w'’-]*"
GAP = r"[ \t\u00a0]+"
NOT_A_NAME = r"(?!(?:The|It|A|An|In|County|District|Borough|Town|Parish|City|Community|Councillors?|Cllr)\b)"
TITLED_NAME = TITLE + r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?" + GAP + ")?" + WORD + r"(?:" + GAP + WORD + r"){0,3}"
PLAIN_NAME = r"(?<![\w'’-])" + NOT_A_NAME + WORD + r"(?:" + GAP + NOT_A_NAME + WORD + r"){1,2}"
NAME_RE = f"(?:{TITLED_NAME}|{PLAIN_NAME})"
JOB_WORDS = re.compile(
    r"\b(?:Head|Director|Manager|Officer|Chief|Executive|Lead|Solicitor|Clerk|Secretary|Treasurer|"
    r"Adviser|Advisor|Assistant|Co-?ordinator|Leader|Engineer|Planner|Accountant|Analyst|Inspector)\b")
SPEECH = (r"(?:reported|stated|confirmed|queried|asked|explained|advised|informed|responded|agreed|said|"
          r"noted|wished|welcomed|thanked|commented|suggested|expressed|highlighted|outlined|updated|presented)")

APOLOGIES = re.compile(r"Apologies(?: for absence)? were (?:received|submitted|accepted|given) (?:from|for|by) (?P<list>[^.\n]+)", re.I)
SUBSTITUTION = re.compile(
    rf"(?P<sub>{TITLED_NAME}|{PLAIN_NAME})\s+(?:replaced|substituted for|"
    rf"(?:attended|was present|had been appointed) as (?:a )?substitute (?:member )?for)\s+(?P<for>{TITLED_NAME}|{PLAIN_NAME})"
    rf"|(?P<sub2>{TITLED_NAME}|{PLAIN_NAME})\s*\(substituting for (?P<for2>{TITLED_NAME}|{PLAIN_NAME})\)")
NO_INTERESTS = re.compile(
    r"\b(?:No\b[^.\n]*?\binterests?\b[^.\n]*?\b(?:were|was)\s+(?:disclosed|declared|made|received)"
    r"|There were no (?:declarations|disclosures) of (?:any )?interests?)[^.\n]*\.?", re.I)
RESOLVED = re.compile(r"(?:It was )?Resolved\s*(?:[:–—-]|that\b)\s*(?:That\s+)?", re.I)
CONFIRMED = re.compile(r"minutes of the (?:last |previous )?meeting held on (?P<date>" + DATE.pattern + r")[^.]*?\b(?:be|were|are)\s+(?:confirmed|approved|agreed|signed)", re.I)
REPORT = re.compile(r"A report was presented by (?P<rest>[^.]*)\.")
REPORT_VERB = re.compile(r",?\s+(?=(?:providing|setting out|outlining|which|on|regarding|detailing|seeking|informing|updating|summarising|to)\b)")
OFFICER = re.compile(rf"(?P<name>{PLAIN_NAME}),\s+(?P<role>[^.;]+?),\s+(?={SPEECH}\b)")
SPEAKER = re.compile(rf"(?:(?P<name>{NAME_RE})\s+{SPEECH}\b|(?:query|question)s? from (?P<asker>{TITLED_NAME}))")
AGREED_TO = re.compile(r"\bagreed to (?P<what>[^.]+)\.")
SUBJECT = re.compile(rf"(?P<name>{NAME_RE})\s+$")
AGREED_THAT = re.compile(
    r"it was agreed that (?P<what>[^.]*?\b(?:would|should|will) be (?:brought|reported|presented|submitted|circulated)"
    r" to (?:the )?next meeting(?: on (?P<date>" + DATE.pattern + r"))?[^.]*)\.", re.I)
NEXT_MEETING = re.compile(
    r"(?:The )?(?:date of the )?next meeting\b[^\n]*?\b(?:would|will|to) be held on (?P<date>" + DATE.pattern + r")"
    r"(?:,?\s+at\s+(?P<time>[0-9.:]+\s*(?:[ap]\.?\s*m\.?)?))?(?:,?\s+in\s+(?P<venue>[^\n]+?))?\.?[ \t]*$", re.I | re.M)


def sniff(text: str) -> bool:
    return ITEM.search(text) is not None


def read(source: Source) -> Minutes:
    text = source.text
    first_item = ITEM.search(text)
    if first_item is None:
        raise ConversionError(f"{source.name}: no <AIn> agenda item markers: not a ModernGov text export")
    minutes = _heading(text, first_item.start(), source.name)
    minutes.attendees.extend(_present(text, first_item.start()))
    for match in ITEM.finditer(text):
        minutes.items.append(_item(text, match, minutes))
    _mark_officers(minutes)
    return minutes


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _heading(text: str, end: int, name: str) -> Minutes:
    held = HELD_ON.search(text, 0, end)
    if held is None:
        raise ConversionError(f"{name}: no 'Minutes of the Meeting held on …' line before the first item", 1)
    lines = [m for m in re.finditer(r"[^\n]*\S[^\n]*", text[: held.start()])]
    if len(lines) < 2:
        raise ConversionError(f"{name}: the council and the body must be named above the 'held on' line",
                              _line_of(text, held.start()))
    council = text_at(text, lines[-2].start(), lines[-2].end())
    body = text_at(text, lines[-1].start(), lines[-1].end())
    rest_start = held.start("rest")
    date_match = DATE.search(text, rest_start, held.end())
    day = parse_date(date_match) if date_match else None
    if day is None:
        raise ConversionError(f"{name}: no meeting date in the 'held on' line", _line_of(text, held.start()))
    minutes = Minutes(council, body, day, text_at(text, held.start(), held.end()).span)
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


def _item(text: str, match: re.Match, minutes: Minutes) -> Item:
    start, end = match.start(2), match.end(2)
    head = ITEM_HEAD.match(text, start, end)
    if head is None:
        raise ConversionError(f"agenda item AI{match[1]} has no number and title", _line_of(text, start))
    body_start = head.end()
    span = text_at(text, head.start("number"), end).span
    paragraphs = [clean(p[0]) for p in PARAGRAPH.finditer(text, body_start, end)]
    item = Item(head["number"], clean(head["title"]), "\n\n".join(paragraphs), span)
    _read_attendance(text, body_start, end, minutes)
    _read_decisions(text, body_start, end, item, minutes)
    return item


def _read_attendance(text: str, start: int, end: int, minutes: Minutes) -> None:
    for m in APOLOGIES.finditer(text, start, end):
        for name in split_list(text, m.start("list"), m.end("list")):
            if parse_name(name.value):
                minutes.attendees.append(Attendee(name, "apologies", Span(m.start(), m.end())))
    for m in SUBSTITUTION.finditer(text, start, end):
        sub, replaced = ("sub", "for") if m["sub"] else ("sub2", "for2")
        minutes.attendees.append(Attendee(
            text_at(text, m.start(sub), m.end(sub)), "present", Span(m.start(), m.end()),
            substitute_for=text_at(text, m.start(replaced), m.end(replaced))))
    if minutes.no_interests is None and (m := NO_INTERESTS.search(text, start, end)):
        minutes.no_interests = Span(m.start(), m.end())


def _read_decisions(text: str, start: int, end: int, item: Item, minutes: Minutes) -> None:
    for p in PARAGRAPH.finditer(text, start, end):
        resolved = RESOLVED.match(text, p.start(), p.end())
        if resolved:
            item.resolutions.append(Resolution(clean(text[resolved.end():p.end()]), Span(p.start(), p.end())))
            for c in CONFIRMED.finditer(text, resolved.end(), p.end()):
                minutes.confirms.append(MeetingRef(parse_date(DATE.match(c["date"])), Span(c.start("date"), c.end("date"))))
    for m in REPORT.finditer(text, start, end):
        rest_start = m.start("rest")
        verb = REPORT_VERB.search(text, rest_start, m.end("rest"))
        who_end = verb.start() if verb else m.end("rest")
        comma = text.find(",", rest_start, who_end)
        name = text_at(text, rest_start, comma if comma != -1 else who_end)
        presenter = name if parse_name(name.value) else None
        description = clean(text[verb.end():m.end("rest")]) if verb else ""
        item.reports.append(Report(presenter, description, Span(m.start(), m.end())))
        if presenter and comma != -1:
            role = clean(text[comma + 1:who_end])
            minutes.attendees.append(Attendee(presenter, "officer", text_at(text, rest_start, who_end).span, job_title=role))
    officers = {}
    for m in OFFICER.finditer(text, start, end):
        if JOB_WORDS.search(m["role"]):
            name = officers[m.end()] = text_at(text, m.start("name"), m.end("name"))
            minutes.attendees.append(Attendee(name, "officer", Span(m.start(), m.end("role")), job_title=clean(m["role"])))
    for m in SPEAKER.finditer(text, start, end):
        group = "name" if m["name"] else "asker"
        item.speakers.append(text_at(text, m.start(group), m.end(group)))
    for m in AGREED_TO.finditer(text, start, end):
        assignee = officers.get(m.start())
        if assignee is None and (subject := SUBJECT.search(text, max(start, m.start() - 80), m.start())):
            assignee = text_at(text, subject.start(), subject.end())
        if assignee:
            item.actions.append(Action(assignee, clean(m["what"]), Span(assignee.span.start, m.end())))
    for m in AGREED_THAT.finditer(text, start, end):
        due = None
        if m["date"]:
            due = MeetingRef(parse_date(DATE.match(m["date"])), Span(m.start("date"), m.end("date")))
        item.actions.append(Action(None, clean(m["what"]), Span(m.start(), m.end()), due))
    if m := NEXT_MEETING.search(text, start, end):
        ref = MeetingRef(parse_date(DATE.match(m["date"])), Span(m.start(), m.end()))
        if m["time"] and (t := TIME.search(m["time"])):
            ref.start_time = parse_time(t)
        if m["venue"]:
            ref.venue = text_at(text, m.start("venue"), m.end("venue"))
        minutes.next_meeting = ref


def _mark_officers(minutes: Minutes) -> None:
    """Speakers and assignees are kept only when they are people: titled members or known officers."""
    known = {a.name.value for a in minutes.attendees}
    for item in minutes.items:
        item.speakers = [s for s in item.speakers if _is_person(s.value, known)]
        for action in item.actions:
            if action.assignee and not _is_person(action.assignee.value, known):
                action.assignee = None


def _is_person(name: str, known: set[str]) -> bool:
    return bool(re.match(TITLE, name)) or name in known
