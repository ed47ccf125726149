"""The change feed: a Linked Data Event Stream (W3C TREE/LDES) of the versions of document graphs.

``/feed`` names the stream and redirects to its first page. The page ``/feed/<time>`` holds the
versions logged at or after ``<time>``, oldest first: each one's description, and its triples
in a named graph named by the version (TREE's member extraction takes that graph as part of
the member). A page that links to a next one can never change, and is served as immutable;
the latest page grows, and is cached as briefly as everything else.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyoxigraph
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import RDF, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, VOID

from api.negotiation import negotiate
from api.representations import conditional, content_type
from openminutes import changes
from openminutes.formats import BY_NAME
from openminutes.vocab import PREFIXES, Iris

LDES = Namespace("https://w3id.org/ldes#")
TREE = Namespace("https://w3id.org/tree#")
# Formats that can carry a member's named graph; the server's preference first.
FORMATS = tuple(BY_NAME[name] for name in ("trig", "nquads", "jsonld"))
OFFERED = tuple(f.media_type for f in FORMATS)
_FORMAT_OF = {f.media_type: f for f in FORMATS}
START = datetime(1970, 1, 1, tzinfo=UTC)
IMMUTABLE = "public, max-age=31536000, immutable"
_PREFIXES = {
    **{prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
    "ldes": str(LDES), "tree": str(TREE), "as": str(changes.AS), "void": str(VOID),
}

router = APIRouter()


@router.api_route("/feed", methods=["GET", "HEAD"])
def stream(request: Request) -> Response:
    return RedirectResponse(page_url(request.app.state.iris, START), status_code=303)


@router.api_route("/feed/{since}", methods=["GET", "HEAD"])
def page(request: Request, since: str) -> Response:
    state = request.app.state
    try:
        time = datetime.fromisoformat(since)
    except ValueError:
        time = None
    if time is None or time.tzinfo is None:
        raise HTTPException(404, f"There is no page {since} of the feed: pages are named by a time "
                                 f"with its zone, such as {changes.stamp(START)}. The feed starts at /feed.")
    if changes.stamp(time) != since:
        return RedirectResponse(page_url(state.iris, time), status_code=301)
    media_type = negotiate(request.headers.get("accept"), OFFERED)
    size = state.settings.feed_page_size
    found = changes.versions(state.store, state.iris, time, size + 1)
    members, following = found[:size], found[size:]
    quads = _page(state, time, members, following[0].time if following else None)
    body = pyoxigraph.serialize(quads, format=_FORMAT_OF[media_type].oxigraph, prefixes=_PREFIXES)
    response = conditional(request, Response(body, headers={"Vary": "Accept", "Content-Type": content_type(media_type)}))
    if following:
        response.headers["Cache-Control"] = IMMUTABLE
    return response


def page_url(iris: Iris, time: datetime) -> str:
    return f"{changes.log_graph(iris)}/{changes.stamp(time)}"


def _page(state, time: datetime, members: list[changes.Version], next_time: datetime | None) -> list[pyoxigraph.Quad]:
    iris, settings = state.iris, state.settings
    stream, node = _iri(changes.log_graph(iris)), _iri(page_url(iris, time))
    statements = [
        (stream, RDF.type, LDES.EventStream),
        (stream, LDES.timestampPath, PROV.generatedAtTime),
        (stream, LDES.versionOfPath, DCTERMS.isVersionOf),
        (stream, LDES.versionCreateObject, changes.CREATE),
        (stream, LDES.versionUpdateObject, changes.UPDATE),
        (stream, LDES.versionDeleteObject, changes.DELETE),
        (stream, TREE.view, _iri(page_url(iris, START))),
        (stream, DCTERMS.license, _iri(settings.license)),
        (node, RDF.type, TREE.Node),
        (node, DCTERMS.isPartOf, stream),
    ]
    if next_time is not None:
        relation = pyoxigraph.BlankNode("next")  # labelled, so that the same page is the same bytes
        statements += [
            (node, LDES.immutable, pyoxigraph.Literal(True)),
            (node, TREE.relation, relation),
            (relation, RDF.type, TREE.GreaterThanOrEqualToRelation),
            (relation, TREE.path, PROV.generatedAtTime),
            (relation, TREE.value, _time(next_time)),
            (relation, TREE.node, _iri(page_url(iris, next_time))),
        ]
    contents = []
    for version in members:
        member = _iri(version.member)
        statements += [
            (stream, TREE.member, member),
            (member, RDF.type, version.kind),
            (member, DCTERMS.isVersionOf, version.document),
            (member, PROV.generatedAtTime, _time(version.time)),
        ]
        if version.content is not None:
            statements.append((member, VOID.triples, pyoxigraph.Literal(version.triples)))
            contents += [
                pyoxigraph.Quad(t.subject, t.predicate, t.object, member)
                for t in pyoxigraph.parse(version.content, BY_NAME["ntriples"].oxigraph)
            ]
    return [pyoxigraph.Quad(*(_term(t) for t in statement)) for statement in statements] + contents


def _iri(iri: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(str(iri))


def _term(term):
    return _iri(term) if isinstance(term, URIRef) else term


def _time(time: datetime) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(changes.stamp(time), datatype=_iri(XSD.dateTime))
