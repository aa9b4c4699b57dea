"""Another system submits a case: plain aio-pika and the contract in design.md, nothing of ours.

Usage: python examples/publish_case_submitted.py [AMQP_URL] [EXCHANGE] [OWNER_EMAIL]
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import uuid

import aio_pika


async def main(url: str, exchange_name: str, owner_email: str) -> None:
    """Publish one case.submitted CloudEvent (structured JSON mode), persistent, with confirms."""
    now = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
    case_id = str(uuid.uuid4())
    event_id = str(uuid.uuid4())
    event: dict[str, object] = {
        "specversion": "1.0",
        "id": event_id,
        "source": "https://website.example.org/aanmelden",
        "type": "nl.samenspel.case.submitted.v1",
        "time": now,
        "subject": case_id,
        "datacontenttype": "application/json",
        "data": {
            "case_id": case_id,
            "external_ref": f"web-{uuid.uuid4().hex[:8]}",
            "submitted_at": now,
            "owner": {
                "name": "Fatima El Amrani",
                "role": "initiatiefnemer",
                "organisation": "Buurtvereniging De Akker",
                "email": owner_email,
            },
            "case": {
                "title": "Een natuurspeeltuin op het schoolplein",
                "description": "Ouders en buurtbewoners willen het schoolplein vergroenen.",
                "societal_issue": "klimaatadaptatie en spelen in de buurt",
                "municipality": "Amersfoort",
                "country": "NL",
            },
            "conditions": {
                "societal_and_concrete": True,
                "no_time_pressure": True,
                "owner_is_content_expert": True,
                "can_attend_all_sessions": True,
                "consent_to_share": True,
            },
        },
    }
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(
            exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        await exchange.publish(
            aio_pika.Message(
                json.dumps(event).encode(),
                content_type="application/cloudevents+json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=event_id,
            ),
            routing_key="case.submitted",
        )
    print(case_id)


if __name__ == "__main__":
    arguments = sys.argv[1:] + [None] * 3
    asyncio.run(
        main(
            arguments[0] or "amqp://guest:guest@127.0.0.1:5672/",
            arguments[1] or "samenspel.events",
            arguments[2] or "fatima@example.nl",
        )
    )
