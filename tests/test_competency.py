"""The competency questions (ontology/competency/*.rq) asked of the golden
documents loaded into a real Oxigraph store, answers checked row by row
against what a reader of our sample minutes finds in them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

from converters import Source, convert
from openminutes.vocab import Iris

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "ontology" / "competency"
IRIS = Iris("http://example.org/")
ASHCOMBE = IRIS.meeting("Ashcombe Borough Council", "Council", "2025-09-18")
HARBURY = IRIS.meeting("Harbury Vale District Council", "Planning Committee", "2025-03-12")
BRACKENFORD = IRIS.meeting("Brackenford County Council", "Cabinet", "2025-06-03")
LANCASHIRE = IRIS.meeting("Lancashire County Council", "Cabinet Committee on Performance Improvement", "2018-10-04")
# Samples added later have answers of their own; these tests check the rows of the meetings above.
KNOWN = (ASHCOMBE, HARBURY, BRACKENFORD, LANCASHIRE)


@pytest.fixture(scope="module")
def sources(shared_dir) -> list[Source]:
    paths = [*sorted((ROOT / "samples").glob("*.txt")), *sorted((shared_dir / "seeds").glob("*.txt"))]
    return [Source.from_path(p) for p in paths]


@pytest.fixture
def ask(store, sources):
    for source in sources:
        conversion = convert(source, IRIS)
        store.put_graph(conversion.document, conversion.graph)

    def answer(question: str, *variables: str, where=lambda row: True) -> list[tuple]:
        rows = store.select((QUESTIONS / f"{question}.rq").read_text())
        return [tuple(_plain(row.get(v)) for v in variables) for row in rows if where(row)]

    return answer


def _plain(term):
    return term.toPython() if isinstance(term, Literal) else term


def at(*meetings):
    return lambda row: row["meeting"] in meetings


def test_meetings(ask):
    rows = ask("meetings", "councilName", "bodyName", "date", "startTime", "venue", where=at(*KNOWN))
    assert {(c, b, str(d), str(t), v) for c, b, d, t, v in rows} == {
        ("Ashcombe Borough Council", "Council", "2025-09-18", "19:00:00", "the Council Chamber - Ashcombe Town Hall"),
        ("Harbury Vale District Council", "Planning Committee", "2025-03-12", "18:30:00",
         "the Council Chamber - Vale House, Harbury"),
        ("Brackenford County Council", "Cabinet", "2025-06-03", "10:00:00", "Committee Room 2 - Shire Hall, Brackenford"),
        ("Lancashire County Council", "Cabinet Committee on Performance Improvement", "2018-10-04", "14:00:00",
         "Committee Room 'B' (The Diamond Jubilee Room) - County Hall, Preston"),
    }


def test_attendance(ask):
    rows = ask("attendance", "name", "status", "role", "substituteForName", where=at(ASHCOMBE))
    assert sorted(rows, key=str) == sorted([
        ("Margaret Osei", "present", "chair", None), ("Daniel Frost", "present", "vice-chair", None),
        ("N Achebe", "present", None, None), ("Lorna Brennan", "present", None, None),
        ("E Carver", "present", None, None), ("Hugh Dunmore", "present", None, None),
        ("J Ferreira", "present", None, None), ("K Gallagher", "present", None, None),
        ("P Hollis", "present", None, None),
        ("Imogen Reyes", "apologies", None, None), ("Victor Lund", "apologies", None, None),
    ], key=str)
    substitutes = ask("attendance", "name", "substituteForName",
                      where=lambda r: "substituteForName" in r and r["meeting"] in KNOWN)
    assert set(substitutes) == {("Diane Marsh", "Martin Price"), ("Colin Marlow", "Beatrice Holt"),
                                ("Barrie Yates", "Albert Atkinson")}


def test_items(ask):
    rows = ask("items", "number", "title", where=at(BRACKENFORD))
    assert rows == [("1", "Apologies for Absence"), ("2", "Disclosure of Pecuniary and Non-Pecuniary Interests"),
                    ("3", "Minutes of the Meeting held on 6 May 2025"), ("4", "Highways Maintenance Programme 2025/26"),
                    ("5", "Date of Next Meeting")]


def test_resolutions(ask):
    rows = ask("resolutions", "itemNumber", "text", where=at(HARBURY))
    assert [(n, t.split()[:4]) for n, t in rows] == [
        ("3", ["the", "minutes", "of", "the"]), ("4", ["outline", "planning", "permission", "be"]),
        ("5", ["the", "Planning", "Committee", "note"])]


def test_motions(ask):
    rows = ask("motions", "itemNumber", "moverName", "seconderName", "outcome", "for", "against", "abstain",
               "isAmendment", where=at(ASHCOMBE))
    assert rows == [
        ("4", "Daniel Frost", "E Carver", "carried", 8, 1, None, False),
        ("4", "K Gallagher", "P Hollis", "lost", 2, 6, 1, True),
        ("5", "N Achebe", "J Ferreira", "carried", 5, 2, 1, False),
    ]


def test_votes(ask):
    rows = ask("votes", "name", "option", where=lambda r: str(r["motion"]).startswith(tuple(map(str, KNOWN))))
    assert sorted(rows) == sorted([
        ("N Achebe", "for"), ("E Carver", "for"), ("J Ferreira", "for"), ("K Gallagher", "for"), ("P Hollis", "for"),
        ("Daniel Frost", "against"), ("Hugh Dunmore", "against"), ("Margaret Osei", "abstain")])


def test_declarations(ask):
    rows = ask("declarations", "name", "itemNumber", "kind", where=at(ASHCOMBE))
    assert sorted(rows) == [("Hugh Dunmore", "4", "non-registrable"), ("Lorna Brennan", "5", "disclosable pecuniary")]


def test_officers(ask):
    rows = ask("officers", "name", "role", where=at(HARBURY, BRACKENFORD))
    assert sorted(rows) == [
        ("Grace Whitlow", "Enforcement Team Leader"), ("Lena Hartmann", "Housing Enabling Officer"),
        ("Marcus Bell", "Director of Highways and Transport"), ("Samuel Okafor", "Principal Planning Officer")]


def test_next_meeting(ask):
    rows = ask("next_meeting", "meeting", "nextDate", where=at(*KNOWN))
    assert {(m, str(d)) for m, d in rows} == {
        (ASHCOMBE, "2025-11-20"), (HARBURY, "2025-04-09"), (BRACKENFORD, "2025-07-01"), (LANCASHIRE, "2018-12-05")}


def test_provenance_quotes_the_source(ask, sources):
    texts = {convert(s, IRIS).document: s.text for s in sources}
    rows = ask("provenance", "node", "document", "start", "end", "exact")
    assert len({node for node, *_ in rows}) > 150
    for node, document, start, end, exact in rows:
        assert texts[document][start:end] == exact, node
