"""Deliveries in MongoDB: one document per notification key, with its outbox."""

from __future__ import annotations

from typing import ClassVar

from services.notifications.domain.deliveries import Delivery
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository


class DeliveryRepository(AggregateRepository[Delivery]):
    """Deliveries by id, and per case for the delivery log."""

    collection_name = "deliveries"
    state_model = Delivery
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("case_id", 1), ("sent_at", 1)), "case_sent_at"),
    )
