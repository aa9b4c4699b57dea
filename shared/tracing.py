"""OpenTelemetry across the services: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.

One trace follows a request through every service: FastAPI's and PyMongo's instrumentation and
FastStream's telemetry middleware make the spans; the outbox keeps each event's `traceparent`
(the CloudEvents distributed-tracing extension, in the envelope too), so the relay's later
publish, the consumers and the mail sent at the end continue the request's trace.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from opentelemetry import context, trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

TRACER = "samenspel"
_PROPAGATOR = TraceContextTextMapPropagator()


def set_up(service: str, endpoint: str) -> TracerProvider | None:
    """Export this process's spans to `endpoint` (OTLP over HTTP); None when no endpoint."""
    if not endpoint:
        return None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service}))
    exporter = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces")
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    PymongoInstrumentor().instrument(tracer_provider=provider)
    return provider


def _off() -> bool:
    """No provider was set up: a span would be a no-op that costs three context managers."""
    return isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the span running now; None outside a trace or with tracing off."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")


def current_trace_id() -> str | None:
    """The current trace's id as 32 hex digits, for log lines and mail headers."""
    span_context = trace.get_current_span().get_span_context()
    return format(span_context.trace_id, "032x") if span_context.is_valid else None


def traceparent_of(envelope_json: str) -> str | None:
    """The `traceparent` extension attribute of a stored CloudEvents envelope, if it has one."""
    try:
        found = json.loads(envelope_json).get("traceparent")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


def with_traceparent(body: bytes, traceparent: str | None) -> bytes:
    """A structured-mode envelope with the distributed-tracing extension attribute added."""
    if not traceparent:
        return body
    envelope = json.loads(body)
    envelope["traceparent"] = traceparent
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()


@contextmanager
def continued(traceparent: str | None) -> Iterator[None]:
    """Run the block inside the trace `traceparent` names (an outbox entry's, a stored mail's)."""
    if not traceparent:
        yield
        return
    token = context.attach(_PROPAGATOR.extract({"traceparent": traceparent}))
    try:
        yield
    finally:
        context.detach(token)


@contextmanager
def span(name: str, kind: trace.SpanKind = trace.SpanKind.INTERNAL) -> Iterator[dict[str, str]]:
    """A span of our own; yields the headers that carry it on (empty with tracing off)."""
    if _off():
        yield {}
        return
    with trace.get_tracer(TRACER).start_as_current_span(name, kind=kind):
        carrier: dict[str, str] = {}
        _PROPAGATOR.inject(carrier)
        yield carrier
