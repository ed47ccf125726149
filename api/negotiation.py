"""Proactive content negotiation: parsing ``Accept`` (RFC 9110 §12.5.1) and choosing
the best of the media types a resource is offered in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_MEDIA_RANGE = re.compile(rf"[ \t]*({_TOKEN})/({_TOKEN})[ \t]*")
_PARAMETER = re.compile(rf';[ \t]*({_TOKEN})=({_TOKEN}|"(?:[^"\\]|\\.)*")[ \t]*')
_QVALUE = re.compile(r"0(\.[0-9]{0,3})?|1(\.0{0,3})?")
_LIST_SEPARATOR = re.compile(r"[ \t]*,[ \t]*")


class AcceptError(ValueError):
    """The Accept header does not follow the grammar; the message says where and why."""


class NotAcceptable(Exception):
    """None of the offered media types is acceptable to the client."""

    def __init__(self, offered: Sequence[str]):
        super().__init__(f"not acceptable; available as {', '.join(offered)}")
        self.offered = tuple(offered)


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float = 1.0

    def specificity(self, media_type: str) -> int | None:
        """How closely this range names ``media_type`` (2 exact, 1 type/*, 0 */*), or None."""
        type_, _, subtype = media_type.lower().partition("/")
        if self.type == "*":
            return 0
        if self.type != type_:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == subtype else None


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header. Media type parameters other than ``q``
    are checked for syntax and then ignored: none of our formats has variants."""
    header = header.rstrip(" \t")
    ranges = []
    position = 0
    while position < len(header):
        separator = _LIST_SEPARATOR.match(header, position)
        if separator:  # the list rule allows empty elements
            position = separator.end()
            continue
        match = _MEDIA_RANGE.match(header, position)
        if not match:
            raise AcceptError(_where(header, position, "expected a media range such as text/html"))
        type_, subtype = match.group(1).lower(), match.group(2).lower()
        if type_ == "*" and subtype != "*":
            raise AcceptError(_where(header, match.start(1), f"'*/{subtype}' is not a media range"))
        position = match.end()
        q = 1.0
        while parameter := _PARAMETER.match(header, position):
            name, value = parameter.group(1).lower(), parameter.group(2)
            if name == "q":
                if not _QVALUE.fullmatch(value):
                    raise AcceptError(_where(
                        header, parameter.start(2),
                        f"q={value} is not a weight between 0 and 1 with at most three decimals",
                    ))
                q = float(value)
            position = parameter.end()
        if position < len(header) and header[position] != ",":
            problem = "expected a parameter name=value" if header[position] == ";" else "expected ',' or ';'"
            raise AcceptError(_where(header, position + (header[position] == ";"), problem))
        ranges.append(MediaRange(type_, subtype, q))
    return ranges


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers; ties go to the earlier offer.

    No (or an empty) Accept header accepts anything. Each offer takes the weight of
    the most specific range that names it; weight 0 means "not this one".
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for media_type in offered:
        q = _quality(ranges, media_type)
        if q > best_q:
            best, best_q = media_type, q
    return best


def negotiate(accept: str | None, offered: Sequence[str]) -> str:
    """Like :func:`choose`, but raises :class:`NotAcceptable` when nothing offered is acceptable."""
    chosen = choose(accept, offered)
    if chosen is None:
        raise NotAcceptable(offered)
    return chosen


def _quality(ranges: list[MediaRange], media_type: str) -> float:
    matches = [(s, r.q) for r in ranges if (s := r.specificity(media_type)) is not None]
    return max(matches)[1] if matches else 0.0


def _where(header: str, position: int, problem: str) -> str:
    return f"Malformed Accept header at character {position + 1} of {header!r}: {problem}"
