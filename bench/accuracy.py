"""How well the converters read real minutes: every document of a corpus folder
that has gold annotations is converted, read back with the competency questions
(ontology/competency/*.rq) and compared with its gold, field by field.

    python bench/accuracy.py ../shared/corpus [--worst 5] [--documents]

Gold files are ``<corpus>/gold/*.json`` in the shape of ../shared/corpus/gold
(see its INDEX.md, "Gold conventions"). A field is scored for a document only
when its gold says something about it: a missing key (or a null list) is not
scored; an empty list or a null value means "none", so anything we find there
is a false positive. A gold list is matched one to one against what we read:

    meeting      council, body, date, start time, venue and chair, each a value
    present, apologies                   names
    substitutions                        (substitute, replaced member)
    officers                             (name, job title)
    items                                (number as printed, title)
    resolutions  (item, wording): ours must contain the gold's opening words near its start
    motions      (item, mover, seconder, outcome), as far as the gold states them
    votes        (item, option, count) for every count the gold states, and (item, voter, option)
    declarations (member, item)
    next meeting the date

The item of a resolution, motion or vote is the gold's "item": the number of
our item, or else the number of the resolution (minutes numbered by their
resolutions key them so, the items being headings without numbers).

Names match when titles, honours, punctuation and case aside they have the same
surname and their forenames agree where both are given (an initial agrees with a
forename it begins); a name written as initials only ("PWh") matches the name
whose words begin with them. Texts match with case, white space, quotes and
dashes folded. Items match by number, and by title when one title begins the
other (at least three words of it): gold titles are often shortened, and a
title printed over two lines may be read as its first.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from converters import ConversionError, Source, convert
from openminutes.vocab import Iris

ROOT = Path(__file__).resolve().parents[1]
COMPETENCY = ROOT / "ontology" / "competency"
IRIS = Iris("http://bench.example/")
FIELDS = ("meeting", "present", "apologies", "substitutions", "officers", "items", "resolutions", "motions",
          "votes", "declarations", "next meeting")
MEETING_FACTS = ("council", "body", "date", "start_time", "venue", "chair")
RESOLUTION_OPENING_WITHIN = 160  # characters from the start of our wording where the gold's opening may begin
TITLES = {"councillor", "councillors", "cllr", "cllrs", "county", "district", "borough", "town", "parish",
          "community", "city", "cyng", "cynghorydd", "cynghorwyr", "cr", "alderman", "deputy", "mayor", "provost",
          "bailie", "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lady", "lord", "rev", "revd",
          "cbe", "obe", "mbe", "kbe", "dbe", "bem", "jp", "dl", "mp", "qc", "kc"}


# ---------------------------------------------------------------- scores

@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "Score") -> "Score":
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def scored(self) -> bool:
        return bool(self.tp or self.fp or self.fn)


@dataclass
class DocumentResult:
    name: str
    scores: dict[str, Score]
    error: str | None = None
    misses: list[str] = field(default_factory=list)

    @property
    def total(self) -> Score:
        total = Score()
        for score in self.scores.values():
            total += score
        return total


@dataclass
class Report:
    corpus: Path
    documents: list[DocumentResult]
    seconds: float

    def field(self, name: str) -> Score:
        total = Score()
        for document in self.documents:
            total += document.scores.get(name, Score())
        return total

    @property
    def overall(self) -> Score:
        total = Score()
        for document in self.documents:
            total += document.total
        return total

    @property
    def converted(self) -> Score:
        """Overall, on the documents that converted: what the readers read of what they could read."""
        total = Score()
        for document in self.documents:
            if document.error is None:
                total += document.total
        return total


# ---------------------------------------------------------------- normalising

def fold(text: str | None) -> str:
    """Case, accents, quotes, dashes, "&" and white space folded; trailing punctuation dropped."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}))
    text = re.sub(r"\s*&\s*", " and ", text)
    return re.sub(r"\s+", " ", text).strip(" .,:;-").casefold()


def name_words(name: str) -> list[str]:
    """A name's words without titles and honours: "Cllr. Mrs E J G Hilson" -> ["e", "j", "g", "hilson"]."""
    name = re.sub(r"\((\w)\)", r"\1", name)  # "Sheahan (J)"
    words = [w for w in re.split(r"[\s.,]+", unicodedata.normalize("NFKC", name)) if w]
    kept = [w for w in words if w.casefold().strip("'’") not in TITLES]
    return kept or words


def _initials_of(token: str) -> list[str] | None:
    """ "PWh" -> ["p", "wh"]: a name written as its initials, each a capital with optional lower case."""
    if not re.fullmatch(r"(?:[A-Z][a-z]?){2,4}", token) or token.istitle() and len(token) > 2:
        return None
    return [part.lower() for part in re.findall(r"[A-Z][a-z]?", token)]


def same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return a == b
    wa, wb = name_words(a), name_words(b)
    for short, full in ((wa, wb), (wb, wa)):
        if len(short) == 1 and (initials := _initials_of(short[0])) and len(full) >= 2:
            if len(initials) == len(full) and all(w.lower().startswith(i) for i, w in zip(initials, full)):
                return True
    la, lb = [w.casefold() for w in wa], [w.casefold() for w in wb]
    if la[-1] != lb[-1]:
        return False
    for x, y in zip(la[:-1], lb[:-1]):
        if len(x) == 1 or len(y) == 1:
            if x[0] != y[0]:
                return False
        elif x != y:
            return False
    return True


def same_text(a: str | None, b: str | None) -> bool:
    return fold(a) == fold(b)


def same_title(gold: str | None, ours: str | None) -> bool:
    gold, ours = fold(gold), fold(ours)
    shorter, longer = sorted((gold, ours), key=len)
    return gold == ours or (len(shorter.split()) >= 3 and longer.startswith(shorter))


def same_number(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return fold(a).rstrip(".") == fold(b).rstrip(".")


def opening_matches(ours: str, gold: str) -> bool:
    """Our wording holds the gold's opening words near its start, or is itself the start of the gold's."""
    ours, gold = fold(ours), fold(gold)
    if not ours or not gold:
        return False
    at = ours.find(gold)
    return 0 <= at <= RESOLUTION_OPENING_WITHIN or (len(ours) >= 15 and gold.startswith(ours))


# ---------------------------------------------------------------- matching

def match(gold: list, ours: list, same: Callable[[object, object], bool]) -> tuple[Score, list, list]:
    """One-to-one matching, gold in order; returns the score, the gold entries not matched and ours left over."""
    left = list(ours)
    missed = []
    for expected in gold:
        found = next((o for o in left if same(expected, o)), None)
        if found is None:
            missed.append(expected)
        else:
            left.remove(found)
    return Score(len(gold) - len(missed), len(left), len(missed)), missed, left


def match_value(gold, ours, same: Callable[[object, object], bool]) -> Score:
    if gold is None:
        return Score(fp=int(ours is not None))
    if ours is None:
        return Score(fn=1)
    return Score(tp=1) if same(gold, ours) else Score(fp=1, fn=1)


# ---------------------------------------------------------------- reading back

def _queries() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in COMPETENCY.glob("*.rq")}


def _rows(graph: Graph, query: str, meeting: URIRef | None = None) -> list[dict]:
    result = graph.query(query)
    rows = [{str(var): (row[var].toPython() if row[var] is not None else None) for var in result.vars}
            for row in result]
    for row in rows:
        for key, value in row.items():
            if isinstance(value, URIRef):
                row[key] = str(value)
    return [r for r in rows if meeting is None or r.get("meeting") in (None, str(meeting))]


def read_back(graph: Graph, queries: dict[str, str]) -> dict:
    """What the competency questions say about the meeting the document records, in the gold's shape."""
    meetings = _rows(graph, queries["meetings"])
    if not meetings:
        return {}
    facts = meetings[0]
    meeting = facts["meeting"]
    attendance = _rows(graph, queries["attendance"], meeting)
    by_status = {status: [r for r in attendance if r["status"] == status]
                 for status in ("present", "apologies", "absent", "officer")}
    chair = next((r["name"] for r in attendance if r["role"] == "chair"), None)
    items = _rows(graph, queries["items"], meeting)
    motions = _rows(graph, queries["motions"], meeting)
    item_of_motion = {r["motion"]: _keys(r) for r in motions}
    votes = [r for r in _rows(graph, queries["votes"]) if r["motion"] in item_of_motion]
    start = facts.get("startTime")
    return {
        "council": facts["councilName"], "body": facts["bodyName"], "date": str(facts["date"]),
        "start_time": start.strftime("%H:%M") if start else None, "venue": facts.get("venue"), "chair": chair,
        "present": [r["name"] for r in by_status["present"]],
        "apologies": [r["name"] for r in by_status["apologies"]],
        "substitutions": [(r["name"], r["substituteForName"]) for r in attendance if r["substituteForName"]],
        "officers": [(r["name"], r["role"]) for r in _rows(graph, queries["officers"], meeting)],
        "items": [(r["number"], r["title"]) for r in items],
        "resolutions": [(_keys(r), r["text"]) for r in _rows(graph, queries["resolutions"], meeting)],
        "motions": [r for r in motions],
        "votes": [(_keys(r), option, r[option]) for r in motions
                  for option in ("for", "against", "abstain") if r[option] is not None]
                 + [(item_of_motion[r["motion"]], r["name"], r["option"]) for r in votes],
        "declarations": [(r["name"], r["itemNumber"]) for r in _rows(graph, queries["declarations"], meeting)],
        "next meeting": next((str(r["nextDate"]) for r in _rows(graph, queries["next_meeting"], meeting)), None),
    }


def _keys(row: dict) -> tuple[str | None, str | None]:
    """What a resolution or motion may be keyed by: its item's number, its own resolution number."""
    return row["itemNumber"], row.get("resolutionNumber")


# ---------------------------------------------------------------- comparing

def _same_item(gold_item, ours_keys: tuple) -> bool:
    return gold_item is None or any(same_number(gold_item, key) for key in ours_keys if key is not None)


def _same_motion(gold: dict, ours: dict) -> bool:
    if not _same_item(gold.get("item"), _keys(ours)):
        return False
    for key, theirs in (("mover", "moverName"), ("seconder", "seconderName")):
        if key in gold and not (gold[key] is None and ours[theirs] is None or same_person(gold[key], ours[theirs])):
            return False
    return "outcome" not in gold or gold["outcome"] == ours["outcome"]


def _gold_votes(gold: dict) -> list[tuple]:
    votes = []
    for motion in gold.get("motions") or []:
        for option in ("for", "against", "abstain"):
            if motion.get(option) is not None:
                votes.append((motion.get("item"), option, motion[option]))
        for option, voters in (motion.get("voters") or {}).items():
            votes.extend((motion.get("item"), voter, option) for voter in voters)
    return votes


def _same_vote(gold: tuple, ours: tuple) -> bool:
    if not _same_item(gold[0], ours[0]):
        return False
    if isinstance(gold[2], int):
        return gold[1:] == ours[1:]
    return gold[2] == ours[2] and isinstance(ours[1], str) and same_person(gold[1], ours[1])


def compare(gold: dict, ours: dict) -> tuple[dict[str, Score], list[str]]:
    """Scores per field, and a line for each gold fact we did not read and each fact we read that is not in gold."""
    scores: dict[str, Score] = {}
    misses: list[str] = []

    def scored(name: str, score: Score, missed: Iterable = (), extra: Iterable = ()) -> None:
        scores[name] = scores.get(name, Score())
        scores[name] += score
        misses.extend(f"missed {name}: {m}" for m in missed)
        misses.extend(f"extra  {name}: {e}" for e in extra)

    for fact in MEETING_FACTS:
        if fact in gold:
            same = same_person if fact == "chair" else same_text
            score = match_value(gold[fact], ours.get(fact), same)
            scored("meeting", score, [f"{fact} {gold[fact]!r}, read {ours.get(fact)!r}"] if score.fn or score.fp else [])

    def listed(name: str, key: str, entries: Callable[[list], list], same) -> None:
        if gold.get(key) is not None:
            scored(name, *match(entries(gold[key]), ours.get(name, []), same))

    listed("present", "present", list, same_person)
    listed("apologies", "apologies", list, same_person)
    listed("substitutions", "substitutions", lambda xs: [(x["substitute"], x["for"]) for x in xs],
           lambda g, o: same_person(g[0], o[0]) and same_person(g[1], o[1]))
    listed("officers", "officers", lambda xs: [(x["name"], x.get("role")) for x in xs],
           lambda g, o: same_person(g[0], o[0]) and (g[1] is None or same_text(g[1], o[1])))
    listed("items", "agenda_items", lambda xs: [(x.get("number"), x.get("title")) for x in xs],
           lambda g, o: _same_item(g[0], (o[0],)) and same_title(g[1], o[1]))
    listed("resolutions", "resolutions", lambda xs: [(x.get("item"), x.get("text_starts")) for x in xs],
           lambda g, o: _same_item(g[0], o[0]) and opening_matches(o[1], g[1]))
    listed("motions", "motions", list, _same_motion)
    if gold.get("motions") is not None:
        scored("votes", *match(_gold_votes(gold), ours.get("votes", []), _same_vote))
    listed("declarations", "declarations", lambda xs: [(x["member"], x.get("item")) for x in xs],
           lambda g, o: same_person(g[0], o[0]) and same_number(g[1], o[1]))
    if "next_meeting" in gold:
        score = match_value(gold["next_meeting"], ours.get("next meeting"), lambda a, b: a == b)
        scored("next meeting", score, [f"{gold['next_meeting']!r}, read {ours.get('next meeting')!r}"]
               if score.fn or score.fp else [])
    return scores, misses


# ---------------------------------------------------------------- the corpus

def load(path: Path) -> Source:
    """A corpus document: a ``source:`` header block and a ``---`` line come before the minutes themselves."""
    data = path.read_bytes()
    url = None
    if data.startswith(b"source:"):
        header, _, data = data.partition(b"\n---\n")
        for line in header.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "source" and value.strip().startswith("http"):
                url = value.strip()
    return Source(data, path.name, url)


def _source_path(corpus: Path, source_file: str) -> Path | None:
    for base in (corpus, *corpus.resolve().parents):
        candidate = base / source_file
        if candidate.is_file():
            return candidate
    return None


def evaluate(corpus: Path) -> Report:
    queries = _queries()
    started = time.perf_counter()
    documents = []
    for gold_path in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = _source_path(corpus, gold["source_file"])
        error, ours = None, {}
        if path is None:
            error = f"source {gold['source_file']} not found"
        else:
            try:
                ours = read_back(convert(load(path), IRIS).graph, queries)
            except ConversionError as exc:
                error = str(exc)
        scores, misses = compare(gold, ours)
        documents.append(DocumentResult(gold_path.stem, scores, error, misses))
    return Report(corpus, documents, time.perf_counter() - started)


# ---------------------------------------------------------------- printing

def _line(label: str, score: Score) -> str:
    return (f"{label:<16} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}"
            f"   {score.tp:5d} {score.fp:5d} {score.fn:5d}")


def render(report: Report, worst: int = 5, documents: bool = False) -> str:
    lines = [f"corpus {report.corpus}: {len(report.documents)} documents with gold, "
             f"{sum(d.error is not None for d in report.documents)} not converted, {report.seconds:.1f} s",
             "", f"{'field':<16} {'P':>6} {'R':>6} {'F1':>6}   {'TP':>5} {'FP':>5} {'FN':>5}"]
    for name in FIELDS:
        score = report.field(name)
        lines.append(_line(name, score) if score.scored else f"{name:<16} {'(not in gold)':>20}")
    lines.append(_line("overall", report.overall))
    if any(d.error for d in report.documents):
        lines.append(_line("  (converted)", report.converted))
    ranked = sorted(report.documents, key=lambda d: (d.total.f1, d.name))
    if documents:
        lines += ["", "documents:"] + [_line(d.name[:16], d.total) + f"  {d.name}" for d in ranked]
    lines += ["", f"worst {min(worst, len(ranked))} documents:"]
    for document in ranked[:worst]:
        lines.append(f"  {document.total.f1:.3f}  {document.name}" + (f"  [{document.error}]" if document.error else ""))
        weak = sorted((s.f1, n) for n, s in document.scores.items() if s.scored and s.f1 < 1)
        lines.append("         weakest: " + ", ".join(f"{n} {f:.2f}" for f, n in weak[:6]))
        lines += [f"         {m}" for m in document.misses[:12]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="corpus folder(s) with a gold/ folder")
    parser.add_argument("--worst", type=int, default=5, help="how many of the worst documents to list")
    parser.add_argument("--documents", action="store_true", help="list the score of every document")
    args = parser.parse_args(argv)
    for corpus in args.corpus:
        if not (corpus / "gold").is_dir():
            print(f"accuracy: {corpus} has no gold/ folder", file=sys.stderr)
            return 2
        print(render(evaluate(corpus), args.worst, args.documents))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
