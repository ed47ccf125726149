"""Accept parsing and the choice among offered media types."""

from __future__ import annotations

import pytest

from api.negotiation import AcceptError, MediaRange, NotAcceptable, choose, negotiate, parse_accept
from api.representations import HTML, OFFERED

TURTLE, JSON_LD, RDF_XML, N_TRIPLES = OFFERED[:4]
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
          "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")


def test_parses_ranges_weights_and_parameters():
    assert parse_accept('text/turtle;q=0.5, application/ld+json;profile="a, b";q=1 ,*/*;q=0') == [
        MediaRange("text", "turtle", 0.5),
        MediaRange("application", "ld+json", 1.0),
        MediaRange("*", "*", 0.0),
    ]


def test_types_and_parameter_names_are_case_insensitive():
    assert parse_accept("Text/Turtle;Q=0.3") == [MediaRange("text", "turtle", 0.3)]


def test_empty_list_elements_and_whitespace_are_allowed():
    assert parse_accept(" , text/turtle ,, ") == [MediaRange("text", "turtle", 1.0)]


@pytest.mark.parametrize("accept", [FIREFOX, CHROME])
def test_browsers_get_html(accept):
    assert choose(accept, OFFERED) == HTML


def test_any_type_gets_the_servers_first_choice():
    assert choose("*/*", OFFERED) == TURTLE


def test_no_accept_header_gets_the_servers_first_choice():
    assert choose(None, OFFERED) == TURTLE
    assert choose("", OFFERED) == TURTLE


def test_the_highest_weight_wins():
    assert choose("text/turtle;q=0.5, application/rdf+xml;q=0.9, */*;q=0.1", OFFERED) == RDF_XML


def test_equal_weights_go_to_the_earlier_offer():
    assert choose("application/n-triples, application/ld+json", OFFERED) == JSON_LD


def test_the_most_specific_range_sets_the_weight():
    assert choose("text/*;q=0.2, text/html;q=0.9, */*;q=0.1", OFFERED) == HTML
    assert choose("text/*, text/turtle;q=0.1", OFFERED) == HTML


def test_weight_zero_refuses_a_type():
    assert choose("text/turtle;q=0, */*", OFFERED) == JSON_LD
    assert choose("*/*;q=0", OFFERED) is None


def test_nothing_acceptable_is_406_material():
    assert choose("image/png", OFFERED) is None
    with pytest.raises(NotAcceptable) as caught:
        negotiate("image/png, text/*;q=0", OFFERED)
    assert caught.value.offered == OFFERED


@pytest.mark.parametrize(
    ("accept", "position", "problem"),
    [
        ("text", 1, "expected a media range"),
        ("text/", 1, "expected a media range"),
        ("*/html", 1, "'*/html' is not a media range"),
        ("text/html;q=2", 13, "q=2 is not a weight"),
        ("text/html;q=0.1234", 13, "at most three decimals"),
        ("text/html;q=high", 13, "q=high is not a weight"),
        ("text/html;level", 11, "expected a parameter name=value"),
        ("text/html x", 11, "expected ',' or ';'"),
        ('text/html;p="unclosed', 11, "expected a parameter name=value"),
        ("text/html, ;q=1", 12, "expected a media range"),
    ],
)
def test_malformed_headers_are_refused_saying_where_and_why(accept, position, problem):
    with pytest.raises(AcceptError) as caught:
        choose(accept, OFFERED)
    message = str(caught.value)
    assert f"at character {position} of {accept!r}" in message
    assert problem in message
