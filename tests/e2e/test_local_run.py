"""`python -m tools.local_run` as a newcomer runs it: nothing configured, one link, clean stops.

Started the way a shell starts a background job (SIGINT ignored), so a handler that only
catches KeyboardInterrupt would not pass.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.support.cases import submission
from tests.support.waiting import wait_until_async
from tools.mongo_standin import free_port, port_is_free

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"http://127\.0\.0\.1:\d+/medewerker/aanmelden/link\?code=\S+")
NOT_CONFIGURED = ("ENVIRONMENT", "SECRET_KEY", "STAFF_TOKENS", "SCHEDULING_TOKEN", "MONGODB_URL")


def _free_base_port() -> int:
    """A base whose +1..+4 (the services) and +25 (the mail page) nobody listens on."""
    while True:
        base = free_port() // 100 * 100
        if base + 25 < 65536 and all(port_is_free(base + n) for n in (1, 2, 3, 4, 25)):
            return base


def _descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class LocalRun:
    """The local run in a subprocess, its output collected line by line."""

    def __init__(self, state: Path, rabbitmq_url: str, namespace: str) -> None:
        env = {key: value for key, value in os.environ.items() if key not in NOT_CONFIGURED}
        env |= {"RABBITMQ_URL": rabbitmq_url, "SAMENSPEL_NAMESPACE": namespace}
        self.base = _free_base_port()
        self.lines: list[str] = []
        self.link_seen = threading.Event()
        ports = ["--base-port", str(self.base), "--smtp-port", str(free_port())]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tools.local_run", "--state-dir", str(state), *ports],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # a background job
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if LINK.search(line):
                self.link_seen.set()

    def link(self) -> str:
        """The printed sign-in URL, once every service answers."""
        assert self.link_seen.wait(120), "".join(self.lines)
        found = LINK.search("".join(self.lines))
        assert found
        return found.group(0)


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
        children = _descendants(run.process.pid)
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
        left = {pid for pid in children if _alive(pid)}
        assert not left, f"still running after {signum.name}: {left}"
    finally:  # whatever the outcome, leave nothing running for the next test
        for pid in [run.process.pid, *children]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        run.process.wait()
