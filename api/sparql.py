"""The SPARQL 1.1 Protocol query operation at ``/sparql``: checked, then passed to the store.

Browsers get an HTML form, and results as a table.
"""

from __future__ import annotations

import pyoxigraph
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from rdflib import Graph, URIRef
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import ImmutableMultiDict

from api import views
from api.negotiation import choose, negotiate
from api.query_guard import RESULT_FORMS, RefusedQuery, check
from api.representations import HTML, OFFERED as RDF_AND_HTML, page
from openminutes.formats import RESULT_FORMATS, RESULTS_JSON
from openminutes.vocab import bind_prefixes

RESULT_TYPES = tuple(f.media_type for f in RESULT_FORMATS)
QUERY_BODY = "application/sparql-query"
FORM_BODY = "application/x-www-form-urlencoded"
UPDATE_BODY = "application/sparql-update"
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
EXAMPLE = """PREFIX om: <https://w3id.org/openminutes/ns#>

SELECT ?meeting ?date ?body WHERE {
  ?meeting a om:Meeting ; om:date ?date ; om:body/om:name ?body .
}
ORDER BY DESC(?date)
LIMIT 20"""

router = APIRouter()


@router.api_route("/sparql", methods=["GET", "HEAD"])
def query_by_get(request: Request) -> Response:
    queries = request.query_params.getlist("query")
    if not queries and choose(request.headers.get("accept"), (*RESULT_TYPES, HTML)) == HTML:
        return page(request, "sparql.html", {"query": EXAMPLE, "result_types": RESULT_TYPES},
                    headers={"Vary": "Accept"})
    return _answer(request, _one_query(request.query_params, queries))


@router.post("/sparql")
async def query_by_post(request: Request) -> Response:
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type == QUERY_BODY:
        try:
            query = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            raise RefusedQuery("The query is not valid UTF-8.") from None
        _refuse_dataset_parameters(request.query_params)
    elif media_type == FORM_BODY:
        form = await request.form()
        if "update" in form:
            raise RefusedQuery("This endpoint answers queries only; it does not accept SPARQL updates.")
        query = _one_query(form, form.getlist("query"))
    elif media_type == UPDATE_BODY:
        raise RefusedQuery("This endpoint answers queries only; it does not accept SPARQL updates.")
    else:
        raise HTTPException(415, f"Send the query as {QUERY_BODY} or as the 'query' field of {FORM_BODY}.")
    return await run_in_threadpool(_answer, request, query)


def _one_query(parameters: ImmutableMultiDict, queries: list[str]) -> str:
    _refuse_dataset_parameters(parameters)
    if len(queries) > 1:
        raise RefusedQuery("Send exactly one 'query' parameter.")
    return queries[0] if queries else ""


def _refuse_dataset_parameters(parameters: ImmutableMultiDict) -> None:
    named = [name for name in DATASET_PARAMETERS if name in parameters]
    if named:
        raise RefusedQuery(f"{' and '.join(named)} are not supported here; "
                           "name graphs with FROM and FROM NAMED in the query instead.")


def _answer(request: Request, query: str) -> Response:
    form = check(query)
    offered = (*RESULT_TYPES, HTML) if form in RESULT_FORMS else RDF_AND_HTML
    media_type = negotiate(request.headers.get("accept"), offered)
    if media_type == HTML:
        return _html(request, query, form)
    answer = request.app.state.store.query(query, media_type)
    return Response(answer.content, headers={
        "Content-Type": answer.headers.get("content-type", media_type), "Vary": "Accept",
    })


def _html(request: Request, query: str, form: str) -> Response:
    state = request.app.state
    context = {"query": query, "result_types": RESULT_TYPES}
    if form in RESULT_FORMS:
        answer = state.store.query(query, RESULTS_JSON)
        results = pyoxigraph.parse_query_results(answer.content, pyoxigraph.QueryResultsFormat.JSON)
        if isinstance(results, pyoxigraph.QueryBoolean):
            context["boolean"] = bool(results)
        else:
            p = views.Page(Graph(), state.ontology, state.iris, state.root)
            names = [v.value for v in results.variables]
            context["variables"] = names
            context["rows"] = [[_cell(p, solution[name]) for name in names] for solution in results]
    else:
        graph = state.store.construct(query)
        bind_prefixes(graph)
        context["graph"] = graph.serialize(format="turtle")
    return page(request, "sparql.html", context, headers={"Vary": "Accept"})


def _cell(p: views.Page, term) -> views.Link | str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return p.link(URIRef(term.value))
    return term.value if isinstance(term, pyoxigraph.Literal) else str(term)
