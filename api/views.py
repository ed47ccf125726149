"""What the HTML pages show, read from a description graph: labels, links, breadcrumbs,
the source of each fact, and the shape of the page for each kind of resource."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from openminutes.vocab import OA, OM, ONTOLOGY_IRI, PREFIXES, Iris

LABELS = (OM.name, OM.title, RDFS.label, SKOS.prefLabel)
ATTENDANCE_GROUPS = {
    OM.Present: "Present",
    OM.Apologies: "Apologies",
    OM.Absent: "Absent",
    OM.Officer: "Officers in attendance",
}
ROLE_ORDER = (OM.Chair, OM.ViceChair)
VOTED = {OM.For: "Voted for", OM.Against: "Voted against", OM.Abstain: "Abstained"}
# What a resource belongs to, most specific first: the next step up its breadcrumb trail.
PARENTS = (OM.voteEvent, OM.motion, OM.item, OM.meeting, OM.body, OM.council)


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class Source:
    """A span of a document that a node was read from."""

    quote: str
    start: int
    end: int
    document: Link


class Page:
    """Reads one description for a template: every node's label, and the link to its own page.

    Terms of our ontology are labelled from the ontology, which the store need not hold.
    """

    def __init__(self, graph: Graph, ontology: Graph, iris: Iris, root: str):
        self.graph = graph
        self.ontology = ontology
        self.iris = iris
        self.root = root

    def one(self, subject: Node | None, predicate: URIRef) -> Node | None:
        if subject is None:
            return None
        value = self.graph.value(subject, predicate)
        return self.ontology.value(subject, predicate) if value is None else value

    def shown(self, subject: Node, predicate: URIRef) -> str | None:
        """A literal value as :func:`display` shows it, if there is one."""
        value = self.one(subject, predicate)
        return None if value is None else display(value)

    def all(self, subject: Node, predicate: URIRef) -> list[Node]:
        return sorted(set(self.graph.objects(subject, predicate)), key=self.label)

    def having(self, predicate: URIRef, value: Node, kind: URIRef | None = None) -> list[Node]:
        """The subjects linking to ``value`` by ``predicate`` (those of type ``kind``, if given), by label."""
        subjects = set(self.graph.subjects(predicate, value))
        if kind is not None:
            subjects = {s for s in subjects if self.is_a(s, kind)}
        return sorted(subjects, key=self.label)

    def is_a(self, node: Node, kind: URIRef) -> bool:
        return (node, RDF.type, kind) in self.graph

    def href(self, iri: str) -> str:
        if self.iris.is_ours(iri):
            return self.root + self.iris.doc_path(iri).lstrip("/")
        if iri.startswith(str(OM)):
            return f"{self.root}ns#{iri[len(OM):]}"
        if iri == ONTOLOGY_IRI:
            return f"{self.root}ns"
        return iri

    def link(self, node: Node | None) -> Link | None:
        return None if node is None else Link(self.href(node), self.label(node))

    def named(self, iri: Node | None, name: Node | None = None) -> Link | None:
        """A link to ``iri`` showing ``name`` (a query found it), or else the IRI in short."""
        return None if iri is None else Link(self.href(iri), str(name or self.compact(iri)))

    def value(self, node: Node) -> Link | str:
        return display(node) if isinstance(node, Literal) else self.link(node)

    def label(self, node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, Literal):
            return display(node)
        for predicate in LABELS:
            if (label := self.one(node, predicate)) is not None:
                return str(label)
        types = set(self.graph.objects(node, RDF.type))
        if OM.Meeting in types:
            parts = (self.label(self.one(node, OM.body)), self.shown(node, OM.date))
            return ", ".join(part for part in parts if part) or self.compact(node)
        if OM.AgendaItem in types:
            return f"Item {self.one(node, OM.itemNumber)}"
        if OM.Attendance in types:
            who = self.label(self.one(node, OM.person)) or f"The {self.one(node, OM.jobTitle)}"
            return f"{who} at {self.label(self.one(node, OM.meeting))}"
        if OM.Motion in types:
            kind = "Amendment" if OM.Amendment in types else "Motion"
            text = self.one(node, OM.text)
            return f"{kind}: that {_shorten(str(text))}" if text is not None else f"{kind} {last_segment(node)}"
        if OM.VoteEvent in types:
            return "Vote"
        if OM.Vote in types:
            return f"{self.label(self.one(node, OM.voter))}: {self.label(self.one(node, OM.voteOption))}"
        if OM.DeclarationOfInterest in types:
            return f"Declaration of interest by {self.label(self.one(node, OM.person))}"
        if OM.Document in types:
            meetings = self.having(OM.recordedIn, node)
            return f"Minutes of {self.label(meetings[0])}" if meetings else self.label(self.one(node, OM.fileName))
        if OA.SpecificResource in types:
            return f"Span {last_segment(node)}"
        for predicate in (OM.text, OM.description):
            if (text := self.one(node, predicate)) is not None:
                return _shorten(str(text))
        return self.compact(node)

    def compact(self, node: Node) -> str:
        """An IRI as a prefixed name, or as its path under our base, or as it is."""
        iri = str(node)
        if self.iris.is_ours(iri):
            return iri[len(self.iris.base + "id/"):]
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(str(namespace)) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def sources(self, node: Node | None) -> list[Source]:
        """The spans ``node`` was read from, in the order of the text."""
        if node is None:
            return []
        found = []
        for span in set(self.graph.objects(node, PROV.wasDerivedFrom)):
            selectors = set(self.graph.objects(span, OA.hasSelector))
            start, end, quote = (next((self.graph.value(s, p) for s in selectors if (s, p, None) in self.graph), None)
                                 for p in (OA.start, OA.end, OA.exact))
            if quote is not None and start is not None and end is not None:
                found.append(Source(str(quote), int(start), int(end), self.link(self.one(span, OA.hasSource))))
        return sorted(found, key=lambda s: (s.document.href, s.start, s.end))

    def parent(self, node: Node) -> Node | None:
        for predicate in PARENTS:
            if (up := self.one(node, predicate)) is not None:
                return up
        if self.is_a(node, OM.Document):
            return next(iter(self.having(OM.recordedIn, node)), None)
        return self.one(node, OA.hasSource)

    def trail(self, node: Node) -> list[Link]:
        """The breadcrumbs down to ``node``, from the council it belongs to; ``node`` not included."""
        ancestors: list[Node] = []
        up = self.parent(node)
        while up is not None and up not in ancestors and up != node:
            ancestors.append(up)
            up = self.parent(up)
        return [self.link(a) for a in reversed(ancestors)]


def display(literal: Node) -> str:
    """A literal as a reader expects it: dates and times in words, booleans as yes/no."""
    if not isinstance(literal, Literal):
        return str(literal)
    value = literal.toPython()
    if literal.datatype == XSD.date and isinstance(value, datetime.date):
        return f"{value:%A} {value.day} {value:%B %Y}"
    if literal.datatype == XSD.time and isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if literal.datatype == XSD.boolean and isinstance(value, bool):
        return "yes" if value else "no"
    return str(literal)


def _shorten(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def last_segment(node: Node) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def paragraphs(text: Node | None) -> list[str]:
    if text is None:
        return []
    return [p.strip() for p in str(text).split("\n\n") if p.strip()]


def _common(page: Page, iri: URIRef) -> dict:
    """What every page of a resource shows: its title, breadcrumbs and sources."""
    return {"title": page.label(iri), "trail": page.trail(iri), "sources": page.sources(iri)}


# Councils and bodies


def council(page: Page, iri: URIRef) -> dict:
    return {
        **_common(page, iri),
        "alternate_names": sorted(str(n) for n in page.graph.objects(iri, OM.alternateName)),
        "gss_code": page.one(iri, OM.gssCode),
        "former_gss_codes": sorted(str(c) for c in page.graph.objects(iri, OM.formerGssCode)),
        "register_code": page.one(iri, OM.registerCode),
        "replaced_by": page.link(page.one(iri, OM.replacedBy)),
        "replaces": [page.link(c) for c in page.having(OM.replacedBy, iri)],
        "bodies": [page.link(b) for b in page.having(OM.council, iri, OM.Body)],
        "people": Link(f"{page.root}people/{last_segment(iri)}", f"People named in the minutes of {page.label(iri)}"),
    }


def body(page: Page, iri: URIRef) -> dict:
    meetings = sorted(page.having(OM.body, iri, OM.Meeting), key=lambda m: str(page.one(m, OM.date)), reverse=True)
    by_year = groupby(meetings, key=lambda m: str(page.one(m, OM.date))[:4])
    return {
        **_common(page, iri),
        "council": page.link(page.one(iri, OM.council)),
        "body_type": page.label(page.one(iri, OM.bodyType)) or None,
        "parent_body": page.link(page.one(iri, OM.parentBody)),
        "years": [
            (year, [{"link": Link(page.href(m), page.shown(m, OM.date) or page.label(m)),
                     "minuted": page.one(m, OM.recordedIn) is not None} for m in group])
            for year, group in by_year
        ],
    }


# Meetings


def meeting(page: Page, iri: URIRef) -> dict:
    body_iri = page.one(iri, OM.body)
    return {
        **_common(page, iri),
        "body": page.link(body_iri),
        "council": page.link(page.one(body_iri, OM.council)),
        "date": page.shown(iri, OM.date),
        "time": page.shown(iri, OM.startTime),
        "venue": page.link(page.one(iri, OM.venue)),
        "document": page.link(page.one(iri, OM.recordedIn)),
        "confirms": [page.link(m) for m in page.all(iri, OM.confirmsMinutesOf)],
        "confirmed_at": [page.link(m) for m in page.having(OM.confirmsMinutesOf, iri)],
        "next_meeting": page.link(page.one(iri, OM.nextMeeting)),
        "announced_at": [page.link(m) for m in page.having(OM.nextMeeting, iri)],
        "actions_due": [_part(page, a) for a in page.having(OM.dueMeeting, iri)],
        "no_interests": page.one(iri, OM.noInterestsDeclared) == Literal(True),
        "attendance": _attendance(page, iri),
        "declarations": [_declaration(page, d) for d in page.having(OM.meeting, iri, OM.DeclarationOfInterest)],
        "items": [item(page, i) for i in _items(page, iri)],
    }


def _attendance(page: Page, meeting_iri: URIRef) -> list[tuple[str, list[dict]]]:
    """Attendees grouped by status, the usual statuses first; chairs first within a group."""
    groups: dict[Node, list[dict]] = defaultdict(list)
    for attendance in page.having(OM.meeting, meeting_iri, OM.Attendance):
        roles = sorted(page.all(attendance, OM.meetingRole), key=_role_order)
        groups[page.one(attendance, OM.attendanceStatus)].append({
            "person": page.link(page.one(attendance, OM.person)),
            "roles": [page.label(role) for role in roles],
            "role_order": _role_order(roles[0]) if roles else len(ROLE_ORDER) + 1,
            "substitute_for": page.link(page.one(attendance, OM.substituteFor)),
            "job_title": page.one(attendance, OM.jobTitle),
            "sources": page.sources(attendance),
        })
    for attendees in groups.values():
        attendees.sort(key=lambda a: (a["role_order"], a["person"].text if a["person"] else str(a["job_title"])))
    order = [*ATTENDANCE_GROUPS, *sorted(set(groups) - set(ATTENDANCE_GROUPS), key=page.label)]
    return [(ATTENDANCE_GROUPS.get(status) or page.label(status).capitalize(), groups[status])
            for status in order if status in groups]


def _role_order(role: Node) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def _items(page: Page, meeting_iri: URIRef) -> list[Node]:
    items = page.having(OM.meeting, meeting_iri, OM.AgendaItem)
    return sorted(items, key=lambda i: _in_order(page.one(i, OM.position), page.one(i, OM.itemNumber)))


def _in_order(position: Node | None, number: Node | None) -> tuple:
    """Items by their position in the order of business; any without one last, by number."""
    return (position is None, int(position or 0), str(number or ""))


def _declaration(page: Page, iri: Node) -> dict:
    return {
        "link": page.link(iri),
        "person": page.link(page.one(iri, OM.person)),
        "item": page.link(page.one(iri, OM.item)),
        "kind": page.label(page.one(iri, OM.interestKind)) or None,
        "action": page.label(page.one(iri, OM.interestAction)) or None,
        "text": page.one(iri, OM.text),
        "sources": page.sources(iri),
    }


def _part(page: Page, iri: Node) -> dict:
    """Something done under an item, linked, with the item and meeting it was done at."""
    item_iri = page.one(iri, OM.item)
    return {"link": page.link(iri), "item": page.link(item_iri), "meeting": page.link(page.one(item_iri, OM.meeting))}


# Agenda items and what was done under them


def item(page: Page, iri: Node) -> dict:
    parts = page.having(OM.item, iri)
    motions = [m for m in parts if page.is_a(m, OM.Motion)]
    motions.sort(key=lambda m: int(last_segment(m)) if last_segment(m).isdigit() else 0)
    return {
        **_common(page, iri),
        "link": page.link(iri),
        "number": page.one(iri, OM.itemNumber),
        "item_title": page.one(iri, OM.title),
        "meeting": page.link(page.one(iri, OM.meeting)),
        "paragraphs": paragraphs(page.one(iri, OM.minutesText)),
        "reports": [{
            "link": page.link(r),
            "text": page.one(r, OM.title) or page.one(r, OM.description),
            "presenter": page.link(page.one(r, OM.presentedBy)),
            "sources": page.sources(r),
        } for r in parts if page.is_a(r, OM.Report)],
        "resolutions": [resolution(page, r) for r in parts if page.is_a(r, OM.Resolution)],
        "motions": [motion(page, m) for m in motions],
        "actions": [{
            "link": page.link(a),
            "text": str(page.one(a, OM.text)),
            "assignee": page.link(page.one(a, OM.assignee)),
            "due": page.link(page.one(a, OM.dueMeeting)),
            "sources": page.sources(a),
        } for a in parts if page.is_a(a, OM.Action)],
        "declarations": [_declaration(page, d) for d in parts if page.is_a(d, OM.DeclarationOfInterest)],
        "speakers": [page.link(p) for p in page.having(OM.spokeAt, iri)],
    }


def resolution(page: Page, iri: Node) -> dict:
    return {
        **_common(page, iri),
        "link": page.link(iri),
        "text": str(page.one(iri, OM.text) or ""),
        "number": page.one(iri, OM.resolutionNumber),
        "kind": page.label(page.one(iri, OM.resolutionKind)) or None,
        "item": page.link(page.one(iri, OM.item)),
    }


def motion(page: Page, iri: Node) -> dict:
    event = next(iter(page.having(OM.motion, iri, OM.VoteEvent)), None)
    return {
        **_common(page, iri),
        "link": page.link(iri),
        "kind": "Amendment" if page.is_a(iri, OM.Amendment) else "Motion",
        "number": page.one(iri, OM.resolutionNumber),
        "text": page.one(iri, OM.text),
        "mover": page.link(page.one(iri, OM.mover)),
        "seconder": page.link(page.one(iri, OM.seconder)),
        "outcome": page.label(page.one(iri, OM.outcome)) or None,
        "item": page.link(page.one(iri, OM.item)),
        "amends": page.link(page.one(iri, OM.amends)),
        "amendments": [page.link(a) for a in page.having(OM.amends, iri)],
        "vote": vote_event(page, event) if event is not None else None,
    }


def vote_event(page: Page, iri: Node) -> dict:
    votes = page.having(OM.voteEvent, iri, OM.Vote)
    by_option = defaultdict(list)
    for vote_iri in votes:
        by_option[page.one(vote_iri, OM.voteOption)].append(
            {"voter": page.link(page.one(vote_iri, OM.voter)), "link": page.link(vote_iri)})
    order = [*VOTED, *sorted(set(by_option) - set(VOTED), key=page.label)]
    motion_iri = page.one(iri, OM.motion)
    return {
        **_common(page, iri),
        "title": f"Vote on the {'amendment' if page.is_a(motion_iri, OM.Amendment) else 'motion'}",
        "link": page.link(iri),
        "motion": page.link(motion_iri),
        "method": page.label(page.one(iri, OM.voteMethod)) or None,
        "counts": [(name, page.one(iri, predicate)) for name, predicate in
                   (("For", OM.votesFor), ("Against", OM.votesAgainst), ("Abstentions", OM.abstentions))
                   if page.one(iri, predicate) is not None],
        "options": [(VOTED.get(option) or page.label(option).capitalize(), by_option[option])
                    for option in order if option in by_option],
    }


def vote(page: Page, iri: Node) -> dict:
    return {
        **_common(page, iri),
        "voter": page.link(page.one(iri, OM.voter)),
        "option": page.label(page.one(iri, OM.voteOption)),
        "event": page.link(page.one(iri, OM.voteEvent)),
    }


# People


def person(page: Page, iri: URIRef) -> dict:
    name = " ".join(str(part) for part in (
        page.one(iri, OM.honorificPrefix), page.one(iri, OM.name), page.one(iri, OM.honorificSuffix)
    ) if part)
    meetings = []
    for attendance in page.having(OM.person, iri, OM.Attendance):
        meeting_iri = page.one(attendance, OM.meeting)
        meetings.append({
            "meeting": page.link(meeting_iri),
            "date": str(page.one(meeting_iri, OM.date) or ""),
            "status": page.label(page.one(attendance, OM.attendanceStatus)),
            "roles": [page.label(r) for r in page.all(attendance, OM.meetingRole)],
            "substitute_for": page.link(page.one(attendance, OM.substituteFor)),
            "job_title": page.one(attendance, OM.jobTitle),
            "sources": page.sources(attendance),
        })
    meetings.sort(key=lambda m: m["date"], reverse=True)
    return {
        **_common(page, iri),
        "title": name or page.label(iri),
        "council": page.link(page.one(iri, OM.council)),
        "alternate_names": sorted(str(n) for n in page.graph.objects(iri, OM.alternateName)),
        "meetings": meetings,
        "substituted_by": [
            {"person": page.link(page.one(a, OM.person)), "meeting": page.link(page.one(a, OM.meeting))}
            for a in page.having(OM.substituteFor, iri)
        ],
        "moved": [_motion_by(page, m, "moved") for m in page.having(OM.mover, iri)]
        + [_motion_by(page, m, "seconded") for m in page.having(OM.seconder, iri)],
        "votes": [_vote_by(page, v) for v in page.having(OM.voter, iri, OM.Vote)],
        "declarations": [{**_declaration(page, d), "meeting": page.link(page.one(d, OM.meeting))}
                         for d in page.having(OM.person, iri, OM.DeclarationOfInterest)],
        "reports": [{**_part(page, r), "sources": page.sources(r)} for r in page.having(OM.presentedBy, iri)],
        "actions": [{**_part(page, a), "sources": page.sources(a)} for a in page.having(OM.assignee, iri)],
        "spoke_at": [{"item": page.link(i), "meeting": page.link(page.one(i, OM.meeting))}
                     for i in page.all(iri, OM.spokeAt)],
    }


def _motion_by(page: Page, iri: Node, role: str) -> dict:
    return {**_part(page, iri), "role": role, "outcome": page.label(page.one(iri, OM.outcome)) or None,
            "sources": page.sources(iri)}


def _vote_by(page: Page, iri: Node) -> dict:
    motion_iri = page.one(page.one(iri, OM.voteEvent), OM.motion)
    return {**_part(page, motion_iri), "link": page.link(iri), "motion": page.link(motion_iri),
            "option": page.label(page.one(iri, OM.voteOption)), "sources": page.sources(iri)}


# Documents


def document(page: Page, iri: URIRef) -> dict:
    read = []
    for node in set(page.graph.subjects(PROV.wasDerivedFrom, None)):
        for source in page.sources(node):
            if source.document.href == page.href(iri):
                types = [page.label(t) for t in page.all(node, RDF.type)]
                read.append({"link": page.link(node), "types": types, "source": source})
    read.sort(key=lambda r: (r["source"].start, r["source"].end, r["link"].text))
    return {
        **_common(page, iri),
        "records": [page.link(m) for m in page.having(OM.recordedIn, iri)],
        "file_name": page.one(iri, OM.fileName),
        "media_type": page.one(iri, DCTERMS.format),
        "source_format": page.one(iri, OM.sourceFormat),
        "recognised": page.one(iri, OM.textRecognised) == Literal(True),
        "sha256": page.one(iri, OM.sha256),
        "source_url": page.one(iri, DCTERMS.source),
        "modified": page.one(iri, DCTERMS.modified),
        "read": read,
    }


# Anything else


def resource(page: Page, iri: URIRef) -> dict:
    return {
        **_common(page, iri),
        "types": [page.link(t) for t in page.all(iri, RDF.type)],
        "properties": _properties(page, iri),
        "fragments": [
            {"id": str(f).partition("#")[2], "title": page.label(f), "properties": _properties(page, f)}
            for f in sorted(set(page.graph.subjects()), key=str)
            if str(f).startswith(str(iri) + "#")
        ],
        "referenced_by": sorted(
            ((page.link(s), page.link(p)) for s, p in page.graph.subject_predicates(iri)),
            key=lambda pair: (pair[1].text, pair[0].text),
        ),
    }


def _properties(page: Page, subject: URIRef) -> list[tuple[Link, list[Link | str]]]:
    by_predicate: dict[URIRef, list[Link | str]] = defaultdict(list)
    for predicate, value in page.graph.predicate_objects(subject):
        if predicate not in (RDF.type, PROV.wasDerivedFrom):
            by_predicate[predicate].append(page.value(value))
    return sorted(
        ((page.link(p), sorted(values, key=lambda v: getattr(v, "text", v))) for p, values in by_predicate.items()),
        key=lambda pair: pair[0].text,
    )


# The page for each kind of resource: (template, view); anything else gets the generic one.
KINDS = {
    OM.Council: ("council.html", council),
    OM.Body: ("body.html", body),
    OM.Meeting: ("meeting.html", meeting),
    OM.AgendaItem: ("item.html", item),
    OM.Motion: ("motion.html", motion),
    OM.VoteEvent: ("vote_event.html", vote_event),
    OM.Vote: ("vote.html", vote),
    OM.Resolution: ("resolution.html", resolution),
    OM.Person: ("person.html", person),
    OM.Document: ("document.html", document),
}
GENERIC = ("resource.html", resource)
