"""How fast minutes become graphs: documents and triples per second for
conversion alone and for conversion plus SHACL validation, on one core, for
the sample minutes, the reference minutes and long generated minutes; beside
them, as peers, rdflib and pyoxigraph parsing the same graphs from N-Triples
(building the same triples from the simplest RDF syntax, where we read them
from prose) and pySHACL validating them (the reference SHACL engine, where
publication uses pyshacl-turbo).

    python bench/convert.py [--repeat 5] [--seconds 2] [--items 2000] [--profile]

Times are CPU seconds of this process, pinned to one core where the system
allows it; the machine, its load and the library versions are printed with
them, since figures from a busy machine are slower than the code. Small
documents are converted (and validated) once before the clock starts, as a
running service has already done what is done once per process (compiling
patterns and shapes, reading the register of councils), and then again and
again for at least --seconds, timed in batches of a fifth of a second. Each
line gives the rate over all batches and the rate of the best batch. Work on
the machine's other core (or on another machine sharing ours) slows a core by
up to a third and moves the overall rate from run to run; as Python's timeit
advises, the best batch is the one to judge the code by, and the targets
are judged by it.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import sys
import time
from dataclasses import dataclass, fields
from importlib import metadata
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from converters import Source, convert
from openminutes.validation import ENGINES, validate
from openminutes.vocab import Iris

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (bench/ is a folder of scripts, not a package)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REFERENCE = ROOT.parent / "shared" / "seeds"
IRIS = Iris("http://bench.example/")
TARGETS = {"converted": 100.0, "converted and validated": 40.0}  # documents per second, reference-sized minutes
BATCH = 0.2  # seconds of CPU time timed together


@dataclass
class Rate:
    documents: int
    triples: int
    seconds: float
    collecting: float  # seconds of it in Python's cyclic garbage collector

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds

    def line(self, label: str) -> str:
        return (f"  {label:<28} {self.per_second:7.1f} docs/s {self.triples / self.seconds:10,.0f} triples/s"
                f"   ({self.documents} docs, {self.triples / self.documents:,.0f} triples each, {self.seconds:.2f} s, "
                f"{self.collecting / self.seconds:.0%} collecting garbage)")


@dataclass
class Timing:
    batches: list[Rate]

    @property
    def overall(self) -> Rate:
        return Rate(*(sum(getattr(b, f.name) for b in self.batches) for f in fields(Rate)))

    @property
    def best(self) -> Rate:
        return max(self.batches, key=lambda b: b.per_second)

    def line(self, label: str, target: float | None = None) -> str:
        line = self.overall.line(label)
        if len(self.batches) > 1:
            line += f"; best batch {self.best.per_second:.1f} docs/s"
        if target:
            line += f"   target {target:.0f} docs/s: {'met' if self.best.per_second >= target else 'NOT met'}"
        return line


class GarbageClock:
    """The wall time Python's cyclic garbage collector takes while it is installed."""

    def __init__(self):
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                  if line.startswith("model name")), platform.processor() or platform.machine())
    cores = os.cpu_count()
    load = _read("/proc/loadavg").split()[:3]
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("rdflib", "pyshacl", "pdfplumber"))
    return (f"machine: {model}, {cores} cores, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; {versions}" + (f"; load average {' '.join(load)}" if load else ""))


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here)"


def measure(sources: list[Source], repeat: int, validated: bool, seconds: float = 0.0) -> Timing:
    """Converts (and validates) the sources ``repeat`` times, and more until ``seconds`` of CPU time have passed."""
    def work(i: int) -> int:
        graph = convert(sources[i], IRIS).graph
        return _validated(graph) if validated else len(graph)
    return timed(work, len(sources), repeat, seconds)


def _validated(graph: Graph, engine: str = ENGINES[0]) -> int:
    validate(graph, engine)
    return len(graph)


def timed(work, count: int, repeat: int, seconds: float) -> Timing:
    """Runs ``work(i)`` for each i below ``count`` (it gives the triples it made or read) ``repeat`` times, and more
    until ``seconds`` of CPU time have passed, timed in batches of at least ``BATCH`` seconds."""
    batches: list[Rate] = []
    rounds, spent = 0, 0.0
    gc.collect()
    while rounds < repeat or spent < seconds:
        documents = triples = 0
        with GarbageClock() as collector:
            started = time.process_time()
            while True:
                for i in range(count):
                    triples += work(i)
                    documents += 1
                rounds += 1
                elapsed = time.process_time() - started
                if elapsed >= BATCH or (rounds >= repeat and spent + elapsed >= seconds):
                    break
        spent += elapsed
        batches.append(Rate(documents, triples, elapsed, collector.seconds))
    return Timing(batches)


def peers(sources: list[Source], repeat: int, seconds: float) -> list[tuple[str, Timing]]:
    """The same graphs built or validated by others: each peer's work is timed like ours."""
    graphs = [convert(source, IRIS).graph for source in sources]
    texts = [graph.serialize(format="nt") for graph in graphs]
    work = {
        "rdflib parsing N-Triples": lambda i: len(Graph().parse(data=texts[i], format="nt")),
        "pyoxigraph parsing N-Triples": lambda i: len(list(pyoxigraph.parse(texts[i], pyoxigraph.RdfFormat.N_TRIPLES))),
        "pySHACL validating": lambda i: _validated(graphs[i], "pyshacl"),
    }
    for run in work.values():
        run(0)
    return [(label, timed(run, len(graphs), repeat, seconds)) for label, run in work.items()]


def sets(items: int) -> list[tuple[str, list[Source]]]:
    samples = [Source.from_path(p) for p in sorted(SAMPLES.iterdir()) if p.is_file()]
    reference = [Source.from_path(p) for p in sorted(REFERENCE.glob("*.txt"))] or [
        max((s for s in samples if s.name.endswith(".txt")), key=lambda s: len(s.data))]
    parish = generate.parish_minutes(items)
    return [
        ("reference minutes", reference),
        ("samples (every format)", samples),
        (f"generated ModernGov text, {items} items", [Source(generate.moderngov_text(items).encode(), "generated.txt")]),
        (f"generated parish minutes, {items} items", [Source(parish.encode(), "generated-parish.txt")]),
        (f"generated PDF, {items // 10} items", [Source(generate.pdf(generate.parish_minutes(items // 10).splitlines()),
                                                        "generated.pdf")]),
    ]


def profile(source: Source, repeat: int) -> str:
    """The functions conversion and validation spend their time in, and the shares of it spent in rdflib, in the
    validator, in our converters, in C functions (regular expressions, str methods) and collecting garbage."""
    out = []
    for label, work in (("conversion", lambda: convert(source, IRIS)),
                        ("validation", lambda graph=convert(source, IRIS).graph: validate(graph))):
        profiler = cProfile.Profile()
        with GarbageClock() as collector:
            profiler.enable()
            for _ in range(repeat):
                work()
            profiler.disable()
        stats = pstats.Stats(profiler)
        total = sum(row[2] for row in stats.stats.values())
        shares = {part: sum(row[2] for key, row in stats.stats.items() if where(key) == part) / total
                  for part in ("rdflib", "pyshacl", "converters", "C functions")}
        shares["collecting garbage"] = collector.seconds / total
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(15)
        summary = ", ".join(f"{part} {share:.0%}" for part, share in shares.items())
        out += [f"profile of {label} ({repeat}x {source.name}): own time in {summary}",
                buffer.getvalue().split("\n", 4)[-1].rstrip(), ""]
    return "\n".join(out)


def where(key: tuple) -> str:
    path = key[0]
    if path == "~":
        return "C functions"
    return next((part for part in ("rdflib", "pyshacl", "converters") if f"/{part}" in path), "other")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="conversions of each small document (default 5)")
    parser.add_argument("--seconds", type=float, default=2.0,
                        help="the least CPU time spent on each set of small documents (default 2)")
    parser.add_argument("--items", type=int, default=2000, help="items in the generated minutes (default 2000)")
    parser.add_argument("--profile", action="store_true", help="print where the reference minutes spend their time")
    args = parser.parse_args(argv)
    print(machine())
    print(one_core())
    for label, sources in sets(args.items):
        small = sum(len(s.data) for s in sources) < 200_000
        repeat = args.repeat if small else 1
        print(f"\n{label}:")
        if small:
            measure(sources, 1, validated=True)
        for name, validated in (("converted", False), ("converted and validated", True)):
            timing = measure(sources, repeat, validated, args.seconds if small else 0.0)
            print(timing.line(name, TARGETS.get(name) if label == "reference minutes" else None))
        if small:
            print("  peers, on the same graphs:")
            for name, timing in peers(sources, repeat, args.seconds):
                print(timing.line(name))
    if args.profile:
        print()
        print(profile(sets(1)[0][1][0], args.repeat * 4))
    return 0


if __name__ == "__main__":
    sys.exit(main())
