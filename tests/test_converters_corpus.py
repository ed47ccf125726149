"""Regression tests on the real minutes in ../shared/corpus, read where they
lie: every document converts to a graph that conforms, or is refused with a
clear error; and each fact a real document once made us read wrong is read
right, named after what broke."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from benches import bench
from converters import ConversionError, Source, convert, read
from openminutes.validation import validate
from openminutes.vocab import Iris

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def load():
    return bench("accuracy").load


def documents() -> list[Path]:
    return sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("pdf/*.pdf"), *CORPUS.glob("structured/*.xml")])


def source_of(path: Path, load) -> Source:
    return load(path) if path.suffix == ".txt" else Source.from_path(path)


def minutes_of(name: str, load):
    return read(source_of(next(CORPUS.glob(f"**/{name}*")), load))[1]


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name[:40])
def test_every_real_document_conforms_or_is_refused_clearly(path, load):
    try:
        conversion = convert(source_of(path, load), Iris("http://corpus.example/"))
    except ConversionError as exc:
        assert "\n" not in str(exc) and exc.document == path.name
        return
    report = validate(conversion.graph)
    assert report.conforms, report.text


def test_a_council_named_only_by_the_address_of_its_page_has_no_empty_span(load):
    graph = convert(source_of(CORPUS / "026_dover-dc_planning-committee_2020-07-02.txt", load), Iris("http://c.example/")).graph

    assert validate(graph).conforms


def test_vice_chair_presiding_when_no_chair_is_named(load):
    m = minutes_of("011_stoke-ferry", load)

    assert [a.name.value for a in m.attendees if a.role == "chair"] == ["Cllr Jim McNeill"]


def test_the_parish_clerk_listed_with_the_members_is_an_officer(load):
    m = minutes_of("011_stoke-ferry", load)

    assert {a.name.value: a.job_title for a in m.attendees if a.status == "officer"} == {
        "Helen Richardson": "Parish Clerk and Financial Responsible Person"}


def test_markdown_with_a_few_html_tags_keeps_its_lines(load):
    m = minutes_of("044_ie-limerick", load)

    assert [i.number for i in m.items] == [str(n) for n in range(1, 11)]


def test_declarations_listed_after_their_introduction_keep_the_minute_they_name(load):
    m = minutes_of("009_leeds-cc", load)

    assert [(d.name.value, d.item_number) for d in m.declarations][:2] == [("Wilkinson", "81"), ("Leadley", "81")]
    assert [(d.name.value, d.item_number) for d in m.declarations][-1] == ("G Hyde", "85")


def test_a_correction_that_mentions_an_interest_is_no_declaration(load):
    m = minutes_of("009_leeds-cc", load)

    assert "Illingworth" not in [d.name.value for d in m.declarations]


def test_items_numbered_by_an_html_ordered_list(load):
    m = minutes_of("040_manordeilo", load)

    assert [i.number for i in m.items] == [str(n) for n in range(1, 14)]
    assert m.items[0].title == "WELCOME AND APOLOGIES"


def test_a_slash_in_a_font_without_n_is_read_as_the_n_it_stands_for():
    m = read(Source.from_path(CORPUS / "pdf" / "P05_ayton-community-council_ordinary_2008-07-08.pdf"))[1]

    assert "Norman Robertson" in [a.name.value for a in m.attendees if a.status == "present"]
    assert m.next_meeting.date == date(2008, 9, 2)


def test_a_slash_between_letters_and_digits_stays_a_slash():
    m = read(Source.from_path(CORPUS / "pdf" / "P04_manordeilo-salem-community-council_extraordinary-welsh_2019-02-06.pdf"))[1]

    assert "SR/147/001" in m.text and "SRN147" not in m.text


def test_welsh_minutes_are_read_as_english_ones():
    m = read(Source.from_path(CORPUS / "pdf" / "P02_manordeilo-salem-community-council_ordinary-welsh_2019-02-06.pdf"))[1]

    assert (m.council.value, m.date, m.venue.value) == ("Cyngor Cymuned Manordeilo a Salem", date(2019, 2, 6),
                                                        "Ystafell Ddarllen, Cwmifor")
    assert [a.name.value for a in m.attendees if a.role == "chair"] == ["Cyng. Alun Davies"]
    assert {d.item_number for d in m.declarations} == {"10"}


def test_minutes_numbered_by_their_resolutions(load):
    m = read(Source.from_path(CORPUS / "pdf" / "P08_ca-nipissing-township_council-regular_2023-04-18.pdf"))[1]

    assert [(i.number, i.title) for i in m.items] == [(None, "Disclosure of pecuniary interest"), (None, "Committee Reports")]
    assert m.no_interests is not None
    assert (m.council.value, m.body.value) == ("Township of Nipissing", "Township of Nipissing Council")
    assert {a.name.value: a.job_title for a in m.attendees if a.status == "officer"}["Kris Croskery-Hodgins"] == \
        "Municipal Administrator-Clerk-Treasurer"


@pytest.mark.parametrize("name, heading, numbers", [
    ("P08_ca-nipissing-township_council-regular", "Committee Reports", [f"R2023-{n:03}" for n in range(93, 108)]),
    ("P09_ca-nipissing-township_council-special", "Staff Report: Short Term Accommodations – Regulation Options",
     [f"R2024-{n:03}" for n in range(12, 17)]),
])
def test_numbered_resolutions_are_under_the_heading_they_follow_and_keep_their_numbers(name, heading, numbers, load):
    conversion = convert(source_of(next(CORPUS.glob(f"pdf/{name}*.pdf")), load), Iris("http://corpus.example/"))
    graph = conversion.graph
    motions = (ROOT / "ontology" / "competency" / "motions.rq").read_text(encoding="utf-8")
    resolutions = (ROOT / "ontology" / "competency" / "resolutions.rq").read_text(encoding="utf-8")
    items = (ROOT / "ontology" / "competency" / "items.rq").read_text(encoding="utf-8")

    assert [(r.number, str(r.title)) for r in graph.query(items)][-1] == (None, heading)
    assert [(r.itemNumber, str(r.resolutionNumber), str(r.outcome)) for r in graph.query(motions)] == \
        [(None, n, "carried") for n in numbers]
    assert [str(r.resolutionNumber) for r in graph.query(resolutions)] == numbers
    assert validate(graph).conforms


@pytest.mark.parametrize("name, clerk", [
    ("P01_manordeilo-salem-community-council_ordinary_2019", "Clerk"),
    ("P02_manordeilo-salem-community-council_ordinary-welsh", "Clerc"),
    ("040_manordeilo-salem", "Clerk"),
])
def test_the_clerk_who_spoke_is_the_one_paid_as_clerk(name, clerk, load):
    m = minutes_of(name, load)

    assert {a.name.value: a.job_title for a in m.attendees if a.status == "officer"} == {"Mrs Jane Davies": clerk}
