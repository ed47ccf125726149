"""Text helpers shared by the readers: whitespace, dates, times, name lists, and
which characters of a stretch of text are already read."""

from __future__ import annotations

import re
from datetime import date, time

from converters.model import Span, Text

MONTHS = {m: i for i, m in enumerate(
    ("january february march april may june july august september october november december").split(), 1)}
WELSH_MONTHS = {m: i for i, m in enumerate(
    ("ionawr chwefror mawrth ebrill mai mehefin gorffennaf awst medi hydref tachwedd rhagfyr").split(), 1)}
MONTH_NUMBERS = {**MONTHS, **WELSH_MONTHS, **{m[:3]: i for m, i in MONTHS.items()}, "sept": 9, "fawrth": 3}
MONTH = r"(?i:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\b\.?"  # in any case, wherever embedded
ORDINAL = r"(?i:st|nd|rd|th|af|il|ydd|edd|ed|fed|eg|ain)?"
WEEKDAY = (r"(?i:(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|dydd\s+(?:Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul)),?"
           r"\s+(?:the\s+)?)?")
DATE = re.compile(
    WEEKDAY + r"(?:(?P<day>\d{1,2})" + ORDINAL + r"(?:\s+of)?\s+(?P<month>" + MONTH + r"),?\s+(?P<year>\d{4})"
    r"|(?P<month2>" + MONTH + r")\s+(?P<day2>\d{1,2})" + ORDINAL + r",?\s+(?P<year2>\d{4}))\b",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})\b")
TIME = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s*m\b\.?|\b(?P<h24>\d{1,2}):(?P<m24>\d{2})\b",
    re.IGNORECASE,
)


def unnamed(pattern: str) -> str:
    """A pattern with its named groups made plain, to be embedded beside another that has the same names."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


LINE_BREAK_HYPHEN = re.compile(r"-(?<=\w-)[ \t]*\n[ \t]*(?=[A-Z])")  # the hyphen first: re skips to it at C speed


def clean(text: str) -> str:
    """Runs of white space (no-break spaces included) folded to one space; a compound broken over a line
    after its hyphen ("Croskery-\nHodgins") joined again."""
    if "-" in text and "\n" in text:
        text = LINE_BREAK_HYPHEN.sub("-", text)
    return " ".join(text.split())


def parse_date(match: re.Match) -> date | None:
    """The date a match of DATE or NUMERIC_DATE names, or None when there is no such day."""
    groups = match.groupdict()
    day, month, year = (groups["day"], groups["month"], groups["year"]) if groups["day"] else (
        groups.get("day2"), groups.get("month2"), groups.get("year2"))
    number = int(month) if month.isdigit() else MONTH_NUMBERS.get(month.lower().rstrip("."))
    try:
        return date(int(year), number, int(day))
    except (TypeError, ValueError):
        return None


def parse_time(match: re.Match) -> time | None:
    if match["h24"]:
        hour, minute = int(match["h24"]), int(match["m24"])
    else:
        hour, minute = int(match["hour"]) % 12, int(match["minute"] or 0)
        if match["ampm"].lower() == "p":
            hour += 12
    return time(hour, minute) if hour < 24 and minute < 60 else None


def text_at(source: str, start: int, end: int) -> Text:
    """The stripped text between two offsets, with its exact span."""
    raw = source[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    span = Span(start + lead, end - trail)
    return Text(clean(source[span.start:span.end]), span)


def split_list(source: str, start: int, end: int) -> list[Text]:
    """A list such as "A, B and C" split into its members, each with its span."""
    pieces = []
    cursor = start
    for sep in re.finditer(r",\s*(?:and\s+)?|\s+and\s+|;\s*", source[start:end]):
        pieces.append(text_at(source, cursor, start + sep.start()))
        cursor = start + sep.end()
    pieces.append(text_at(source, cursor, end))
    return [p for p in pieces if p.value]


class Words:
    """Words found as they are written, with ``str.find``: ``re`` tries an alternation of words at every place of a
    text, which made finding the cues of the costly patterns a quarter of reading."""

    def __init__(self, *words: str, whole: bool = False):
        self.words = words
        self.whole = whole  # only where no letter, digit or "_" goes on either side, as ``\b`` has it

    @property
    def pattern(self) -> str:
        return "(?:" + "|".join(map(re.escape, self.words)) + ")"

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Where the words are in ``text[start:end]``, in order."""
        end = len(text) if end is None else end
        found = []
        for word in self.words:
            at = text.find(word, start, end)
            while at != -1:
                stop = at + len(word)
                if not self.whole or not (_in_word(text, at - 1) or stop < end and _in_word(text, stop)):
                    found.append((at, stop))
                at = text.find(word, at + 1, end)
        return sorted(found)


def _in_word(text: str, i: int) -> bool:
    return i >= 0 and (text[i].isalnum() or text[i] == "_")


class Covered:
    """The characters of a stretch of text already read, so that nothing is read twice; checked in constant time."""

    def __init__(self, start: int, end: int):
        self.start = start
        self.marks = bytearray(max(0, end - start))

    def add(self, a: int, b: int) -> None:
        a, b = max(a - self.start, 0), min(b - self.start, len(self.marks))
        if a < b:
            self.marks[a:b] = b"\x01" * (b - a)

    def __contains__(self, position: int) -> bool:
        i = position - self.start
        return 0 <= i < len(self.marks) and self.marks[i] == 1


def usual_case(words: str, text: str) -> str:
    """Words printed in capitals ("CAMILLA G. PITMAN", "CITY CLERK") as the text writes them elsewhere ("Ms. Pitman",
    "City Clerk Camilla Pitman"), or else capitalised."""
    if not words.isupper():
        return words

    def word(m: re.Match) -> str:
        for other in re.finditer(rf"(?<![\w'’-])(?i:{re.escape(m[0])})(?![\w'’-])", text):
            if not other[0].isupper():
                return other[0]
        return m[0].capitalize()
    return re.sub(r"[A-Z]{2,}", word, words)
