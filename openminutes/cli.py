"""The ``openminutes`` command: a thin layer over the library.

Every mistake a user can make ends in one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from converters import FORMATS, ConversionError, Source, convert
from openminutes import changes, dumps
from openminutes.formats import BY_NAME, RESULTS_BY_NAME, RESULTS_JSON, RdfFormat, for_path
from openminutes.settings import Settings
from openminutes.store import (
    QuerySyntaxError, Store, StoreError, bindings, open_store,
)
from openminutes.vocab import OM, Iris, bind_prefixes

OK, NOT_CONFORMANT, ERROR = 0, 1, 2
RESULTS = {name: RESULTS_BY_NAME[name].media_type for name in ("json", "csv", "tsv")}
TURTLE = BY_NAME["turtle"]


class Failure(Exception):
    """A user's mistake, reported as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(ERROR, f"{self.prog}: {message}\n")


def main(argv: list[str] | None = None) -> int:
    # Turn SIGTERM into an exception so that the embedded store is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env(**{name: getattr(args, name, None) for name in ("host", "port", "data_dir")})
    except ValueError as exc:
        return _error(exc)
    try:
        return args.command(args, settings)
    except QuerySyntaxError as exc:
        return _error(f"invalid SPARQL: {exc}")
    except (Failure, ConversionError, StoreError, changes.NotPublished) as exc:
        return _error(exc)
    except KeyboardInterrupt:
        return 128 + signal.SIGINT


def _error(problem: Exception | str) -> int:
    print(f"openminutes: {problem}", file=sys.stderr)
    return ERROR


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="openminutes", description="Council meeting minutes as validated Linked Open Data.")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(name, run, help):
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(command=run)
        return sub

    def data_dir(sub):
        sub.add_argument("--data-dir", type=Path, help="directory of the embedded store (default: OPENMINUTES_DATA_DIR or ./data)")

    def source_format(sub):
        sub.add_argument("--format", choices=FORMATS, help="format of the minutes (default: recognised from the text)")

    sub = command("convert", _convert, "Convert a minutes document to RDF.")
    sub.add_argument("file", type=Path, help="the minutes document")
    source_format(sub)
    sub.add_argument("--to", choices=list(BY_NAME), default=TURTLE.name, help="RDF format to write (default: turtle)")
    sub.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    sub = command("validate", _validate, "Validate RDF files or minutes documents against the shapes.")
    sub.add_argument("files", nargs="+", type=Path, metavar="FILE",
                     help="an RDF file (by its extension) or a minutes document, which is converted first")

    sub = command("load", _load, "Publish minutes documents into the store, each in its own named graph.")
    sub.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a minutes document")
    data_dir(sub)
    source_format(sub)

    sub = command("serve", _serve, "Serve the store over HTTP until interrupted.")
    sub.add_argument("--host", help="address to listen on (default: OPENMINUTES_HOST or 127.0.0.1)")
    sub.add_argument("--port", type=int, help="port to listen on (default: OPENMINUTES_PORT or 8000)")
    data_dir(sub)
    sub.add_argument("--load", nargs="+", type=Path, default=[], metavar="FILE", help="minutes documents to publish first")

    sub = command("delete", _delete, "Unpublish documents: drop their named graphs and log their deletion.")
    sub.add_argument("documents", nargs="+", metavar="DOCUMENT", help="the IRI of a published document")
    data_dir(sub)

    sub = command("dump", _dump, "Bring the dumps of the dataset and of each council up to date.")
    data_dir(sub)

    sub = command("query", _query, "Run a SPARQL query against the store.")
    sub.add_argument("sparql", help="the query")
    data_dir(sub)
    sub.add_argument("--format", choices=["table", *RESULTS], default="table",
                     help="a readable table (default), or a SPARQL results format as the engine writes it")
    return parser


def _convert(args, settings: Settings) -> int:
    conversion = convert(Source.from_path(args.file), Iris(settings.base), args.format)
    rdf_format = BY_NAME[args.to]
    if rdf_format.quads:
        dataset = Dataset()
        bind_prefixes(dataset)
        named = dataset.graph(conversion.document)
        named += conversion.graph
        data = dataset.serialize(format=rdf_format.rdflib, encoding="utf-8")
    else:
        data = conversion.graph.serialize(format=rdf_format.rdflib, encoding="utf-8")
    if args.output is None:
        sys.stdout.buffer.write(data)
    else:
        try:
            args.output.write_bytes(data)
        except OSError as exc:
            raise Failure(f"{args.output}: {exc.strerror}") from exc
    return OK


def _validate(args, settings: Settings) -> int:
    from openminutes.validation import validate  # pyshacl is slow to import; only this command needs it

    iris = Iris(settings.base)
    status = OK
    for path in args.files:
        try:
            rdf_format = for_path(path.name)
            graph = _read_rdf(path, rdf_format) if rdf_format else convert(Source.from_path(path), iris).graph
        except (Failure, ConversionError) as exc:
            status = max(status, _error(exc))
            continue
        report = validate(graph)
        print(f"{path}: {report.text}")
        status = max(status, OK if report.conforms else NOT_CONFORMANT)
    return status


def _read_rdf(path: Path, rdf_format: RdfFormat) -> Graph:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Failure(f"{path}: {exc.strerror}") from exc
    try:
        if rdf_format.quads:
            graph = Graph()
            for s, p, o, _ in Dataset().parse(data=data, format=rdf_format.rdflib).quads():
                graph.add((s, p, o))
            return graph
        return Graph().parse(data=data, format=rdf_format.rdflib, publicID=path.resolve().as_uri())
    except Exception as exc:  # each rdflib parser raises its own kinds of error
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Failure(f"{path}: not valid {rdf_format.name}: {message}") from exc


def _load(args, settings: Settings) -> int:
    sources = [Source.from_path(path) for path in args.files]
    with open_store(settings) as store:
        return _publish_all(store, sources, Iris(settings.base), args.format)


def _publish_all(store: Store, sources: list[Source], iris: Iris, format: str | None) -> int:
    from openminutes.publish import Rejected, publish  # pyshacl is slow to import; see _validate

    status = OK
    for source in sources:
        try:
            published = publish(store, source, iris, format)
        except Rejected as rejected:
            print(f"{source.name}: rejected, the store is unchanged. {rejected.report.text}", file=sys.stderr)
            status = max(status, NOT_CONFORMANT)
        except ConversionError as exc:
            status = max(status, _error(exc))
        else:
            warnings = sum(result.severity == "Warning" for result in published.report.results)
            noted = f", {warnings} warning(s)" if warnings else ""
            print(f"{source.name}: {published.document} ({published.triples} triples{noted})")
    return status


def _serve(args, settings: Settings) -> int:
    import uvicorn

    from api import create_app

    iris = Iris(settings.base)
    sources = [Source.from_path(path) for path in args.load]
    with open_store(settings) as store:
        status = _publish_all(store, sources, iris, None)
        if status != OK:
            return status
        origin = f"http://{_shown_host(settings.host)}:{settings.port}"
        print(f"Home:   {origin}/")
        meeting = _a_meeting(store)
        if meeting is not None and iris.is_ours(meeting):
            print(f"Sample: {origin}{iris.doc_path(meeting)}")
        print(f"SPARQL: {origin}/sparql", flush=True)
        uvicorn.run(create_app(settings, store), host=settings.host, port=settings.port)
    return OK


def _shown_host(host: str) -> str:
    """An address a browser can open, for a server listening on ``host``."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


def _a_meeting(store: Store) -> URIRef | None:
    """A meeting whose minutes are in the store, not one they merely mention."""
    rows = store.select(f"SELECT ?m WHERE {{ GRAPH ?g {{ ?m <{OM.recordedIn}> ?g }} }} ORDER BY ?m LIMIT 1")
    return rows[0]["m"] if rows else None


def _delete(args, settings: Settings) -> int:
    with open_store(settings) as store:
        for document in args.documents:
            version = changes.delete_graph(store, Iris(settings.base), URIRef(document))
            print(f"{document}: deleted ({version.member})")
    return OK


def _dump(args, settings: Settings) -> int:
    where = dumps.directory(settings)
    with open_store(settings) as store:
        for dump in dumps.refresh(store, Iris(settings.base), where):
            print(f"{where / dump.path}  {dump.size} bytes  sha256 {dump.sha256}")
    return OK


def _query(args, settings: Settings) -> int:
    with open_store(settings) as store:
        if args.format != "table":
            sys.stdout.buffer.write(store.query(args.sparql, RESULTS[args.format]).content)
            return OK
        response = store.query(args.sparql, f"{RESULTS_JSON}, {TURTLE.media_type}")
    if not response.headers["content-type"].startswith(RESULTS_JSON):
        graph = Graph().parse(data=response.text, format=TURTLE.rdflib)
        bind_prefixes(graph)
        sys.stdout.write(graph.serialize(format=TURTLE.rdflib))
    elif "boolean" in (results := response.json()):
        print("yes" if results["boolean"] else "no")
    else:
        print(_table(results["head"]["vars"], bindings(results)))
    return OK


def _table(columns: list[str], rows: list[dict]) -> str:
    names = Graph()
    bind_prefixes(names)

    def cell(term) -> str:
        if term is None:
            return ""
        return str(term) if isinstance(term, Literal) else term.n3(names.namespace_manager)

    cells = [[cell(row.get(column)) for column in columns] for row in rows]
    widths = [max([len(column), *(len(line[i]) for line in cells)]) for i, column in enumerate(columns)]

    def line(values) -> str:
        return "  ".join(value.ljust(width) for value, width in zip(values, widths)).rstrip()

    count = f"({len(rows)} row{'' if len(rows) == 1 else 's'})"
    return "\n".join([line(columns), line("-" * width for width in widths), *map(line, cells), count])
