"""A cohort session's file: the agendas of a session that belongs to no case (every format but
the leercase), kept as one aggregate so its renditions and the events it owes are one write."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from services.documents.domain.documents import DocumentRecord
from services.documents.domain.meeting_topics import MeetingTopic


class SessionFile(BaseModel):
    """The renditions made for one session of a cohort."""

    model_config = ConfigDict(frozen=True)

    session_id: str
    cohort_id: str
    title: str
    documents: list[DocumentRecord] = Field(default_factory=list)
    topics: list[MeetingTopic] = Field(default_factory=list)  # members' proposals (network)

    def with_documents(self, records: list[DocumentRecord]) -> SessionFile:
        """The file with new renditions appended; earlier versions are never replaced."""
        if not records:
            return self
        return self.model_copy(update={"documents": [*self.documents, *records]})
