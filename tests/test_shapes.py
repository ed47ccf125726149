"""The shapes accept what a careful converter emits and reject what breaks it,
with the severity and the shape we mean; results are read from the report.
Both validation engines run every case and must report the same."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import DCTERMS, PROV, SH
from rdflib.paths import AlternativePath

from api import create_app
from api.shapes import CHECKS
from openminutes.formats import BY_MEDIA_TYPE, TRIPLE_FORMATS
from openminutes.settings import Settings
from openminutes.validation import ENGINES, ValidationReport, shapes_graph, validate
from openminutes.vocab import OA, OM, Iris, bind_prefixes, slug

OMSH = "https://w3id.org/openminutes/shapes#"
GOLDEN = Path(__file__).parent / "golden"
IRIS = Iris("https://minutes.example.org/")
COUNCIL, BODY, DAY = "Northshire County Council", "Cabinet", date(2024, 3, 7)


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param


class Minutes:
    """One meeting built by hand the way the converters build it: every node
    derived from a span of text, the text growing as nodes quote it."""

    def __init__(self):
        self.graph = Graph()
        bind_prefixes(self.graph)
        self.text = ""
        self.meeting = IRIS.meeting(COUNCIL, BODY, DAY.isoformat())
        self.document = IRIS.document(self.meeting)
        self.council = IRIS.council(COUNCIL)
        self.body = IRIS.body(COUNCIL, BODY)

    def node(self, iri: URIRef, cls: URIRef, quote: str, **values) -> URIRef:
        start = len(self.text)
        self.text += quote + "\n"
        span = IRIS.span(self.document, start, start + len(quote))
        position, quote_selector = URIRef(span + "#position"), URIRef(span + "#quote")
        g = self.graph
        g.add((iri, RDF.type, cls))
        g.add((iri, PROV.wasDerivedFrom, span))
        g.add((span, RDF.type, OA.SpecificResource))
        g.add((span, OA.hasSource, self.document))
        g.add((span, OA.hasSelector, position))
        g.add((span, OA.hasSelector, quote_selector))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(start)))
        g.add((position, OA.end, Literal(start + len(quote))))
        g.add((quote_selector, RDF.type, OA.TextQuoteSelector))
        g.add((quote_selector, OA.exact, Literal(quote)))
        for name, value in values.items():
            g.add((iri, OM[name], value if isinstance(value, (URIRef, Literal)) else Literal(value)))
        return iri

    def person(self, name: str, quote: str, **values) -> URIRef:
        iri = IRIS.person(COUNCIL, name)
        return self.node(iri, OM.Person, quote, name=name, council=self.council, **values)

    def attendance(self, person: URIRef, status: URIRef, quote: str, **values) -> URIRef:
        iri = IRIS.under(self.meeting, "attendance", person.rsplit("/", 1)[1])
        self.graph.add((self.meeting, OM.attendance, iri))
        return self.node(iri, OM.Attendance, quote, meeting=self.meeting, person=person, attendanceStatus=status,
                         **values)

    def other_meeting(self, day: date, quote: str) -> URIRef:
        iri = IRIS.meeting(COUNCIL, BODY, day.isoformat())
        return self.node(iri, OM.Meeting, quote, body=self.body, date=Literal(day))


def minutes() -> Minutes:
    m = Minutes()
    g = m.graph
    m.node(m.council, OM.Council, COUNCIL, name=COUNCIL, alternateName="Northshire CC", registerCode="NSH",
           gssCode="E10000099", formerGssCode="E10000098", replacedBy=IRIS.council("North and South Shire Council"))
    m.node(m.body, OM.Body, BODY, name=BODY, council=m.council, bodyType=OM.CabinetBody)
    m.node(IRIS.body(COUNCIL, "Cabinet Working Group"), OM.Body, "the Cabinet Working Group",
           name="Cabinet Working Group", council=m.council, bodyType=OM.SubCommitteeBody, parentBody=m.body)
    hall = m.node(IRIS.place(COUNCIL, "Council Chamber"), OM.Place, "Council Chamber, County Hall",
                  name="Council Chamber", council=m.council)
    m.node(m.meeting, OM.Meeting, f"Minutes of the {BODY} meeting held on Thursday, 7 March 2024 at 10.00 am",
           body=m.body, date=Literal(DAY), startTime=Literal(time(10)), actualStartTime=Literal(time(10, 5)),
           endTime=Literal(time(12, 30)), meetingStatus=OM.Held,
           venue=hall, recordedIn=m.document, noInterestsDeclared=Literal(True),
           confirmsMinutesOf=m.other_meeting(date(2024, 2, 1), "the meeting held on 1 February 2024"),
           nextMeeting=m.other_meeting(date(2024, 4, 4), "Thursday, 4 April 2024 at 10.00 am"))

    chair = m.person("Ann Rivers", "County Councillor Ann Rivers (Chair)", honorificPrefix="Mrs")
    member = m.person("Tom Field", "County Councillor Tom Field", alternateName="T Field")
    absent = m.person("Jo Marsh", "County Councillor Jo Marsh MBE", honorificSuffix="MBE")
    substitute = m.person("Sam Brook", "County Councillor Sam Brook (for County Councillor J Marsh)")
    officer = m.person("Pat Lane", "Pat Lane, Director of Finance")
    m.attendance(chair, OM.Present, "Ann Rivers (Chair)", meetingRole=OM.Chair)
    m.attendance(member, OM.Present, "Tom Field")
    m.attendance(absent, OM.Apologies, "Apologies were received from County Councillor Jo Marsh")
    m.attendance(substitute, OM.Present, "Sam Brook (for J Marsh)", substituteFor=absent)
    m.attendance(officer, OM.Officer, "Pat Lane, Director of Finance", jobTitle="Director of Finance")
    clerk = m.node(IRIS.under(m.meeting, "attendance", "post-clerk"), OM.Attendance, "Clerk to circulate the report",
                   meeting=m.meeting, attendanceStatus=OM.Officer, jobTitle="Clerk")
    m.graph.add((m.meeting, OM.attendance, clerk))
    m.node(_membership(m), OM.Membership, "Ann Rivers, Chair of the Cabinet", member=chair,
           organization=m.body, membershipRole=OM.Chair, startDate=Literal(date(2023, 5, 18)),
           endDate=Literal(date(2024, 5, 16)))
    m.node(_post(m), OM.OfficerPost, "Director of Finance", jobTitle="Director of Finance", council=m.council,
           holder=officer, startDate=Literal(date(2020, 1, 6)))

    items = [
        m.node(IRIS.item(m.meeting, number), OM.AgendaItem, f"{number}. {title}", meeting=m.meeting,
               itemNumber=number, position=Literal(position), title=title,
               minutesText=text, exempt=Literal(False))
        for position, (number, title, text) in enumerate([
            ("1", "Minutes of the last meeting", "Resolved: That the minutes be confirmed."),
            ("2", "Budget monitoring", "Pat Lane presented a report on the budget."),
        ], 1)
    ]
    report = IRIS.under(items[1], "report", 1)
    m.node(report, OM.Report, "Pat Lane presented a report", item=items[1], presentedBy=officer,
           description="the position of the budget at the end of January")
    m.node(IRIS.under(items[0], "resolution", 1), OM.Resolution, "the minutes be confirmed", item=items[0],
           text="the minutes be confirmed as a correct record", resolutionKind=OM.Approved)
    m.node(IRIS.under(items[1], "action", 1), OM.Action, "Pat Lane to report back in April", item=items[1],
           assignee=officer, text="report back on the forecast", dueMeeting=m.other_meeting(date(2024, 4, 4), "April"),
           dueDate=Literal(date(2024, 4, 4)))
    g.add((member, OM.spokeAt, items[1]))
    m.node(IRIS.under(m.meeting, "declaration", 1), OM.DeclarationOfInterest,
           "Tom Field declared a non-registrable interest in item 2 and left the room", meeting=m.meeting,
           person=member, item=items[1], text="a non-registrable interest as a school governor",
           interestKind=OM.NonRegistrable, interestAction=OM.LeftRoom)
    m.node(IRIS.under(m.meeting, "declaration", 2), OM.DeclarationOfInterest,
           "Ann Rivers declared an other registrable interest in minute 14, not part of these minutes",
           meeting=m.meeting, person=chair, citedItemNumber="14", text="an other registrable interest",
           interestKind=OM.OtherRegistrable)

    motion = m.node(IRIS.under(items[1], "motion", 1), OM.Motion, "Moved by Ann Rivers, seconded by Sam Brook",
                    item=items[1], text="that the forecast be noted", mover=chair, seconder=substitute,
                    outcome=OM.Carried, resolutionNumber="C2024-031")
    amendment = m.node(IRIS.under(items[1], "motion", 2), OM.Motion, "An amendment moved by Tom Field was lost",
                       item=items[1], text="that the forecast be referred back", mover=member, outcome=OM.Lost,
                       amends=motion)
    g.add((amendment, RDF.type, OM.Amendment))
    event = m.node(IRIS.under(motion, "vote"), OM.VoteEvent, "For 2, against 1", motion=motion,
                   voteMethod=OM.RecordedVote, votesFor=Literal(2),
                   votesAgainst=Literal(1),
                   abstentions=Literal(0))
    for voter, option in ((chair, OM.For), (substitute, OM.For), (member, OM.Against)):
        m.node(IRIS.under(event, voter.rsplit("/", 1)[1]), OM.Vote, voter.rsplit("/", 1)[1], voteEvent=event,
               voter=voter, voteOption=option)

    g.add((m.document, RDF.type, OM.Document))
    g.add((m.document, OM.sha256, Literal("0f" * 32)))
    g.add((m.document, OM.fileName, Literal("cabinet-2024-03-07.txt")))
    g.add((m.document, OM.sourceFormat, Literal("moderngov-text")))
    g.add((m.document, DCTERMS.format, Literal("text/plain")))
    g.add((m.document, OM.textRecognised, Literal(False)))
    g.add((m.document, DCTERMS.source, URIRef("https://northshire.example/minutes/cabinet-2024-03-07.txt")))
    g.add((m.document, OM.retrievedAt, Literal(datetime(2024, 3, 12, 9, 30, tzinfo=timezone.utc))))
    return m


def _membership(m: Minutes) -> URIRef:
    return IRIS.under(m.body, "membership", "ann-rivers")


def _post(m: Minutes) -> URIRef:
    return IRIS.under(m.council, "post", "director-of-finance")


def _vote_event(m: Minutes) -> URIRef:
    return IRIS.under(IRIS.item(m.meeting, "2"), "motion", 1, "vote")


def results(report: ValidationReport, severity: str) -> set[tuple[str, str | None, str]]:
    """(shape local name, path, focus) of each result of a severity."""
    return {(r.shape.removeprefix(OMSH), r.path, r.focus) for r in report.results if r.severity == severity}


def test_hand_built_minutes_conform_without_any_result(engine):
    m = minutes()
    assert len(m.graph) > 400
    report = validate(m.graph, engine)
    assert report.conforms, report.text
    assert report.results == []
    assert (None, SH.conforms, Literal(True)) in report.graph


def test_a_graph_in_a_store_without_contexts_is_validated(engine):
    m = minutes()
    m.graph.remove((m.meeting, OM.date, None))
    simple = Graph(store="SimpleMemory")
    simple += m.graph
    assert validate(simple, engine).results == validate(m.graph, engine).results != []


def test_validation_leaves_the_graph_unchanged(engine):
    m = minutes()
    m.graph.remove((m.meeting, OM.date, None))
    before = to_isomorphic(m.graph)
    assert not validate(m.graph, engine).conforms
    assert to_isomorphic(m.graph) == before


BROKEN = []


def breaks(severity: str, shape: str, path: str | None, focus):
    """Registers a way of breaking the minutes and the one result it must cause
    (among others): its severity, the shape reporting it, its path and focus node."""

    def register(f):
        BROKEN.append(pytest.param(f, severity, shape, path, focus, id=f.__name__.replace("_", " ")))
        return f

    return register


def _attendance(m: Minutes, name: str) -> URIRef:
    return IRIS.under(m.meeting, "attendance", slug(name))


def _item(m: Minutes, number: str = "1") -> URIRef:
    return IRIS.item(m.meeting, number)


def _vote(m: Minutes) -> URIRef:
    return IRIS.under(_vote_event(m), "tom-field")


def _span(m: Minutes) -> URIRef:
    return m.graph.value(m.council, PROV.wasDerivedFrom)


@breaks("Violation", "Meeting-date", "om:date", lambda m: m.meeting)
def meeting_without_date(m):
    m.graph.remove((m.meeting, OM.date, None))


@breaks("Violation", "Meeting-body", "om:body", lambda m: m.meeting)
def meeting_without_body(m):
    m.graph.remove((m.meeting, OM.body, None))


@breaks("Violation", "MeetingShape", None, lambda m: IRIS.under(m.body, "meeting"))
def meeting_iri_without_date(m):
    m.node(IRIS.under(m.body, "meeting"), OM.Meeting, "a meeting", body=m.body, date=Literal(DAY))


@breaks("Violation", "MeetingOrder-nextMeeting", "om:nextMeeting", lambda m: m.meeting)
def next_meeting_before_the_meeting(m):
    m.graph.set((m.graph.value(m.meeting, OM.nextMeeting), OM.date, Literal(date(2024, 3, 1))))


@breaks("Violation", "MeetingOrder-confirmsMinutesOf", "om:confirmsMinutesOf", lambda m: m.meeting)
def confirms_minutes_of_a_later_meeting(m):
    m.graph.set((m.graph.value(m.meeting, OM.confirmsMinutesOf), OM.date, Literal(date(2024, 3, 8))))


@breaks("Violation", "Attendance-whose", "om:person|om:jobTitle", lambda m: _attendance(m, "Tom Field"))
def attendance_without_person(m):
    m.graph.remove((_attendance(m, "Tom Field"), OM.person, None))


@breaks("Violation", "Attendance-person", "om:person", lambda m: _attendance(m, "Tom Field"))
def attendance_of_two_people(m):
    m.graph.add((_attendance(m, "Tom Field"), OM.person, IRIS.person(COUNCIL, "Ann Rivers")))


@breaks("Violation", "AtMeeting-meeting", "om:meeting", lambda m: _attendance(m, "Tom Field"))
def attendance_without_meeting(m):
    m.graph.remove((_attendance(m, "Tom Field"), OM.meeting, None))


@breaks("Violation", "Attendance-status", "om:attendanceStatus", lambda m: _attendance(m, "Tom Field"))
def attendance_without_status(m):
    m.graph.remove((_attendance(m, "Tom Field"), OM.attendanceStatus, None))


@breaks("Violation", "Attendance-status", "om:attendanceStatus", lambda m: _attendance(m, "Tom Field"))
def status_from_another_scheme(m):
    m.graph.set((_attendance(m, "Tom Field"), OM.attendanceStatus, OM.Chair))


@breaks("Violation", "Attendance-status", "om:attendanceStatus", lambda m: _attendance(m, "Tom Field"))
def present_and_absent(m):
    m.graph.add((_attendance(m, "Tom Field"), OM.attendanceStatus, OM.Absent))


@breaks("Violation", "Attendance-substituteFor", "om:substituteFor", lambda m: _attendance(m, "Sam Brook"))
def substitute_for_themselves(m):
    m.graph.set((_attendance(m, "Sam Brook"), OM.substituteFor, IRIS.person(COUNCIL, "Sam Brook")))


@breaks("Violation", "Substitution-person", "om:person", lambda m: _attendance(m, "Sam Brook"))
def substitute_also_gives_apologies(m):
    apologies = m.node(IRIS.under(m.meeting, "attendance", "sam-brook-2"), OM.Attendance, "Apologies: Sam Brook",
                       meeting=m.meeting, person=IRIS.person(COUNCIL, "Sam Brook"), attendanceStatus=OM.Apologies)
    m.graph.add((m.meeting, OM.attendance, apologies))


@breaks("Violation", "Attendance-listed", "^om:attendance", lambda m: _attendance(m, "Tom Field"))
def attendance_its_meeting_does_not_list(m):
    m.graph.remove((m.meeting, OM.attendance, _attendance(m, "Tom Field")))


@breaks("Violation", "Attendance-listed", "^om:attendance", lambda m: _attendance(m, "Tom Field"))
def attendance_listed_by_another_meeting(m):
    m.graph.add((IRIS.meeting(COUNCIL, BODY, "2024-02-01"), OM.attendance, _attendance(m, "Tom Field")))


@breaks("Violation", "AgendaItem-itemNumber", "om:itemNumber", _item)
def item_with_an_empty_number(m):
    m.graph.set((_item(m), OM.itemNumber, Literal("")))


@breaks("Violation", "AgendaItem-position", "om:position", _item)
def item_at_position_zero(m):
    m.graph.set((_item(m), OM.position, Literal(0)))


@breaks("Violation", "Worded-text", "om:text", lambda m: IRIS.under(_item(m), "resolution", 1))
def resolution_without_text(m):
    m.graph.remove((IRIS.under(_item(m), "resolution", 1), OM.text, None))


@breaks("Violation", "UnderItem-item", "om:item", lambda m: IRIS.under(_item(m, "2"), "action", 1))
def action_without_item(m):
    m.graph.remove((IRIS.under(_item(m, "2"), "action", 1), OM.item, None))


@breaks("Violation", "Document-sha256", "om:sha256", lambda m: m.document)
def digest_in_upper_case(m):
    m.graph.set((m.document, OM.sha256, Literal("0F" * 32)))


@breaks("Violation", "TextPositionSelector-start", "oa:start", lambda m: URIRef(_span(m) + "#position"))
def selector_without_start(m):
    m.graph.remove((None, OA.start, None))


@breaks("Violation", "TextPositionSelector-start", "oa:start", lambda m: URIRef(_span(m) + "#position"))
def selector_ending_before_it_starts(m):
    m.graph.set((URIRef(_span(m) + "#position"), OA.end, Literal(0)))


@breaks("Violation", "TextPositionSelector-start", "oa:start", lambda m: URIRef(_span(m) + "#position"))
def selector_ending_at_a_negative_offset(m):
    m.graph.set((URIRef(_span(m) + "#position"), OA.end, Literal(-1)))


@breaks("Violation", "Span-selectors", "oa:hasSelector", _span)
def quote_selector_untyped(m):
    m.graph.remove((URIRef(_span(m) + "#quote"), RDF.type, None))


@breaks("Violation", "SpanShape", None, lambda m: URIRef("https://elsewhere.example/minutes.txt"))
def derived_from_a_bare_iri(m):
    m.graph.add((m.body, PROV.wasDerivedFrom, URIRef("https://elsewhere.example/minutes.txt")))


@breaks("Violation", "Council-gssCode", "om:gssCode", lambda m: m.council)
def gss_code_in_lower_case(m):
    m.graph.set((m.council, OM.gssCode, Literal("e10000099")))


@breaks("Violation", "Motion-outcome", "om:outcome", lambda m: IRIS.under(_item(m, "2"), "motion", 1))
def motion_outcome_from_another_scheme(m):
    m.graph.set((IRIS.under(_item(m, "2"), "motion", 1), OM.outcome, OM.Approved))


@breaks("Violation", "Vote-voteOption", "om:voteOption", _vote)
def vote_without_option(m):
    m.graph.remove((_vote(m), OM.voteOption, None))


@breaks("Violation", "VoteEvent-votesFor", "om:votesFor", lambda m: m.graph.value(_vote(m), OM.voteEvent))
def negative_count_of_votes(m):
    m.graph.set((m.graph.value(_vote(m), OM.voteEvent), OM.votesFor, Literal(-1)))


@breaks("Violation", "Declaration-oneItem", "om:item|om:citedItemNumber", lambda m: IRIS.under(m.meeting, "declaration", 1))
def declaration_in_an_item_and_citing_another(m):
    m.graph.add((IRIS.under(m.meeting, "declaration", 1), OM.citedItemNumber, Literal("14")))


@breaks("Violation", "Numbered-resolutionNumber", "om:resolutionNumber", lambda m: IRIS.under(_item(m, "2"), "motion", 1))
def motion_with_two_resolution_numbers(m):
    m.graph.add((IRIS.under(_item(m, "2"), "motion", 1), OM.resolutionNumber, Literal("C2024-032")))


@breaks("Violation", "ByPerson-person", "om:person", lambda m: IRIS.under(m.meeting, "declaration", 1))
def declaration_without_person(m):
    m.graph.remove((IRIS.under(m.meeting, "declaration", 1), OM.person, None))


@breaks("Warning", "RecordedMeeting-venue", "om:venue", lambda m: m.meeting)
def meeting_without_venue(m):
    m.graph.remove((m.meeting, OM.venue, None))


@breaks("Warning", "RecordedMeeting-startTime", "om:startTime", lambda m: m.meeting)
def meeting_without_start_time(m):
    m.graph.remove((m.meeting, OM.startTime, None))


@breaks("Warning", "AgendaItem-titleGiven", "om:title", _item)
def item_without_title(m):
    m.graph.remove((_item(m), OM.title, None))


@breaks("Warning", "Extracted-wasDerivedFrom", "prov:wasDerivedFrom", lambda m: IRIS.person(COUNCIL, "Tom Field"))
def person_without_provenance(m):
    m.graph.remove((IRIS.person(COUNCIL, "Tom Field"), PROV.wasDerivedFrom, None))


@breaks("Violation", "VoteCounts", "om:votesFor", _vote_event)
def more_votes_for_than_members_voting_for(m):
    m.graph.set((_vote_event(m), OM.votesFor, Literal(3)))


@breaks("Violation", "VoteCounts", "om:abstentions", _vote_event)
def an_abstention_left_out_of_the_count(m):
    m.node(IRIS.under(_vote_event(m), "jo-marsh"), OM.Vote, "Jo Marsh", voteEvent=_vote_event(m),
           voter=IRIS.person(COUNCIL, "Jo Marsh"), voteOption=OM.Abstain)


@breaks("Violation", "VoteCounts", "om:votesAgainst", _vote_event)
def fewer_votes_against_than_members_voting_against(m):
    m.graph.set((_vote_event(m), OM.votesAgainst, Literal(0)))


@breaks("Violation", "Meeting-meetingStatus", "om:meetingStatus", lambda m: m.meeting)
def meeting_status_from_another_scheme(m):
    m.graph.set((m.meeting, OM.meetingStatus, OM.Carried))


@breaks("Violation", "Membership-member", "om:member", _membership)
def membership_without_member(m):
    m.graph.remove((_membership(m), OM.member, None))


@breaks("Violation", "Membership-organization", "om:organization", _membership)
def membership_of_a_person(m):
    m.graph.set((_membership(m), OM.organization, IRIS.person(COUNCIL, "Tom Field")))


@breaks("Violation", "Membership-role", "om:membershipRole", _membership)
def membership_role_from_another_scheme(m):
    m.graph.set((_membership(m), OM.membershipRole, OM.Apologies))


@breaks("Violation", "Term-startDate", "om:startDate", _membership)
def membership_ending_before_it_starts(m):
    m.graph.set((_membership(m), OM.endDate, Literal(date(2023, 1, 1))))


@breaks("Warning", "Membership-roleGiven", "om:membershipRole", _membership)
def membership_without_role(m):
    m.graph.remove((_membership(m), OM.membershipRole, None))


@breaks("Violation", "OfficerPost-jobTitle", "om:jobTitle", _post)
def officer_post_without_job_title(m):
    m.graph.remove((_post(m), OM.jobTitle, None))


@breaks("Violation", "InCouncil-council", "om:council", _post)
def officer_post_serving_no_council(m):
    m.graph.remove((_post(m), OM.council, None))


@breaks("Violation", "OfficerPost-holder", "om:holder", _post)
def officer_post_with_two_holders(m):
    m.graph.add((_post(m), OM.holder, IRIS.person(COUNCIL, "Tom Field")))


@pytest.mark.parametrize("break_minutes, severity, shape, path, focus", BROKEN)
def test_broken_minutes_are_reported(break_minutes, severity, shape, path, focus):
    m = minutes()
    break_minutes(m)
    report = validate(m.graph)
    assert (shape, path, str(focus(m))) in results(report, severity), report.text
    assert report.conforms == (severity == "Warning")
    assert (None, SH.conforms, Literal(report.conforms)) in report.graph


def test_vote_counts_and_votes_that_disagree_are_told_in_words():
    m = minutes()
    more_votes_for_than_members_voting_for(m)
    [result] = validate(m.graph).results
    assert result.message == "The vote records 3 votes for, but 2 members are recorded as voting for"


def test_counts_without_per_member_votes_are_not_checked_against_them(engine):
    m = minutes()
    for vote in list(m.graph.subjects(OM.voteEvent, _vote_event(m))):
        m.graph.remove((vote, None, None))
    m.graph.set((_vote_event(m), OM.votesFor, Literal(30)))
    assert validate(m.graph, engine).results == []


def test_a_count_of_an_option_no_member_is_named_under_is_not_checked(engine):
    """Minutes often name only those who voted against."""
    m = minutes()
    m.graph.set((_vote_event(m), OM.abstentions, Literal(4)))
    assert validate(m.graph, engine).results == []


def _broken(break_minutes) -> Graph:
    m = minutes()
    break_minutes(m)
    return m.graph


@pytest.mark.parametrize(
    "graph",
    [pytest.param(lambda case=case: _broken(case.values[0]), id=case.id) for case in BROKEN]
    + [pytest.param(lambda path=path: Graph().parse(path), id=path.name) for path in sorted(GOLDEN.glob("*.ttl"))],
)
def test_both_engines_report_the_same(graph):
    """With the tests above, which use the default engine, this shows the other's results right too."""
    graph = graph()
    reports = [validate(graph, engine) for engine in ENGINES]
    assert reports[0].results == reports[1].results
    assert reports[0].conforms == reports[1].conforms


def test_meetings_the_minutes_only_name_need_no_venue_or_start_time():
    m = minutes()
    named = m.graph.value(m.meeting, OM.nextMeeting)
    assert (named, OM.venue, None) not in m.graph and (named, OM.startTime, None) not in m.graph
    assert validate(m.graph).results == []


def test_report_text_lists_violations_before_warnings():
    m = minutes()
    m.graph.remove((m.meeting, OM.venue, None))
    m.graph.remove((m.meeting, OM.date, None))
    assert validate(m.graph).text.splitlines() == [
        "Does not conform: 1 violation, 1 warning",
        "",
        f"Violation: {m.meeting} om:date: A meeting needs exactly one date (xsd:date)",
        "",
        f"Warning: {m.meeting} om:venue: The minutes give no venue for the meeting",
    ]


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def test_every_shape_is_checked_and_has_a_name_a_description_and_messages():
    shapes = shapes_graph()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert node_shapes and property_shapes
    for shape in node_shapes | property_shapes:
        assert _checked(shapes, shape), f"{shape} is never checked"
        assert shapes.value(shape, SH.name) and shapes.value(shape, SH.description), shape
        # Each check has a message: a SPARQL constraint its own, other constraints their shape's.
        constrained = [shape] if any(p in CHECKS for p in shapes.predicates(shape)) else []
        assert all(shapes.value(c, SH.message) for c in [*shapes.objects(shape, SH.sparql), *constrained]), shape


def _checked(shapes: Graph, shape: URIRef) -> bool:
    """Whether a shape has targets, or is named by one that is checked: a node shape's property (sh:property), or
    the shape a property's values must have (sh:node)."""
    return any((shape, target, None) in shapes for target in TARGETS) or any(
        _checked(shapes, user) for link in (SH.property, SH.node) for user in shapes.subjects(link, shape))


def _focus_nodes(shapes: Graph, shape: URIRef, graph: Graph) -> set:
    nodes = set()
    for cls in shapes.objects(shape, SH.targetClass):
        nodes.update(graph.subjects(RDF.type, cls))
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        nodes.update(graph.subjects(p, None))
    for p in shapes.objects(shape, SH.targetObjectsOf):
        nodes.update(graph.objects(None, p))
    for owner in shapes.subjects(SH.property, shape):
        nodes |= _focus_nodes(shapes, owner, graph)
    for user in shapes.subjects(SH.node, shape):
        path = _sparql_path(shapes, shapes.value(user, SH.path))
        nodes.update(value for node in _focus_nodes(shapes, user, graph) for value in graph.objects(node, path))
    return nodes


def _sparql_path(shapes: Graph, path):
    """A SHACL path as an rdflib path, which Graph.value follows."""
    if (inverse := shapes.value(path, SH.inversePath)) is not None:
        return ~_sparql_path(shapes, inverse)
    if (alternatives := shapes.value(path, SH.alternativePath)) is not None:
        return AlternativePath(*(_sparql_path(shapes, p) for p in shapes.items(alternatives)))
    return path


def test_hand_built_minutes_give_every_shape_something_to_check():
    shapes, graph = shapes_graph(), minutes().graph
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert _focus_nodes(shapes, shape, graph), shape
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        path = shapes.value(shape, SH.path)
        assert any(graph.value(node, _sparql_path(shapes, path)) is not None
                   for node in _focus_nodes(shapes, shape, graph)), shape


def test_shapes_check_every_class_and_property_the_converters_emit():
    shapes = shapes_graph()
    emitted = Graph()
    for golden in GOLDEN.glob("*.ttl"):
        emitted.parse(golden)
    assert len(emitted)
    checked = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    assert set(emitted.objects(None, RDF.type)) <= checked
    assert set(emitted.predicates()) <= set(shapes.objects(None, SH.path))


# The shapes served at /shapes

# The SHACL terms the shapes use that are not constraints.
STRUCTURE = {RDF.type, SH.property, SH.targetClass, SH.inversePath, SH.alternativePath, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path, SH.name, SH.description,
             SH.message, SH.severity, SH.sparql, SH.declare, SH.prefixes, SH.select, SH.prefix, SH.namespace}


@pytest.fixture(scope="module")
def client(oxigraph) -> TestClient:
    return TestClient(create_app(Settings(base_iri="http://test.example/"), oxigraph.store))


@pytest.fixture(scope="module")
def shapes_as_written():
    return to_isomorphic(shapes_graph())


@pytest.mark.parametrize("media_type", [f.media_type for f in TRIPLE_FORMATS])
def test_the_shapes_are_served_in_every_rdf_format(client, shapes_as_written, media_type):
    rdf_format = BY_MEDIA_TYPE[media_type]
    response = client.get("/shapes", headers={"Accept": media_type})
    assert response.status_code == 200
    assert "Accept" in response.headers["vary"].split(", ")
    assert response.headers["content-location"] == f"http://test.example/shapes.{rdf_format.extension}"
    assert to_isomorphic(Graph().parse(data=response.content, format=rdf_format.rdflib)) == shapes_as_written
    chosen = client.get(f"/shapes.{rdf_format.extension}")
    assert chosen.headers["content-type"].split(";")[0] == media_type
    assert chosen.content == response.content


def test_an_unknown_shapes_document_is_404(client):
    assert client.get("/shapes.txt").status_code == 404


def test_every_constraint_the_shapes_use_is_put_in_words():
    used = {p for p in shapes_graph().predicates() if p.startswith(str(SH))}
    assert used - STRUCTURE <= CHECKS.keys()


class Rows(HTMLParser):
    """The words of each element with an id, and of the table rows within it."""

    def __init__(self, html: str):
        super().__init__()
        self.words: dict[str, str] = {}
        self.rows: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        id_ = dict(attrs).get("id")
        if tag == "br":
            return self.handle_data(" ")
        self._open.append((tag, id_))
        if id_:
            self.words[id_], self.rows[id_] = "", []
        if tag == "tr":
            for owner in self._owners():
                self.rows[owner].append("")

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        in_row = any(tag == "tr" for tag, _ in self._open)
        for owner in self._owners():
            self.words[owner] += data
            if in_row and self.rows[owner]:
                self.rows[owner][-1] += data

    def _owners(self):
        return [id_ for _, id_ in self._open if id_]


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def page(client) -> Rows:
    response = client.get("/shapes", headers={"Accept": "text/html"})
    assert response.status_code == 200
    return Rows(response.text)


def test_the_page_shows_every_node_shape_with_its_name_description_and_targets(page):
    shapes = shapes_graph()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        words = _words(page.words[shape.removeprefix(OMSH)])
        assert str(shapes.value(shape, SH.name)) in words and str(shapes.value(shape, SH.description)) in words
        for cls in shapes.objects(shape, SH.targetClass):
            assert f"every {cls.n3(shapes.namespace_manager)}" in words
        # A shape with no targets of its own says which values it checks: those of another's property.
        for user in shapes.subjects(SH.node, shape):
            owner = shapes.value(predicate=SH.property, object=user)
            path = shapes.value(user, SH.path).n3(shapes.namespace_manager)
            assert f"every value of {path} of a {shapes.value(owner, SH.name)}" in words


def test_the_page_shows_each_property_check_with_its_severity_and_message(page):
    meeting = [_words(row) for row in page.rows["MeetingShape"]]
    assert "date The day of the meeting: without it a meeting cannot be placed. count ≥ 1; count ≤ 1; " \
           "of datatype xsd:date Violation A meeting needs exactly one date (xsd:date)" in meeting
    assert "title Items usually have a heading; an item without one is published with a warning. count ≥ 1; " \
           "1 or more characters long Warning The minutes give no title for the agenda item" \
        in [_words(row) for row in page.rows["AgendaItemShape"]]
    # A check of several classes is shown under each.
    assert any(_words(row).startswith("name ") for row in page.rows["PersonShape"])
    counts = _words(page.words["VoteCounts"])
    assert "The vote records {?recorded} {?counted}, but {?cast} members are recorded as {?voting}" in counts
    assert "every value of om:voteEvent" in counts


def test_checks_of_nodes_no_node_shape_targets_are_shown_too(page):
    other = [_words(row) for row in page.rows["other-checks"]]
    assert "venue (om:venue) Minutes usually say where a meeting was held; some leave it out, so its absence is " \
           "a warning. every node with a value of om:recordedIn count ≥ 1 Warning " \
           "The minutes give no venue for the meeting" in other
    other = " ".join(other)
    assert "every node with a value of om:substituteFor" in other
    assert "attended as a substitute but is also recorded as giving apologies" in other
