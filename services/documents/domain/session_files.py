"""A cohort session's file: the agendas of a session that belongs to no case (every format but
the leercase), kept as one aggregate so its renditions and the events it owes are one write."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from services.documents.domain.documents import DocumentRecord
from services.documents.domain.homework import HandIn
from services.documents.domain.meeting_topics import MeetingTopic


class SessionFile(BaseModel):
    """The renditions made for one session of a cohort."""

    model_config = ConfigDict(frozen=True)

    session_id: str
    cohort_id: str
    title: str
    documents: list[DocumentRecord] = Field(default_factory=list)
    topics: list[MeetingTopic] = Field(default_factory=list)  # members' proposals (network)
    homework: list[HandIn] = Field(default_factory=list)  # participants' hand-ins (atelier)

    def file_ids(self) -> set[str]:
        """Every stored file this session's file refers to: agendas and handed-in files."""
        handed = {h.file.id for h in self.homework if h.file is not None}
        return {record.id for record in self.documents} | handed

    def with_documents(self, records: list[DocumentRecord]) -> SessionFile:
        """The file with new renditions appended; earlier versions are never replaced."""
        if not records:
            return self
        return self.model_copy(update={"documents": [*self.documents, *records]})
