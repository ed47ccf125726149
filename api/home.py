"""The home page: the meetings whose minutes the store holds, newest first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph

from api import views
from api.representations import page
from openminutes.vocab import OM

LIMIT = 200
MEETINGS = f"""
SELECT DISTINCT ?meeting ?date ?body ?bodyName ?council ?councilName WHERE {{
  ?meeting a {OM.Meeting.n3()} ; {OM.date.n3()} ?date ; {OM.recordedIn.n3()} ?minutes .
  OPTIONAL {{
    ?meeting {OM.body.n3()} ?body .
    OPTIONAL {{ ?body {OM.name.n3()} ?bodyName }}
    OPTIONAL {{ ?body {OM.council.n3()} ?council . OPTIONAL {{ ?council {OM.name.n3()} ?councilName }} }}
  }}
}}
ORDER BY DESC(?date) ?bodyName
LIMIT {LIMIT + 1}"""

router = APIRouter()


@router.api_route("/", methods=["GET", "HEAD"])
def home(request: Request) -> Response:
    state = request.app.state
    rows = state.store.select(MEETINGS)
    p = views.Page(Graph(), state.ontology, state.iris, state.root)
    meetings = [
        {
            "meeting": views.Link(p.href(row["meeting"]), views.display(row["date"])),
            "body": _link(p, row, "body", "bodyName"),
            "council": _link(p, row, "council", "councilName"),
        }
        for row in rows[:LIMIT]
    ]
    return page(request, "home.html", {"meetings": meetings, "more": len(rows) > LIMIT, "limit": LIMIT})


def _link(p: views.Page, row: dict, iri: str, name: str) -> views.Link | None:
    if iri not in row:
        return None
    return views.Link(p.href(row[iri]), str(row.get(name) or p.compact(row[iri])))
