"""The model of :mod:`converters.model` as a graph in our ontology, every node
derived from the spans of source text it was read from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from converters.bodies import body_type
from converters.model import MeetingRef, Minutes, Motion, Span, Text
from converters.people import People, Person
from converters.source import Source
from openminutes import councils
from openminutes.vocab import OA, OM, Iris, bind_prefixes

STATUS = {"present": OM.Present, "apologies": OM.Apologies, "absent": OM.Absent, "officer": OM.Officer}
ROLE = {"chair": OM.Chair, "vice-chair": OM.ViceChair}
RESOLUTION_KIND = {"noted": OM.Noted, "approved": OM.Approved, "agreed": OM.Agreed,
                   "recommended": OM.Recommended, "deferred": OM.DeferredDecision}
OUTCOME = {"carried": OM.Carried, "lost": OM.Lost, "withdrawn": OM.Withdrawn, "deferred": OM.Deferred,
           "not put": OM.NotPut}
METHOD = {"show of hands": OM.ShowOfHands, "recorded vote": OM.RecordedVote, "secret ballot": OM.SecretBallot}
OPTION = {"for": OM.For, "against": OM.Against, "abstain": OM.Abstain}
INTEREST_KIND = {"disclosable pecuniary": OM.DisclosablePecuniary, "other registrable": OM.OtherRegistrable,
                 "non-registrable": OM.NonRegistrable, "prejudicial": OM.Prejudicial}
INTEREST_ACTION = {"left the room": OM.LeftRoom, "did not vote": OM.DidNotVote, "remained": OM.Remained}
TEXT_MEDIA_TYPE = "text/plain"


@dataclass(frozen=True)
class Conversion:
    graph: Graph
    document: URIRef  # also the name of the graph it is published in
    format: str


class _Builder:
    """Adds triples, and the provenance of each node, to one document's graph."""

    def __init__(self, source: Source, iris: Iris, document: URIRef):
        self.graph = Graph()
        bind_prefixes(self.graph)
        self.text = source.text
        self.iris = iris
        self.document = document
        self._typed: set[URIRef] = set()

    def node(self, iri: URIRef, cls: URIRef, span: Span | None) -> bool:
        """Types a node and records where it came from; True the first time the node is seen."""
        first = iri not in self._typed
        if first:
            self.graph.add((iri, RDF.type, cls))
            self._typed.add(iri)
        if span:
            self.derive(iri, span)
        return first

    def derive(self, iri: URIRef, span: Span) -> None:
        g = self.graph
        specific = self.iris.span(self.document, span.start, span.end)
        g.add((iri, PROV.wasDerivedFrom, specific))
        if (specific, RDF.type, OA.SpecificResource) in g:
            return
        position, quote = URIRef(specific + "#position"), URIRef(specific + "#quote")
        g.add((specific, RDF.type, OA.SpecificResource))
        g.add((specific, OA.hasSource, self.document))
        g.add((specific, OA.hasSelector, position))
        g.add((specific, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span.start)))
        g.add((position, OA.end, Literal(span.end)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(self.text[span.start:span.end])))

    def add(self, s, p, o) -> None:
        self.graph.add((s, p, o))


def to_graph(minutes: Minutes, source: Source, iris: Iris, format: str) -> Conversion:
    registered = councils.lookup(minutes.council.value)
    council = registered.official_name if registered else minutes.council.value
    body = minutes.body.value
    meeting = iris.meeting(council, body, minutes.date.isoformat())
    document = iris.document(meeting)
    b = _Builder(source, iris, document)
    people = _people(minutes)

    def person(text: Text) -> URIRef:
        who = people[text.value]
        iri = iris.person(council, who.best.full)
        if b.node(iri, OM.Person, text.span):
            b.add(iri, OM.name, Literal(who.best.full))
            b.add(iri, OM.council, council_iri)
            for alternate in who.alternate_names:
                b.add(iri, OM.alternateName, Literal(alternate))
            if who.prefix:
                b.add(iri, OM.honorificPrefix, Literal(who.prefix))
            if who.suffix:
                b.add(iri, OM.honorificSuffix, Literal(who.suffix))
        return iri

    def place(text: Text) -> URIRef:
        iri = iris.place(council, text.value)
        if b.node(iri, OM.Place, text.span):
            b.add(iri, OM.name, Literal(text.value))
            b.add(iri, OM.council, council_iri)
        return iri

    def other_meeting(ref: MeetingRef) -> URIRef:
        iri = iris.meeting(council, body, ref.date.isoformat())
        b.node(iri, OM.Meeting, ref.span)
        b.add(iri, OM.body, body_iri)
        b.add(iri, OM.date, _date(ref.date))
        if ref.start_time:
            b.add(iri, OM.startTime, _time(ref.start_time))
        if ref.venue:
            b.add(iri, OM.venue, place(ref.venue))
        return iri

    b.node(document, OM.Document, None)
    b.add(document, OM.sha256, Literal(source.sha256))
    b.add(document, OM.fileName, Literal(source.name))
    b.add(document, OM.sourceFormat, Literal(format))
    b.add(document, DCTERMS.format, Literal(TEXT_MEDIA_TYPE))
    if source.url:
        b.add(document, DCTERMS.source, URIRef(source.url))

    council_iri = iris.council(council)
    b.node(council_iri, OM.Council, minutes.council.span)
    b.add(council_iri, OM.name, Literal(council))
    if minutes.council.value != council:
        b.add(council_iri, OM.alternateName, Literal(minutes.council.value))
    if registered:
        _registered_council(b, council_iri, registered)
    body_iri = iris.body(council, body)
    b.node(body_iri, OM.Body, minutes.body.span)
    b.add(body_iri, OM.name, Literal(body))
    b.add(body_iri, OM.council, council_iri)
    if kind := body_type(council, body):
        b.add(body_iri, OM.bodyType, kind)

    b.node(meeting, OM.Meeting, minutes.span)
    b.add(meeting, OM.body, body_iri)
    b.add(meeting, OM.date, _date(minutes.date))
    b.add(meeting, OM.recordedIn, document)
    if minutes.start_time:
        b.add(meeting, OM.startTime, _time(minutes.start_time))
    if minutes.venue:
        b.add(meeting, OM.venue, place(minutes.venue))
    if minutes.no_interests:
        b.derive(meeting, minutes.no_interests)
        b.add(meeting, OM.noInterestsDeclared, Literal(True))
    for ref in minutes.confirms:
        b.add(meeting, OM.confirmsMinutesOf, other_meeting(ref))
    if minutes.next_meeting:
        b.add(meeting, OM.nextMeeting, other_meeting(minutes.next_meeting))

    for attendee in minutes.attendees:
        who = person(attendee.name)
        attendance = iris.under(meeting, "attendance", who.rsplit("/", 1)[1])
        if b.node(attendance, OM.Attendance, attendee.span):
            b.add(attendance, OM.meeting, meeting)
            b.add(attendance, OM.person, who)
        b.add(attendance, OM.attendanceStatus, STATUS[attendee.status])
        if attendee.role:
            b.add(attendance, OM.meetingRole, ROLE[attendee.role])
        if attendee.substitute_for:
            b.add(attendance, OM.substituteFor, person(attendee.substitute_for))
        if attendee.job_title:
            b.add(attendance, OM.jobTitle, Literal(attendee.job_title))

    numbers = {item.number for item in minutes.items}
    for n, declaration in enumerate(minutes.declarations, 1):
        declaration_iri = iris.under(meeting, "declaration", n)
        b.node(declaration_iri, OM.DeclarationOfInterest, declaration.span)
        b.add(declaration_iri, OM.meeting, meeting)
        b.add(declaration_iri, OM.person, person(declaration.name))
        b.add(declaration_iri, OM.text, Literal(declaration.text))
        if declaration.item_number in numbers:
            b.add(declaration_iri, OM.item, iris.item(meeting, declaration.item_number))
        if declaration.kind:
            b.add(declaration_iri, OM.interestKind, INTEREST_KIND[declaration.kind])
        if declaration.action:
            b.add(declaration_iri, OM.interestAction, INTEREST_ACTION[declaration.action])

    for position, item in enumerate(minutes.items, 1):
        item_iri = iris.item(meeting, item.number)
        b.node(item_iri, OM.AgendaItem, item.span)
        b.add(item_iri, OM.meeting, meeting)
        b.add(item_iri, OM.itemNumber, Literal(item.number))
        b.add(item_iri, OM.position, Literal(position, datatype=XSD.positiveInteger))
        b.add(item_iri, OM.title, Literal(item.title))
        if item.text:
            b.add(item_iri, OM.minutesText, Literal(item.text))
        for n, report in enumerate(item.reports, 1):
            report_iri = iris.under(item_iri, "report", n)
            b.node(report_iri, OM.Report, report.span)
            b.add(report_iri, OM.item, item_iri)
            b.add(report_iri, OM.description, Literal(report.description))
            if report.presenter:
                b.add(report_iri, OM.presentedBy, person(report.presenter))
        for n, resolution in enumerate(item.resolutions, 1):
            resolution_iri = iris.under(item_iri, "resolution", n)
            b.node(resolution_iri, OM.Resolution, resolution.span)
            b.add(resolution_iri, OM.item, item_iri)
            b.add(resolution_iri, OM.text, Literal(resolution.text))
            if resolution.kind:
                b.add(resolution_iri, OM.resolutionKind, RESOLUTION_KIND[resolution.kind])
        substantive = None
        for n, motion in enumerate(item.motions, 1):
            motion_iri = iris.under(item_iri, "motion", n)
            b.node(motion_iri, OM.Motion, motion.span)
            b.add(motion_iri, OM.item, item_iri)
            b.add(motion_iri, OM.text, Literal(motion.text))
            if motion.amendment:
                b.add(motion_iri, RDF.type, OM.Amendment)
            else:
                substantive = substantive or motion_iri
            for role, text in ((OM.mover, motion.mover), (OM.seconder, motion.seconder)):
                if text:
                    b.add(motion_iri, role, person(text))
            if motion.outcome:
                b.add(motion_iri, OM.outcome, OUTCOME[motion.outcome])
            if motion.voted:
                _vote_event(b, iris.under(motion_iri, "vote"), motion_iri, motion, person)
        for amendment in (m for m in item.motions if m.amendment):
            if substantive:
                b.add(iris.under(item_iri, "motion", item.motions.index(amendment) + 1), OM.amends, substantive)
        for n, action in enumerate(item.actions, 1):
            action_iri = iris.under(item_iri, "action", n)
            b.node(action_iri, OM.Action, action.span)
            b.add(action_iri, OM.item, item_iri)
            b.add(action_iri, OM.text, Literal(action.text))
            if action.assignee:
                b.add(action_iri, OM.assignee, person(action.assignee))
            if action.due:
                b.add(action_iri, OM.dueMeeting, other_meeting(action.due))
        for speaker in item.speakers:
            b.add(person(speaker), OM.spokeAt, item_iri)

    return Conversion(b.graph, document, format)


def _registered_council(b: _Builder, iri: URIRef, council: councils.Council) -> None:
    b.add(iri, OM.registerCode, Literal(council.code))
    if council.gss_code:
        b.add(iri, OM.gssCode, Literal(council.gss_code))
    for code in council.former_gss_codes:
        b.add(iri, OM.formerGssCode, Literal(code))
    if council.replaced_by and (successor := councils.by_code(council.replaced_by)):
        b.add(iri, OM.replacedBy, b.iris.council(successor.official_name))


def _vote_event(b: _Builder, event: URIRef, motion_iri: URIRef, motion: Motion, person) -> None:
    b.node(event, OM.VoteEvent, motion.span)
    b.add(event, OM.motion, motion_iri)
    if motion.method:
        b.add(event, OM.voteMethod, METHOD[motion.method])
    for predicate, count in ((OM.votesFor, motion.votes_for), (OM.votesAgainst, motion.votes_against),
                             (OM.abstentions, motion.abstentions)):
        if count is not None:
            b.add(event, predicate, Literal(count, datatype=XSD.nonNegativeInteger))
    for vote in motion.votes:
        voter = person(vote.name)
        vote_iri = b.iris.under(event, voter.rsplit("/", 1)[1])
        b.node(vote_iri, OM.Vote, vote.name.span)
        b.add(vote_iri, OM.voteEvent, event)
        b.add(vote_iri, OM.voter, voter)
        b.add(vote_iri, OM.voteOption, OPTION[vote.option])


def _people(minutes: Minutes) -> dict[str, Person]:
    people = People()
    for declaration in minutes.declarations:
        people.mention(declaration.name.value)
    for attendee in minutes.attendees:
        people.mention(attendee.name.value)
        if attendee.substitute_for:
            people.mention(attendee.substitute_for.value)
    for item in minutes.items:
        for text in (
            *(r.presenter for r in item.reports if r.presenter),
            *(a.assignee for a in item.actions if a.assignee),
            *item.speakers,
            *(t for m in item.motions for t in (m.mover, m.seconder, *(v.name for v in m.votes)) if t),
        ):
            people.mention(text.value)
    return people.resolve()


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _time(value: time) -> Literal:
    return Literal(value.strftime("%H:%M:%S"), datatype=XSD.time)
