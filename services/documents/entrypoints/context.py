"""What every router of the documents service is bound to, built once in bootstrap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.documents.domain.case_files import CaseFile
from services.documents.service_layer.context import Documents
from services.documents.service_layer.deliveries import CaseNotFound


@dataclass(frozen=True)
class ApiContext(Documents):
    """The use cases' dependencies, and the callers' checks every route depends on."""

    reader: Callable[..., Any]
    writer: Callable[..., Any]
    owner: Callable[..., Any]

    async def opened_file(self, case_id: str, missing: str) -> CaseFile:
        """The case's file once its approach is open; CaseNotFound (404, `missing`) before."""
        stored = await self.producer.files.get(case_id)
        if stored is None or stored.state.approach is None:
            raise CaseNotFound(missing)
        return stored.state
