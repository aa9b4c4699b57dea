"""Fresh-link requests in MongoDB, keyed by person id (read by id only)."""

from __future__ import annotations

from services.intake.domain.link_request import LinkRequests
from shared.persistence.repository import AggregateRepository


class LinkRequestRepository(AggregateRepository[LinkRequests]):
    """Read by `_id` only, so no index beyond the outbox's is needed."""

    collection_name = "link_requests"
    state_model = LinkRequests
