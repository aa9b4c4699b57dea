"""design.md's Dutch 410 page for a link that no longer works, served by documents and scheduling.

It offers a fresh link to the person's page through a `fresh-link` token (the person id only)
that intake's `/mijn/nieuwe-link` accepts; without a known person it only says what to do.
"""

from __future__ import annotations

from fastapi.responses import HTMLResponse
from markupsafe import escape

from shared.capabilities import CapabilitySigner
from shared.clock import Clock
from shared.download_links import fresh_link_token

PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{title}</h1><p>{text}</p>{form}</main></body></html>"""
_FORM = """<form method="post" action="{action}">
<input type="hidden" name="link_token" value="{token}">
<button type="submit">Stuur mij een nieuwe link</button></form>"""
NO_PERSON = "Open de nieuwste e-mail van het programmabureau: daarin staat uw persoonlijke link."


def page(title: str, text: str, form: str, status_code: int) -> HTMLResponse:
    html = _PAGE.format(title=escape(title), text=escape(text), form=form)
    return HTMLResponse(html, status_code=status_code, headers=PRIVATE)


class GonePages:
    """Builds the 410 page; the form posts to intake's public address."""

    def __init__(self, signer: CapabilitySigner, clock: Clock, intake_public_url: str) -> None:
        self._signer = signer
        self._clock = clock
        self._action = f"{intake_public_url.rstrip('/')}/mijn/nieuwe-link"

    def gone(self, title: str, text: str, person_id: str = "") -> HTMLResponse:
        """410 with the fresh-link form for `person_id`, or a pointer to the latest mail."""
        if not person_id:
            return page(title, f"{text} {NO_PERSON}", "", 410)
        token = fresh_link_token(self._signer, person_id, self._clock.now())
        form = _FORM.format(action=escape(self._action), token=escape(token))
        return page(title, text, form, 410)
