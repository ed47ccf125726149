"""The SPARQL 1.1 Protocol tests (protocol/manifest.ttl) and the Service Description tests
(service-description/manifest.ttl), sent to our endpoint over HTTP as the manifests write them.

This endpoint answers queries only. A request that is an update, by the Protocol's signs
(application/sparql-update, or an 'update' parameter), must get our documented refusal: 400
and the message that updates are not accepted. The requests of a test that follow a refused
update check what the update did, so they are not sent.
"""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from openminutes.formats import BY_NAME, BY_MEDIA_TYPE, RESULT_FORMATS
from w3c_manifest import HttpRequest, ProtocolCase, known_differences, protocol_cases, service_description_cases

DIFFERENCES = known_differences()
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
W3C_FORMATS = "http://www.w3.org/ns/formats/"
UPDATE_REFUSAL = "This endpoint answers queries only"
RESULT_TYPES = {f.media_type for f in RESULT_FORMATS}


def cases(items, id_of) -> list:
    return [
        pytest.param(item, id=id_of(item), marks=[pytest.mark.xfail(reason=DIFFERENCES[id_of(item)], strict=True)]
                     if id_of(item) in DIFFERENCES else [])
        for item in items
    ]


@pytest.mark.parametrize("case", cases(protocol_cases(), lambda case: case.id))
def test_protocol(case: ProtocolCase, endpoint, oxigraph):
    store = oxigraph.store
    store.update("DROP ALL")
    for path, name in case.graph_data:
        graph = Graph().parse(path, format="nt")
        store.put_graph(name, graph)
    origin = endpoint.url.removesuffix("/sparql")
    for request in case.requests:
        response = endpoint.http.request(request.method, origin + request.path, headers=request.headers,
                                         content=request.body)
        if _is_update(request):
            assert response.status_code == 400 and UPDATE_REFUSAL in response.text, response.text
            return
        assert str(response.status_code)[0] in request.expected_status, response.text
        media_type = response.headers.get("content-type", "").partition(";")[0]
        if request.expected_format in ("boolean", "tabular"):
            assert media_type in RESULT_TYPES
            results = pyoxigraph.parse_query_results(
                response.content, pyoxigraph.QueryResultsFormat.from_media_type(media_type))
            assert isinstance(results, pyoxigraph.QueryBoolean) == (request.expected_format == "boolean")
            if request.expected_boolean is not None:
                assert bool(results) is request.expected_boolean
        elif request.expected_format == "RDF":
            Graph().parse(data=response.content, format=BY_MEDIA_TYPE[media_type].rdflib)


@pytest.mark.parametrize("case", cases(service_description_cases(), lambda case: case))
def test_service_description(case: str, endpoint):
    response = endpoint.http.get(endpoint.url, headers={"Accept": BY_NAME["turtle"].media_type})
    assert response.status_code == 200
    description = Graph().parse(data=response.content, format=BY_MEDIA_TYPE[response.headers["content-type"].partition(";")[0]].rdflib)
    if case == "service-description/returns-rdf":
        assert len(description) > 0
    elif case == "service-description/has-endpoint-triple":
        assert (None, SD.endpoint, URIRef(endpoint.url)) in description
    else:
        assert _schema_violations(description) == []


# The Service Description vocabulary's properties: (domain, range) as the Recommendation gives them;
# a range of None is a literal or any resource.
SD_PROPERTIES = {
    "endpoint": ("Service", None), "feature": ("Service", "Feature"),
    "defaultEntailmentRegime": ("Service", "EntailmentRegime"),
    "supportedEntailmentProfile": ("Service", "EntailmentProfile"),
    "extensionFunction": ("Service", "Function"), "extensionAggregate": ("Service", "Aggregate"),
    "languageExtension": ("Service", "Language"), "supportedLanguage": ("Service", "Language"),
    "propertyFeature": ("Service", None), "defaultDataset": ("Service", "Dataset"),
    "availableGraphs": ("Service", "GraphCollection"), "resultFormat": ("Service", "Format"),
    "inputFormat": ("Service", "Format"), "defaultGraph": ("Dataset", "Graph"),
    "namedGraph": ("GraphCollection", "NamedGraph"), "name": ("NamedGraph", None),
    "graph": ("NamedGraph", "Graph"), "entailmentRegime": ("NamedGraph", "EntailmentRegime"),
}
# Instances the vocabulary defines, by class; and the subclass it defines.
SD_INSTANCES = {
    "Feature": {"DereferencesURIs", "UnionDefaultGraph", "RequiresDataset", "EmptyGraphs", "BasicFederatedQuery"},
    "Language": {"SPARQL10Query", "SPARQL11Query", "SPARQL11Update"},
}
SD_SUBCLASSES = {"Dataset": "GraphCollection"}


def _schema_violations(description: Graph) -> list[str]:
    """Where the description uses the SD vocabulary other than the Recommendation defines it."""
    problems = []
    for s, p, o in description:
        if not p.startswith(SD):
            continue
        name = p[len(SD):]
        if name not in SD_PROPERTIES:
            problems.append(f"sd:{name} is not in the vocabulary")
            continue
        domain, range_ = SD_PROPERTIES[name]
        if not _is_a(description, s, domain):
            problems.append(f"the subject of sd:{name} is not an sd:{domain}")
        if range_ == "Format":
            if not o.startswith(W3C_FORMATS):
                problems.append(f"{o} is not a W3C format IRI")
        elif range_ is not None and not _is_a(description, o, range_):
            problems.append(f"the object of sd:{name}, {o.n3()}, is not an sd:{range_}")
        if name in ("endpoint", "name") and (isinstance(o, Literal) or not isinstance(o, URIRef)):
            problems.append(f"sd:{name} has {o.n3()}, not an IRI")
    return problems


def _is_a(description: Graph, node, cls: str) -> bool:
    if isinstance(node, URIRef) and node.startswith(SD) and node[len(SD):] in SD_INSTANCES.get(cls, ()):
        return True
    if cls == "EntailmentRegime":
        return isinstance(node, URIRef) and node.startswith("http://www.w3.org/ns/entailment/")
    types = {t[len(SD):] for t in description.objects(node, RDF.type) if t.startswith(SD)}
    return cls in types or any(SD_SUBCLASSES.get(t) == cls for t in types)


def _is_update(request: HttpRequest) -> bool:
    media_type = request.headers.get("content-type", "").partition(";")[0].strip()
    query_string = request.path.partition("?")[2]
    return (media_type == "application/sparql-update"
            or (media_type == "application/x-www-form-urlencoded" and (request.body or b"").startswith(b"update="))
            or query_string.startswith("update=") or "&update=" in query_string)
