"""Minutes as running text or a simple web page, in the house styles of town,
parish and community councils and of most clerks: a heading naming the
meeting ("Minutes of the Ordinary Meeting of … held on …"), "Present:" and
"Apologies:" blocks or sentences, items numbered "1.", "135/19" or "21.44",
run into their text or on lines of their own, decisions "Resolved" or
"agreed", motions "Proposed by Cllr X, seconded by Cllr Y", and Welsh or
bilingual wording. The reader of last resort: it recognises any text that
names a meeting and a date."""

from __future__ import annotations

import re

from converters.markup import readable
from converters.model import Minutes
from converters.reading import read_minutes
from converters.source import Source
from converters.text import DATE

NAME = "minutes-text"
MEDIA_TYPE = "text/plain"
MINUTES_WORDS = re.compile(r"\b(?:minutes|present|apologies|meeting|cofnodion|presennol|cyfarfod)\b", re.I)


def sniff(source: Source) -> bool:
    head = source.text[:50_000]
    return DATE.search(head) is not None and MINUTES_WORDS.search(head) is not None


def read(source: Source) -> Minutes:
    text, media_type = readable(source.text)
    return read_minutes(text, media_type, source.url)
