"""The home page: the councils whose minutes the store holds, and the latest meetings."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph

from api import views
from api.representations import conditional, page
from openminutes.vocab import OM

LATEST = 20
COUNCILS = f"""
SELECT ?council ?name (COUNT(DISTINCT ?body) AS ?bodies) (COUNT(DISTINCT ?meeting) AS ?meetings) WHERE {{
  ?council a {OM.Council.n3()} .
  OPTIONAL {{ ?council {OM.name.n3()} ?name }}
  OPTIONAL {{
    ?body a {OM.Body.n3()} ; {OM.council.n3()} ?council .
    OPTIONAL {{ ?meeting {OM.body.n3()} ?body ; {OM.recordedIn.n3()} ?minutes }}
  }}
}}
GROUP BY ?council ?name
ORDER BY ?name ?council"""
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
LIMIT {LATEST}"""

router = APIRouter()


@router.api_route("/", methods=["GET", "HEAD"])
def home(request: Request) -> Response:
    state = request.app.state
    p = views.Page(Graph(), state.ontology, state.iris, state.root)
    councils = [
        {"council": p.named(row["council"], row.get("name")), "bodies": int(row["bodies"]), "meetings": int(row["meetings"])}
        for row in state.store.select(COUNCILS)
    ]
    meetings = [
        {
            "meeting": views.Link(p.href(row["meeting"]), views.display(row["date"])),
            "body": p.named(row.get("body"), row.get("bodyName")),
            "council": p.named(row.get("council"), row.get("councilName")),
        }
        for row in state.store.select(MEETINGS)
    ]
    return conditional(request, page(request, "home.html", {"councils": councils, "meetings": meetings}))
