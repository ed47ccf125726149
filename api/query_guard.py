"""The check every public query passes before the engine sees it.

Only queries are answered: no updates, no LOAD, and no SERVICE, since the engine
would fetch any URL a SERVICE names. Length, nesting and the number of triple
patterns are bounded, because the engine has pathological cases: deep nesting
overflows its stack and kills it, and it plans large patterns for seconds without
heeding its timeout.

The guard reads the query as a sequence of SPARQL tokens and does not parse it:
syntax errors are the engine's to report. A token scan is fast whatever the input,
and cannot itself be driven into deep recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
RESULT_FORMS = ("SELECT", "ASK")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD", "MOVE", "COPY", "WITH", "USING")

# The terminals of the SPARQL 1.1 grammar (§19.8) that can hide a word: IRIs, strings,
# variables, blank node labels, prefixed names, language tags, numbers, comments.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']|" + _UCHAR
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_TOKEN = re.compile(
    rf"""
    (?P<space>(?:\s|\#[^\n\r]*)+)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*\"\"\"
      |'(?:[^'\\\n\r]|{_ECHAR})*'|"(?:[^"\\\n\r]|{_ECHAR})*")
  | (?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_TERMS = ("iri", "string", "var", "bnode", "pname", "number")

# What an open bracket holds.
_PATTERN = "pattern"  # { } a graph pattern or a CONSTRUCT template: triples
_PROPERTIES = "properties"  # [ ] a blank node's properties: triples
_COLLECTION = "collection"  # ( ) an RDF collection in a triple: two triples per element
_PATH = "path"  # ( ) a group in a property path
_EXPRESSION = "expression"  # ( ) anything else: expressions, variable lists
_DATA = "data"  # { } after VALUES, and everything in it
_TRIPLES = (_PATTERN, _PROPERTIES)

# Where a triple pattern is at in a pattern or a blank node's properties.
_SUBJECT, _VERB, _OBJECT, _DONE = range(4)


class RefusedQuery(ValueError):
    """The query is malformed or not allowed; the message says why."""


@dataclass(frozen=True)
class Limits:
    length: int
    nesting: int
    patterns: int


@dataclass
class _Frame:
    kind: str
    position: int = _SUBJECT


def check(query: str, limits: Limits) -> str:
    """The form of an acceptable query (SELECT, ASK, CONSTRUCT or DESCRIBE), else :class:`RefusedQuery`."""
    if not query.strip():
        raise RefusedQuery("Missing query: send it as the 'query' parameter or as an application/sparql-query body.")
    if len(query) > limits.length:
        raise RefusedQuery(f"The query is {len(query)} characters long; this endpoint accepts at most {limits.length}.")
    tokens = list(_tokens(query))
    _refuse_service(tokens)
    _refuse_update(tokens)
    form = next((text.upper() for kind, text in tokens if kind == "word" and text.upper() in FORMS), None)
    if form is None:
        raise RefusedQuery("SPARQL syntax error: a query is a SELECT, ASK, CONSTRUCT or DESCRIBE "
                           "(after any BASE and PREFIX declarations).")
    nesting, patterns = _measure(tokens, limits.nesting)
    if nesting > limits.nesting:
        raise RefusedQuery(f"The query nests brackets more than {limits.nesting} deep; "
                           f"this endpoint accepts at most {limits.nesting}.")
    if patterns > limits.patterns:
        raise RefusedQuery(f"The query has {patterns} triple patterns; this endpoint accepts at most "
                           f"{limits.patterns} (counting each step of a property path, and two for each "
                           "member of an RDF collection).")
    return form


def _tokens(query: str):
    """(kind, text) of each token but white space and comments; text the tokens do not cover
    comes out one character at a time, as punctuation."""
    for match in _TOKEN.finditer(query):
        if match.lastgroup != "space":
            yield match.lastgroup, match.group()


def _refuse_service(tokens: list[tuple[str, str]]) -> None:
    """Refuse SERVICE wherever the engine might read it.

    The engine's parser does not split its input into tokens first: it reads SERVICE at the
    start of ``services:x``, ``SERVICEfoo:x`` or ``1SERVICE``, and then fetches the rest as a
    URL (measured with Oxigraph 0.5). So "service" is refused anywhere outside a string, an
    IRI, a variable, a blank node label or the local part of a prefixed name.
    """
    for index, (kind, text) in enumerate(tokens):
        readable = text.partition(":")[0] if kind == "pname" else text
        if kind in ("word", "pname", "langtag") and "service" in readable.lower():
            if kind == "word" and text.upper() == "SERVICE":
                named = next((t for k, t in tokens[index + 1:] if t.upper() != "SILENT"), "")
                raise RefusedQuery("SERVICE is not allowed here: this endpoint does not query other endpoints"
                                   + (f" (the query names {named})." if named else "."))
            raise RefusedQuery(f"'{text}' is not allowed here: the query engine would read it as SERVICE, "
                               "and this endpoint does not query other endpoints. Rename the prefix or word.")


def _refuse_update(tokens: list[tuple[str, str]]) -> None:
    words = [text.upper() if kind == "word" else "" for kind, text in tokens]
    operations = [
        f"{word} {following}" if word in ("INSERT", "DELETE") and following in ("DATA", "WHERE") else word
        for word, following in zip(words, words[1:] + [""])
        if word in UPDATES
    ]
    if "LOAD" in operations:
        raise RefusedQuery("LOAD is not allowed here: this endpoint answers queries only, and fetches nothing.")
    if operations:
        raise RefusedQuery("This endpoint answers queries only; the request is a SPARQL update "
                           f"({', '.join(dict.fromkeys(operations))}).")


def _measure(tokens: list[tuple[str, str]], give_up_beyond: int) -> tuple[int, int]:
    """(deepest nesting of brackets, number of triple patterns), counted from the tokens.

    The count of triple patterns errs on the high side: the objects of triples in graph
    patterns and CONSTRUCT templates, each step of a property path, and two for each member
    of an RDF collection (its rdf:first and rdf:rest). Measuring stops as soon as the
    nesting exceeds ``give_up_beyond``.
    """
    stack: list[_Frame] = []
    deepest = patterns = 0
    expression_next = data_next = datatype_next = False
    for kind, text in tokens:
        top = stack[-1] if stack else None
        if text in ("{", "(", "["):
            stack.append(_Frame(_opened(text, top, expression_next, data_next)))
            expression_next = False
            data_next = data_next and text != "{"
            deepest = max(deepest, len(stack))
            if deepest > give_up_beyond:
                break
            if stack[-1].kind == _PROPERTIES:
                stack[-1].position = _VERB
        elif text in ("}", ")", "]"):
            if not stack:
                continue  # unbalanced: the engine will say so
            closed = stack.pop()
            if not stack:
                continue
            parent = stack[-1]
            if closed.kind in (_PROPERTIES, _COLLECTION, _PATH) and parent.kind in (_TRIPLES + (_COLLECTION,)):
                patterns += _term(parent)
            elif parent.kind in _TRIPLES:
                parent.position = _SUBJECT  # after FILTER (…), OPTIONAL {…} and the like, triples start afresh
        elif top is None or top.kind in (_EXPRESSION, _DATA):
            if kind == "word" and text.upper() == "VALUES":
                data_next = True
        elif top.kind == _COLLECTION:
            patterns += 2 if kind in _TERMS or _is_literal(kind, text) else 0
        elif top.kind == _PATH:
            patterns += text in ("/", "|")
        elif kind == "word" and not _is_literal(kind, text):
            # A keyword or a function name: the triples before it are complete.
            top.position = _SUBJECT
            expression_next = True
            data_next = data_next or text.upper() == "VALUES"
        elif text == "^^":
            datatype_next = True
        elif kind in _TERMS or kind == "word":
            if datatype_next:
                datatype_next = False
            else:
                patterns += _term(top)
        elif text == ".":
            top.position = _SUBJECT
            expression_next = False
        elif text == ";":
            top.position = _VERB
        elif text == ",":
            top.position = _OBJECT
        elif text in ("/", "|"):
            top.position = _VERB
            patterns += 1
    return deepest, patterns


def _is_literal(kind: str, text: str) -> bool:
    """Whether a token is a term though a word: ``a`` (rdf:type), ``true`` or ``false``."""
    return kind == "word" and (text == "a" or text.lower() in ("true", "false"))


def _opened(bracket: str, top: _Frame | None, expression_next: bool, data_next: bool) -> str:
    """What a bracket opened inside ``top`` holds."""
    if top is not None and top.kind == _DATA:
        return _DATA
    if bracket == "{":
        return _DATA if data_next else _PATTERN
    if bracket == "[":
        return _PROPERTIES
    if top is None or top.kind == _EXPRESSION or expression_next:
        return _EXPRESSION
    if top.kind == _PATH or (top.kind in _TRIPLES and top.position == _VERB):
        return _PATH
    return _COLLECTION


def _term(frame: _Frame) -> int:
    """Move past one term in a triple; 1 if it completed a triple pattern."""
    if frame.kind == _COLLECTION:
        return 2
    if frame.kind == _PATH:
        return 0
    if frame.position == _OBJECT:
        frame.position = _DONE
        return 1
    frame.position = _VERB if frame.position in (_SUBJECT, _DONE) else _OBJECT
    return 0
