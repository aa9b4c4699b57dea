"""Case files in MongoDB: one document per case; session files: one per cohort session."""

from __future__ import annotations

from services.documents.domain.case_files import CaseFile
from services.documents.domain.session_files import SessionFile
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository


class CaseFileRepository(AggregateRepository[CaseFile]):
    """By case id; by cohort when a cohort-wide session moves; staff's list of notices."""

    # Not "case_files": the nx-27017 stand-in takes a name ending in "_files" for a GridFS
    # bucket and silently ignores version-guarded updates to it.
    collection_name = "dossiers"
    state_model = CaseFile
    indexes = (
        IndexSpec((("cohort_id", 1),), "by_cohort"),
        IndexSpec((("attention", 1), ("attention_since", 1)), "needing_attention"),
    )


class SessionFileRepository(AggregateRepository[SessionFile]):
    """By session id: the agendas of cohort sessions (leergang, leeratelier, ...)."""

    collection_name = "session_dossiers"
    state_model = SessionFile
