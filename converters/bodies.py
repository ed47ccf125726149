"""What kind of body a body is, from its name and its council's."""

from __future__ import annotations

import re

from rdflib import URIRef

from openminutes.vocab import OM

LOCAL_COUNCIL = re.compile(r"\b(?:Parish|Town|Community|Village|Neighbourhood)\s+Council\b", re.I)
KINDS = (
    (re.compile(r"\bsub-?\s*committee\b", re.I), OM.SubCommitteeBody),
    (re.compile(r"\bcommittee\b", re.I), OM.CommitteeBody),
    (re.compile(r"\bcabinet\b|\bexecutive\b", re.I), OM.CabinetBody),
    (re.compile(r"\b(?:panel|board|forum)\b", re.I), OM.PanelBody),
    (re.compile(r"^(?:full\s+|county\s+|borough\s+|city\s+)?council(?:\s+meeting)?$|\bcouncil assembly\b", re.I), OM.FullCouncil),
)


def body_type(council: str, body: str) -> URIRef | None:
    for pattern, kind in KINDS:
        if pattern.search(body):
            if kind == OM.FullCouncil and LOCAL_COUNCIL.search(council):
                return OM.LocalCouncilBody
            return kind
    return None
