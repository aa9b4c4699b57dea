"""Posted forms as the pages read them: text fields only, files and the like left out."""

from __future__ import annotations

from fastapi import Request


async def posted_text(request: Request) -> dict[str, str]:
    """The posted form's text fields (a page that takes a file reads it itself)."""
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
