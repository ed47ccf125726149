"""bench/convert.py, which no other test runs: it works on every set it names, and its figures add up."""

from __future__ import annotations

import os
import re

import pytest

from benches import bench


@pytest.fixture(scope="module")
def speed():
    return bench("convert")


def test_a_timing_sums_its_batches_and_judges_a_target_by_the_best(speed):
    slow, fast = speed.Rate(10, 8_000, 0.2, 0.01), speed.Rate(30, 24_000, 0.2, 0.0)
    timing = speed.Timing([slow, fast])
    assert timing.overall == speed.Rate(40, 32_000, 0.4, 0.01)
    assert timing.best is fast
    assert timing.line("converted", 100.0).endswith("target 100 docs/s: met")
    assert timing.line("converted", 200.0).endswith("target 200 docs/s: NOT met")


def test_timed_work_runs_every_unit_the_rounds_asked_for(speed):
    done = []
    timing = speed.timed(lambda i: done.append(i) or 5, 3, repeat=4, seconds=0.0)
    assert done == [0, 1, 2] * 4
    assert (timing.overall.documents, timing.overall.triples) == (12, 60)


@pytest.fixture
def cores():
    """The benchmark pins itself to one core: the rest of the tests get them all back."""
    cores = os.sched_getaffinity(0)
    yield
    os.sched_setaffinity(0, cores)


def test_the_benchmark_runs_on_every_set_with_its_peers(speed, capsys, cores):
    assert speed.main(["--items", "4", "--repeat", "1", "--seconds", "0"]) == 0
    out = capsys.readouterr().out
    sets = [line for line in out.splitlines() if line.endswith(":") and not line.startswith(" ")]
    assert len(sets) == len(speed.sets(4))
    rates = [float(m[1]) for m in re.finditer(r"([\d.]+) docs/s", out)]
    assert len(rates) >= 2 * len(sets) + 3 * 2 and all(rate > 0 for rate in rates)
