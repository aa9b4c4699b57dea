"""`python -m tools.local_run` as a newcomer runs it: nothing configured, one link, clean stops.

Started the way a shell starts a background job (SIGINT ignored), so a handler that only
catches KeyboardInterrupt would not pass.
"""

from __future__ import annotations

import signal
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.cases import submission
from tests.support.local_run import ROOT, LocalRun, alive, descendants
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.e2e


async def _listed(browser: httpx.AsyncClient, page: str, text: str) -> bool:
    return text in (await browser.get(page)).text


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
async def test_the_local_run_needs_nothing_and_a_signal_stops_every_child(
    tmp_path: Path, rabbitmq_url: str, namespace: str, signum: signal.Signals
) -> None:
    run = LocalRun(tmp_path, rabbitmq_url, namespace)
    children: set[int] = set()
    try:
        link = run.link()
        children = descendants(run.process.pid)
        assert len(children) >= 5, "four services and the stand-in database"
        async with httpx.AsyncClient(follow_redirects=True) as browser:
            console = await browser.get(link)
            assert console.status_code == 200 and str(console.url).endswith("/medewerker")
            assert "Programmabureau (beheer)" in console.text
            intake = f"http://127.0.0.1:{run.base + 1}"
            submitted = await browser.post(f"{intake}/api/cases", json=submission())
            assert submitted.status_code == 201
            mails = f"http://127.0.0.1:{run.base + 25}/"
            await wait_until_async(lambda: _listed(browser, mails, "anna@example.nl"), 15)
        where = ["--state-dir", str(tmp_path), "--base-port", str(run.base)]
        again = subprocess.run(
            [sys.executable, "-m", "tools.local_run", "--link", *where],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        async with httpx.AsyncClient(follow_redirects=True) as other_browser:
            second = await other_browser.get(again.stdout.strip())
            assert str(second.url).endswith("/medewerker"), "a new link signs in too"
        secrets = tmp_path / "secrets.json"
        assert stat.S_IMODE(secrets.stat().st_mode) == 0o600

        run.process.send_signal(signum)
        assert run.process.wait(timeout=30) == 0, "".join(run.lines)
        left = {pid for pid in children if alive(pid)}
        assert not left, f"still running after {signum.name}: {left}"
    finally:  # whatever the outcome, leave nothing running for the next test
        run.kill_all(children)
