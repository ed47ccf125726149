"""The check every public query passes before the engine sees it.

Only queries are answered: no updates, no LOAD, and no SERVICE, since the engine
would fetch any URL a SERVICE names. Length, nesting and the number of triple
patterns are bounded, because the parser and the engine both have pathological
cases (the parser needs about a second for 10,000 characters of dense patterns).
"""

from __future__ import annotations

import re

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

MAX_LENGTH = 10_000
MAX_NESTING = 20
MAX_PATTERNS = 100

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
RESULT_FORMS = ("SELECT", "ASK")
_UPDATE_NAMES = {"Modify": "DELETE/INSERT"}


class RefusedQuery(ValueError):
    """The query is malformed or not allowed; the message says why."""


def check(query: str) -> str:
    """The form of an acceptable query (SELECT, ASK, CONSTRUCT or DESCRIBE), else :class:`RefusedQuery`."""
    if not query.strip():
        raise RefusedQuery("Missing query: send it as the 'query' parameter or as an application/sparql-query body.")
    if len(query) > MAX_LENGTH:
        raise RefusedQuery(f"The query is {len(query)} characters long; this endpoint accepts at most {MAX_LENGTH}.")
    try:
        parsed = parseQuery(query)
    except ParseBaseException as exc:
        _refuse_update(query)
        raise RefusedQuery(f"SPARQL syntax error: {exc}") from None
    except RecursionError:  # the parser recurses once per nested group and per pattern in a block
        raise RefusedQuery("The query nests too deeply, or has too many patterns in one group, "
                           "for this endpoint to accept.") from None
    nesting, patterns = _measure(parsed[1])
    if nesting > MAX_NESTING:
        raise RefusedQuery(f"The query nests groups {nesting} deep; this endpoint accepts at most {MAX_NESTING}.")
    if patterns > MAX_PATTERNS:
        raise RefusedQuery(f"The query has {patterns} triple patterns; this endpoint accepts at most {MAX_PATTERNS}.")
    return FORMS[parsed[1].name]


def _refuse_update(text: str) -> None:
    try:
        update = parseUpdate(text)
    except (ParseBaseException, RecursionError):
        return
    requests = update["request"] if "request" in update else []
    operations = [_UPDATE_NAMES.get(op.name, _words(op.name)) for op in requests]
    if operations:
        raise RefusedQuery(
            f"This endpoint answers queries only; the request is a SPARQL update ({', '.join(operations)})."
        )


def _measure(node, depth: int = 0) -> tuple[int, int]:
    """(deepest nesting of group patterns, number of triple patterns) below a parse node.

    Raises :class:`RefusedQuery` on SERVICE, wherever it is.
    """
    if isinstance(node, str):  # terms are strings too
        return depth, 0
    patterns = 0
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            raise RefusedQuery(f"SERVICE is not allowed here: this endpoint does not query other endpoints "
                               f"(the query names {node.get('term').n3()}).")
        if node.name == "GroupGraphPatternSub":
            depth += 1
        if node.name == "TriplesBlock":
            patterns += len(node["triples"]) if "triples" in node else 0
        children = node.values()
    elif isinstance(node, (list, tuple)) or hasattr(node, "as_list"):
        children = node
    else:
        return depth, 0
    deepest = depth
    for child in children:
        child_depth, child_patterns = _measure(child, depth)
        deepest = max(deepest, child_depth)
        patterns += child_patterns
    return deepest, patterns


def _words(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).upper()
