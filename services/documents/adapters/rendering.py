"""What every renderer shares: the author it signs with, the error for a missing template.

The request, the rendition and the `Renderer` port belong to the use cases
(`domain/renditions.py`, `service_layer/ports.py`); re-exported here for renderers and tests.
"""

from __future__ import annotations

from services.documents.domain.renditions import DocumentRequest, Rendition, safe_filename
from services.documents.service_layer.ports import Renderer

__all__ = [
    "AUTHOR",
    "DocumentRequest",
    "Renderer",
    "Rendition",
    "UnsupportedFormat",
    "safe_filename",
]

AUTHOR = "Relevant Gesprek® Academie"  # the academy signs every document it makes


class UnsupportedFormat(Exception):
    """This document kind has no template for the requested format."""
