"""The library for learners on their own page: `/mijn/<token>/bibliotheek`.

Documents owns the library (consented cases, listed once their final approach is delivered);
the page searches it by topic, municipality, format and year through documents' API.
"""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.intake.adapters.library_client import LibraryClient, LibrarySearch
from services.intake.domain.programmes import PROGRAMME_NAMES
from services.intake.service_layer.people import PersonView
from services.intake.web.console.console_pages import download_url
from services.intake.web.portal.person_kit import MINE, LinkRefused, PersonPages
from shared.contracts.base import ProgrammeFormat
from shared.people import PersonKind

READERS = (PersonKind.PARTICIPANT, PersonKind.COACH, PersonKind.TRAINER, PersonKind.MENTOR)
UNREACHABLE = "De bibliotheek is nu niet bereikbaar. Probeer het later."
BAD_YEAR = "Vul een jaartal in, bijvoorbeeld 2026."


def library_url(view: PersonView, base: str) -> str:
    """Learners, coaches, trainers and mentors have the library on their page."""
    return f"{base}/bibliotheek" if view.kind in READERS else ""


def _wanted(request: Request) -> tuple[LibrarySearch, str | None]:
    given = {k: request.query_params.get(k, "").strip()[:200] for k in ("onderwerp", "gemeente")}
    form = request.query_params.get("vorm", "")
    year_text = request.query_params.get("jaar", "").strip()
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
    wanted = LibrarySearch(
        topic=given["onderwerp"],
        municipality=given["gemeente"],
        programme_format=form if form in {f.value for f in ProgrammeFormat} else "",
        year=year,
    )
    return wanted, BAD_YEAR if year_text and year is None else None


def person_library_router(pages: PersonPages, library: LibraryClient) -> APIRouter:
    """A search form over the shared cases; a search is a GET, so its address can be kept."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)

    @router.get(f"{MINE}/{{token}}/bibliotheek")
    async def search(request: Request, token: str) -> Response:
        view = await pages.view(token)
        if view.kind not in READERS:
            raise LinkRefused(404)
        wanted, fout = _wanted(request)
        found = None if fout else await library.search(wanted)
        links = pages.download_links(view)  # this person's signed links, ended with their links
        link_for = links if callable(links) else partial(download_url, links)
        context: dict[str, object] = {
            "wanted": wanted,
            "formats": [(f.value, name) for f, name in PROGRAMME_NAMES.items()],
            "format_names": {f.value: name for f, name in PROGRAMME_NAMES.items()},
            "cases": found or [],
            "fout": fout or (UNREACHABLE if found is None else None),
            "action": f"{MINE}/{token}/bibliotheek",
            "back_url": f"{MINE}/{token}",
            "download_url": link_for,
        }
        return pages.render(request, "mijn_bibliotheek.html", context, 422 if fout else 200)

    return router
