"""Compose, `.env.example` and `samenspel init` agree with the settings the services really read.

Compose has never run on our machines (no Docker engine), so these read the files themselves:
each service gets every setting its settings class reads and nothing else, no secret has a
default, `.env.example` documents every variable with the services' own defaults, and what
`samenspel init` writes is accepted by every service.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]
from rich.console import Console

from services.documents.settings import DocumentsSettings
from services.intake.settings import IntakeSettings
from services.notifications.settings import NotificationsSettings
from services.scheduling.settings import SchedulingSettings
from shared.settings import PLACEHOLDER_MARKERS, ServiceSettings
from tools.broker_users import rights, roles
from tools.cli.init import DEFINITIONS, init

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
SETTINGS: dict[str, type[ServiceSettings]] = {
    "intake": IntakeSettings,
    "scheduling": SchedulingSettings,
    "documents": DocumentsSettings,
    "notifications": NotificationsSettings,
}
FROM_THE_IMAGE = {"HTTP_HOST", "HTTP_PORT"}  # each Dockerfile sets them (checked below)
TESTS_ONLY = {"CHECK_QUERIES", "CLOCK_OFFSET_FILE"}
REQUIRED = {
    "SECRET_KEY",
    "STAFF_TOKENS",
    "SCHEDULING_TOKEN",
    "RABBITMQ_DEFAULT_PASS",
    "GRAFANA_ADMIN_PASSWORD",
    *(f"RABBITMQ_PASSWORD_{role.upper()}" for role in roles()),
}
INTERPOLATED = re.compile(r"\$\{([A-Z0-9_]+)(:?[-?])?([^}]*)\}")


def _compose() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return parsed


def _example_names() -> dict[str, tuple[str, bool]]:
    """Every NAME in .env.example: its value and whether the line is commented out."""
    names: dict[str, tuple[str, bool]] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        found = re.fullmatch(r"(# )?([A-Z][A-Z0-9_]*)=(.*)", line)
        if found:
            names[found.group(2)] = (found.group(3), bool(found.group(1)))
    return names


@pytest.mark.parametrize("service", SETTINGS)
def test_compose_passes_every_setting_the_service_reads_and_nothing_else(service: str) -> None:
    passed = set(_compose()["services"][service]["environment"])
    reads = {name.upper() for name in SETTINGS[service].model_fields}
    assert passed - reads == set(), "passed but read by nothing"
    assert reads - FROM_THE_IMAGE - TESTS_ONLY - passed == set(), "read but never passed"
    dockerfile = (ROOT / f"services/{service}/Dockerfile").read_text()
    [port] = _compose()["services"][service]["ports"]
    assert "HTTP_HOST=0.0.0.0" in dockerfile
    assert f"HTTP_PORT={port.split(':')[1]}" in dockerfile


def test_no_secret_has_a_default_and_no_placeholder_is_committed() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    for name, operator, default in INTERPOLATED.findall(text):
        if name in REQUIRED:
            assert operator == ":?" and "samenspel init" in default, name
    for path in ("docker-compose.yml", ".env.example"):
        content = (ROOT / path).read_text().lower()
        assert not [marker for marker in PLACEHOLDER_MARKERS if marker in content], path
    for name, (value, _) in _example_names().items():
        if name in REQUIRED:
            assert value == "", f"{name} in .env.example must be left for init to fill"


def test_env_example_documents_every_variable_compose_reads() -> None:
    read = {name for name, _, _ in INTERPOLATED.findall((ROOT / "docker-compose.yml").read_text())}
    assert read - set(_example_names()) == set()


def test_the_defaults_env_example_shows_are_the_services_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "test")
    checked = 0
    for name, (value, commented) in _example_names().items():
        owners = [cls for cls in SETTINGS.values() if name.lower() in cls.model_fields]
        if not commented or not owners:
            continue
        for cls in owners:
            monkeypatch.setenv(name, value)
            documented = getattr(cls(), name.lower())
            monkeypatch.delenv(name)
            assert documented == getattr(cls(), name.lower()), f"{name}={value} in .env.example"
            checked += 1
    assert checked > 30


def _dotenv(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_init_writes_secrets_every_service_accepts_and_never_overwrites(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    output = io.StringIO()
    quiet = Console(file=output, width=200)
    assert init(env_file, force=False, environment=None, console=quiet) == 0
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    values = _dotenv(env_file)
    assert all(values[name] for name in REQUIRED)
    url = f"amqp://samenspel:{values['RABBITMQ_DEFAULT_PASS']}@rabbitmq:5672/"
    for cls in SETTINGS.values():
        accepted = cls.model_validate(
            {
                "environment": values["ENVIRONMENT"],
                "secret_key": values["SECRET_KEY"],
                "staff_tokens": values["STAFF_TOKENS"],
                "scheduling_token": values["SCHEDULING_TOKEN"],
                "rabbitmq_url": url,
            }
        )
        assert accepted.environment == "local"
    tokens = json.loads(values["STAFF_TOKENS"])
    assert values["SCHEDULING_TOKEN"] in tokens, "the console may call scheduling"
    assert [t["role"] for t in tokens.values()].count("decider") == 2
    printed = output.getvalue()
    [operator] = [token for token in tokens if token != values["SCHEDULING_TOKEN"]]
    assert operator in printed and values["SECRET_KEY"] not in printed

    definitions = json.loads((tmp_path / DEFINITIONS).read_text())
    users = {user["name"]: user for user in definitions["users"]}
    assert set(users) == {"samenspel", *roles()}
    assert users["samenspel"]["tags"] == "administrator"
    topics = {t["user"]: t["write"] for t in definitions["topic_permissions"]}
    assert topics["intake"] == rights("", "intake").topic_write, "the catalogue's keys only"
    assert values["RABBITMQ_PASSWORD_INTAKE"] not in json.dumps(definitions), "hashes only"
    [policy] = definitions["policies"]  # unroutable events are kept, not dropped
    assert policy["pattern"] == "^samenspel\\.events$" and policy["apply-to"] == "exchanges"
    assert policy["definition"] == {"alternate-exchange": "samenspel.unroutable"}

    assert init(env_file, force=False, environment=None, console=quiet) == 1
    assert _dotenv(env_file) == values, "an existing .env is kept"
    assert init(env_file, force=True, environment="production", console=quiet) == 0
    replaced = _dotenv(env_file)
    assert replaced["SECRET_KEY"] != values["SECRET_KEY"]
    assert replaced["ENVIRONMENT"] == "production"


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="Debian's docker-compose")
def test_docker_compose_accepts_the_file_with_init_and_refuses_it_without(tmp_path: Path) -> None:
    """`docker-compose config` validates offline: no Docker engine needed."""
    bare, tmp_path = tmp_path / "bare", tmp_path / "initialised"
    for folder in (bare, tmp_path):
        folder.mkdir()
        shutil.copy(ROOT / "docker-compose.yml", folder / "docker-compose.yml")
    quiet = Console(file=io.StringIO())
    assert init(tmp_path / ".env", force=False, environment=None, console=quiet) == 0

    def config_of(folder: Path) -> subprocess.Popen[str]:
        command = ["docker-compose", "-f", str(folder / "docker-compose.yml"), "config"]
        pipe = subprocess.PIPE
        return subprocess.Popen(
            command, env={"PATH": "/usr/bin:/bin"}, stdout=pipe, stderr=pipe, text=True
        )

    checks = [config_of(bare), config_of(tmp_path)]  # both at once: each takes most of a second
    (_, refused_err), (done_out, done_err) = (check.communicate(timeout=60) for check in checks)
    assert checks[0].returncode != 0 and "run samenspel init first" in refused_err
    assert checks[1].returncode == 0, done_err
    config = yaml.safe_load(done_out)
    intake = config["services"]["intake"]["environment"]
    assert intake["SCHEDULING_TOKEN"] == _dotenv(tmp_path / ".env")["SCHEDULING_TOKEN"]
    assert json.loads(intake["STAFF_TOKENS"]), "the JSON survives .env and interpolation"
    password = _dotenv(tmp_path / ".env")["RABBITMQ_PASSWORD_INTAKE"]
    assert intake["RABBITMQ_URL"] == f"amqp://intake:{password}@rabbitmq:5672/"
    assert intake["BROKER_SHARED_USER"] == "", "no user shared by the services"
    for service in ("scheduling", "documents", "notifications"):
        url = config["services"][service]["environment"]["RABBITMQ_URL"]
        assert url.startswith(f"amqp://{service}:"), url
    mounts = str(config["services"]["rabbitmq"]["volumes"])
    assert "definitions.json" in mounts and "20-samenspel.conf" in mounts
