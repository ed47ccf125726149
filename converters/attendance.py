"""Who attended, from the labelled blocks at the head of minutes: "Present:",
"Apologies:", "Absent:", "In attendance:", "Officers:", "Staff:", "Regrets:"
and their Welsh forms, whatever the layout — one name a line, names in
columns followed by their initials ("Kenny Combe KC  Margaret Carey MC"), a
sentence ("Councillors Alun Davies, … and County Councillor Joseph Davies."),
names run together after their titles ("Cllr Jim McNeill (Vice Chair) Cllr
Daphne Clements"), or officers with their posts before or after them
("Director of Travel (Mr. P. Crowe)", "Peter King, Parish Clerk",
"Operations Superintendent Dan MacInnis", "Mr W Grosvenor Clerk to the Council").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converters.model import Attendee, Span, Text
from converters.people import HONORIFICS, OFFICE_TITLES, parse_name
from converters.text import Covered, clean, text_at

STATUS_LABELS = (
    ("chair", r"Present\s+in\s+the\s+Chair|In\s+the\s+Chair|Chair(?:man|person)?"),
    ("present", r"(?:Members|Councillors)\s+present|Present|PRESENNOL|Yn\s+bresennol|Attendance"),
    ("apologies", r"Apologies(?:\s+for\s+absence)?(?:\s+received)?|Regrets|Ymddiheuriadau"),
    ("absent", r"Absent|Absences|Yn\s+absennol"),
    ("officer", r"(?:Also\s+)?In\s+attendance|Also\s+present|Officers?(?:\s+(?:present|in\s+attendance))?|"
                r"Officials(?:\s+in\s+attendance)?|Staff(?:\s+present)?|Swyddogion"),
    ("other", r"Public|Members\s+of\s+the\s+public|Press|Guests?|Visitors?|Observers?|Delegations?"),
)
LABEL_ALTERNATIVES = "|".join(f"(?P<{status}>{pattern})" for status, pattern in STATUS_LABELS)
# A label at the start of a line, then a colon, a dash or the end of the line: "Present:", "PRESENT (Four Councillors):-"
LINE_LABEL = re.compile(
    rf"^[ \t]*(?:{LABEL_ALTERNATIVES})(?P<note>[ \t]*\([^)\n]{{0,40}}\))?(?:[ \t]*/[ \t]*[^\n:]{{1,30}}?)?"
    rf"[ \t]*(?:[:–—]-?|-(?=\s)|(?=\n)|$)",
    re.I | re.M)
# The same labels in capitals with no colon, as a column heading would be: "PRESENT Rob Boyd (Chair) RB"
CAPITAL_LABEL = re.compile(r"^[ \t]*(?P<present>PRESENT|PRESENNOL)[ \t]+(?=[A-Z][a-z])", re.M)
# A label inside a line needs its colon: "… (PW) Chair In attendance: Claire Cann", "Public: 2 Also, in attendance: None"
INLINE_LABEL = re.compile(
    r"(?<=\S)[ \t]+(?P<present>PRESENT|Present)(?:[ \t]*\([^)\n]{0,40}\))?[ \t]*:-?"
    r"|(?<=\S)[ \t]+(?:Also,?[ \t]+)?(?P<officer>[Ii]n[ \t]+attendance|Also[ \t]+present)[ \t]*:"
    r"|(?<=\S)[ \t]+(?P<other>Public)[ \t]*:"
    r"|(?<=\S)[ \t]+(?P<apologies>Apologies(?:[ \t]+for[ \t]+absence)?)[ \t]*:"
    r"|(?<=\S)[ \t]+(?P<absent>Absent)[ \t]*:")
PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[ \t]*\S[^\n]*)*")
SENTENCE_AT_LINE_END = re.compile(r"(?<=\w\w)\.[ \t]*(?=\n)")
# "… Dunhill and Stephenson. County Councillor Anne Dale was in attendance …": the names end where prose begins
SENTENCE_BEFORE_PROSE = re.compile(r"(?<=[a-z]{2})\.[ \t]+(?=[A-Z][^.\n]{0,120}?\b(?:was|were|attended|joined|arrived)\b)")
STOPS = re.compile(r"^[ \t]*(?:Items?(?:[ \t]+No\.?)?[ \t]+(?:Item|Action)|ITEMS|Items|Agenda|Minutes:|No\.[ \t]+Item|"
                   r"Minutes[ \t]*$)", re.M)
NONE = re.compile(r"^(?:none(?:\s+received)?|nil|n/a|no apologies\b.*|there were no\b.*|-)\.?$", re.I)
PLURAL_TITLE = re.compile(
    r"^(?:(?:County|District|Borough|Town|Parish|City|Community)\s+)?(?:Councillors|Cllrs\.?|Cynghorwyr|Members)\b[:\s]*",
    re.I)
TITLE_START = re.compile(
    r"(?<=\S)\s+(?=(?:(?:County|District|Borough|Town|Parish|City|Community)\s+)?"
    r"(?:Councillor|Cllr\.?|Cyng\.|Cynghorydd|Mayor|Deputy\s+Mayor)\s)")
COUNCIL_KIND_BEFORE = re.compile(r"\b(?:County|District|Borough|Town|Parish|City|Community)$")
LIST_SEPARATORS = r"\t|[ ]{2,}|;|,(?![^(]*\))|\s+and\s+(?![^(]*\))|\s+&\s+|\s+a[’']r\s+|\s+ac?\s+(?=[A-Z])"
SEPARATORS = re.compile(rf"\s*(?:\n|{LIST_SEPARATORS})\s*")
WRAPPED_SEPARATORS = re.compile(rf"\s*(?:{LIST_SEPARATORS})\s*")  # in a list written with commas a line break wraps
INITIALS_TOKEN = re.compile(r"[A-Z/][A-Za-z/]{1,3}")
INITIALS = re.compile(r"^\(?(?P<initials>[A-Z/][A-Za-z/]{0,2})\)?$")
AFFILIATION = re.compile(r"^\(?(?P<affiliation>[A-Z][A-Z&.]{1,9})\)?$")
JOB_WORDS = re.compile(
    r"\b(?:Head|Director|Manager|Officer|Chief|Executive|Lead|Solicitor|Clerk|Clerc|Secretary|Treasurer|RFO|"
    r"Adviser|Advisor|Assistant|Co-?ordinator|Engineer|Planner|Accountant|Analyst|Inspector|Administrator|"
    r"Superintendent|Monitoring|Democratic|Governance|Legal|Finance|Surveyor|Warden|Consultant|Auditor|Archivist|"
    r"Caretaker|Attendant|Scrutiny|Services|Specialist|Deputy\s+Clerk|Proper\s+Officer|Swyddog)\b", re.I)
HONORIFIC_START = re.compile(r"^(?:" + "|".join(HONORIFICS) + r")\.?\s", re.I)
ROLE_IN_PARENS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*(?P<rest>.*)$", re.S)
NAME_THEN_ROLE = re.compile(r"(?<![\w(])(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})"
                            r"\s*\((?P<role>[^()]{3,120})\)")
ROLE_THEN_NAME = re.compile(r"(?P<role>[^(),;]+(?:,[^(),;]+)?)\s*,?\s*\((?P<name>(?:Mr|Mrs|Ms|Miss|Dr)\.?[^()]+)\)")
TITLED_RUN = re.compile(r"(?:(?:County|District|Borough|Town|Parish|City|Community)\s+)?(?:Councillor|Cllr\.?|Cyng\.)\s+"
                        r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][a-z][\w'’-]*\s+[A-Z][\w'’-]+"
                        r"(?=\s+[A-Z][a-z][\w'’-]*\s+[A-Z][\w'’-]+)")
CHAIR_WORDS = re.compile(r"^(?:\(?(?:the\s+)?(?P<role>Vice[- ]?Chair(?:man|person)?|Chair(?:man|person)?)\)?)$", re.I)


@dataclass
class Block:
    status: str
    start: int  # where the entries begin
    end: int
    label: Span


def find_blocks(text: str, start: int, end: int) -> list[Block]:
    """The attendance blocks between two offsets, in order."""
    labels = []
    for pattern in (LINE_LABEL, CAPITAL_LABEL, INLINE_LABEL):
        for m in pattern.finditer(text, start, end):
            status = next(s for s, _ in STATUS_LABELS if m.groupdict().get(s))
            labels.append((m.start(status), m.end(), status))
    labels.sort()
    deduplicated = []
    for label in labels:
        if deduplicated and label[0] < deduplicated[-1][1]:
            continue
        deduplicated.append(label)
    blocks = []
    for i, (label_start, entries_start, status) in enumerate(deduplicated):
        limit = deduplicated[i + 1][0] if i + 1 < len(deduplicated) else end
        if (stop := STOPS.search(text, entries_start, limit)) is not None:
            limit = stop.start()
        blocks.append(Block(status, entries_start, _block_end(text, entries_start, limit),
                            Span(label_start, entries_start)))
    return blocks


def _block_end(text: str, start: int, limit: int) -> int:
    """A block ends with its first paragraph, or sooner with a sentence that ends a line ("… Kris Hodgins.");
    it runs on across blank lines only while each paragraph could still be part of a list of names."""
    first = PARAGRAPH.search(text, start, limit)
    if first is None:
        return start
    stops = [m.end() for m in (SENTENCE_AT_LINE_END.search(text, first.start(), first.end()),
                                 SENTENCE_BEFORE_PROSE.search(text, first.start(), first.end())) if m]
    if stops:
        return min(stops)
    end = first.end()
    for paragraph in PARAGRAPH.finditer(text, end, limit):
        if not _listlike(paragraph[0].strip()):
            break
        end = paragraph.end()
    return end


def _listlike(paragraph: str) -> bool:
    return len(paragraph) < 160 and "\n" not in paragraph.strip() and not re.search(
        r"\b(?:was|were|had|has|took|welcomed|opened|noted)\b", paragraph)


def read_block(text: str, block: Block) -> list[Attendee]:
    if block.status == "other":
        return []
    if block.status == "officer":
        return officers(text, block.start, block.end)
    attendees = []
    for entry in entries(text, block.start, block.end):
        if (role := CHAIR_WORDS.match(entry.value)) and attendees:  # "Pam Walker (PW) Chair"
            attendees[-1].role = _role_of(role["role"])
            continue
        attendee = _attendee(text, entry, block.status)
        if attendee:
            attendees.append(attendee)
    if block.status == "chair":
        for attendee in attendees:
            attendee.status, attendee.role = "present", "chair"
    return attendees


def entries(text: str, start: int, end: int) -> list[Text]:
    """The entries of a list of names, split at separators, at each title and after each name's initials."""
    pieces: list[Text] = []
    block = text[start:end]
    separators = WRAPPED_SEPARATORS if "," in block else SEPARATORS
    lead = PLURAL_TITLE.match(block.lstrip())
    offset = start + (len(block) - len(block.lstrip())) + (lead.end() if lead else 0)
    cursor = offset
    titles = {m.start() + start for m in TITLE_START.finditer(block)
              if not COUNCIL_KIND_BEFORE.search(block, max(0, m.start() - 12), m.start())}  # not "County | Councillor"
    cuts = sorted(titles | {m.start() + start for m in separators.finditer(block)})
    spans = []
    for cut in cuts:
        if cut < cursor:
            continue
        sep = separators.match(text, cut, end)
        spans.append((cursor, cut))
        cursor = sep.end() if sep and sep.end() > cut else cut
    spans.append((cursor, end))
    for a, b in spans:
        piece = text_at(text, a, b)
        if piece.value:
            for part in _split_after_initials(text, piece):
                pieces.extend(_split_titled_run(text, part))
    return pieces


def _split_titled_run(text: str, piece: Text) -> list[Text]:
    """ "Cllr Janet Taylor Helen Richardson (Parish Clerk)": a titled forename and surname, then another name."""
    m = TITLED_RUN.match(piece.value)
    if not m:
        return [piece]
    cut = text.find(m[0].split(" ")[-1], piece.span.start, piece.span.end) + len(m[0].split(" ")[-1])
    return [text_at(text, piece.span.start, cut), text_at(text, cut, piece.span.end)]


def _split_after_initials(text: str, piece: Text) -> list[Text]:
    """ "Kenny Combe KC Margaret Carey MC" -> "Kenny Combe KC", "Margaret Carey MC"."""
    tokens = list(re.finditer(r"\S+", text[piece.span.start:piece.span.end]))
    out, begin, words = [], 0, []
    for i, token in enumerate(tokens):
        word = token[0]
        if words and i > begin and _initials_for(word, words):
            out.append(text_at(text, piece.span.start + tokens[begin].start(), piece.span.start + token.end()))
            begin, words = i + 1, []
            continue
        if not word.startswith("("):
            words.append(word)
    if begin == 0:
        return [piece]
    if begin < len(tokens):
        out.append(text_at(text, piece.span.start + tokens[begin].start(), piece.span.end))
    return out


def _initials_for(token: str, words: list[str]) -> bool:
    """Is ``token`` ("KC", "(PWh)", "/R") the initials of the name written in ``words``?"""
    token = token.strip("()")
    if not INITIALS_TOKEN.fullmatch(token) or token.istitle() and len(token) > 2:
        return False
    names = [w for w in words[-5:] if re.match(r"[A-Z/]", w) and not OFFICE_TITLES.match(w + " ")]
    if len(names) < 2:
        return False
    capitals = [c for c in token if c.isupper() or c == "/"]
    firsts = [w[0] for w in names[-len(capitals):]] if len(capitals) <= len(names) else []
    return len(capitals) >= 2 and all(a == b or a == "/" for a, b in zip(capitals, firsts)) and len(firsts) == len(capitals)


def _attendee(text: str, entry: Text, status: str) -> Attendee | None:
    """One entry of a list: a name, with initials, a role, an affiliation or a post in parentheses or after it."""
    value = entry.value
    if NONE.match(value):
        return None
    role = None
    if (note := re.search(r"\s*\(([^()]*)\)\s*$", value)) and CHAIR_WORDS.match(note[1].strip()):
        value, role = value[: note.start()], _role_of(note[1])
    words = value.split(" ")
    initials = None
    while len(words) > 1:
        last = words[-1]
        if CHAIR_WORDS.match(last) and len(words) > 2:
            role = role or _role_of(last)
        elif (m := INITIALS.match(last)) and _initials_for(m["initials"], words[:-1]):
            initials = m["initials"]
        elif AFFILIATION.match(last) and last.startswith("(") and last.endswith(")"):
            return None  # a member of another council, listed with the members: present, but not one of them
        else:
            break
        words.pop()
    written = " ".join(words)
    inner = ROLE_IN_PARENS.match(written)
    if inner:
        content = inner["inner"].strip()
        if JOB_WORDS.search(content):
            name = _name_text(text, entry, OFFICE_TITLES.sub("", inner["name"]))
            return Attendee(name, "officer", entry.span, job_title=clean(content)) if name else None
        if CHAIR_WORDS.match(content):
            role = role or _role_of(content)
        elif AFFILIATION.match(content):
            return None
        elif INITIALS.match(content):
            initials = content
        written = inner["name"]
    name = _name_text(text, entry, written)
    if name is None:
        return None
    return Attendee(name, status, entry.span, role=role, initials=initials)


def _role_of(word: str) -> str:
    return "vice-chair" if re.search(r"vice", word, re.I) else "chair"


def _name_text(text: str, entry: Text, written: str) -> Text | None:
    """The name within an entry, with its own span; None when it is not a person's name."""
    written = written.strip(" ,.;:-–")
    if not written or not _plausible_name(written):
        return None
    at = text.find(written.split(" ")[0], entry.span.start, entry.span.end)
    if at == -1:
        return Text(written, entry.span)
    last = written.split(" ")[-1]
    stop = text.find(last, at, entry.span.end)
    return text_at(text, at, stop + len(last)) if stop != -1 else Text(written, entry.span)


def _plausible_name(written: str) -> bool:
    name = parse_name(written)
    if name is None or len(name.given) > 4:
        return False
    words = [*name.given, name.surname]
    if any(w.lower() in ("council", "committee", "members", "member", "public", "the", "of", "and", "none") for w in words):
        return False
    return not JOB_WORDS.search(name.full)


def officers(text: str, start: int, end: int) -> list[Attendee]:
    """Officers with their posts, in whichever order a council writes them."""
    found: list[Attendee] = []
    taken = Covered(start, end)
    for m in NAME_THEN_ROLE.finditer(text, start, end):  # "Alison Grey (Licensing Manager), Tom Baker (Solicitor)"
        role = clean(m["role"])
        if JOB_WORDS.search(role) and _plausible_name(m["name"]):
            found.append(Attendee(text_at(text, m.start("name"), m.end("name")), "officer", Span(m.start(), m.end()),
                                  job_title=role))
            taken.add(m.start(), m.end())
    for m in ROLE_THEN_NAME.finditer(text, start, end):
        if m.start("name") in taken:
            continue
        role = clean(re.sub(r"^\s*(?:and\s+|,\s*)", "", m["role"]))
        name = text_at(text, m.start("name"), m.end("name"))
        if JOB_WORDS.search(role) and parse_name(name.value):
            found.append(Attendee(name, "officer", Span(m.start("role"), m.end()), job_title=role.strip(" ,")))
            taken.add(m.start(), m.end())
    for entry in _officer_entries(text, start, end):
        if entry.span.start in taken:
            continue
        attendee = _officer(text, entry)
        if attendee:
            found.append(attendee)
    return found


def _officer_entries(text: str, start: int, end: int) -> list[Text]:
    """Entries of an officers' list: split at semicolons when it has them (its line breaks then only wrap), else one
    a line; then at "and" between two post-and-name pairs, and at commas between a name and a post."""
    block = text[start:end]
    parts = ([m.span() for m in re.finditer(r"[^;]+", block)] if ";" in block
             else [m.span() for m in re.finditer(r"[^\n]+", block)])
    pieces = []
    for a, b in parts:
        piece = text_at(text, start + a, start + b)
        if not piece.value:
            continue
        for part in _split_pairs_at_and(text, piece):
            cells = [c for c in re.split(r",\s*(?:and\s+)?", part.value) if c.strip()]
            if len(cells) > 1 and any(_plausible_name(c) for c in cells) and any(JOB_WORDS.search(c) for c in cells):
                pieces.extend(_name_post_pairs(text, part))
            else:
                pieces.append(part)
    return pieces


def _split_pairs_at_and(text: str, piece: Text) -> list[Text]:
    """ "Fire Chief Will Bateman and Municipal Clerk Kris Hodgins": two posts, each with its holder."""
    for m in re.finditer(r"\s+and\s+", text[piece.span.start:piece.span.end]):
        left = text_at(text, piece.span.start, piece.span.start + m.start())
        right = text_at(text, piece.span.start + m.end(), piece.span.end)
        if JOB_WORDS.search(left.value) and JOB_WORDS.search(right.value) and re.search(
                r"[A-Z][\w'’-]+\s+[A-Z][\w'’-]+$", left.value) and not JOB_WORDS.search(left.value.split(" ")[-1]):
            return [left, *_split_pairs_at_and(text, right)]
    return [piece]


def _name_post_pairs(text: str, piece: Text) -> list[Text]:
    """ "Claire Cann (CC) Retiring Chair, Peter King, Parish Clerk, and 22 members" -> each name with its post."""
    cells = []
    cursor = piece.span.start
    for m in re.finditer(r",\s*(?:and\s+)?", text[piece.span.start:piece.span.end]):
        cells.append(text_at(text, cursor, piece.span.start + m.start()))
        cursor = piece.span.start + m.end()
    cells.append(text_at(text, cursor, piece.span.end))
    out, i = [], 0
    while i < len(cells):
        cell = cells[i]
        if i + 1 < len(cells) and parse_name(cell.value) and _plausible_name(cell.value) \
                and JOB_WORDS.search(cells[i + 1].value) and not JOB_WORDS.search(cell.value):
            out.append(text_at(text, cell.span.start, cells[i + 1].span.end))
            i += 2
        else:
            out.append(cell)
            i += 1
    return out


def _officer(text: str, entry: Text) -> Attendee | None:
    value = entry.value
    if not JOB_WORDS.search(value):
        return None
    inner = ROLE_IN_PARENS.match(value)
    if inner and JOB_WORDS.search(inner["inner"]):  # "Helen Richardson (Parish Clerk)"
        name = _name_text(text, entry, OFFICE_TITLES.sub("", inner["name"]))
        return Attendee(name, "officer", entry.span, job_title=clean(inner["inner"])) if name else None
    if "," in value:  # "Peter King, Parish Clerk"
        who, _, post = value.partition(",")
        if _plausible_name(who) and JOB_WORDS.search(post):
            name = _name_text(text, entry, who)
            return Attendee(name, "officer", entry.span, job_title=clean(post)) if name else None
    tokens = value.split(" ")
    if HONORIFIC_START.match(value):  # "Mr W Grosvenor Clerk and Executive Officer to the Council"
        n = 1
        while n < len(tokens) and n < 5 and re.match(r"[A-Z]", tokens[n]) and not JOB_WORDS.search(tokens[n]):
            n += 1
        name = _name_text(text, entry, " ".join(tokens[:n]))
        post = " ".join(tokens[n:])
        if name and JOB_WORDS.search(post):
            return Attendee(name, "officer", entry.span, job_title=clean(post))
        return None
    # "Operations Superintendent Dan MacInnis": the post ends with its last job word, the name follows
    last_job = max((i for i, t in enumerate(tokens) if JOB_WORDS.search(t)), default=-1)
    name_words = tokens[last_job + 1:]
    if 1 < len(name_words) <= 4 and all(re.match(r"[A-Z]", w) for w in name_words):
        name = _name_text(text, entry, " ".join(name_words))
        if name:
            return Attendee(name, "officer", entry.span, job_title=clean(" ".join(tokens[:last_job + 1])))
    return None


def present_attendee(text: str, entry: Text) -> Attendee | None:
    return _attendee(text, entry, "present")
