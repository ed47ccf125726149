"""How long SHACL validation takes: each sample minutes document (and the
reference minutes, when ../shared is beside the checkout) is converted once and
validated again and again by each engine; the median and the best time are
printed in milliseconds per document (the best is what an idle core gives),
with the documents per second the median allows.

    python bench/validate.py [--runs 30] [FILE...]

The target (issue 3 and 4): converted and validated, at least 40 documents of
the reference size (~800 triples) per second on one core.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from converters import Source, convert
from openminutes.validation import ENGINES, validate
from openminutes.vocab import Iris

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = [*sorted((ROOT / "samples").glob("*.txt")), *sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--runs", type=int, default=30, help="validations of each document per engine")
    args = parser.parse_args()

    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'document':<40} {'triples':>7} {'convert':>16}" + "".join(f" {engine:>22}" for engine in ENGINES))
    for path in args.files:
        source = Source.from_path(path)
        iris = Iris("http://localhost:8000/")
        converting = _times_ms(lambda: convert(source, iris), args.runs)
        graph = convert(source, iris).graph
        validating = [_times_ms(lambda: validate(graph, engine), args.runs) for engine in ENGINES]
        print(f"{path.name[:40]:<40} {len(graph):>7} {_shown(converting)}"
              + "".join(f" {_shown(times)} {1000 / statistics.median(times):>4.0f}/s" for times in validating))
    print("(milliseconds, median (best); for each engine, validation alone and the documents a second it allows)")


def _times_ms(run, runs: int) -> list[float]:
    run()  # the first run parses and compiles the shapes
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _shown(times: list[float]) -> str:
    return f"{statistics.median(times):>6.1f} ({min(times):>5.1f})"


if __name__ == "__main__":
    main()
