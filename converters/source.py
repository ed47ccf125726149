"""A source document as bytes, with the text every character offset refers to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from converters.errors import ConversionError

ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass(frozen=True)
class Source:
    data: bytes
    name: str
    url: str | None = None

    @classmethod
    def from_path(cls, path: str | Path) -> "Source":
        path = Path(path)
        try:
            return cls(path.read_bytes(), path.name)
        except OSError as exc:
            raise ConversionError(exc.strerror, document=str(path)) from exc

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def text(self) -> str:
        """The decoded text: UTF-8 (with or without BOM), else Windows-1252."""
        if b"\x00" in self.data[:4096]:
            raise ConversionError("binary data, not a text document", document=self.name)
        for encoding in ENCODINGS:
            try:
                return self.data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ConversionError("not text in UTF-8 or Windows-1252", document=self.name)
