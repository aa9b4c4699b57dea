"""A renderer for unit tests of the service layer: records requests, returns small bytes."""

from __future__ import annotations

from services.documents.adapters.rendering import DocumentRequest, Rendition


class FakeRenderer:
    def __init__(self, fmt: str = "html") -> None:
        self.format = fmt
        self.requests: list[DocumentRequest] = []

    def render(self, request: DocumentRequest) -> Rendition:
        self.requests.append(request)
        body = f"{request.template}:{request.title}".encode()
        return Rendition.of(body, "text/plain", request.name, self.format)
