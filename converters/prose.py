"""What minutes say in sentences, whatever their layout: apologies and
substitutions, declarations of interest, reports and the officers who
presented them, motions, votes, resolutions, actions, the confirmation of
earlier minutes and the next meeting.

Readers of a source format find the items; :func:`read_item` reads the prose
of one item between two offsets of the source text.
"""

from __future__ import annotations

import re

from converters.model import (
    Action, Attendee, Declaration, Item, MeetingRef, Minutes, Motion, Report, Resolution, Span, Vote,
)
from converters.people import parse_name
from converters.text import DATE, TIME, clean, parse_date, parse_time, split_list, text_at

PARAGRAPH = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")

TITLE = r"(?:(?:County|District|Borough|Town|Parish|City|Community)[ \t]+)?(?:Councillor|Cllr\.?)[ \t\u00a0]+"
WORD = r"[A-Z][\w'’-]*"
GAP = r"[ \t\u00a0]+"
NOT_A_NAME = r"(?!(?:The|It|A|An|In|On|For|Against|County|District|Borough|Town|Parish|City|Community|Councillors?|Cllr)\b)"
TITLED_NAME = TITLE + r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?" + GAP + ")?" + WORD + r"(?:" + GAP + WORD + r"){0,3}"
PLAIN_NAME = r"(?<![\w'’-])" + NOT_A_NAME + WORD + r"(?:" + GAP + NOT_A_NAME + WORD + r"){1,2}"
NAME_RE = f"(?:{TITLED_NAME}|{PLAIN_NAME})"
JOB_WORDS = re.compile(
    r"\b(?:Head|Director|Manager|Officer|Chief|Executive|Lead|Solicitor|Clerk|Secretary|Treasurer|"
    r"Adviser|Advisor|Assistant|Co-?ordinator|Leader|Engineer|Planner|Accountant|Analyst|Inspector)\b")
SPEECH = (r"(?:reported|stated|confirmed|queried|asked|explained|advised|informed|responded|agreed|said|"
          r"noted|wished|welcomed|thanked|commented|suggested|expressed|highlighted|outlined|updated|presented)")

APOLOGIES = re.compile(
    r"Apologies(?: for absence)? were (?:received|submitted|accepted|given) (?:from|for|by) (?P<list>[^.\n]+)", re.I)
SUBSTITUTION = re.compile(
    rf"(?P<sub>{NAME_RE})\s+(?:replaced|substituted for|"
    rf"(?:attended|was present|had been appointed) as (?:a )?substitute (?:member )?for)\s+(?P<for>{NAME_RE})"
    rf"|(?P<sub2>{NAME_RE})\s*\(substituting for (?P<for2>{NAME_RE})\)")
NO_INTERESTS = re.compile(
    r"\b(?:No\b[^.\n]*?\binterests?\b[^.\n]*?\b(?:were|was)\s+(?:disclosed|declared|made|received)"
    r"|There were no (?:declarations|disclosures) of (?:any )?interests?)[^.\n]*\.?", re.I)
DECLARED = re.compile(
    rf"(?P<who>{NAME_RE})\s+declared\s+an?\s+(?P<kind>[\w\s,-]*?)\binterests?\b"
    r"(?:\s+in\s+(?:agenda\s+)?(?:item|minute)\s+(?:no\.?\s*)?(?P<item>\d+[A-Za-z]?(?:/\d+)?))?(?P<rest>[^.]*)\.")
INTEREST_KINDS = (
    ("prejudicial", "prejudicial"),
    ("disclosable pecuniary", "disclosable pecuniary"),
    ("pecuniary", "disclosable pecuniary"),
    ("other registrable", "other registrable"),
    ("non-registrable", "non-registrable"),
    ("personal", "non-registrable"),
    ("non-pecuniary", "non-registrable"),
)
INTEREST_ACTIONS = (
    (re.compile(r"\bleft the (?:room|meeting|chamber)\b", re.I), "left the room"),
    (re.compile(r"\b(?:did not|took no part in the) vot", re.I), "did not vote"),
    (re.compile(r"\bremained\b", re.I), "remained"),
)
RESOLVED = re.compile(r"(?:It was )?Resolved\s*(?:[:–—-]|that\b)\s*(?:That\s+)?", re.I)
RESOLUTION_KINDS = (
    (re.compile(r"\brecommend", re.I), "recommended"),
    (re.compile(r"\bdefer", re.I), "deferred"),
    (re.compile(r"\b(?:approv|grant|confirm|adopt|authoris)", re.I), "approved"),
    (re.compile(r"\bagree", re.I), "agreed"),
    (re.compile(r"\bnote", re.I), "noted"),
)
CONFIRMED = re.compile(
    r"minutes of the (?:last |previous )?meeting held on (?P<date>" + DATE.pattern + r")[^.]*?"
    r"\b(?:be|were|are)\s+(?:confirmed|approved|agreed|signed)", re.I)
REPORT = re.compile(r"A report was presented by (?P<rest>[^.]*)\.")
REPORT_VERB = re.compile(
    r",?\s+(?=(?:providing|setting out|outlining|which|on|regarding|detailing|seeking|informing|updating|summarising|to)\b)")
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

MOVED = re.compile(
    rf"(?:(?P<amend>An amendment) was moved by (?P<a_mover>{NAME_RE})|It was (?:moved|proposed) by (?P<m_mover>{NAME_RE}))"
    rf"(?:,| and)\s+seconded by (?P<seconder>{NAME_RE}),?\s*(?:that|as follows)?\s*:?\s*(?P<text>[^\n]*)"
    rf"|(?P<mover>{NAME_RE}) moved,? and (?P<seconder2>{NAME_RE}) seconded,?\s*(?P<text2>[^\n]*)")
OUTCOME = re.compile(
    r"\b(?:was|were|is)\s+(?:declared\s+|therefore\s+)?(?P<outcome>carried|lost|defeated|withdrawn|deferred|not agreed)\b"
    r"(?:\s+unanimously)?(?:\s+by\s+(?P<first>\d+)\s+votes?\s+to\s+(?P<second>\d+))?"
    r"(?:,?\s+with\s+(?P<abstain>\d+)\s+abstentions?)?", re.I)
OUTCOMES = {"carried": "carried", "lost": "lost", "defeated": "lost", "not agreed": "lost",
            "withdrawn": "withdrawn", "deferred": "deferred"}
COUNT = re.compile(r"^[ \t]*(?P<option>For|In favour|Against|Abstentions?|Abstained|Abstain)\s*(?:\((?P<n>\d+)\))?\s*[:–-]\s*(?P<rest>[^\n]*)$",
                   re.I | re.M)
OPTIONS = {"for": "for", "in favour": "for", "against": "against"}
METHODS = (
    (re.compile(r"\brecorded vote\b|\bnamed vote\b", re.I), "recorded vote"),
    (re.compile(r"\bshow of hands\b", re.I), "show of hands"),
    (re.compile(r"\bsecret ballot\b", re.I), "secret ballot"),
)


def read_item(text: str, start: int, end: int, item: Item, minutes: Minutes) -> None:
    """Reads the prose of one item into the item and the minutes it belongs to."""
    _attendance(text, start, end, minutes)
    _declarations(text, start, end, minutes)
    _resolutions(text, start, end, item, minutes)
    officers = _reports_and_officers(text, start, end, item, minutes)
    _motions(text, start, end, item)
    for m in SPEAKER.finditer(text, start, end):
        group = "name" if m["name"] else "asker"
        item.speakers.append(text_at(text, m.start(group), m.end(group)))
    _actions(text, start, end, item, officers)
    if m := NEXT_MEETING.search(text, start, end):
        minutes.next_meeting = _meeting_ref(text, m)


def keep_people_only(minutes: Minutes) -> None:
    """Speakers and assignees are kept only when they are people: titled members or named attendees."""
    known = {a.name.value for a in minutes.attendees}
    for item in minutes.items:
        item.speakers = [s for s in item.speakers if _is_person(s.value, known)]
        for action in item.actions:
            if action.assignee and not _is_person(action.assignee.value, known):
                action.assignee = None


def _is_person(name: str, known: set[str]) -> bool:
    return bool(re.match(TITLE, name)) or name in known


def _attendance(text: str, start: int, end: int, minutes: Minutes) -> None:
    for m in APOLOGIES.finditer(text, start, end):
        for name in split_list(text, m.start("list"), m.end("list")):
            if parse_name(name.value):
                minutes.attendees.append(Attendee(name, "apologies", Span(m.start(), m.end())))
    for m in SUBSTITUTION.finditer(text, start, end):
        sub, replaced = ("sub", "for") if m["sub"] else ("sub2", "for2")
        minutes.attendees.append(Attendee(
            text_at(text, m.start(sub), m.end(sub)), "present", Span(m.start(), m.end()),
            substitute_for=text_at(text, m.start(replaced), m.end(replaced))))


def _declarations(text: str, start: int, end: int, minutes: Minutes) -> None:
    if minutes.no_interests is None and (m := NO_INTERESTS.search(text, start, end)):
        minutes.no_interests = Span(m.start(), m.end())
    for m in DECLARED.finditer(text, start, end):
        kind_text = m["kind"].lower()
        kind = next((kind for words, kind in INTEREST_KINDS if words in kind_text), None)
        action = next((action for pattern, action in INTEREST_ACTIONS if pattern.search(m["rest"])), None)
        minutes.declarations.append(Declaration(
            text_at(text, m.start("who"), m.end("who")), clean(m[0]), Span(m.start(), m.end()),
            kind, action, m["item"]))


def _resolutions(text: str, start: int, end: int, item: Item, minutes: Minutes) -> None:
    for p in PARAGRAPH.finditer(text, start, end):
        resolved = RESOLVED.match(text, p.start(), p.end())
        if not resolved:
            continue
        wording = clean(text[resolved.end():p.end()])
        kind = next((kind for pattern, kind in RESOLUTION_KINDS if pattern.search(wording[:120])), None)
        item.resolutions.append(Resolution(wording, Span(p.start(), p.end()), kind))
        for c in CONFIRMED.finditer(text, resolved.end(), p.end()):
            minutes.confirms.append(MeetingRef(parse_date(DATE.match(c["date"])), Span(c.start("date"), c.end("date"))))


def _reports_and_officers(text: str, start: int, end: int, item: Item, minutes: Minutes) -> dict:
    """Reads reports and the officers named with their posts; returns those officers by where their clause ends."""
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
            minutes.attendees.append(
                Attendee(presenter, "officer", text_at(text, rest_start, who_end).span, job_title=role))
    officers = {}
    for m in OFFICER.finditer(text, start, end):
        if JOB_WORDS.search(m["role"]):
            name = officers[m.end()] = text_at(text, m.start("name"), m.end("name"))
            minutes.attendees.append(
                Attendee(name, "officer", Span(m.start(), m.end("role")), job_title=clean(m["role"])))
    return officers


def _actions(text: str, start: int, end: int, item: Item, officers: dict) -> None:
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


def _motions(text: str, start: int, end: int, item: Item) -> None:
    """Motions as moved, then what the item says of their votes and outcomes, in the order it says it.

    An outcome sentence that names "the amendment" belongs to the last amendment moved before it, one
    that names "the motion" to the last substantive motion; vote counts and methods belong to the last
    motion moved before them that has no outcome yet.
    """
    moved: list[tuple[int, Motion]] = []
    for m in MOVED.finditer(text, start, end):
        mover = next(g for g in ("a_mover", "m_mover", "mover") if m[g])
        seconder = "seconder" if m["seconder"] else "seconder2"
        wording = "text" if m["text"] is not None else "text2"
        moved.append((m.start(), Motion(
            clean(m[wording]).removeprefix("that ").removeprefix("That "), Span(m.start(), m.end()),
            amendment=bool(m["amend"]),
            mover=text_at(text, m.start(mover), m.end(mover)),
            seconder=text_at(text, m.start(seconder), m.end(seconder)))))
    if not moved:
        return
    events = sorted(
        [(m.start(), "outcome", m) for m in OUTCOME.finditer(text, start, end)]
        + [(m.start(), "count", m) for m in COUNT.finditer(text, start, end)]
        + [(m.start(), method, m) for pattern, method in METHODS for m in pattern.finditer(text, start, end)],
        key=lambda event: event[0])
    for position, kind, match in events:
        earlier = [motion for at, motion in moved if at < position]
        if not earlier:
            continue
        if kind == "outcome":
            sentence = text[max(text.rfind(".", start, position), text.rfind("\n", start, position)) + 1:position].lower()
            named = [m for m in earlier if m.amendment == ("amendment" in sentence)] if (
                "amendment" in sentence or "motion" in sentence) else []
            _decide((named or earlier)[-1], match)
            continue
        motion = next((m for m in reversed(earlier) if m.outcome is None), earlier[-1])
        if kind == "count":
            _count(text, motion, match)
        else:
            motion.method = kind
        motion.span = Span(motion.span.start, max(motion.span.end, match.end()))
    for _, motion in moved:
        if motion.votes:
            motion.method = "recorded vote"
        item.motions.append(motion)


def _decide(motion: Motion, outcome: re.Match) -> None:
    motion.outcome = OUTCOMES[outcome["outcome"].lower()]
    motion.span = Span(motion.span.start, max(motion.span.end, outcome.end()))
    if outcome["first"]:
        larger, smaller = int(outcome["first"]), int(outcome["second"])
        motion.votes_for, motion.votes_against = (
            (larger, smaller) if motion.outcome == "carried" else (smaller, larger))
    if outcome["abstain"]:
        motion.abstentions = int(outcome["abstain"])


def _count(text: str, motion: Motion, count: re.Match) -> None:
    option = OPTIONS.get(count["option"].lower(), "abstain")
    names = [n for n in split_list(text, count.start("rest"), count.end("rest"))
             if not n.value.isdigit() and parse_name(n.value)]
    rest = count["rest"].strip()
    number = int(count["n"]) if count["n"] else int(rest) if rest.isdigit() else len(names)
    setattr(motion, {"for": "votes_for", "against": "votes_against", "abstain": "abstentions"}[option], number)
    motion.votes.extend(Vote(name, option) for name in names)


def _meeting_ref(text: str, m: re.Match) -> MeetingRef:
    ref = MeetingRef(parse_date(DATE.match(m["date"])), Span(m.start(), m.end()))
    if m["time"] and (t := TIME.search(m["time"])):
        ref.start_time = parse_time(t)
    if m["venue"]:
        ref.venue = text_at(text, m.start("venue"), m.end("venue"))
    return ref
