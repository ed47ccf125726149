"""The store: a SPARQL 1.1 client, and the embedded Oxigraph server it talks to by default.

The client speaks only the standard protocols (Query, Update, Graph Store), so
the same code works against any SPARQL 1.1 store given its three endpoints.
"""

from __future__ import annotations

import atexit
import io
import itertools
import logging
import math
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from openminutes.formats import BY_NAME, RESULTS_JSON
from openminutes.settings import Settings

log = logging.getLogger(__name__)


_GRAPH_FORMAT = BY_NAME["ntriples"]
# The engine notices its own timeout late or, while sorting, not at all (measured: a 1 s
# timeout answered after 5 s; an ORDER BY over a cartesian product ran on past 30 s),
# so the client waits this much longer before giving up on its own.
_CLIENT_GRACE = 30.0
# A query the engine cancels arrives as a 200 whose body stops mid-way with this, or, when
# it is cancelled while still being planned, as a 500 saying this.
_ENGINE_CANCELLED = b"The SPARQL operation has been cancelled"
_STARTUP_WAIT = 20.0
_TAIL_KEPT = 1024
# A dying process closes its sockets a moment before the system reports it gone.
_DEATH_WAIT = 0.5


class StoreError(Exception):
    """The store could not be reached or failed to do what was asked."""


class QueryTimeout(StoreError):
    """The query ran longer than the store allows."""


class QueryFailed(StoreError):
    """The engine could not evaluate a query (it uses a function the engine lacks, say);
    the message is the engine's."""


class QuerySyntaxError(Exception):
    """The engine refused a query or update as malformed; the message is the engine's."""


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query request names (SPARQL 1.1 Protocol §2.1.4); none means the store's own."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def parameters(self) -> list[tuple[str, str]]:
        return ([("default-graph-uri", iri) for iri in self.default_graphs]
                + [("named-graph-uri", iri) for iri in self.named_graphs])


@dataclass(frozen=True)
class Bounded:
    """The first solutions (of a SELECT) or triples (of a CONSTRUCT or DESCRIBE) of an answer,
    and whether the engine had more."""

    variables: tuple[str, ...]
    items: list
    truncated: bool


class Store:
    """A SPARQL 1.1 client for one store's query, update and graph store endpoints.

    ``timeout`` is the engine's query timeout; the client waits somewhat longer. ``contents`` is
    the directory beside the store that keeps the triples of each version of a document graph
    (openminutes/changes.py writes and reads it). ``revive``,
    if given, is called when the store cannot be reached: it restarts the store if it has
    died, and says whether the store runs, in which case the request is tried once more.
    """

    def __init__(self, query_url: str, update_url: str, graph_store_url: str, timeout: float, contents: Path,
                 revive: Callable[[], bool] | None = None):
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.timeout = timeout
        self.contents = Path(contents)
        self._revive = revive
        self._http = httpx.Client(timeout=httpx.Timeout(timeout + _CLIENT_GRACE, connect=5.0))
        self._graph_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._graph_locks_guard = threading.Lock()

    @classmethod
    def oxigraph(cls, url: str, timeout: float, contents: Path, revive: Callable[[], bool] | None = None) -> "Store":
        """A client for an Oxigraph server at ``url`` (or at its ``/query`` endpoint)."""
        base = url.rstrip("/").removesuffix("/query")
        return cls(f"{base}/query", f"{base}/update", f"{base}/store", timeout, contents, revive)

    def query(self, sparql: str, accept: str, dataset: Dataset = Dataset()) -> httpx.Response:
        """The engine's answer to a query in the media types ``accept`` allows, unparsed."""
        response = self._send(
            "POST", self.query_url, content=sparql.encode(), sparql_request=True,
            params=dataset.parameters(), headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        if response.content.endswith(_ENGINE_CANCELLED):
            raise self._timed_out()
        return response

    def solutions(self, sparql: str, limit: int, dataset: Dataset = Dataset()) -> bool | Bounded:
        """The answer to an ASK query, or the first ``limit`` solutions of a SELECT query.

        Only as much of the engine's answer is read as needed.
        """
        with self._streamed(sparql, RESULTS_JSON, dataset) as answer:
            results = None
            try:
                results = pyoxigraph.parse_query_results(answer, pyoxigraph.QueryResultsFormat.JSON)
                if isinstance(results, pyoxigraph.QueryBoolean):
                    return bool(results)
                solutions = list(itertools.islice(results, limit + 1))
                variables = tuple(variable.value for variable in results.variables)
                return Bounded(variables, solutions[:limit], len(solutions) > limit)
            except SyntaxError as exc:
                raise answer.broken() from exc
            finally:
                # pyoxigraph's parsers may only be freed by the thread that made them, and an exception's
                # traceback keeps this frame alive until whichever thread handles it lets it go.
                del results

    def triples(self, sparql: str, limit: int, dataset: Dataset = Dataset()) -> Bounded:
        """The first ``limit`` triples a CONSTRUCT or DESCRIBE query makes, as quads in the default graph."""
        with self._streamed(sparql, _GRAPH_FORMAT.media_type, dataset) as answer:
            parser = None
            try:
                parser = pyoxigraph.parse(answer, _GRAPH_FORMAT.oxigraph)
                quads = list(itertools.islice(parser, limit + 1))
                return Bounded((), quads[:limit], len(quads) > limit)
            except SyntaxError as exc:
                raise answer.broken() from exc
            finally:
                del parser  # as in solutions()

    def select(self, sparql: str) -> list[dict[str, Identifier]]:
        """The solutions of a SELECT query; an unbound variable is absent from its row."""
        return bindings(self._json(self.query(sparql, RESULTS_JSON)))

    def ask(self, sparql: str) -> bool:
        return self._json(self.query(sparql, RESULTS_JSON))["boolean"]

    def construct(self, sparql: str) -> Graph:
        response = self.query(sparql, _GRAPH_FORMAT.media_type)
        try:
            return Graph().parse(data=response.text, format=_GRAPH_FORMAT.rdflib)
        except Exception as exc:  # rdflib's parsers raise many kinds; a broken answer is the store's fault
            raise StoreError(f"the store sent an unreadable graph: {_tail(response.text)}") from exc

    def update(self, sparql: str) -> None:
        self._send(
            "POST", self.update_url, content=sparql.encode(), sparql_request=True,
            headers={"Content-Type": "application/sparql-update"},
        )

    def put_graph(self, iri: str, graph: Graph) -> None:
        """Replace the named graph ``iri`` with ``graph``."""
        body = graph.serialize(format=_GRAPH_FORMAT.rdflib, encoding="utf-8")
        with self._graph_lock(iri):
            self._send(
                "PUT", self.graph_store_url, params={"graph": str(iri)}, content=body,
                headers={"Content-Type": _GRAPH_FORMAT.media_type},
            )

    def delete_graph(self, iri: str) -> None:
        """Remove the named graph ``iri``; nothing happens if there is none."""
        with self._graph_lock(iri):
            self._send("DELETE", self.graph_store_url, params={"graph": str(iri)}, missing_ok=True)

    def graphs(self) -> list[URIRef]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g {} } ORDER BY ?g")
        return [row["g"] for row in rows]

    def close(self) -> None:
        self._http.close()

    def _graph_lock(self, iri: str) -> threading.Lock:
        # Oxigraph does not detect write-write conflicts, so writes to one graph take turns.
        with self._graph_locks_guard:
            return self._graph_locks[str(iri)]

    @contextmanager
    def _streamed(self, sparql: str, accept: str, dataset: Dataset) -> Iterator["_Answer"]:
        response = self._send(
            "POST", self.query_url, content=sparql.encode(), sparql_request=True, stream=True,
            params=dataset.parameters(), headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        try:
            yield _Answer(response, time.monotonic() + self.timeout + _CLIENT_GRACE, self._timed_out)
        finally:
            response.close()

    def _send(
        self, method: str, url: str, sparql_request: bool = False, missing_ok: bool = False,
        stream: bool = False, **kwargs
    ) -> httpx.Response:
        request = self._http.build_request(method, url, **kwargs)
        try:
            try:
                response = self._http.send(request, stream=stream)
            except httpx.ConnectError:
                # The store may have died since the last request: revived, it can take this one.
                if self._revive is None or not self._revive():
                    raise
                response = self._http.send(request, stream=stream)
        except httpx.ReadTimeout as exc:
            raise self._timed_out() from exc
        except httpx.HTTPError as exc:
            if self._revive is not None and not isinstance(exc, httpx.ConnectError):
                self._revive()  # it may have died with this request: the next one finds it running
            raise StoreError(f"cannot reach the store at {url}: {exc}") from exc
        if response.is_success or (missing_ok and response.status_code == 404):
            return response
        response.read()
        response.close()
        if sparql_request and response.status_code == 400:
            raise QuerySyntaxError(response.text.strip())
        if _ENGINE_CANCELLED in response.content:
            raise self._timed_out()
        if sparql_request and response.status_code == 500:
            raise QueryFailed(response.text.strip())
        raise StoreError(f"the store answered {response.status_code}: {response.text.strip()}")

    def _timed_out(self) -> QueryTimeout:
        return QueryTimeout(f"the query ran longer than the {self.timeout:g} s the store allows")

    @staticmethod
    def _json(response: httpx.Response) -> dict:
        try:
            return response.json()
        except ValueError as exc:
            raise StoreError(f"the store sent an incomplete answer: {_tail(response.text)}") from exc


class _Answer(io.RawIOBase):
    """The body of an answer as it arrives, for a parser to read; the store's failures while
    it arrives are :class:`StoreError`, a late answer :class:`QueryTimeout`."""

    def __init__(self, response: httpx.Response, deadline: float, timed_out: Callable[[], QueryTimeout]):
        self._chunks = response.iter_bytes()
        self._pending = b""
        self._tail = b""
        self._deadline = deadline
        self._timed_out = timed_out
        self._url = response.url

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            if time.monotonic() > self._deadline:
                raise self._timed_out()
            try:
                self._pending = next(self._chunks, b"")
            except httpx.ReadTimeout as exc:
                raise self._timed_out() from exc
            except httpx.HTTPError as exc:
                raise StoreError(f"the answer from {self._url} broke off: {exc}") from exc
            if not self._pending:
                return 0
        chunk, self._pending = self._pending[:len(buffer)], self._pending[len(buffer):]
        buffer[:len(chunk)] = chunk
        self._tail = (self._tail + chunk)[-_TAIL_KEPT:]
        return len(chunk)

    def broken(self) -> StoreError:
        """What it means that the answer does not parse: the engine cancelled the query, or
        sent something wrong."""
        self.read(_TAIL_KEPT)  # the parser stops short of the end, where the engine says why
        if _ENGINE_CANCELLED in self._tail:
            return self._timed_out()
        return StoreError(f"the store sent an unreadable answer: {_tail(self._tail.decode(errors='replace'))}")


def bindings(results: dict) -> list[dict[str, Identifier]]:
    """The solutions in a SPARQL 1.1 JSON results document, as rdflib terms."""
    return [{name: _term(value) for name, value in row.items()} for row in results["results"]["bindings"]]


def _term(value: dict) -> Identifier:
    """An rdflib term from one binding of the SPARQL 1.1 JSON results format."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        return Literal(value["value"], lang=value.get("xml:lang"), datatype=value.get("datatype"))
    raise StoreError(f"the store sent a term of unsupported type {kind!r}")


def _tail(text: str, length: int = 200) -> str:
    return text[-length:].strip()


class EmbeddedOxigraph:
    """An Oxigraph server run as a child process on a free loopback port.

    Use as a context manager; ``.store`` is the client for it while it runs. If the server
    dies, the client starts it again, at the same address, on its next request.
    """

    def __init__(self, data_dir: Path, timeout: float):
        self.data_dir = Path(data_dir)
        self.timeout = timeout
        self.process: subprocess.Popen | None = None
        self.store: Store | None = None
        self._address = ""
        self._stderr = None
        self._stopped = False
        self._lock = threading.Lock()

    def __enter__(self) -> "EmbeddedOxigraph":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> Store:
        self._address = f"127.0.0.1:{_free_port()}"
        self.store = Store.oxigraph(f"http://{self._address}", self.timeout, contents(self.data_dir), revive=self._revive)
        atexit.register(self.stop)
        try:
            self._launch()
        except BaseException:
            self.stop()
            raise
        return self.store

    def stop(self) -> None:
        atexit.unregister(self.stop)
        with self._lock:
            self._stopped = True
            if self.store is not None:
                self.store.close()
            self._end_process()
            if self._stderr is not None:
                self._stderr.close()
                self._stderr = None

    def _launch(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._stderr is not None:
            self._stderr.close()
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                _oxigraph_binary(), "serve",
                "--location", str(self.data_dir),
                "--bind", self._address,
                "--union-default-graph",
                "--timeout-s", str(max(1, math.ceil(self.timeout))),
            ],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr,
        )
        try:
            self._wait_until_answering()
        except BaseException:
            self._end_process()
            raise

    def _revive(self) -> bool:
        """Start the server again if it has died; whether it runs now."""
        with self._lock:
            if self._stopped:
                return False
            try:
                self.process.wait(timeout=_DEATH_WAIT)
            except subprocess.TimeoutExpired:
                return True
            log.warning("the Oxigraph server for %s died (exit code %s): %s; starting it again",
                        self.data_dir, self.process.returncode, self._server_errors())
            try:
                self._launch()
            except StoreError as exc:
                log.error("%s", exc)
                return False
            return True

    def _end_process(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + _STARTUP_WAIT
        while True:
            if self.process.poll() is not None:
                raise StoreError(
                    f"the Oxigraph server for {self.data_dir} exited with code "
                    f"{self.process.returncode}: {self._server_errors()}"
                )
            try:
                httpx.get(f"http://{self._address}/", timeout=1.0)
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"the Oxigraph server for {self.data_dir} did not answer within "
                        f"{_STARTUP_WAIT:.0f} s: {self._server_errors()}"
                    ) from None
                time.sleep(0.05)

    def _server_errors(self) -> str:
        """What the server said on stderr, on one line, without a Rust backtrace."""
        self._stderr.seek(0)
        said = self._stderr.read().decode(errors="replace").split("Stack backtrace:")[0]
        return " ".join(said.split()) or "(nothing on stderr)"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _oxigraph_binary() -> str:
    beside_python = Path(sys.executable).with_name("oxigraph")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def contents(data_dir: Path) -> Path:
    """Where the triples of each logged version are kept, beside the store's data."""
    return data_dir / "versions"


@contextmanager
def open_store(settings: Settings) -> Iterator[Store]:
    """The store the settings name: the one at ``store_url``, else an embedded Oxigraph."""
    if settings.store_url:
        store = Store.oxigraph(settings.store_url, settings.query_timeout, contents(settings.data_dir))
        try:
            yield store
        finally:
            store.close()
    else:
        with EmbeddedOxigraph(settings.data_dir, settings.query_timeout) as embedded:
            yield embedded.store
