"""The SPARQL 1.1 Protocol query operation at ``/sparql``: checked, then passed to the store.

``/sparql`` without a query describes the service (SPARQL 1.1 Service Description) in RDF,
or, to a browser, is a page to write queries on, with our competency questions as examples.
A query's answer is negotiated from ``Accept``, or chosen with ``format=`` by clients that
cannot set headers; browsers get results as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from rdflib import Graph, URIRef
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import ImmutableMultiDict

from api import errors, sparql_results, views
from api.negotiation import negotiate
from api.query_guard import RESULT_FORMS, Limits, RefusedQuery, check
from api.representations import HTML, OFFERED as DESCRIPTION_OFFERED, content_type, page, rdf_response
from api.service_description import describe
from openminutes.formats import RDF_FORMATS, RESULT_FORMATS
from openminutes.settings import Settings
from openminutes.store import Bounded, Dataset

QUERY_BODY = "application/sparql-query"
FORM_BODY = "application/x-www-form-urlencoded"
UPDATE_BODY = "application/sparql-update"
RESULTS_OFFERED = (*(f.media_type for f in RESULT_FORMATS), HTML)
GRAPH_OFFERED = (*(f.media_type for f in RDF_FORMATS), HTML)  # the server's preference: `*/*` gets Turtle
FORMAT_NAMES = {**{f.name: f.media_type for f in (*RESULT_FORMATS, *RDF_FORMATS)}, "html": HTML}
COMPETENCY_QUESTIONS = Path(__file__).resolve().parents[1] / "ontology" / "competency"
NOT_UPDATES = "This endpoint answers queries only; it does not accept SPARQL updates."

router = APIRouter()


@dataclass(frozen=True)
class QueryRequest:
    """What a query operation asks: the query, the dataset named outside it, and the format= parameter."""

    query: str
    dataset: Dataset
    format: str | None

    @classmethod
    def read(cls, parameters: ImmutableMultiDict, query: str | None = None) -> "QueryRequest":
        """The request the parameters make; ``query`` if it came in the body."""
        if "update" in parameters:
            raise RefusedQuery(NOT_UPDATES)
        queries = parameters.getlist("query")
        if query is not None and queries:
            raise RefusedQuery("Send the query either as the request body or as the 'query' parameter, not both.")
        if len(queries) > 1:
            raise RefusedQuery("Send exactly one 'query' parameter.")
        dataset = Dataset(tuple(parameters.getlist("default-graph-uri")), tuple(parameters.getlist("named-graph-uri")))
        return cls(query if query is not None else "".join(queries), dataset, _format(parameters.getlist("format")))


@router.api_route("/sparql", methods=["GET", "HEAD"])
def query_by_get(request: Request) -> Response:
    parameters = request.query_params
    if "query" not in parameters and "update" not in parameters:
        return _description(request, _format(parameters.getlist("format")))
    return _answer(request, QueryRequest.read(parameters))


@router.post("/sparql")
async def query_by_post(request: Request) -> Response:
    media_type, _, parameters = request.headers.get("content-type", "").partition(";")
    media_type = media_type.strip().lower()
    if media_type == QUERY_BODY:
        charset = dict(_parameter(p) for p in parameters.split(";") if "=" in p).get("charset", "utf-8")
        body = await request.body()
        try:
            query = body.decode(charset) if charset.lower() == "utf-8" else None
        except UnicodeDecodeError:
            query = None
        if query is None:
            raise RefusedQuery(f"Send the query as {QUERY_BODY} in UTF-8, as the SPARQL 1.1 Protocol asks.")
        asked = QueryRequest.read(request.query_params, query)
    elif media_type == FORM_BODY:
        form = await request.form()
        asked = QueryRequest.read(ImmutableMultiDict([*request.query_params.multi_items(), *form.multi_items()]))
    elif media_type == UPDATE_BODY:
        raise RefusedQuery(NOT_UPDATES)
    else:
        raise HTTPException(415, f"Send the query as {QUERY_BODY} or as the 'query' field of {FORM_BODY}.")
    return await run_in_threadpool(_answer, request, asked)


def _format(values: list[str]) -> str | None:
    """The one format the ``format`` parameters name. SPARQLWrapper sends two, a name and a
    media type (``format=rdf+xml&format=application/rdf+xml``): values we do not know are
    passed over if another names a format."""
    known = {FORMAT_NAMES.get(value.lower(), value.lower()) for value in values} & set(FORMAT_NAMES.values())
    if len(known) > 1:
        raise RefusedQuery(f"The 'format' parameters name different formats: {', '.join(values)}.")
    return known.pop() if known else (values[0] if values else None)


def _limits(settings: Settings) -> Limits:
    return Limits(settings.max_query_length, settings.max_query_nesting, settings.max_triple_patterns)


def _parameter(text: str) -> tuple[str, str]:
    name, _, value = text.partition("=")
    return name.strip().lower(), value.strip().strip('"')


def _answer(request: Request, asked: QueryRequest) -> Response:
    """The answer to a query; a person who wrote a query that cannot be answered gets it back to mend."""
    try:
        return _answered(request, asked)
    except errors.QUERY_PROBLEMS as problem:
        for_people = asked.format.lower() in ("html", HTML) if asked.format else errors.wants_html(request)
        if not for_people:
            raise
        status, message = errors.query_problem(request, problem)
        return page(request, "sparql.html", {**_page_context(request, asked.query), "error": message},
                    status_code=status, headers={"Vary": "Accept"})


def _answered(request: Request, asked: QueryRequest) -> Response:
    state = request.app.state
    form = check(asked.query, _limits(state.settings))
    offered = RESULTS_OFFERED if form in RESULT_FORMS else GRAPH_OFFERED
    media_type = _chosen(request, asked.format, offered, f"the answer to {form} queries")
    rows = state.settings.max_result_rows
    if form in RESULT_FORMS:
        answer = state.store.solutions(asked.query, rows, asked.dataset)
    else:
        answer = state.store.triples(asked.query, rows, asked.dataset)
    headers = {"Vary": "Accept", **sparql_results.headers(answer)}
    if media_type == HTML:
        shown = _shown(request, answer, form)
        return page(request, "sparql.html", {**_page_context(request, asked.query), **shown}, headers=headers)
    body = (sparql_results.results(answer, media_type) if form in RESULT_FORMS
            else sparql_results.graph(answer, media_type))
    return Response(body, headers={**headers, "Content-Type": content_type(media_type)})


def _chosen(request: Request, format_parameter: str | None, offered: tuple[str, ...], what: str) -> str:
    """The media type to answer in: the one ``format=`` names, else the one negotiated from Accept."""
    if format_parameter is None:
        return negotiate(request.headers.get("accept"), offered)
    media_type = FORMAT_NAMES.get(format_parameter.lower(), format_parameter.lower())
    if media_type not in offered:
        names = ", ".join(name for name, offer in FORMAT_NAMES.items() if offer in offered)
        raise RefusedQuery(f"format={format_parameter} is not available here: {what} comes as one of {names} "
                           "(or the media type of one).")
    return media_type


def _description(request: Request, format_parameter: str | None) -> Response:
    """The service description, or for people the query page."""
    state = request.app.state
    media_type = _chosen(request, format_parameter, DESCRIPTION_OFFERED, "the service description")
    if media_type == HTML:
        return page(request, "sparql.html", _page_context(request, ""), headers={"Vary": "Accept"})
    return rdf_response(describe(state.settings, state.store.graphs()), media_type, {"Vary": "Accept"})


@dataclass(frozen=True)
class Example:
    title: str
    query: str
    href: str


@cache
def _competency_questions() -> tuple[tuple[str, str], ...]:
    """(title, query) of each competency question; the title is the comment it opens with."""
    questions = []
    for path in sorted(COMPETENCY_QUESTIONS.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        questions.append((" ".join(comment) or path.stem, text))
    return tuple(questions)


def _page_context(request: Request, query: str) -> dict:
    state = request.app.state
    examples = [Example(title, text, f"{state.root}sparql?{urlencode({'query': text})}")
                for title, text in _competency_questions()]
    return {
        "query": query or examples[0].query,
        "examples": examples,
        "settings": state.settings,
        "truncated_header": sparql_results.TRUNCATED_HEADER,
        "truncated_member": sparql_results.TRUNCATED_MEMBER,
        "result_formats": [(f.name, f.media_type) for f in RESULT_FORMATS],
        "rdf_formats": [(f.name, f.media_type) for f in RDF_FORMATS],
    }


def _shown(request: Request, answer: bool | Bounded, form: str) -> dict:
    """The answer as the page shows it: yes or no, or a table of links and values."""
    if isinstance(answer, bool):
        return {"boolean": answer}
    state = request.app.state
    p = views.Page(Graph(), state.ontology, state.iris, state.root)
    if form in RESULT_FORMS:
        rows = [[_cell(p, solution[name]) for name in answer.variables] for solution in answer.items]
        return {"variables": answer.variables, "rows": rows, "truncated": answer.truncated}
    rows = [[_cell(p, quad.subject), _cell(p, quad.predicate), _cell(p, quad.object)] for quad in answer.items]
    return {"variables": ("subject", "predicate", "object"), "rows": rows, "truncated": answer.truncated}


def _cell(p: views.Page, term) -> views.Link | str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return p.link(URIRef(term.value))
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    return str(term)
