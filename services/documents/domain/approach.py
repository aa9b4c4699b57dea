"""The approach of one case: sections edited one at a time, delivered versions, feedback.

Pure functions return a new `Approach`; the repository stores it with its own version guard.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.documents.domain.content import SectionContent
from services.documents.domain.errors import (
    ApproachClosed,
    DeliveryOutOfOrder,
    IncompleteApproach,
    SectionVersionConflict,
    UnknownVersion,
)
from services.documents.domain.sections import SectionKey, resolve_section
from shared.contracts.documents import FeedbackSubmitted


class Revision(BaseModel):
    """One saved state of a section; its number is the section's version (ETag)."""

    model_config = ConfigDict(frozen=True)

    version: int = Field(ge=1)
    content: SectionContent
    edited_by: str
    edited_at: AwareDatetime


class DeliveryKind(StrEnum):
    DRAFT = "draft"
    FINAL = "final"

    @property
    def label(self) -> str:
        return "concept" if self is DeliveryKind.DRAFT else "definitief"


class Delivery(BaseModel):
    """A delivered document version and the section versions it was made of."""

    model_config = ConfigDict(frozen=True)

    version: int = Field(ge=1)
    kind: DeliveryKind
    delivered_at: AwareDatetime
    section_versions: dict[SectionKey, int]


class FeedbackNote(BaseModel):
    """One remark of the owner; `section` is None for general remarks or unknown labels."""

    model_config = ConfigDict(frozen=True)

    on_version: int
    section: SectionKey | None
    label: str
    comment: str
    submitted_at: AwareDatetime


class Approach(BaseModel):
    """The participation approach being written for one case."""

    model_config = ConfigDict(frozen=True)

    case_id: str = Field(min_length=1, max_length=100)
    case_title: str = Field(min_length=1, max_length=200)
    revisions: dict[SectionKey, list[Revision]] = Field(default_factory=dict)
    deliveries: list[Delivery] = Field(default_factory=list)
    feedback: list[FeedbackNote] = Field(default_factory=list)
    windows_open: list[DeliveryKind] = Field(default_factory=list)

    def version_of(self, key: SectionKey) -> int:
        """0 while nobody contributed the section."""
        return len(self.revisions.get(key, []))

    def content(self, key: SectionKey, version: int | None = None) -> SectionContent | None:
        history = self.revisions.get(key, [])
        wanted = len(history) if version is None else version
        return history[wanted - 1].content if wanted >= 1 else None

    def delivery(self, version: int) -> Delivery:
        for d in self.deliveries:
            if d.version == version:
                return d
        raise UnknownVersion(f"versie {version} is niet geleverd")

    @property
    def is_final(self) -> bool:
        return any(d.kind is DeliveryKind.FINAL for d in self.deliveries)

    def feedback_for(self, key: SectionKey | None) -> list[FeedbackNote]:
        return [f for f in self.feedback if f.section == key]


def apply_edit(
    approach: Approach,
    content: SectionContent,
    expected_version: int,
    edited_by: str,
    edited_at: AwareDatetime,
) -> Approach:
    """Save a section only over the version the editor saw; never overwrite silently."""
    if approach.is_final:
        raise ApproachClosed("de definitieve participatieaanpak is al geleverd")
    key = SectionKey(content.kind)
    current = approach.version_of(key)
    if expected_version != current:
        raise SectionVersionConflict(key.value, expected_version, current)
    revision = Revision(
        version=current + 1, content=content, edited_by=edited_by, edited_at=edited_at
    )
    history = [*approach.revisions.get(key, []), revision]
    return approach.model_copy(update={"revisions": {**approach.revisions, key: history}})


def missing_sections(approach: Approach) -> list[str]:
    """Dutch titles of the required sections that are absent or empty, in document order."""
    missing = []
    for key in SectionKey:
        content = approach.content(key)
        if key.required and (content is None or content.is_empty()):
            missing.append(key.heading)
    return missing


def deliver(
    approach: Approach, kind: DeliveryKind, delivered_at: AwareDatetime
) -> tuple[Approach, Delivery]:
    """Freeze the current sections as the next document version, if complete and in order."""
    if approach.is_final:
        raise ApproachClosed("de definitieve participatieaanpak is al geleverd")
    if kind is DeliveryKind.FINAL and not approach.deliveries:
        raise DeliveryOutOfOrder("eerst moet het concept geleverd zijn")
    missing = missing_sections(approach)
    if missing:
        raise IncompleteApproach(missing)
    delivery = Delivery(
        version=len(approach.deliveries) + 1,
        kind=kind,
        delivered_at=delivered_at,
        section_versions={key: approach.version_of(key) for key in SectionKey},
    )
    return approach.model_copy(update={"deliveries": [*approach.deliveries, delivery]}), delivery


def record_feedback(approach: Approach, event: FeedbackSubmitted) -> Approach:
    """Keep each remark with its section; nothing the owner wrote is dropped."""
    approach.delivery(event.on_version)
    notes = [
        FeedbackNote(
            on_version=event.on_version,
            section=resolve_section(item.section),
            label=item.section,
            comment=item.comment,
            submitted_at=event.submitted_at,
        )
        for item in event.items
    ]
    if event.general_comment.strip():
        notes.append(
            FeedbackNote(
                on_version=event.on_version,
                section=None,
                label="Algemeen",
                comment=event.general_comment,
                submitted_at=event.submitted_at,
            )
        )
    return approach.model_copy(update={"feedback": [*approach.feedback, *notes]})
