"""The accuracy benchmark (bench/accuracy.py) over the real minutes in
../shared/corpus, with a floor under each field: a change that reads the
corpus worse fails here. Raise the floors as accuracy rises."""

from __future__ import annotations

import pytest

from benches import bench

# F1 per field, a little under what the converters reach (see README, "Accuracy").
FLOORS = {
    "corpus": {"meeting": 0.96, "present": 0.99, "apologies": 0.99, "substitutions": 0.99, "officers": 0.99,
               "items": 0.99, "resolutions": 0.95, "motions": 0.99, "votes": 0.99, "declarations": 0.99,
               "next meeting": 0.99, "overall": 0.98},
    "corpus/pdf": {"meeting": 0.99, "present": 0.98, "apologies": 0.99, "officers": 0.97, "items": 0.98,
                   "resolutions": 0.98, "motions": 0.98, "declarations": 0.99, "next meeting": 0.99, "overall": 0.985},
}
# The scanned PDF, read by OCR (tesseract): F1 per field of that one document
SCANNED = ("P10_us-greenville-sc_city-council-formal_2023-05-22",
           {"meeting": 0.95, "present": 0.85, "officers": 0.9, "items": 0.95, "resolutions": 0.95, "motions": 0.95})


@pytest.fixture(scope="module")
def accuracy():
    return bench("accuracy")


@pytest.fixture(scope="module")
def report(accuracy, shared_dir):
    """The benchmark's report on a folder, run once: OCR takes tens of seconds."""
    reports = {}

    def of(folder: str):
        if folder not in reports:
            reports[folder] = accuracy.evaluate(shared_dir / folder)
        return reports[folder]
    return of


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_accuracy_stays_above_its_floor(folder, accuracy, report):
    report = report(folder)
    reached = {name: report.field(name).f1 for name in FLOORS[folder] if name != "overall"}
    reached["overall"] = report.overall.f1

    below = {name: round(f1, 3) for name, f1 in reached.items() if f1 < FLOORS[folder][name]}
    assert not below, f"F1 below the floor in {folder}: {below}\n{accuracy.render(report)}"


def test_a_scanned_pdf_is_read_by_ocr_above_its_floor(accuracy, report):
    name, floors = SCANNED
    scanned = next(d for d in report("corpus/pdf").documents if d.name == name)

    assert scanned.error is None
    below = {field: round(scanned.scores[field].f1, 3) for field, floor in floors.items()
             if scanned.scores[field].f1 < floor}
    assert not below, f"F1 below the floor in {name}: {below}\n" + "\n".join(scanned.misses)


def test_the_benchmark_can_fail(accuracy):
    """A reading that misses and invents facts scores below 1 in the field where it does."""
    gold = {"present": ["Jane Smith", "B Yates"], "apologies": [], "next_meeting": "2025-01-02"}
    ours = {"present": ["Barrie Yates", "Tom Jones"], "apologies": ["Ann Lee"], "next meeting": None}

    scores, misses = accuracy.compare(gold, ours)

    assert (scores["present"].tp, scores["present"].fp, scores["present"].fn) == (1, 1, 1)
    assert (scores["apologies"].tp, scores["apologies"].fp) == (0, 1)
    assert scores["next meeting"].fn == 1
    assert any("Jane Smith" in m for m in misses)


@pytest.mark.parametrize("a, b, same", [
    ("County Councillor Barrie Yates", "B Yates", True),
    ("Cllr. Mrs E J G Hilson", "Hilson", True),
    ("Geoff Driver CBE", "Mr G Driver", True),
    ("PWh", "Paul Wheelhouse", True),
    ("Alun Davies", "Arwel Davies", False),
    ("A. Davies", "Arwel Davies", True),
    ("M G Bucknor", "Mrs V M Bucknor", False),
])
def test_names_match_as_the_benchmark_says(accuracy, a, b, same):
    assert accuracy.same_person(a, b) is same
