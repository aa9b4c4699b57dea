"""The local run's secrets: generated on the first start, private to their owner, then kept."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from shared.settings import is_placeholder
from tools.generated_secrets import CONSOLE_NAME, InstallationSecrets

pytestmark = pytest.mark.unit


def test_the_first_start_generates_secrets_only_their_owner_can_read(tmp_path: Path) -> None:
    path = tmp_path / "state" / "secrets.json"
    first = InstallationSecrets.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first.secret_key) >= 64 and not is_placeholder(first.secret_key)
    assert len({first.secret_key, first.staff_token, first.scheduling_token}) == 3
    assert InstallationSecrets.load_or_create(path) == first, "kept, not regenerated"
    assert InstallationSecrets.generate() != first


def test_a_file_left_readable_is_tightened_and_a_missing_secret_added(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    path.write_text(json.dumps({"secret_key": "kept-from-before-0123456789"}))
    path.chmod(0o644)
    loaded = InstallationSecrets.load_or_create(path)
    assert loaded.secret_key == "kept-from-before-0123456789" and loaded.staff_token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["staff_token"] == loaded.staff_token


def test_the_console_may_call_scheduling_with_its_own_token() -> None:
    local = InstallationSecrets.generate()
    tokens = json.loads(local.staff_tokens({"extra-token": {"name": "Bram", "role": "reader"}}))
    assert tokens[local.scheduling_token]["name"] == CONSOLE_NAME
    assert tokens[local.staff_token]["role"] == "decider"
    assert tokens["extra-token"]["name"] == "Bram"
