"""Pages for finding one's way in: the people named in each council's minutes, and a search
over agenda item titles and resolution text. Councils, bodies, meetings (by year) and items
are browsed through their own pages, starting from the home page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from rdflib import Graph

from api import views
from api.representations import conditional, page
from openminutes.vocab import OM, slug

PEOPLE_PER_PAGE = 100
RESULTS_PER_PAGE = 20
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 8
MAX_PAGE = 1000

COUNCILS = f"""
SELECT ?council ?name (COUNT(DISTINCT ?person) AS ?people) WHERE {{
  ?council a {OM.Council.n3()} .
  OPTIONAL {{ ?council {OM.name.n3()} ?name }}
  OPTIONAL {{ ?person a {OM.Person.n3()} ; {OM.council.n3()} ?council }}
}}
GROUP BY ?council ?name
ORDER BY ?name ?council"""

PEOPLE = f"""
SELECT ?person ?name (COUNT(DISTINCT ?meeting) AS ?meetings) WHERE {{
  ?person a {OM.Person.n3()} ; {OM.council.n3()} $council .
  OPTIONAL {{ ?person {OM.name.n3()} ?name }}
  OPTIONAL {{ ?attendance a {OM.Attendance.n3()} ; {OM.person.n3()} ?person ; {OM.meeting.n3()} ?meeting }}
}}
GROUP BY ?person ?name
ORDER BY ?name ?person
LIMIT $limit OFFSET $offset"""

COUNCIL_NAME = f"SELECT ?name WHERE {{ $council a {OM.Council.n3()} . OPTIONAL {{ $council {OM.name.n3()} ?name }} }}"

# An item matches by its title, or a resolution under it by its text.
SEARCH = f"""
SELECT ?item ?title ?resolution ?text ?meeting ?date WHERE {{
  {{ ?item a {OM.AgendaItem.n3()} ; {OM.title.n3()} ?title . FILTER($matches_title) }}
  UNION {{
    ?resolution a {OM.Resolution.n3()} ; {OM.item.n3()} ?item ; {OM.text.n3()} ?text . FILTER($matches_text)
    OPTIONAL {{ ?item {OM.title.n3()} ?title }}
  }}
  ?item {OM.meeting.n3()} ?meeting .
  OPTIONAL {{ ?meeting {OM.date.n3()} ?date }}
}}
ORDER BY DESC(?date) ?meeting ?item ?resolution
LIMIT $limit OFFSET $offset"""

# The meetings are named in a second query: joined into the search, they slowed it down.
MEETINGS = f"""
SELECT ?meeting ?date ?body ?bodyName ?council ?councilName WHERE {{
  VALUES ?meeting {{ $meetings }}
  ?meeting {OM.date.n3()} ?date ; {OM.body.n3()} ?body .
  OPTIONAL {{ ?body {OM.name.n3()} ?bodyName }}
  OPTIONAL {{ ?body {OM.council.n3()} ?council . OPTIONAL {{ ?council {OM.name.n3()} ?councilName }} }}
}}"""

router = APIRouter()


@dataclass(frozen=True)
class Paging:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def fill(self, query: str) -> str:
        """The query for this page, asking for one row more to learn whether another page follows."""
        return query.replace("$limit", str(self.size + 1)).replace("$offset", str(self.offset))


def paging(request: Request, size: int) -> Paging:
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise HTTPException(400, f"page must be a whole number from 1 to {MAX_PAGE}, not {raw!r}.")
    return Paging(int(raw), size)


def pages(request: Request, paging: Paging, rows: int) -> dict:
    """Links to the previous and next pages, if there are any, relative to this one."""
    def at(number: int) -> str:
        return "?" + urlencode({**request.query_params, "page": number})

    return {
        "page": paging.number,
        "previous": at(paging.number - 1) if paging.number > 1 else None,
        "next": at(paging.number + 1) if rows > paging.size else None,
    }


@router.api_route("/people", methods=["GET", "HEAD"])
def councils(request: Request) -> Response:
    state = request.app.state
    p = views.Page(Graph(), state.ontology, state.iris, state.root)
    rows = state.store.select(COUNCILS)
    listed = [{"people": views.Link(f"{state.root}people/{views.last_segment(row['council'])}",
                                    str(row.get("name") or p.compact(row["council"]))),
               "count": int(row["people"])} for row in rows]
    return conditional(request, page(request, "people_index.html", {"title": "People by council", "councils": listed}))


@router.api_route("/people/{council_slug}", methods=["GET", "HEAD"])
def people(request: Request, council_slug: str) -> Response:
    state = request.app.state
    council = state.iris.council(council_slug)
    if slug(council_slug) != council_slug or not (named := state.store.select(
            COUNCIL_NAME.replace("$council", council.n3()))):
        raise HTTPException(404, f"There is no council {council_slug!r} here; see {state.root}people for those there are.")
    at = paging(request, PEOPLE_PER_PAGE)
    rows = state.store.select(at.fill(PEOPLE.replace("$council", council.n3())))
    p = views.Page(Graph(), state.ontology, state.iris, state.root)
    name = str(named[0].get("name") or p.compact(council))
    listed = [{"person": p.named(row["person"], row.get("name")),
               "meetings": int(row["meetings"])} for row in rows[:at.size]]
    return conditional(request, page(request, "people.html", {
        "title": f"People of {name}", "trail": [views.Link(p.href(council), name)], "people": listed,
        **pages(request, at, len(rows)),
    }))


@router.api_route("/search", methods=["GET", "HEAD"])
def search(request: Request) -> Response:
    state = request.app.state
    text = request.query_params.get("q", "").strip()
    if len(text) > MAX_SEARCH_LENGTH:
        raise HTTPException(400, f"Search for at most {MAX_SEARCH_LENGTH} characters.")
    words = text.lower().split()
    if len(words) > MAX_SEARCH_WORDS:
        raise HTTPException(400, f"Search for at most {MAX_SEARCH_WORDS} words.")
    at = paging(request, RESULTS_PER_PAGE)
    context = {"title": f"Search: {text}" if text else "Search", "search_text": text, "results": []}
    if words:
        rows = state.store.select(at.fill(SEARCH.replace("$matches_title", _all_in("?title", words))
                                          .replace("$matches_text", _all_in("?text", words))))
        context["results"] = _results(state, rows[:at.size], words)
        context.update(pages(request, at, len(rows)), first=at.offset + 1)
    return conditional(request, page(request, "search.html", context))


def _all_in(variable: str, words: list[str]) -> str:
    """A SPARQL condition: every word occurs in the variable's value, ignoring case."""
    return " && ".join(f"CONTAINS(LCASE(STR({variable})), {sparql_string(word)})" for word in words)


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL string literal: the grammar's STRING_LITERAL2 forbids only these four raw."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _results(state, rows: list[dict], words: list[str]) -> list[dict]:
    p = views.Page(Graph(), state.ontology, state.iris, state.root)
    meetings = {}
    if rows:
        names = state.store.select(MEETINGS.replace(
            "$meetings", " ".join(sorted({row["meeting"].n3() for row in rows}))))
        meetings = {row["meeting"]: row for row in names}
    results = []
    for row in rows:
        meeting = meetings.get(row["meeting"], {})
        results.append({
            "item": p.named(row["item"], row.get("title")),
            "title": marked(str(row.get("title") or ""), words),
            "resolution": p.href(row["resolution"]) if "resolution" in row else None,
            "text": marked(str(row["text"]), words) if "text" in row else None,
            "meeting": views.Link(p.href(row["meeting"]), views.display(meeting["date"]) if "date" in meeting
                                  else p.compact(row["meeting"])),
            "body": p.named(meeting.get("body"), meeting.get("bodyName")),
            "council": p.named(meeting.get("council"), meeting.get("councilName")),
        })
    return results


def marked(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each saying whether it is one of ``words`` (ignoring case)."""
    lowered = text.lower()
    hits = [False] * len(text)
    if len(lowered) != len(text):  # lower case that changes lengths would shift the marks
        return [(text, False)]
    for word in words:
        start = lowered.find(word)
        while start != -1:
            hits[start:start + len(word)] = [True] * len(word)
            start = lowered.find(word, start + 1)
    pieces: list[tuple[str, bool]] = []
    for position, character in enumerate(text):
        if pieces and pieces[-1][1] == hits[position]:
            pieces[-1] = (pieces[-1][0] + character, hits[position])
        else:
            pieces.append((character, hits[position]))
    return pieces
