"""Leeratelier homework over documents' API: intake's pages hand in and read, the console counts."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.capabilities import CapabilitySigner
from shared.download_links import download_path, file_id_of, sign_download
from tests.service.documents.support import (
    NOW,
    PARTICIPANT,
    SECRET,
    auth,
    documents_service,
)

pytestmark = pytest.mark.service
SERVICE = "Programmabureau"  # intake calls with a staff token
PDF = b"%PDF-1.7\n% huiswerk\n"


def round_form(starts_at: dt.datetime, text: str, name: str = "Anna de Vries") -> dict[str, str]:
    return {
        "cohort_id": "atelier-2027",
        "round_name": "Ronde 2: beleid en instrumenten",
        "starts_at": starts_at.isoformat(),
        "name": name,
        "text": text,
    }


async def test_participants_hand_in_text_and_a_file_trainers_read_and_download_them(
    namespace: str, rabbitmq_url: str, mongodb_url: str, mongo: object
) -> None:
    later = NOW + dt.timedelta(days=3)
    url = "/api/sessions/atelier-r2/homework"
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        nothing = await http.get(f"{url}/participant-anna", headers=auth(SERVICE))
        assert nothing.status_code == 200 and nothing.json() == {"hand_in": None}
        files = {"file": ("Verordening.pdf", PDF, "application/octet-stream")}
        form = round_form(later, "Onze verordening stamt uit 2019.")
        put = await http.put(
            f"{url}/participant-anna", data=form, files=files, headers=auth(SERVICE)
        )
        assert put.status_code == 200, put.text
        handed = put.json()["hand_in"]
        assert handed["text"] == "Onze verordening stamt uit 2019."
        assert handed["file"]["filename"] == "huiswerk-anna-de-vries-verordening.pdf"
        bert = round_form(later, "Ons plan", "Bert Bos")
        assert (
            await http.put(f"{url}/participant-bert", data=bert, headers=auth(SERVICE))
        ).is_success

        listed = (await http.get(url, headers=auth(SERVICE))).json()["hand_ins"]
        assert [h["name"] for h in listed] == ["Anna de Vries", "Bert Bos"]
        file_id = file_id_of(listed[0]["file"]["url"])
        signer = CapabilitySigner.from_secret(SECRET)
        token = sign_download(signer, "trainer-x", 0, file_id, NOW + dt.timedelta(days=30))
        download = await http.get(download_path(token))
        assert download.status_code == 200 and download.content == PDF
        assert download.headers["content-type"] == "application/pdf"
        assert "attachment" in download.headers["content-disposition"]

        # replaced until the round starts; a text-only replacement keeps the file
        again = await http.put(
            f"{url}/participant-anna", data=round_form(later, "Herzien"), headers=auth(SERVICE)
        )
        assert again.json()["hand_in"]["text"] == "Herzien"
        assert again.json()["hand_in"]["file"]["url"] == listed[0]["file"]["url"]

        bad = {"file": ("virus.exe", b"MZ\x90", "application/octet-stream")}
        refused = await http.put(
            f"{url}/participant-anna", data=form, files=bad, headers=auth(SERVICE)
        )
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["field"] == "bestand"
        assert refused.json()["detail"][0]["reason"].startswith("Bestand: kies een bestand")
        empty = await http.put(
            f"{url}/participant-carla", data=round_form(later, " "), headers=auth(SERVICE)
        )
        assert empty.status_code == 422 and empty.json()["detail"][0]["field"] == "tekst"
        begun = await http.put(
            f"{url}/participant-anna",
            data=round_form(NOW - dt.timedelta(minutes=1), "Te laat"),
            headers=auth(SERVICE),
        )
        assert begun.status_code == 409 and "ronde is al begonnen" in begun.text

        counts = await http.get("/api/cohorts/atelier-2027/homework", headers=auth(SERVICE))
        assert counts.json() == {"rounds": {"atelier-r2": 2}}
        # a participant's own contributor token reads nobody's homework
        assert (await http.get(url, headers=auth(PARTICIPANT))).status_code == 403
        assert (await http.get(url)).status_code == 401
