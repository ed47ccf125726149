"""The model of :mod:`converters.model` as a graph in our ontology, every node
derived from the spans of source text it was read from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from rdflib import Graph, Literal, URIRef, namespace
from rdflib.namespace import NamespaceManager
from rdflib.plugins.stores.memory import SimpleMemory

from converters.bodies import body_type
from converters.model import Attendee, MeetingRef, Minutes, Motion, Span, Text
from converters.people import People, Person
from converters.source import Source
from openminutes import councils, vocab
from openminutes.vocab import Iris, bind_prefixes, slug


class _Terms:
    """A namespace whose terms are made once: rdflib finds or makes and checks a new IRI at every attribute access."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = self._namespace[name]
        setattr(self, name, term)
        return term


OM, OA, RDF, XSD, PROV, DCTERMS = (_Terms(n) for n in (vocab.OM, vocab.OA, namespace.RDF, namespace.XSD,
                                                        namespace.PROV, namespace.DCTERMS))

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
# Which record of a person's attendance wins when the minutes list them twice: an officer listed among the
# members is an officer; a member who sent apologies and then came was present.
STATUS_PRECEDENCE = ("officer", "present", "absent", "apologies")


@dataclass(frozen=True)
class Conversion:
    graph: Graph
    document: URIRef  # also the name of the graph it is published in
    format: str


class _Builder:
    """Collects the triples of one document's graph, and the provenance of each node, in the index rdflib's
    ``SimpleMemory`` keeps (subject → predicate → object): the graph is made from it once at the end, because
    adding to a graph a triple at a time costs more than all the reading."""

    def __init__(self, text: str, iris: Iris, document: URIRef):
        self.spo: dict[URIRef, dict[URIRef, dict]] = {}
        self.text = text
        self.iris = iris
        self.document = document
        self._typed: set[URIRef] = set()

    def node(self, iri: URIRef, cls: URIRef, span: Span | None) -> bool:
        """Types a node and records where it came from; True the first time the node is seen."""
        first = iri not in self._typed
        if first:
            self.add(iri, RDF.type, cls)
            self._typed.add(iri)
        if span:
            self.derive(iri, span)
        return first

    def derive(self, iri: URIRef, span: Span) -> None:
        if span.end <= span.start:  # read from no text (a council named by the address of its page)
            return
        specific = self.iris.span(self.document, span.start, span.end)
        self.add(iri, PROV.wasDerivedFrom, specific)
        if specific in self.spo:
            return
        position, quote = URIRef(f"{specific}#position"), URIRef(f"{specific}#quote")
        self.spo[specific] = {RDF.type: {OA.SpecificResource: 1}, OA.hasSource: {self.document: 1},
                              OA.hasSelector: {position: 1, quote: 1}}
        self.spo[position] = {RDF.type: {OA.TextPositionSelector: 1}, OA.start: {_integer(span.start): 1},
                              OA.end: {_integer(span.end): 1}}
        self.spo[quote] = {RDF.type: {OA.TextQuoteSelector: 1}, OA.exact: {_string(self.text[span.start:span.end]): 1}}

    def add(self, s, p, o) -> None:
        if (by_predicate := self.spo.get(s)) is None:
            self.spo[s] = {p: {o: 1}}
        elif (objects := by_predicate.get(p)) is None:
            by_predicate[p] = {o: 1}
        else:
            objects[o] = 1

    def graph(self) -> Graph:
        store = _memory(self.spo)
        graph = _Graph(store, self.spo)
        # A namespace manager holds the graph it serves: on the graph itself, that cycle left every converted graph
        # to Python's cyclic collector, whose passes over them cost more than a tenth of converting. The prefixes
        # live in the store, so a manager on a second graph over the same store binds them as well.
        graph.namespace_manager = NamespaceManager(Graph(store=store, bind_namespaces="none"), bind_namespaces="none")
        bind_prefixes(graph)
        return graph


class _Graph(Graph):
    """A graph over a store ``_memory`` made, read whole from the store's index by subject: rdflib's own reading
    takes each triple through two generators, which made reading a meeting's graph to validate it a tenth of
    validating it."""

    def __init__(self, store: SimpleMemory, spo: dict):
        super().__init__(store=store, bind_namespaces="none")
        self._spo = spo

    def __iter__(self):
        return ((s, p, o) for s, by_predicate in self._spo.items() for p, objects in by_predicate.items()
                for o in objects)


def _memory(spo: dict) -> SimpleMemory:
    """A store over the index by subject, its other two indexes made from it at once: ``SimpleMemory.add`` meets
    each new subject, predicate and object as a raised KeyError, which made building the graph a fifth of
    converting. The indexes are the store's own (name-mangled) attributes; the golden tests fail if a release of
    rdflib renames them."""
    pos: dict = {}
    osp: dict = {}
    for s, by_predicate in spo.items():
        for p, objects in by_predicate.items():
            by_object = pos.setdefault(p, {})
            for o in objects:
                by_object.setdefault(o, {})[s] = 1
                osp.setdefault(o, {}).setdefault(s, {})[p] = 1
    store = SimpleMemory()
    store._SimpleMemory__spo, store._SimpleMemory__pos, store._SimpleMemory__osp = spo, pos, osp
    return store


def to_graph(minutes: Minutes, source: Source, iris: Iris, format: str) -> Conversion:
    registered = councils.lookup(minutes.council.value)
    council = registered.official_name if registered else minutes.council.value
    body = minutes.body.value
    meeting = iris.meeting(council, body, minutes.date.isoformat())
    document = iris.document(meeting)
    b = _Builder(minutes.text, iris, document)
    people = _people(minutes)
    _keep_resolved(minutes, people)

    def person(text: Text) -> URIRef:
        who = people[text.value]
        iri = iris.person(council, who.best.full)
        if b.node(iri, OM.Person, text.span):
            b.add(iri, OM.name, _string(who.best.full))
            b.add(iri, OM.council, council_iri)
            for alternate in who.alternate_names:
                b.add(iri, OM.alternateName, _string(alternate))
            if who.prefix:
                b.add(iri, OM.honorificPrefix, _string(who.prefix))
            if who.suffix:
                b.add(iri, OM.honorificSuffix, _string(who.suffix))
        return iri

    def place(text: Text) -> URIRef:
        iri = iris.place(council, text.value)
        if b.node(iri, OM.Place, text.span):
            b.add(iri, OM.name, _string(text.value))
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
    b.add(document, OM.sha256, _string(source.sha256))
    b.add(document, OM.fileName, _string(source.name))
    b.add(document, OM.sourceFormat, _string(format))
    b.add(document, DCTERMS.format, _string(minutes.media_type))
    if minutes.recognised:
        b.add(document, OM.textRecognised, Literal(True))
    if source.url:
        b.add(document, DCTERMS.source, URIRef(source.url))

    council_iri = iris.council(council)
    b.node(council_iri, OM.Council, minutes.council.span)
    b.add(council_iri, OM.name, _string(council))
    if minutes.council.value != council:
        b.add(council_iri, OM.alternateName, _string(minutes.council.value))
    if registered:
        _registered_council(b, council_iri, registered)
    body_iri = iris.body(council, body)
    b.node(body_iri, OM.Body, minutes.body.span)
    b.add(body_iri, OM.name, _string(body))
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

    for who, records in _attendance(minutes, person).items():
        attendance = iris.under(meeting, "attendance", who.rsplit("/", 1)[1])
        b.node(attendance, OM.Attendance, None)
        b.add(attendance, OM.meeting, meeting)
        b.add(meeting, OM.attendance, attendance)
        b.add(attendance, OM.person, who)
        for attendee in records:
            b.derive(attendance, attendee.span)
        status = min((a.status for a in records), key=STATUS_PRECEDENCE.index)
        b.add(attendance, OM.attendanceStatus, STATUS[status])
        if role := next((a.role for a in records if a.role == "chair"), None) or next(
                (a.role for a in records if a.role), None):
            b.add(attendance, OM.meetingRole, ROLE[role])
        replaced = next((a.substitute_for for a in records if a.substitute_for), None)
        if replaced:
            b.add(attendance, OM.substituteFor, person(replaced))
        if title := next((a.job_title for a in records if a.job_title), None):
            b.add(attendance, OM.jobTitle, _string(title))
    for post in minutes.posts:
        attendance = iris.under(meeting, "attendance", "post-" + slug(post.value))
        b.node(attendance, OM.Attendance, post.span)
        b.add(attendance, OM.meeting, meeting)
        b.add(meeting, OM.attendance, attendance)
        b.add(attendance, OM.attendanceStatus, OM.Officer)
        b.add(attendance, OM.jobTitle, _string(post.value))

    numbers = {item.number for item in minutes.items if item.number}
    for n, declaration in enumerate(minutes.declarations, 1):
        declaration_iri = iris.under(meeting, "declaration", n)
        b.node(declaration_iri, OM.DeclarationOfInterest, declaration.span)
        b.add(declaration_iri, OM.meeting, meeting)
        b.add(declaration_iri, OM.person, person(declaration.name))
        b.add(declaration_iri, OM.text, _string(declaration.text))
        if declaration.item_number in numbers:
            b.add(declaration_iri, OM.item, iris.item(meeting, declaration.item_number))
        elif declaration.item_number:
            b.add(declaration_iri, OM.citedItemNumber, _string(declaration.item_number))
        if declaration.kind:
            b.add(declaration_iri, OM.interestKind, INTEREST_KIND[declaration.kind])
        if declaration.action:
            b.add(declaration_iri, OM.interestAction, INTEREST_ACTION[declaration.action])

    def part(item_iri: URIRef, kind: str, n: int, cls: URIRef, span: Span) -> URIRef:
        """A report, resolution, motion or action: the n-th of its kind under its item, linked to it."""
        iri = iris.under(item_iri, kind, n)
        b.node(iri, cls, span)
        b.add(iri, OM.item, item_iri)
        return iri

    for position, item in enumerate(minutes.items, 1):
        # an item is named by its number, or, printed without one, by its place in the order of business
        item_iri = iris.item(meeting, item.number or f"position-{position}")
        b.node(item_iri, OM.AgendaItem, item.span)
        b.add(item_iri, OM.meeting, meeting)
        if item.number:
            b.add(item_iri, OM.itemNumber, _string(item.number))
        b.add(item_iri, OM.position, _integer(position))
        b.add(item_iri, OM.title, _string(item.title))
        if item.text:
            b.add(item_iri, OM.minutesText, _string(item.text))
        for n, report in enumerate(item.reports, 1):
            report_iri = part(item_iri, "report", n, OM.Report, report.span)
            b.add(report_iri, OM.description, _string(report.description))
            if report.presenter:
                b.add(report_iri, OM.presentedBy, person(report.presenter))
        for n, resolution in enumerate(item.resolutions, 1):
            resolution_iri = part(item_iri, "resolution", n, OM.Resolution, resolution.span)
            b.add(resolution_iri, OM.text, _string(resolution.text))
            if resolution.kind:
                b.add(resolution_iri, OM.resolutionKind, RESOLUTION_KIND[resolution.kind])
            if resolution.number:
                b.add(resolution_iri, OM.resolutionNumber, _string(resolution.number))
        substantive = None
        for n, motion in enumerate(item.motions, 1):
            motion_iri = part(item_iri, "motion", n, OM.Motion, motion.span)
            b.add(motion_iri, OM.text, _string(motion.text))
            if motion.amendment:
                b.add(motion_iri, RDF.type, OM.Amendment)
            else:
                substantive = substantive or motion_iri
            for role, text in ((OM.mover, motion.mover), (OM.seconder, motion.seconder)):
                if text:
                    b.add(motion_iri, role, person(text))
            if motion.outcome:
                b.add(motion_iri, OM.outcome, OUTCOME[motion.outcome])
            if motion.number:
                b.add(motion_iri, OM.resolutionNumber, _string(motion.number))
            if motion.voted:
                _vote_event(b, iris.under(motion_iri, "vote"), motion_iri, motion, person)
        for n, motion in enumerate(item.motions, 1):
            if motion.amendment and substantive:
                b.add(iris.under(item_iri, "motion", n), OM.amends, substantive)
        for n, action in enumerate(item.actions, 1):
            action_iri = part(item_iri, "action", n, OM.Action, action.span)
            b.add(action_iri, OM.text, _string(action.text))
            if action.assignee:
                b.add(action_iri, OM.assignee, person(action.assignee))
            if action.due:
                b.add(action_iri, OM.dueMeeting, other_meeting(action.due))
        for speaker in item.speakers:
            b.add(person(speaker), OM.spokeAt, item_iri)

    return Conversion(b.graph(), document, format)


def _registered_council(b: _Builder, iri: URIRef, council: councils.Council) -> None:
    b.add(iri, OM.registerCode, _string(council.code))
    if council.gss_code:
        b.add(iri, OM.gssCode, _string(council.gss_code))
    for code in council.former_gss_codes:
        b.add(iri, OM.formerGssCode, _string(code))
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
            b.add(event, predicate, _integer(count))
    for vote in motion.votes:
        voter = person(vote.name)
        vote_iri = b.iris.under(event, voter.rsplit("/", 1)[1])
        b.node(vote_iri, OM.Vote, vote.name.span)
        b.add(vote_iri, OM.voteEvent, event)
        b.add(vote_iri, OM.voter, voter)
        b.add(vote_iri, OM.voteOption, OPTION[vote.option])


def _attendance(minutes: Minutes, person) -> dict[URIRef, list[Attendee]]:
    """Each person's attendance records, in the order the minutes give them."""
    by_person: dict[URIRef, list[Attendee]] = {}
    for attendee in minutes.attendees:
        by_person.setdefault(person(attendee.name), []).append(attendee)
    return by_person


def _people(minutes: Minutes) -> dict[str, Person]:
    people = People()
    for attendee in minutes.attendees:
        if attendee.initials:
            people.alias(attendee.initials, attendee.name.value)
    for declaration in minutes.declarations:
        people.mention(declaration.name.value)
    for attendee in minutes.attendees:
        people.mention(attendee.name.value, "officer" if attendee.status == "officer" else "member")
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


def _keep_resolved(minutes: Minutes, people: dict[str, Person]) -> None:
    """Leaves out what a reader took for a name but is none: every person in the graph has a name."""
    def known(text: Text | None) -> Text | None:
        return text if text is not None and text.value in people else None

    minutes.attendees = [a for a in minutes.attendees if known(a.name)]
    for attendee in minutes.attendees:
        attendee.substitute_for = known(attendee.substitute_for)
    minutes.declarations = [d for d in minutes.declarations if known(d.name)]
    for item in minutes.items:
        item.speakers = [s for s in item.speakers if known(s)]
        for report in item.reports:
            report.presenter = known(report.presenter)
        for action in item.actions:
            action.assignee = known(action.assignee)
        for motion in item.motions:
            motion.mover, motion.seconder = known(motion.mover), known(motion.seconder)
            motion.votes = [v for v in motion.votes if known(v.name)]


def _string(value: str) -> Literal:
    """A plain literal. rdflib's normalising of a string leaves it as it was, and costs half of making it."""
    return Literal(value, normalize=False)


@lru_cache(maxsize=1 << 16)
def _integer(value: int) -> Literal:
    """Offsets recur from document to document, and making a Literal costs more than finding it again."""
    return Literal(value)


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _time(value: time) -> Literal:
    return Literal(value.strftime("%H:%M:%S"), datatype=XSD.time)
