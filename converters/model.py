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


@dataclass
class Report:
    presenter: Text | None
    description: str
    span: Span


@dataclass
class Resolution:
    text: str
    span: Span


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
    number: str
    title: str
    text: str
    span: Span
    reports: list[Report] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
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
    items: list[Item] = field(default_factory=list)
    no_interests: Span | None = None
    confirms: list[MeetingRef] = field(default_factory=list)
    next_meeting: MeetingRef | None = None
