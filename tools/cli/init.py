"""`samenspel init`: a `.env` for compose with freshly generated secrets, never overwritten."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from rich.console import Console

from tools.broker_users import boot_definitions, roles
from tools.generated_secrets import InstallationSecrets, new_secret

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"
DEFINITIONS = "rabbitmq-definitions.json"  # beside .env; compose mounts it into RabbitMQ
BROKER_ADMIN = "samenspel"


def filled_in(example: str, values: Mapping[str, str]) -> str:
    """The example, each uncommented `NAME=...` line whose name has a value set to it."""
    lines = []
    for line in example.splitlines():
        name, separator, _ = line.partition("=")
        if separator and not line.lstrip().startswith("#") and name.strip() in values:
            line = f"{name.strip()}={values[name.strip()]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def generated_values(environment: str | None) -> tuple[dict[str, str], InstallationSecrets]:
    """Every secret compose needs, fresh; the installation's secrets for what to print."""
    secrets = InstallationSecrets.generate()
    values = {
        "SECRET_KEY": secrets.secret_key,
        "STAFF_TOKENS": secrets.staff_tokens(),
        "SCHEDULING_TOKEN": secrets.scheduling_token,
        "RABBITMQ_DEFAULT_PASS": new_secret(24),
        "GRAFANA_ADMIN_PASSWORD": new_secret(18),
        **{f"RABBITMQ_PASSWORD_{role.upper()}": new_secret(24) for role in roles()},
    }
    if environment:
        values["ENVIRONMENT"] = environment
    return values, secrets


def broker_definitions(values: Mapping[str, str]) -> str:
    """What RabbitMQ loads at boot: one user per service and role (README, "Security model")."""
    passwords = {role: values[f"RABBITMQ_PASSWORD_{role.upper()}"] for role in roles()}
    document = boot_definitions(passwords, BROKER_ADMIN, values["RABBITMQ_DEFAULT_PASS"])
    return json.dumps(document, indent=2) + "\n"


def write_private(path: Path, text: str, *, replace: bool) -> None:
    """Readable by its owner only (0600) from the first byte; O_EXCL unless replacing."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    path.chmod(0o600)


def init(path: Path, *, force: bool, environment: str | None, console: Console) -> int:
    """Write `path`; 1 when it exists and `force` is not given (its secrets are in use)."""
    if path.exists() and not force:
        console.print(
            f"{path} exists already: its secrets are in use. `samenspel init --force` replaces"
            " them (everyone is signed out and every link sent stops working; RabbitMQ takes the"
            " new users and passwords from rabbitmq-definitions.json when it restarts)."
        )
        return 1
    if not EXAMPLE.is_file():
        console.print(f"{EXAMPLE} is missing: run samenspel init from a checkout of samenspel")
        return 1
    values, secrets = generated_values(environment)
    write_private(path, filled_in(EXAMPLE.read_text(encoding="utf-8"), values), replace=force)
    definitions = path.parent / DEFINITIONS
    definitions.write_text(broker_definitions(values), encoding="utf-8")
    definitions.chmod(0o644)  # the broker's own user reads it; salted hashes, no password
    console.print(f"Wrote {path} (readable by you only) with newly generated secrets.")
    console.print(f"Wrote {definitions}: RabbitMQ's users, one per service (loaded at boot).")
    console.print(
        "Your decider token for the staff console (http://localhost:8001/medewerker); it is"
        " shown this once and kept only in STAFF_TOKENS in .env:"
    )
    console.print(f"  {secrets.staff_token}", markup=False, highlight=False)
    console.print("Next: docker compose up --wait")
    return 0
