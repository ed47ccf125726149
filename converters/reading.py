"""Reading minutes laid out as running text, whatever produced the text: the
opening that names the meeting, the attendance blocks before the first item,
then each item and what its prose says. The readers of text minutes, web
pages and PDFs all end here once they have their text.
"""

from __future__ import annotations

import bisect
import re

from converters import attendance, prose
from converters.errors import ConversionError
from converters.heading import Heading, read_heading
from converters.items import ItemHead, find_items, find_unnumbered, numbered_by_resolutions
from converters.model import Item, Minutes, Span
from converters.people import HONORIFIC, OFFICE_TITLES, parse_name
from converters.text import clean

# The most text one document may hold: long minutes run to a few hundred thousand characters.
MAX_TEXT = 2_000_000


def check_length(text: str) -> None:
    if len(text) > MAX_TEXT:
        raise ConversionError(f"{len(text) / 1e6:.1f} million characters of text, more than the {MAX_TEXT / 1e6:.0f} "
                              "million we read in one document")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


ITEMS_NAMED = re.compile(r"\bitems?[ \t]+(?P<numbers>\d{1,3}[a-z]?(?:(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)\d{1,3}[a-z]?)*)"
                         r"(?![\w.,-]*\d)")
HEADING_LINE = re.compile(r"^[ \t]*[A-Z][A-Z &'’/-]{4,}[ \t]*$", re.M)  # "CONSENT AGENDA"


def read_minutes(text: str, media_type: str, url: str | None = None, heads: list[ItemHead] | None = None,
                 opening_end: int | None = None, page: bool = False) -> Minutes:
    """The minutes a text records; ``heads`` are its items when the reader found them already; ``page`` when the
    text is a committee system's web page, which names its body on a line above the date."""
    if not text.strip():
        raise ConversionError("the document is empty")
    check_length(text)
    found = heads is None
    heads = find_items(text) if found else heads
    first = heads[0].start if heads else len(text)
    opening = first if opening_end is None else opening_end
    heading = read_heading(text, opening, url, page)
    minutes = _minutes(text, heading, media_type)
    blocks = attendance.find_blocks(text, 0, opening)
    for block in blocks:
        minutes.attendees.extend(attendance.read_block(text, block))
    resolutions = numbered_by_resolutions(heads)
    not_a_heading = _not_a_heading(minutes)
    if found and blocks and heads:  # business under headings before the numbered items, after the attendance
        # (into which a block may run on)
        heads = find_unnumbered(text, blocks[-1].start, opening, not_a_heading) + heads
        opening = heads[0].start if heads else opening
    if found and resolutions:
        heads = _headings_between(text, heads, not_a_heading)
    prose.read_opening(text, 0, opening, minutes)
    under = None  # the last item without a number, which numbered resolutions after it are under
    for i, head in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        item = read_item(text, head, end, minutes)
        if resolutions and head.resolution:
            for part in (*item.motions, *item.resolutions):
                part.number = head.number
            if under is not None:
                _put_under(under, item)
                continue
        elif head.number is None:
            under = item
        minutes.items.append(item)
    prose.read_closing(text, heads[-1].body_start if heads else opening, minutes)
    settle(minutes)
    return minutes


def _headings_between(text: str, heads: list[ItemHead], not_a_heading) -> list[ItemHead]:
    """The heads with the headings without a number that come after a numbered resolution's outcome and before the
    next resolution ("… Carried." "Committee Reports:" "R2018-081 …")."""
    found = []
    for head, after in zip(heads, heads[1:]):
        found.append(head)
        line_start = text.rfind("\n", 0, head.start) + 1
        if head.resolution and (motion := prose.NUMBERED_MOTION.match(text, line_start, after.start)):
            found += find_unnumbered(text, motion.end(), after.start, not_a_heading)
    return found + heads[-1:]


def _put_under(heading: Item, resolution: Item) -> None:
    """A numbered resolution read as an item of its own becomes part of the heading's item."""
    heading.text = "\n\n".join(t for t in (heading.text, resolution.text) if t)
    heading.span = Span(heading.span.start, resolution.span.end)
    heading.reports += resolution.reports
    heading.resolutions += resolution.resolutions
    heading.motions += resolution.motions
    heading.actions += resolution.actions
    heading.speakers += resolution.speakers


def _not_a_heading(minutes: Minutes):
    """A line that is not a heading of business: an attendance label ("Guests:") or a person ("Mayor Tom Piper:")."""
    surnames = {name.surname.lower() for a in minutes.attendees if (name := parse_name(a.name.value))}

    def not_a_heading(words: str) -> bool:
        label = attendance.LINE_LABEL.match(words + ":")
        name = parse_name(words)
        return bool(label and label.end() == len(words) + 1 or OFFICE_TITLES.match(words + " ")
                    or HONORIFIC.match(words + " ") or name and name.surname.lower() in surnames)
    return not_a_heading


def _minutes(text: str, heading: Heading, media_type: str) -> Minutes:
    if heading.date is None:
        raise ConversionError("no meeting date in the opening of the minutes", 1)
    if heading.council is None:
        at = line_of(text, heading.span.start) if heading.span else 1
        raise ConversionError("the minutes do not name their council", at)
    body = heading.body or heading.council
    return Minutes(heading.council, body, heading.date, heading.span or body.span, heading.start_time, heading.venue,
                   text=text, media_type=media_type)


def read_item(text: str, head: ItemHead, end: int, minutes: Minutes) -> Item:
    start = head.body_start
    paragraphs = [clean(p[0]) for p in prose.PARAGRAPH.finditer(text, start, end)]
    title = head.title.value if head.title else ""
    item = Item(head.number, title, "\n\n".join(p for p in paragraphs if p), Span(head.start, _trimmed_end(text, end)))
    prose.read_item(text, start, end, item, minutes)
    return item


def _trimmed_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def settle(minutes: Minutes) -> None:
    """What can only be decided once everything is read: who presided, which item each interest is in, which item a
    motion on the items after it belongs to, who held a post that spoke."""
    _presiding(minutes)
    _declaration_items(minutes)
    _motions_before_their_items(minutes)
    prose.officers_by_post(minutes)
    prose.keep_people_only(minutes)


def _motions_before_their_items(minutes: Minutes) -> None:
    """A motion under a heading with no number ("CONSENT AGENDA") that names the items just after it as what it acts
    on ("to approve … agenda items 11a, 11b, and 11c", above item 11) is made on them, not in the item the heading
    follows: a consent agenda adopted in one motion above the items it lists. It belongs to the item after, which
    they are or are lettered under; what it carried is what that item resolved, no longer what the other did."""
    text = minutes.text
    for item, following in zip(minutes.items, minutes.items[1:]):
        for motion in list(item.motions):
            if not _only_under(_items_named(motion.text), following.number) \
                    or not HEADING_LINE.search(text, text.find("\n", item.span.start) + 1, motion.span.start):
                continue
            item.motions.remove(motion)
            item.resolutions = [r for r in item.resolutions
                                if not r.span.start <= motion.span.start < r.span.end]
            following.motions.insert(0, motion)
            if motion.outcome == "carried" and not following.resolutions:
                prose.carried_motion_resolved(text, motion.span.start, item.span.end, following,
                                              [(motion.span.start, motion)])


def _only_under(named: list[str], number: str | None) -> bool:
    """Whether the item numbers a motion names are all item ``number`` or lettered under it ("11", "11a")."""
    return bool(named) and number is not None and all(re.fullmatch(re.escape(number) + "[a-z]?", n) for n in named)


def _items_named(wording: str) -> list[str]:
    """The numbers of the items a motion names: "items 11a, 11b, and 11c" """
    m = ITEMS_NAMED.search(wording)
    return re.findall(r"\d{1,3}[a-z]?", m["numbers"]) if m else []


def _presiding(minutes: Minutes) -> None:
    """With no chair named, the one vice-chair present presided, or else the mayor (or provost) present."""
    if any(a.role == "chair" for a in minutes.attendees):
        return
    present = [a for a in minutes.attendees if a.status == "present"]
    for presiding in ([a for a in present if a.role == "vice-chair"],
                      [a for a in present if re.match(r"(?:Lord\s+)?(?:Mayor|Provost)\s", a.name.value)]):
        if len(presiding) == 1:
            presiding[0].role = "chair"
            return


def _declaration_items(minutes: Minutes) -> None:
    """An interest declared without its item is in the item that holds what it names ("E/40554"); one declared
    again in a later item is that declaration, made in that item."""
    starts = [item.span.start for item in minutes.items]

    def item_at(position: int) -> Item | None:
        i = bisect.bisect_right(starts, position) - 1
        return minutes.items[i] if i >= 0 and position < minutes.items[i].span.end else None

    def in_declarations_item(declaration) -> bool:
        item = item_at(declaration.span.start)
        return item is None or bool(prose.DECLARATIONS_TITLE.search(item.title))

    naming: dict[str, list[Item]] = {}
    for item in minutes.items:
        for ref in set(prose.ITEM_REFERENCE.findall(item.text)):
            naming.setdefault(ref, []).append(item)
    for declaration in minutes.declarations:
        if declaration.refs and in_declarations_item(declaration):
            here = item_at(declaration.span.start)
            named = next((item for ref in declaration.refs for item in naming.get(ref, ()) if item is not here), None)
            if named is not None:
                declaration.item_number = named.number
    kept: list = []
    by_surname: dict[str, list[int]] = {}
    for declaration in minutes.declarations:
        name = parse_name(declaration.name.value)
        earlier = by_surname.setdefault(name.surname.lower() if name else declaration.name.value, [])
        twin = next((i for i in earlier if name and (other := parse_name(kept[i].name.value)) and _same(name, other)), None)
        if twin is None:
            earlier.append(len(kept))
            kept.append(declaration)
        elif kept[twin].item_number is None or in_declarations_item(kept[twin]):
            kept[twin] = declaration if declaration.item_number else kept[twin]
    minutes.declarations = kept


def _same(a, b) -> bool:
    if a.surname.lower() != b.surname.lower():
        return False
    full_a = [g for g in a.given if len(g) > 1]
    full_b = [g for g in b.given if len(g) > 1]
    if full_a and full_b:
        return full_a[0].lower() == full_b[0].lower()
    return a.compatible(b)
