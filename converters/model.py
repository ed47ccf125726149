"""What a careful reader takes from minutes, independent of the source format.

Every fact keeps the span of source text it was read from (character offsets
into ``Source.text``); :mod:`converters.rdf` turns the spans into provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Text:
    """A piece of text as read, with where it stands in the source."""

    value: str
    span: Span


@dataclass
class Attendee:
    name: Text
    status: str  # present | apologies | absent | officer
    span: Span
    role: str | None = None  # chair | vice-chair
    substitute_for: Text | None = None
    job_title: str | None = None
    initials: str | None = None  # how the minutes refer to them elsewhere: "PWh", "KC"


@dataclass
class Report:
    presenter: Text | None
    description: str
    span: Span


@dataclass
class Resolution:
    text: str
    span: Span
    kind: str | None = None  # noted | approved | agreed | recommended | deferred
    number: str | None = None  # the council's number for the resolution, as printed: "R2023-093"


@dataclass
class Vote:
    """One member's vote in a recorded vote."""

    name: Text
    option: str  # for | against | abstain


@dataclass
class Motion:
    text: str
    span: Span
    amendment: bool = False
    mover: Text | None = None
    seconder: Text | None = None
    outcome: str | None = None  # carried | lost | withdrawn | deferred | not put
    method: str | None = None  # show of hands | recorded vote | secret ballot
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    votes: list[Vote] = field(default_factory=list)
    number: str | None = None  # the number of the resolution it was moved as: "R2023-093"

    @property
    def voted(self) -> bool:
        return self.method is not None or self.votes_for is not None or bool(self.votes)


@dataclass
class Declaration:
    name: Text
    text: str
    span: Span
    kind: str | None = None  # disclosable pecuniary | other registrable | non-registrable | prejudicial
    action: str | None = None  # left the room | did not vote | remained
    item_number: str | None = None  # the item the interest is in, when the minutes say
    refs: tuple[str, ...] = ()  # references it names ("E/40554"), which may say the item when the minutes do not


@dataclass
class Action:
    assignee: Text | None
    text: str
    span: Span
    due: "MeetingRef | None" = None


@dataclass
class MeetingRef:
    """Another meeting of the same body, named in these minutes."""

    date: date
    span: Span
    start_time: time | None = None
    venue: Text | None = None


@dataclass
class Item:
    number: str | None  # as printed; None for business under a heading with no number
    title: str
    text: str
    span: Span
    reports: list[Report] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    motions: list[Motion] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    speakers: list[Text] = field(default_factory=list)


@dataclass
class Minutes:
    council: Text
    body: Text
    date: date
    span: Span  # the heading that identifies the meeting
    start_time: time | None = None
    venue: Text | None = None
    attendees: list[Attendee] = field(default_factory=list)
    posts: list[Text] = field(default_factory=list)  # officers' posts at the meeting whose holders go unnamed
    items: list[Item] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    no_interests: Span | None = None
    confirms: list[MeetingRef] = field(default_factory=list)
    next_meeting: MeetingRef | None = None
    text: str = ""  # the text every span refers to: the decoded document, or what was read from a page or a PDF
    media_type: str = "text/plain"  # of the document the text was read from
    recognised: bool = False  # the text was read by OCR from images of the pages
