"""Council identity from the register of UK local authorities."""

from converters import Source, convert
from openminutes import councils
from openminutes.vocab import OM, Iris


def test_any_spelling_of_a_council_gets_one_iri():
    iris = Iris("http://example.org/")
    minutes = "\n{council}\n\nCabinet\nMinutes of the Meeting held on 1 May 2024\n<AI1>\n1. Apologies\nNone.\n</AI1>\n"
    found = set()
    for spelling in ("Lancashire County Council", "Lancashire", "lancashire county council"):
        graph = convert(Source(minutes.format(council=spelling).encode(), "m.txt"), iris).graph
        found |= set(graph.subjects(OM.registerCode, None))
    assert found == {iris.council("Lancashire County Council")}


def test_an_abolished_council_points_to_its_successor():
    allerdale = councils.lookup("Allerdale")
    assert allerdale is not None and allerdale.replaced_by is not None
    successor = councils.by_code(allerdale.replaced_by)
    assert successor is not None and successor.code != allerdale.code


def test_a_council_not_in_the_register_keeps_its_written_name():
    assert councils.lookup("Harbury Vale District Council") is None


def test_bodies_are_typed_by_their_names():
    from converters.bodies import body_type

    assert body_type("Lancashire County Council", "Cabinet Committee on Performance Improvement") == OM.CommitteeBody
    assert body_type("Ashcombe Borough Council", "Council") == OM.FullCouncil
    assert body_type("Melton Parish Council", "Full Council") == OM.LocalCouncilBody
    assert body_type("City of London Corporation", "Planning Applications Sub-Committee") == OM.SubCommitteeBody
    assert body_type("Brackenford County Council", "Cabinet") == OM.CabinetBody
