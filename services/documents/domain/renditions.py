"""What a renderer is asked for and what it gives back: pure values, whatever the format."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocumentRequest:
    """Which template, with what context; `name` becomes the (Dutch) file name; `made_at` the
    document's creation date in its properties (set by the producer from the clock)."""

    template: str
    title: str
    name: str
    context: dict[str, Any] = field(default_factory=dict)
    made_at: dt.datetime | None = None


@dataclass(frozen=True)
class Rendition:
    """A rendered file, ready to be stored and downloaded."""

    content: bytes
    content_type: str
    filename: str
    format: str
    sha256: str

    @classmethod
    def of(cls, content: bytes, content_type: str, name: str, fmt: str) -> Rendition:
        return cls(
            content=content,
            content_type=content_type,
            filename=safe_filename(name, fmt),
            format=fmt,
            sha256=hashlib.sha256(content).hexdigest(),
        )


def safe_filename(name: str, extension: str) -> str:
    """ASCII letters, digits and dashes only: safe in any header, file system or mail client."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:120].rstrip("-")
    return f"{slug or 'document'}.{extension}"
