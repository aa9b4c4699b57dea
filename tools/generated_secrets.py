"""The secrets a samenspel installation needs, generated here so nobody copies one from the code.

Used by the local run (kept in its state folder) and by `samenspel init` (written to `.env`).
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

OPERATOR_NAME = "Programmabureau (beheer)"
# Intake's console moves sessions through scheduling's API under this name (the case history).
CONSOLE_NAME = "Medewerkersconsole"


def new_secret(size: int = 32) -> str:
    """A URL-safe random string of `size` bytes of entropy."""
    return secrets.token_urlsafe(size)


@dataclass(frozen=True)
class InstallationSecrets:
    """What every service of one installation shares; generated once, then kept."""

    secret_key: str
    staff_token: str  # the first decider's sign-in; more staff are added to STAFF_TOKENS by hand
    scheduling_token: str  # intake's console calls scheduling's API with it

    @classmethod
    def generate(cls) -> InstallationSecrets:
        """Fresh random values for all of them."""
        return cls(new_secret(48), new_secret(), new_secret())

    def staff_tokens(self, extra: dict[str, object] | None = None) -> str:
        """STAFF_TOKENS JSON: the operator, the console's token for scheduling, and `extra`."""
        tokens: dict[str, object] = {
            self.staff_token: {"name": OPERATOR_NAME, "role": "decider"},
            self.scheduling_token: {"name": CONSOLE_NAME, "role": "decider"},
        }
        return json.dumps({**tokens, **(extra or {})})

    def save(self, path: Path) -> None:
        """Written readable by its owner only (0600), never with looser rights in between."""
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(asdict(self), file, indent=2)
        path.chmod(0o600)

    @classmethod
    def load_or_create(cls, path: Path) -> InstallationSecrets:
        """The kept secrets, or new ones kept from now on (a missing field is generated too)."""
        fresh = cls.generate()
        if not path.exists():
            fresh.save(path)
            return fresh
        stored = json.loads(path.read_text(encoding="utf-8"))
        kept = cls(**{name: stored.get(name) or value for name, value in asdict(fresh).items()})
        if asdict(kept) != stored:
            kept.save(path)
        path.chmod(0o600)  # tighten what an older run, or a copy, left readable
        return kept
