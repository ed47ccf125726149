"""People named in minutes: titles and honours apart from names, and the
many ways one person is written ("County Councillor Barrie Yates", "B Yates",
"Councillor Yates") resolved to one person, while two people who share a
surname stay apart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OFFICE_TITLES = re.compile(
    r"^(?:(?:County|District|Borough|Town|Parish|City|Community)\s+)?"
    r"(?:Councillors?|Cllrs?\.?|Council\s?(?:members?|Members?|woman|man)|Cyng\.?|Cynghorydd(?:\s+Sir)?|Cr\.?|Alderman|"
    r"Deputy|Mayor|Lord Mayor|Provost|Bailie)\s+",
    re.IGNORECASE,
)
HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Dame", "Lady", "Lord", "Rev", "Revd")
HONORIFIC = re.compile(r"^(?P<prefix>" + "|".join(HONORIFICS) + r")\.?\s+")
HONOURS = re.compile(r"\s+(?P<suffix>(?:(?:CBE|OBE|MBE|KBE|DBE|BEM|JP|DL|MP|MEP|QC|KC)\b[,\s]*)+)$")
ROLE_NOTE = re.compile(r"\s*\((?P<role>[^)]*)\)\s*$")


@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]  # forenames or initials
    surname: str
    prefix: str | None = None
    suffix: str | None = None

    @property
    def full(self) -> str:
        return " ".join((*self.given, self.surname))

    @property
    def initials(self) -> str:
        return "".join(g[0].upper() for g in self.given)

    def compatible(self, other: "PersonName") -> bool:
        """Could both be the same person? Same surname, and initials that agree as far as both go."""
        if self.surname.lower() != other.surname.lower():
            return False
        a, b = self.initials, other.initials
        if not a or not b:
            return True
        if not (a.startswith(b) or b.startswith(a)):
            return False
        full_a = [g for g in self.given if len(g) > 1]
        full_b = [g for g in other.given if len(g) > 1]
        return not (full_a and full_b and full_a[0].lower() != full_b[0].lower())


def strip_role(text: str) -> tuple[str, str | None]:
    """ "Geoff Driver CBE (Chair)" -> ("Geoff Driver CBE", "chair")."""
    match = ROLE_NOTE.search(text)
    if not match:
        return text, None
    role = match["role"].lower().replace(" ", "-").replace("vice-chairman", "vice-chair")
    role = {"chairman": "chair", "chairperson": "chair", "vice-chairperson": "vice-chair"}.get(role, role)
    return text[: match.start()], role if role in ("chair", "vice-chair") else None


def parse_name(text: str) -> PersonName | None:
    text = OFFICE_TITLES.sub("", text.strip(" .,;:")).strip()
    prefix = None
    if match := HONORIFIC.match(text):
        prefix, text = match["prefix"], text[match.end():]
    suffix = None
    if match := HONOURS.search(text):
        suffix, text = match["suffix"].strip(" ,"), text[: match.start()]
    words = [w.strip(".") for w in re.split(r"[\s.]+", text) if w.strip(".")]
    if not words or not all(w[0].isupper() for w in words):
        return None
    return PersonName(tuple(words[:-1]), words[-1], prefix, suffix)


@dataclass
class Person:
    names: list[PersonName] = field(default_factory=list)

    @property
    def best(self) -> PersonName:
        """The fullest form: most given names written out, then most initials."""
        return max(self.names, key=lambda n: (sum(len(g) > 1 for g in n.given), len(n.given), len(n.full)))

    def admits(self, name: PersonName) -> bool:
        """Could the name be this person's? It must agree with every form of the name seen so far."""
        return all(name.compatible(n) for n in self.names)

    @property
    def prefix(self) -> str | None:
        return next((n.prefix for n in self.names if n.prefix), None)

    @property
    def suffix(self) -> str | None:
        return next((n.suffix for n in self.names if n.suffix), None)

    @property
    def alternate_names(self) -> list[str]:
        best = self.best.full
        return sorted({n.full for n in self.names if n.full != best})


class People:
    """Resolves every mention in one document to a person.

    All mentions are collected first, so that "Atkinson" written before
    "Albert Atkinson" still resolves to him; a bare surname shared by two
    people is left as a person of its own.
    """

    def __init__(self):
        self._mentions: dict[str, PersonName] = {}
        self._aliases: dict[str, str] = {}
        self._kinds: dict[str, set[str]] = {}

    def alias(self, initials: str, text: str) -> None:
        """The minutes call the person written ``text`` by their initials as well ("Kenny Combe KC")."""
        self._aliases[initials] = text

    def mention(self, text: str, kind: str | None = None) -> str | None:
        """Records a mention; ``kind`` "member" or "officer" when the minutes say which the person is."""
        if text in self._aliases:
            return text
        name = parse_name(text)
        if name is None:
            return None
        self._mentions[text] = name
        if kind is None and OFFICE_TITLES.match(text.strip()):
            kind = "member"
        if kind:
            self._kinds.setdefault(text, set()).add(kind)
        return text

    def resolve(self) -> dict[str, Person]:
        by_surname: dict[str, list[Person]] = {}
        by_mention: dict[str, Person] = {}
        kinds: dict[int, set[str]] = {}
        ordered = sorted(self._mentions.items(), key=lambda kv: -len(kv[1].given))
        for text, name in ordered:
            mine = self._kinds.get(text, set())
            bearers = by_surname.setdefault(name.surname.lower(), [])
            # a member and an officer of the same name are two people
            candidates = [p for p in bearers if p.admits(name)
                          and not (mine and kinds.get(id(p)) and not mine & kinds[id(p)])]
            if len(candidates) == 1 and (name.given or len(bearers) == 1):
                person = candidates[0]
            else:
                person = Person()
                bearers.append(person)
            person.names.append(name)
            kinds.setdefault(id(person), set()).update(mine)
            by_mention[text] = person
        for initials, text in self._aliases.items():
            if text in by_mention:
                by_mention[initials] = by_mention[text]
        return by_mention

