"""Domain errors: each carries what the caller needs to answer the user (HTTP maps them)."""

from __future__ import annotations


class DocumentsError(Exception):
    """Base of every refusal the documents domain can give."""


class SectionVersionConflict(DocumentsError):
    """Someone else saved the section first; the caller must re-read (HTTP 409)."""

    def __init__(self, section: str, expected_version: int, current_version: int) -> None:
        super().__init__(
            f"section {section!r} is at version {current_version}, not {expected_version}"
        )
        self.section = section
        self.expected_version = expected_version
        self.current_version = current_version


class IncompleteApproach(DocumentsError):
    """Required sections are empty, so no half-empty document goes out (HTTP 422)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("ontbrekende onderdelen: " + ", ".join(missing))
        self.missing = missing


class ApproachClosed(DocumentsError):
    """The final approach was delivered; it is no longer edited."""


class DeliveryOutOfOrder(DocumentsError):
    """A final needs a draft (and feedback on it) first."""


class UnknownVersion(DocumentsError):
    """Feedback or a diff refers to a version that was never delivered."""


class QuestionsClosed(DocumentsError):
    """Questions for the owner are collected only before the clarification session starts."""


class InvalidAnswer(DocumentsError):
    """A questionnaire answer does not fit its question."""
