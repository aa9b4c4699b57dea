"""Case files in MongoDB: one document per case; session files: one per cohort session."""

from __future__ import annotations

from services.documents.domain.case_files import CaseFile
from services.documents.domain.session_files import SessionFile
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository, Stored


def _file_ids(stored: Stored[CaseFile] | None) -> set[str]:
    return set() if stored is None else {record.id for record in stored.state.documents}


class CaseFileRepository(AggregateRepository[CaseFile]):
    """By case id; by cohort when a cohort-wide session moves; staff's list of notices."""

    collection_name = "dossiers"  # not "case_files": the repository base refuses "_files"
    state_model = CaseFile
    naive_text_fields = ("submitted_at", "attention_since")
    indexes = (
        IndexSpec((("cohort_id", 1),), "by_cohort"),
        IndexSpec((("attention", 1), ("attention_since", 1)), "needing_attention"),
    )

    async def file_ids_of(self, case_id: str) -> set[str]:
        """The stored files this case's file refers to (any other file of the case is an orphan)."""
        return _file_ids(await self.get(case_id))

    async def case_ids_in_cohort(self, cohort_id: str) -> list[str]:
        """The cases of a cohort that have a file."""
        return [stored.id for stored in await self.find({"cohort_id": cohort_id})]

    async def needing_attention(self, limit: int = 200) -> list[CaseFile]:
        """Files whose automatic delivery was refused, oldest first."""
        found = await self.find({"attention": True}, sort=[("attention_since", 1)], limit=limit)
        return [stored.state for stored in found]


class SessionFileRepository(AggregateRepository[SessionFile]):
    """By session id: the agendas of cohort sessions (leergang, leeratelier, ...)."""

    collection_name = "session_dossiers"
    state_model = SessionFile
    indexes = (IndexSpec((("cohort_id", 1),), "by_cohort"),)

    async def file_ids_of(self, session_id: str) -> set[str]:
        """The stored files this session's file refers to (agendas, handed-in homework)."""
        stored = await self.get(session_id)
        return set() if stored is None else stored.state.file_ids()

    async def of_cohort(self, cohort_id: str) -> list[SessionFile]:
        """The files of a cohort's sessions (the console counts their homework)."""
        return [stored.state for stored in await self.find({"cohort_id": cohort_id})]
