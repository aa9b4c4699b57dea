"""The leeratelier's homework (seed 004): one hand-in per participant per round, until it starts.

Documents owns homework (design.md, "Who owns which data"). A hand-in is a text, a file, or
both; handing in again replaces the earlier one (a text-only hand-in keeps the earlier file).
Once the round has begun nothing is handed in or replaced: the trainers prepare from what came.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from services.documents.domain.documents import DocumentRecord

MAX_TEXT = 10_000
MAX_FILE_BYTES = 900_000  # a request body may be 1 MB (MAX_BODY_BYTES): file, text and form
# Extension -> (content type, how the file must begin). Office files are zip archives.
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "txt": ("text/plain; charset=utf-8", ()),
}
KINDS_TEXT = "PDF, Word (.docx), OpenDocument (.odt), PowerPoint (.pptx), PNG, JPEG of tekst (.txt)"


class HomeworkRefused(Exception):
    """A hand-in the rules do not allow; `field` names what was wrong, `reason` says it in Dutch."""

    def __init__(self, field: str, reason: str, *, closed: bool = False) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.closed = closed  # the round has begun (HTTP 409), not bad input (422)


class HandIn(BaseModel):
    """What one participant handed in for one round."""

    model_config = ConfigDict(frozen=True)

    person_id: str
    name: str
    text: str = ""
    file: DocumentRecord | None = None
    handed_in_at: dt.datetime


def file_type(filename: str, content: bytes) -> str:
    """The content type we serve the file with, or HomeworkRefused naming `bestand`."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FILE_TYPES:
        raise HomeworkRefused("bestand", f"Bestand: kies een bestand van het soort {KINDS_TEXT}.")
    if not content:
        raise HomeworkRefused("bestand", "Bestand: het gekozen bestand is leeg.")
    if len(content) > MAX_FILE_BYTES:
        raise HomeworkRefused(
            "bestand", f"Bestand: het bestand is te groot (maximaal {MAX_FILE_BYTES // 1000} kB)."
        )
    content_type, starts = FILE_TYPES[extension]
    if starts and not content.startswith(starts):
        raise HomeworkRefused(
            "bestand", f"Bestand: de inhoud past niet bij een .{extension}-bestand."
        )
    if not starts:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise HomeworkRefused(
                "bestand", "Bestand: dit is geen leesbaar tekstbestand."
            ) from None
    return content_type


def check_open(round_starts_at: dt.datetime, now: dt.datetime) -> None:
    """Before the round begins only; afterwards the Dutch refusal."""
    if now >= round_starts_at:
        raise HomeworkRefused(
            "ronde",
            "De ronde is al begonnen. Huiswerk inleveren of vervangen kan niet meer;"
            " neem het mee naar de ronde.",
            closed=True,
        )


def hand_in(
    hand_ins: Sequence[HandIn], new: HandIn, round_starts_at: dt.datetime, now: dt.datetime
) -> list[HandIn]:
    """The round's hand-ins with this participant's new one in place of their earlier one."""
    check_open(round_starts_at, now)
    text = new.text.strip()
    earlier = next((h for h in hand_ins if h.person_id == new.person_id), None)
    file = new.file or (earlier.file if earlier else None)
    if not text and file is None:
        raise HomeworkRefused("tekst", "Tekst: schrijf uw huiswerk of voeg een bestand toe.")
    if len(text) > MAX_TEXT:
        raise HomeworkRefused("tekst", f"Tekst: gebruik ten hoogste {MAX_TEXT} tekens.")
    kept = new.model_copy(update={"text": text, "file": file})
    others = [h for h in hand_ins if h.person_id != new.person_id]
    return [*others, kept]


def own(hand_ins: Sequence[HandIn], person_id: str) -> HandIn | None:
    """One participant's hand-in, for their own page; never another's."""
    return next((h for h in hand_ins if h.person_id == person_id), None)
