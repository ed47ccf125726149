"""The reference minutes (../shared/seeds) read back against the gold
annotations a careful reader made of them (../shared/corpus/gold)."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal

from converters import Source, convert
from openminutes.vocab import OM, Iris

IGNORED_WORDS = {"mr", "mrs", "ms", "miss", "dr", "cbe", "obe", "mbe", "jp", "county", "councillor", "cllr"}


def words(name: str) -> list[str]:
    return [w for w in name.replace(".", " ").lower().split() if w not in IGNORED_WORDS]


def same_person(a: str, b: str) -> bool:
    """Titles, honours and case aside, the same surname, and forenames that agree where both are given
    (an initial agrees with a forename it begins)."""
    a, b = words(a), words(b)
    if a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    x, y = a[0], b[0]
    return x.startswith(y) if len(y) == 1 else y.startswith(x) if len(x) == 1 else x == y


@pytest.fixture(scope="module")
def gold(shared_dir):
    return json.loads((shared_dir / "corpus" / "gold" / "seed-lancashire.json").read_text())


@pytest.fixture(scope="module")
def graph(seed_path) -> Graph:
    return convert(Source.from_path(seed_path), Iris("http://example.org/")).graph


def rows(graph: Graph, query: str) -> list[tuple]:
    return [tuple(r) for r in graph.query("PREFIX om: <https://w3id.org/openminutes/ns#>\n" + query)]


def names_of(graph: Graph, person) -> list[str]:
    return [str(n) for p in (OM.name, OM.alternateName) for n in graph.objects(person, p)]


def people_with_status(graph: Graph, status) -> list:
    return [p for (p,) in rows(graph, f"SELECT ?p {{ ?a om:person ?p ; om:attendanceStatus {status.n3()} }}")]


def assert_same_people(graph: Graph, people: list, expected: list[str]):
    found = [p for p in people]
    for name in expected:
        matches = [p for p in found if any(same_person(name, n) for n in names_of(graph, p))]
        assert len(matches) == 1, f"{name!r}: {len(matches)} people match among {[names_of(graph, p) for p in found]}"
        found.remove(matches[0])
    assert not found, f"not in gold: {[names_of(graph, p) for p in found]}"


def test_meeting_facts(graph, gold):
    ((council, body, date, time, venue),) = rows(graph, """
        SELECT ?council ?body ?date ?time ?venue {
          ?m a om:Meeting ; om:recordedIn ?doc ; om:body ?b ; om:date ?date ; om:startTime ?time ; om:venue ?v .
          ?b om:name ?body ; om:council/om:name ?council . ?v om:name ?venue }""")
    assert (str(council), str(body), str(venue)) == (gold["council"], gold["body"], gold["venue"])
    assert date.toPython().isoformat() == gold["date"]
    assert str(time).startswith(gold["start_time"])


def test_chair(graph, gold):
    ((person,),) = rows(graph, "SELECT ?p { ?a om:meetingRole om:Chair ; om:person ?p }")
    assert any(same_person(gold["chair"], n) for n in names_of(graph, person))
    assert str(graph.value(person, OM.honorificSuffix)) == "CBE"


def test_present_and_apologies(graph, gold):
    assert_same_people(graph, people_with_status(graph, OM.Present), gold["present"])
    assert_same_people(graph, people_with_status(graph, OM.Apologies), gold["apologies"])


def test_substitution_resolves_initials_and_surname(graph, gold):
    found = rows(graph, "SELECT ?sub ?for { ?a om:person ?sub ; om:substituteFor ?for }")
    assert len(found) == len(gold["substitutions"]) == 1
    (substitute, replaced), expected = found[0], gold["substitutions"][0]
    assert any(same_person(expected["substitute"], n) for n in names_of(graph, substitute))
    assert any(same_person(expected["for"], n) for n in names_of(graph, replaced))
    present = people_with_status(graph, OM.Present)
    assert substitute in present, "the substitute in the attendance list is the same person"


def test_officers_with_their_roles(graph, gold):
    found = {(str(n), str(r)) for n, r in rows(graph, """
        SELECT ?name ?role { ?a om:attendanceStatus om:Officer ; om:jobTitle ?role ; om:person/om:name ?name }""")}
    assert found == {(o["name"], o["role"]) for o in gold["officers"]}


def test_items(graph, gold):
    found = rows(graph, "SELECT ?n ?t { ?i a om:AgendaItem ; om:itemNumber ?n ; om:title ?t ; om:position ?p } ORDER BY ?p")
    assert [(str(n), str(t)) for n, t in found] == [(i["number"], i["title"]) for i in gold["agenda_items"]]


def test_resolutions(graph, gold):
    found = rows(graph, "SELECT ?n ?text { ?r a om:Resolution ; om:text ?text ; om:item/om:itemNumber ?n } ORDER BY ?n")
    assert len(found) == len(gold["resolutions"])
    for (number, text), expected in zip(found, gold["resolutions"]):
        assert str(number) == expected["item"]
        assert str(text).startswith(expected["text_starts"])


def test_previous_and_next_meeting(graph, gold):
    confirmed = rows(graph, "SELECT ?d { ?m om:confirmsMinutesOf/om:date ?d }")
    assert [str(d) for (d,) in confirmed] == gold["previous_minutes"]
    ((next_date, next_time, same_venue),) = rows(graph, """
        SELECT ?d ?t (?v = ?nv AS ?same) { ?m om:venue ?v ; om:nextMeeting ?n . ?n om:date ?d ; om:startTime ?t ; om:venue ?nv }""")
    assert str(next_date) == gold["next_meeting"]
    assert str(next_time) == "14:00:00"
    assert same_venue.toPython() is True


def test_no_interests_declared(graph, gold):
    assert gold["declarations"] == []
    meeting = next(graph.subjects(OM.recordedIn, None))
    assert graph.value(meeting, OM.noInterestsDeclared) == Literal(True)


def test_reports_and_actions(graph):
    presenters = {str(n) for (n,) in rows(graph, "SELECT ?n { ?r a om:Report ; om:presentedBy/om:name ?n }")}
    assert presenters == {"Paul Bond", "Donna Talbot", "Angela Esslinger"}
    actions = rows(graph, "SELECT ?who ?due { ?a a om:Action . OPTIONAL { ?a om:assignee/om:name ?who } OPTIONAL { ?a om:dueMeeting/om:date ?due } }")
    assert {(str(w) if w else None, str(d) if d else None) for w, d in actions} == {
        ("Sally Allen", None), (None, "2018-12-05")}
    spoke = rows(graph, "SELECT ?n { ?p om:spokeAt ?i ; om:name ?n . ?i om:itemNumber '5' }")
    assert ("Sally Allen",) in {(str(n),) for (n,) in spoke}


def test_council_is_identified_by_the_register(graph, gold, shared_dir):
    import csv

    with open(shared_dir / "registers" / "uk_local_authorities_future.csv", newline="", encoding="utf-8") as f:
        (row,) = [r for r in csv.DictReader(f) if r["official-name"] == gold["council"]]
    ((code, gss),) = rows(graph, "SELECT ?code ?gss { ?c a om:Council ; om:registerCode ?code ; om:gssCode ?gss }")
    assert (str(code), str(gss)) == (row["local-authority-code"], row["gss-code"])
