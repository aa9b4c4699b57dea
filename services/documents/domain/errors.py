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


class NotReadyForRelease(DocumentsError):
    """Sections are empty or too short to release (HTTP 422, one reason per section)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("niet vrij te geven: " + "; ".join(problems.values()))
        self.problems = problems


class NotACoach(DocumentsError):
    """Only one of the case's coaches (or staff) may release a draft or final (HTTP 403)."""
