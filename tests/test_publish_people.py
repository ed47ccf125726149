"""People joined across the documents of a council when they are published."""

from __future__ import annotations

import pytest

from converters import Source
from openminutes.publish import publish
from openminutes.vocab import OM

HARBURY = "Harbury Vale District Council"

MINUTES = """{council}

Cabinet
Minutes of the Meeting held on Tuesday, {day} June, 2025 at 10.00 am in Committee Room 2

Present:

{present}

<AI1>
\t1.
\tApologies for Absence

No apologies were received.

</AI1>
"""


def minutes(day: str, *present: str, council: str = HARBURY) -> Source:
    text = MINUTES.format(council=council, day=day, present="\n".join(present))
    return Source(text.encode(), f"{day}.txt")


def people(store, iris, surname: str, council: str = HARBURY) -> dict:
    """The council's people of that surname: IRI → (om:name, every name), over all graphs."""
    rows = store.select(f"""
        SELECT ?person ?name ?form WHERE {{
          ?person a <{OM.Person}> ; <{OM.council}> <{iris.council(council)}> ; <{OM.name}> ?name .
          {{ ?person <{OM.name}> ?form }} UNION {{ ?person <{OM.alternateName}> ?form }}
          FILTER(STRENDS(?form, " {surname}") || ?form = "{surname}")
        }}""")
    found: dict = {}
    for row in rows:
        names, forms = found.setdefault(row["person"], (set(), set()))
        names.add(str(row["name"]))
        forms.add(str(row["form"]))
    return found


def attended(store, person) -> set:
    rows = store.select(f"""SELECT ?meeting WHERE {{
        ?attendance a <{OM.Attendance}> ; <{OM.person}> <{person}> ; <{OM.meeting}> ?meeting }}""")
    return {row["meeting"] for row in rows}


def meeting(iris, day: str):
    return iris.meeting(HARBURY, "Cabinet", f"2025-06-{day[:-2].zfill(2)}")


@pytest.mark.parametrize("first, second", [
    ("Councillor B Yates CBE (Chair)", "County Councillor Barrie Yates"),
    ("County Councillor Barrie Yates", "Councillor B Yates CBE (Chair)"),
])
def test_initials_and_full_name_in_two_minutes_are_one_person_named_as_first_published(store, iris, first, second):
    publish(store, minutes("3rd", first), iris)
    publish(store, minutes("10th", second), iris)

    (person, (names, forms)), = people(store, iris, "Yates").items()
    first_name = "B Yates" if first.startswith("Councillor B") else "Barrie Yates"
    assert person == iris.person(HARBURY, first_name)
    assert (names, forms) == ({first_name}, {"B Yates", "Barrie Yates"})
    assert attended(store, person) == {meeting(iris, "3rd"), meeting(iris, "10th")}


def test_two_people_sharing_a_surname_stay_two_and_a_bare_surname_between_them_stays_apart(store, iris):
    publish(store, minutes("3rd", "Councillor J Smith", "Dr Mary Smith"), iris)
    publish(store, minutes("10th", "Councillor John Smith", "Mrs M Smith"), iris)
    publish(store, minutes("17th", "Councillor Smith"), iris)

    found = people(store, iris, "Smith")
    assert sorted(found.values(), key=lambda names: sorted(names[0])) == [
        ({"J Smith"}, {"J Smith", "John Smith"}), ({"Mary Smith"}, {"M Smith", "Mary Smith"}), ({"Smith"}, {"Smith"}),
    ]
    assert attended(store, iris.person(HARBURY, "J Smith")) == {meeting(iris, "3rd"), meeting(iris, "10th")}


def test_a_bare_surname_joins_the_one_person_who_bears_it(store, iris):
    publish(store, minutes("3rd", "Dr F Adeyemi"), iris)
    publish(store, minutes("10th", "Councillor Adeyemi"), iris)

    assert people(store, iris, "Adeyemi") == {iris.person(HARBURY, "F Adeyemi"): ({"F Adeyemi"}, {"F Adeyemi", "Adeyemi"})}


@pytest.mark.parametrize("first, second", [
    (["Councillor B Yates"], ["Councillor Barrie Yates", "Councillor Brian Yates"]),
    (["Councillor Barrie Yates", "Councillor Brian Yates"], ["Councillor B Yates"]),
])
def test_initials_two_people_agree_with_join_neither(store, iris, first, second):
    publish(store, minutes("3rd", *first), iris)
    publish(store, minutes("10th", *second), iris)

    assert set(people(store, iris, "Yates")) == {iris.person(HARBURY, name) for name in ("B Yates", "Barrie Yates", "Brian Yates")}


def test_a_namesake_in_another_council_stays_apart(store, iris):
    publish(store, minutes("3rd", "Councillor B Yates"), iris)
    publish(store, minutes("10th", "Councillor Barrie Yates", council="Ashcombe Borough Council"), iris)

    assert people(store, iris, "Yates") == {iris.person(HARBURY, "B Yates"): ({"B Yates"}, {"B Yates"})}
    assert people(store, iris, "Yates", "Ashcombe Borough Council") == {
        iris.person("Ashcombe Borough Council", "Barrie Yates"): ({"Barrie Yates"}, {"Barrie Yates"}),
    }


def test_publishing_joined_minutes_again_changes_nothing(store, iris):
    documents = [minutes("3rd", "Councillor B Yates"), minutes("10th", "County Councillor Barrie Yates")]
    for document in documents:
        publish(store, document, iris)
    before = sorted(map(repr, store.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")))

    for document in reversed(documents):
        publish(store, document, iris)

    assert sorted(map(repr, store.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))) == before  # the log too
