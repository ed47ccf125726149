"""Where each agenda item of free-text minutes begins, its number as printed
and its title.

Numbers come in several schemes — "1.", "1", "77." alone on a line, "135/19",
"21.44", "4a" — at the start of a line, or run into a paragraph after the end
of a sentence. Every match is a candidate; the items are the longest run of
candidates of one scheme whose numbers rise in small steps, so that numbered
lists inside an item ("1. The meeting is held for…") and sub-items ("6.1")
do not break the sequence. Titles of items run into their text end where the
text begins: at a full stop, a colon, a dash, a sub-item number, or the first
words of a sentence ("The following …", "… was read by the Chair").

Business taken before the numbering begins, under a heading of its own with a
colon ("Disclosure of pecuniary interest: None.", "Committee Reports:"), is an
item without a number: minutes numbered only by their resolutions have such
headings before the first resolution, and between them. A number that heads a
motion ("R2023-093 D. Yemm, S. Kirkey:" above "That …") is the resolution's,
not an item's: the reader puts the resolution under the heading it follows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from converters.attendance import JOB_WORDS
from converters.model import Text
from converters.text import DATE, TIME, text_at

LINE_START = r"(?:^|(?<=\n))[ \t>#*]*"
# (scheme, pattern, run-in): a run-in title shares its line with the item's text
# (scheme, pattern, run-in): a run-in title shares its line with the item's text. Only the number is consumed,
# so that a number that is not an item (a page number) does not hide the item after it.
CANDIDATES = (
    ("decimal", re.compile(LINE_START + r"(?P<number>\d{1,3}[a-z]?)"
                           r"(?=\\?[.):]?[ \t]*\n(?:[ \t]*\n){0,3}[ \t]*(?P<title>[^\n]+))"), False),
    ("decimal", re.compile(LINE_START + r"(?P<number>\d{1,3}[a-z]?)(?=(?:\\?[.):])?[ \t]+(?P<title>[^\s\d][^\n]*))"), True),
    ("decimal", re.compile(r"(?<=[.!?:)”\"][ \t])[ \t]*(?P<number>\d{1,2})(?=\\?\.[ \t]+(?P<title>[A-Z][^\n]*))"), True),
    ("slash", re.compile(r"(?:" + LINE_START + r"|(?<=[.!?][ \t]))(?P<number>\d{1,4}/\d{2,4})"
                         r"(?=\.?[ \t]+(?P<title>[^\n]+))"), True),
    ("dotted", re.compile(LINE_START + r"(?P<number>\d{2}\.\d{1,3})(?=[ \t]+(?P<title>[A-Z][^\n]*))"), True),
    # numbered resolutions, each headed by its mover and seconder: "R2023-093 D. Yemm, S. Kirkey:", the motion below
    # or run in ("R2018-077 L. Smith, L. Andersen:  That we approve …"), when the number cannot be an item's
    ("resolution", re.compile(LINE_START + r"(?P<number>[A-Z]{0,3}\d{2,4}[-/]\d{2,4})(?=[ \t]+[^\n]{3,80}?:[ \t]*\n[ \t]*"
                              r"(?P<title>[^\n]+))"), False),
    ("resolution", re.compile(LINE_START + r"(?P<number>(?:[A-Z]{1,3}\d{2,4}[-/]|\d{4}-)\d{2,4})(?=[ \t]+"
                              r"[A-Z][\w.'’ -]{1,40}?,[ \t]*[A-Z][\w.'’ -]{1,40}?:[ \t]*(?P<title>\S[^\n]*))"), True),
)
# An item lettered under a numbered one: "a. Ordinance to annex …" below "11. UNFINISHED BUSINESS"
LETTERED = re.compile(LINE_START + r"(?P<number>[a-z])(?=[.)][ \t]+(?P<title>[A-Z][^\n]*))")
# A sentence that ends with a colon just before a list: "City Manager John McDonough provided information on the
# following items:"
LIST_INTRODUCED = re.compile(r"[a-z][^\n:]*\b[a-z]{2,}[ \t]*:[ \t]*\n\s*\Z")
INTRODUCTION = 300  # characters before the list where its introduction is sought (the pattern is tried at each)
# The words a motion begins with: "That the minutes …", "THAT we donate …", "WHEREAS under Section 380(6) …"
MOTION_OPENING = re.compile(r"(?:That|THAT|Whereas|WHEREAS|Be it resolved|BE IT RESOLVED)\b")
MAX_STEP = 6
MAX_TITLE_LINE = 400  # a title is sought in the first characters of its line, however long the line
WINDOW = 60
PDF_ICON = re.compile(r"(?:\s*pdf icon)?\s*PDF\s*[\d.]+\s*[KM]B.*$", re.I)
# Where the text of a run-in item starts
TITLE_ENDS = re.compile(
    r"\.\s+(?=\S)"                                     # "Apologies for Absence. Apologies were …"
    r"|(?<!\bTo \w{3})(?<!\bTo \w{4})(?<!\bTo \w{5})(?<!\bTo \w{6})(?<!\bTo \w{7})(?<!\bTo \w{8}):\s*"  # not "To Note:"
    r"|\s+[-–—]\s+"                                     # "Openness and Transparency Notice - The Parish …"
    r"|\s+(?=\d{1,2}\.\d{1,2}(?:\.\d+)?\s+[A-Z])"       # "Finance Report 8.1 Bank Mandate", not "1.39 acres"
    r"|\s+(?=The\s+\w|(?:No|None|Nothing)\s+[A-Za-z]|(?:This|These|It|There|A|An|Following|All|Members|Councillors|Cllrs?)\s+[a-z])"
    r"|\s+(?=[A-Z]{2,3}\s+(?:was|were|had|has)\s)"
    r"|\s+(?=(?:[A-Z]{2,3}|Cllr\.?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+(?:asked|advised|reported|noted|said|stated|"
    r"proposed|welcomed|thanked|explained|confirmed|presented|informed|read|declared|agreed)\b)"
    r"|\s+(?=(?:was|were|is|are|had|has|have)\s+[a-z])")
TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
SENTENCE_VERB = re.compile(r"\s(?:confirmed|reported|advised|noted|stated|agreed|said|discussed|received|asked)\b")


# A heading with a colon at the start of a line: a few words, the first capitalised; the text may follow on its line.
UNNUMBERED = re.compile(r"^[ \t]*(?P<title>[A-Z][\w’'-]*(?:[ \t]+[\w’'&–-]+){0,6}?)[ \t]*:[ \t]*(?P<rest>[^\n]*)$", re.M)
# Lines with a colon that are not business: a decision, a time or place, a post ("Clerk: Mrs J Smith"),
# or a sentence that introduces a list ("The Chairman reported as follows:")
NOT_BUSINESS = re.compile(r"(?:Resolved|Proposed|Seconded|Moved|Carried|Agreed|Lost|Actions?|Notes?|Date|Time|Venue|"
                          r"Place|Location|Page|The|This|These|It|There|We|All)\b"
                          r"|.*\b(?:was|were|is|are|had|has|have|follows?|following|reported|advised|noted|stated|"
                          r"explained|asked|said)\b", re.I)
# What a heading names after its colon, in Title Case: "Staff Report: Short Term Accommodations – Regulation Options"
NAMED_SUBJECT = re.compile(r"[A-Z][\w’'-]*(?:[ \t]+(?:[–—-]|of|and|the|for|[A-Z][\w’'-]*))*[ \t]+[A-Z][\w’'-]*")


@dataclass
class ItemHead:
    number: str | None  # None for a heading printed without a number
    title: Text | None  # None for a quoted item whose group heading is not above it
    start: int  # where the number is printed
    body_start: int  # where the item's text begins
    grouped: bool = False  # titled by the heading of a group of items ("Questions submitted by …:")
    resolution: bool = False  # numbered as a resolution, its mover and seconder after the number


def find_items(text: str, start: int = 0, end: int | None = None) -> list[ItemHead]:
    end = len(text) if end is None else end
    by_scheme: dict[str, list[tuple[int, float, ItemHead]]] = {}
    for scheme, pattern, run_in in CANDIDATES:
        for m in pattern.finditer(text, start, end):
            head = _resolution_head(text, m) if scheme == "resolution" else _head(text, m, run_in, start)
            if head is None:
                continue
            score = _score(head, m, run_in, text)
            by_scheme.setdefault(scheme, []).append((head.start, score, head))
    best: list[ItemHead] = []
    best_score = 0.0
    for scheme, found in by_scheme.items():
        found.sort(key=lambda c: (c[0], -c[1]))
        chain, score = _best_chain(found, scheme)
        if score > best_score and (len(chain) >= 2 or scheme != "decimal" or score >= 1.5):
            best, best_score = chain, score
    return _lettered(text, _inherit_group_titles(best), end)


def find_unnumbered(text: str, start: int, end: int, skip: Callable[[str], bool]) -> list[ItemHead]:
    """Headings without a number between two offsets; ``skip`` tells what a heading line is not (an attendance
    label, a person's name)."""
    heads = []
    for m in UNNUMBERED.finditer(text, start, end):
        if skip(m["title"]) or NOT_BUSINESS.match(m["title"]) or JOB_WORDS.search(m["title"]) \
                or DATE.search(m["rest"]) or TIME.match(m["rest"]):
            continue
        title_end, body_start = m.end("title"), m.start("rest")
        if subject := NAMED_SUBJECT.match(text, m.start("rest"), m.end("rest")):
            title_end = body_start = subject.end()
        heads.append(ItemHead(None, text_at(text, m.start("title"), title_end), m.start("title"),
                              body_start if m["rest"].strip() else m.end()))
    return heads


def numbered_by_resolutions(heads: list[ItemHead]) -> bool:
    """Whether the numbers are those of resolutions rather than of items: most of them head a motion."""
    resolutions = [h for h in heads if h.resolution]
    return 2 * sum(bool(h.title and MOTION_OPENING.match(h.title.value)) for h in resolutions) > len(resolutions) > 0


def _key(number: str, scheme: str) -> tuple:
    if scheme == "resolution":
        year, n = re.findall(r"\d+", number)[-2:]
        return int(year), int(n), ""
    if scheme == "slash":
        n, year = number.split("/")
        return int(year), int(n), ""
    if scheme == "dotted":
        a, b = number.split(".")
        return int(a), int(b), ""
    digits = re.match(r"\d+", number)[0]
    return 0, int(digits), number[len(digits):]


def _best_chain(found: list[tuple[int, float, ItemHead]], scheme: str) -> tuple[list[ItemHead], float]:
    """The highest-scoring run of candidates, in text order, whose numbers rise by at most MAX_STEP each time."""
    n = len(found)
    total = [0.0] * n
    previous = [-1] * n
    keys = [_key(c[2].number, scheme) for c in found]
    for i in range(n):
        total[i] = found[i][1]
        for j in range(max(0, i - WINDOW), i):
            if found[j][0] >= found[i][0] or found[i][0] < found[j][2].body_start:
                continue
            a, b = keys[j], keys[i]
            if a[0] != b[0] and not (scheme in ("slash", "resolution") and b[0] == a[0] + 1):
                continue
            if not (a[1:] < b[1:] and b[1] - a[1] <= MAX_STEP):
                continue
            if total[j] + found[i][1] > total[i]:
                total[i], previous[i] = total[j] + found[i][1], j
    if not n:
        return [], 0.0
    i = max(range(n), key=lambda k: total[k])
    score = total[i]
    chain = []
    while i != -1:
        chain.append(found[i][2])
        i = previous[i]
    return chain[::-1], score


def _score(head: ItemHead, m: re.Match, run_in: bool, text: str) -> float:
    title = head.title.value if head.title else ""
    score = 1.0
    if title.isupper() or (len(title) <= 80 and not title.endswith(".")):
        score += 0.5
    if m.start() > 0 and not _at_line_start(text, m.start("number")):
        score -= 0.5
    if len(m["title"]) > 200 and not run_in:
        score -= 0.5
    if "\n" in text[m.start("number"):m.start("title")] and not re.search(r"[.)a-z]", text[m.start("number"):m.start("title")]):
        score -= 0.3  # a bare number alone on its line may be a page number
    return score


def _at_line_start(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip(" \t>#*")


def _resolution_head(text: str, m: re.Match) -> ItemHead | None:
    """A numbered resolution: its movers follow the number, the first words of its motion make the title."""
    title_start = m.start("title")
    words = re.match(r"(?:[^.\n]|\.(?=\S))*", text[title_start:title_start + 120])[0].rstrip(" ,;:")
    if not words:
        return None
    return ItemHead(m["number"], text_at(text, title_start, title_start + len(words)), m.start("number"),
                    m.start("number"), resolution=True)


def _head(text: str, m: re.Match, run_in: bool, start: int) -> ItemHead | None:
    title_start, line_end = m.start("title"), min(m.end("title"), m.start("title") + MAX_TITLE_LINE)
    raw = text[title_start:line_end]
    first = r"[A-Z/(“\"'‘*]" if run_in else r"[A-Z0-9/(“\"'‘*]"  # on a line of its own a title may begin "25/0188/FUL"
    if not raw.strip() or not re.match(r"[\s*_“\"'‘(]*" + first, raw):
        return None
    if re.match(r"\s*[*_]*[“\"]", raw):  # a question or motion quoted: the heading above it names it
        group = _group_heading(text, m.start(), start)
        return ItemHead(m["number"], group, m.start("number"), title_start, grouped=True)
    cut = len(raw)
    if aside := re.search(r"\s+[-–—]\s+(?=[a-z])", raw):  # "Correspondence - all previously circulated"
        cut = aside.start()
    if run_in and (len(raw) > 80 or not _at_line_start(text, m.start("number")) or m.re.pattern.find("/") != -1) \
            or len(raw) > 100:
        cut = _title_end(raw)
    elif heading := re.match(r"[A-Z][A-Z ,&'’/-]*[A-Z]\.(?=[ \t]+[A-Z][a-z])", raw):  # "ADJOURN. There being …"
        cut = heading.end()
    title = raw[:cut]
    pdf = PDF_ICON.search(title)
    if pdf:
        title = title[: pdf.start()]
    title = re.sub(r"^[\s*_]+|[\s*_]+$", "", title)
    if len(title) > 12:
        note = TRAILING_NOTE.search(title)
        if note and note.start() > 8 and run_in and not re.search(r"[-–—]\s*$", title[:note.start()]):
            # a note, not "NEW BUSINESS – (Ordinances – First Reading)"
            title = title[: note.start()]
    title = title.rstrip(" .:;,-–—")
    if not title:
        return None
    at = text.find(title, title_start, line_end)
    value = text_at(text, at, at + len(title))
    body_start = title_start + cut if cut < len(raw) else line_end
    return ItemHead(m["number"], value, m.start("number"), body_start)


def _title_end(raw: str) -> int:
    """Where the title of an item run into its text ends."""
    stop = next((m for m in TITLE_ENDS.finditer(raw) if not _after_small_word(raw, m)), None)
    cut = stop.start() if stop else len(raw)
    if stop and re.match(r"\s+(?:was|were|is|are|had|has|have)\s", raw[stop.start():]):
        # "Minutes of the Meeting held on 4 April 2019 Parish Councillors confirmed": the title ends with its date
        dates = [d for d in DATE.finditer(raw, 0, cut)]
        if dates and re.fullmatch(r"\s+(?:[A-Z][\w'’-]*\s*){1,3}", raw[dates[-1].end():cut]):
            cut = dates[-1].end()
    verb = SENTENCE_VERB.search(raw, 0, cut)
    for limit in (verb.start() if verb else None, cut):
        dates = [d for d in DATE.finditer(raw, 0, limit)] if limit else []
        if dates and re.fullmatch(r"\s+(?:[A-Z][\w'’-]*\s*){1,3}", raw[dates[-1].end():limit]):
            cut = dates[-1].end()
            break
    title_case = _title_case_end(raw[:cut])
    return min(cut, title_case)


def _after_small_word(raw: str, m: re.Match) -> bool:
    """ "… from Members on any item": a word that could begin a sentence does not, after a preposition."""
    if not m[0].isspace():
        return False
    before = raw[:m.start()].rsplit(" ", 1)[-1].lower()
    return before in {"from", "of", "by", "to", "for", "with", "and", "or", "the", "a", "an", "in", "on", "at"}


def _title_case_end(title: str) -> int:
    """A title written in Title Case ends before a capitalised word that begins a lower-case phrase."""
    words = list(re.finditer(r"\S+", title))
    small = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "&", "-", "–"}
    capitalised = [w for w in words[:4] if w[0][0].isupper() or w[0].lower() in small]
    if len(words) < 4 or len(capitalised) < 4 or not words[1][0][0].isupper():
        return len(title)
    for a, b in zip(words, words[1:]):
        if a[0][0].isupper() and b[0][0].islower() and b[0].lower() not in small and a.start() > 0:
            return a.start()
    return len(title)


def _group_heading(text: str, number_start: int, start: int) -> Text | None:
    """ "Questions submitted by Councillor J. Scanlan:" on the line just above a numbered question."""
    line_start = text.rfind("\n", start, number_start)
    m = re.compile(r"([^\n]{1,120}):[ \t]*\n\s*\Z").search(text, max(start, line_start - 400), max(start, line_start + 1))
    if m and re.match(r"\s*[A-Z]", m[1]):
        return text_at(text, m.start(1), m.end(1))
    return None


def _lettered(text: str, heads: list[ItemHead], end: int) -> list[ItemHead]:
    """Items lettered a., b., c. … under a numbered item are items of their own, numbered "11a", "11b"; not when a
    sentence of the item's text introduces them ("… provided information on the following items:"), as a list."""
    found = []
    for i, head in enumerate(heads):
        found.append(head)
        if not (head.number and head.number.isdigit()):
            continue
        letter = "a"
        for m in LETTERED.finditer(text, head.body_start, heads[i + 1].start if i + 1 < len(heads) else end):
            if letter == "a" and m["number"] == "a" and LIST_INTRODUCED.search(
                    text, max(head.body_start, m.start() - INTRODUCTION), m.start()):
                break
            if m["number"] == letter and (sub := _head(text, m, True, head.body_start)):
                sub.number = head.number + letter
                found.append(sub)
                letter = chr(ord(letter) + 1)
    return found


def _inherit_group_titles(chain: list[ItemHead]) -> list[ItemHead]:
    """Items of a group after the first have the group's title; a quoted item outside any group is left out."""
    kept, group = [], None
    for head in chain:
        if head.grouped:
            group = head.title or group
            if group is None:
                continue
            head.title = group
        else:
            group = None
        kept.append(head)
    return kept
