"""Case files in MongoDB: one document per case."""

from __future__ import annotations

from services.documents.domain.case_files import CaseFile
from shared.persistence.repository import AggregateRepository


class CaseFileRepository(AggregateRepository[CaseFile]):
    """Looked up by case id only, so it needs no index of its own."""

    collection_name = "case_files"
    state_model = CaseFile
