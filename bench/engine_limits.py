"""What the engine does with the queries the SPARQL endpoint's guard refuses: how long it
plans large patterns (heedless of its timeout) and how deep a query may nest before the
engine crashes. The guard's defaults (max_triple_patterns, max_query_nesting in
openminutes/settings.py) rest on these numbers; run it again on a new Oxigraph.

    python bench/engine_limits.py [--timeout SECONDS]

Each query goes straight to a fresh embedded Oxigraph on an empty store, not through the guard.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from openminutes.formats import RESULTS_JSON
from openminutes.store import EmbeddedOxigraph, StoreError

P = "<http://example.org/p{}>"


def star(patterns: int) -> str:
    return "SELECT * WHERE { " + " ".join(f"?s {P.format(i)} ?o{i} ." for i in range(patterns)) + " }"


def collection(members: int) -> str:
    return "SELECT * WHERE { ?s <http://example.org/list> (" + " ?x" * members + ") }"


def nested_groups(depth: int) -> str:
    return "SELECT * " + "{" * depth + " ?s ?p ?o " + "}" * depth


CASES = [
    *((f"star of {n} triple patterns", star(n)) for n in (32, 64, 100, 150)),
    *((f"collection of {n} members ({2 * n} patterns)", collection(n)) for n in (30, 60)),
    *((f"{n} nested groups", nested_groups(n)) for n in (32, 1000, 2000, 3000)),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=5.0, help="the engine's query timeout (default 5 s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory, EmbeddedOxigraph(directory, args.timeout) as engine:
        print(f"{'query':<40} {'seconds':>8}  outcome")
        for name, query in CASES:
            pid = engine.process.pid
            start = time.monotonic()
            try:
                engine.store.query(query, RESULTS_JSON)
                outcome = "answered"
            except StoreError as exc:
                outcome = type(exc).__name__
            if engine.process.pid != pid or engine.process.poll() is not None:
                outcome = "the engine died"
                engine.store.graphs()  # starts it again
            print(f"{name:<40} {time.monotonic() - start:>8.2f}  {outcome}")


if __name__ == "__main__":
    main()
