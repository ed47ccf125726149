"""What the HTML pages show, read from a description graph: labels, links and the
shapes of a meeting, a person and any other resource."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from openminutes.vocab import OM, ONTOLOGY_IRI, PREFIXES, Iris

LABELS = (OM.name, OM.title, RDFS.label, SKOS.prefLabel)
ATTENDANCE_GROUPS = {
    OM.Present: "Present",
    OM.Apologies: "Apologies",
    OM.Absent: "Absent",
    OM.Officer: "Officers in attendance",
}
ROLE_ORDER = (OM.Chair, OM.ViceChair)


@dataclass(frozen=True)
class Link:
    href: str
    text: str


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

    def having(self, predicate: URIRef, value: Node) -> list[Node]:
        return sorted(set(self.graph.subjects(predicate, value)), key=self.label)

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
            return f"{self.label(self.one(node, OM.person))} at {self.label(self.one(node, OM.meeting))}"
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


def paragraphs(text: Node | None) -> list[str]:
    if text is None:
        return []
    return [p.strip() for p in str(text).split("\n\n") if p.strip()]


# Meetings


def meeting(page: Page, iri: URIRef) -> dict:
    body = page.one(iri, OM.body)
    return {
        "title": page.label(iri),
        "body": page.link(body),
        "council": page.link(page.one(body, OM.council)),
        "date": page.shown(iri, OM.date),
        "time": page.shown(iri, OM.startTime),
        "venue": page.link(page.one(iri, OM.venue)),
        "document": page.link(page.one(iri, OM.recordedIn)),
        "confirms": [page.link(m) for m in page.all(iri, OM.confirmsMinutesOf)],
        "next_meeting": page.link(page.one(iri, OM.nextMeeting)),
        "no_interests": page.one(iri, OM.noInterestsDeclared) == Literal(True),
        "attendance": _attendance(page, iri),
        "items": _items(page, iri),
    }


def _attendance(page: Page, meeting_iri: URIRef) -> list[tuple[str, list[dict]]]:
    """Attendees grouped by status, the usual statuses first; chairs first within a group."""
    groups: dict[Node, list[dict]] = defaultdict(list)
    for attendance in page.having(OM.meeting, meeting_iri):
        if (attendance, RDF.type, OM.Attendance) not in page.graph:
            continue
        roles = sorted(page.all(attendance, OM.meetingRole), key=_role_order)
        groups[page.one(attendance, OM.attendanceStatus)].append({
            "person": page.link(page.one(attendance, OM.person)),
            "roles": [page.label(role) for role in roles],
            "substitute_for": page.link(page.one(attendance, OM.substituteFor)),
            "job_title": page.one(attendance, OM.jobTitle),
        })
    for attendees in groups.values():
        attendees.sort(key=lambda a: (not a["roles"], a["person"].text))
    order = [*ATTENDANCE_GROUPS, *sorted(set(groups) - set(ATTENDANCE_GROUPS), key=page.label)]
    return [(ATTENDANCE_GROUPS.get(status) or page.label(status).capitalize(), groups[status])
            for status in order if status in groups]


def _role_order(role: Node) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def _items(page: Page, meeting_iri: URIRef) -> list[dict]:
    items = [i for i in page.having(OM.meeting, meeting_iri) if (i, RDF.type, OM.AgendaItem) in page.graph]
    items.sort(key=lambda i: _in_order(page.one(i, OM.position), page.one(i, OM.itemNumber)))
    result = []
    for iri in items:
        item = {
            "link": page.link(iri),
            "number": page.one(iri, OM.itemNumber),
            "title": page.one(iri, OM.title),
            "paragraphs": paragraphs(page.one(iri, OM.minutesText)),
            "reports": [],
            "resolutions": [],
            "actions": [],
        }
        for part in page.having(OM.item, iri):
            types = set(page.graph.objects(part, RDF.type))
            if OM.Report in types:
                item["reports"].append({
                    "link": page.link(part),
                    "text": page.one(part, OM.title) or page.one(part, OM.description),
                    "presenter": page.link(page.one(part, OM.presentedBy)),
                })
            if OM.Resolution in types:
                item["resolutions"].append(str(page.one(part, OM.text)))
            if OM.Action in types:
                item["actions"].append({
                    "text": str(page.one(part, OM.text)),
                    "assignee": page.link(page.one(part, OM.assignee)),
                    "due": page.link(page.one(part, OM.dueMeeting)),
                })
        result.append(item)
    return result


def _in_order(position: Node | None, number: Node | None) -> tuple:
    """Items by their position in the order of business; any without one last, by number."""
    return (position is None, int(position or 0), str(number or ""))


# People


def person(page: Page, iri: URIRef) -> dict:
    name = " ".join(str(part) for part in (
        page.one(iri, OM.honorificPrefix), page.one(iri, OM.name), page.one(iri, OM.honorificSuffix)
    ) if part)
    meetings = []
    for attendance in page.having(OM.person, iri):
        meeting_iri = page.one(attendance, OM.meeting)
        if meeting_iri is None:
            continue
        meetings.append({
            "meeting": page.link(meeting_iri),
            "date": str(page.one(meeting_iri, OM.date) or ""),
            "status": page.label(page.one(attendance, OM.attendanceStatus)),
            "roles": [page.label(r) for r in page.all(attendance, OM.meetingRole)],
            "substitute_for": page.link(page.one(attendance, OM.substituteFor)),
            "job_title": page.one(attendance, OM.jobTitle),
        })
    meetings.sort(key=lambda m: m["date"], reverse=True)
    return {
        "title": name or page.label(iri),
        "council": page.link(page.one(iri, OM.council)),
        "alternate_names": sorted(str(n) for n in page.graph.objects(iri, OM.alternateName)),
        "meetings": meetings,
        "substituted_by": [
            {"person": page.link(page.one(a, OM.person)), "meeting": page.link(page.one(a, OM.meeting))}
            for a in page.having(OM.substituteFor, iri)
        ],
        "reports": [_in_item(page, r) for r in page.having(OM.presentedBy, iri)],
        "actions": [_in_item(page, a) for a in page.having(OM.assignee, iri)],
        "spoke_at": [_item_with_meeting(page, i) for i in page.all(iri, OM.spokeAt)],
    }


def _in_item(page: Page, iri: URIRef) -> dict:
    return {"link": page.link(iri), **_item_with_meeting(page, page.one(iri, OM.item))}


def _item_with_meeting(page: Page, item: Node | None) -> dict:
    return {"item": page.link(item), "meeting": page.link(page.one(item, OM.meeting))}


# Anything else


def resource(page: Page, iri: URIRef) -> dict:
    return {
        "title": page.label(iri),
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
        if predicate != RDF.type:
            by_predicate[predicate].append(page.value(value))
    return sorted(
        ((page.link(p), sorted(values, key=lambda v: getattr(v, "text", v))) for p, values in by_predicate.items()),
        key=lambda pair: pair[0].text,
    )
