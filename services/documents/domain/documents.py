"""A stored rendition: which document of which case, which version, which format."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

# Formats produced per document kind: Word templates exist for the approach only.
APPROACH_FORMATS = ("html", "docx", "pdf")
LETTER_FORMATS = ("html", "pdf")


class DocumentRecord(BaseModel):
    """Metadata of one file in GridFS; the same fields are stored with the file itself."""

    model_config = ConfigDict(frozen=True)

    id: str
    case_id: str
    kind: str
    version: int = Field(ge=1)
    format: str
    title: str
    filename: str
    content_type: str
    sha256: str
    size: int
    created_at: AwareDatetime


def next_version(records: Sequence[DocumentRecord], kind: str) -> int:
    """Every regeneration is a new version; earlier ones stay downloadable."""
    return max((r.version for r in records if r.kind == kind), default=0) + 1


def of_version(records: Sequence[DocumentRecord], kind: str, version: int) -> list[DocumentRecord]:
    return [r for r in records if r.kind == kind and r.version == version]
