"""A service's image without a Docker engine: its Dockerfile read, its COPY lines laid out.

The layout holds exactly what the image's COPY lines copy (less .dockerignore's patterns),
read-only as the image's root-owned files are for its unprivileged user; the interpreter is a
fresh virtual environment with nothing but requirements/runtime.txt, installed from a wheel
cache kept between runs.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = "requirements/runtime.txt"


@dataclass
class Dockerfile:
    """The parts of a Dockerfile that decide what runs: ENV, WORKDIR, COPY, CMD, HEALTHCHECK."""

    env: dict[str, str] = field(default_factory=dict)
    copies: list[tuple[str, str]] = field(default_factory=list)
    workdir: str = "/"
    cmd: list[str] = field(default_factory=list)
    healthcheck: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Dockerfile:
        """Parse the instructions this project's Dockerfiles use; fail on any other COPY form."""
        parsed = cls()
        for line in _instructions(path.read_text()):
            word, _, rest = line.partition(" ")
            word = word.upper()
            if word == "ENV":
                parsed.env |= dict(item.split("=", 1) for item in shlex.split(rest))
            elif word == "WORKDIR":
                parsed.workdir = rest.strip()
            elif word == "COPY":
                *sources, target = shlex.split(rest)
                assert len(sources) == 1 and not sources[0].startswith("--"), line
                parsed.copies.append((sources[0], target))
            elif word == "CMD":
                parsed.cmd = json.loads(rest)
            elif word == "HEALTHCHECK":
                parsed.healthcheck = shlex.split(rest.split(" CMD ", 1)[1])
        return parsed


def _instructions(text: str) -> list[str]:
    """Instructions with their continuation lines joined, comments dropped."""
    joined = text.replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip() and line[0] != "#"]


def _ignored(relative: str, patterns: list[str]) -> bool:
    parts = Path(relative).parts
    for pattern in patterns:
        bare = pattern.removeprefix("**/")
        if fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, bare) for p in parts):
            return True
    return False


def lay_out(dockerfile: Dockerfile, target: Path) -> Path:
    """Copy exactly the COPY lines' sources into `target` + WORKDIR; then make it read-only."""
    ignore = ROOT / ".dockerignore"
    patterns = ignore.read_text().split() if ignore.exists() else []
    app = target / dockerfile.workdir.lstrip("/")
    for source, destination in dockerfile.copies:
        origin, into = ROOT / source, app / destination
        files = (
            [origin] if origin.is_file() else sorted(p for p in origin.rglob("*") if p.is_file())
        )
        for file in files:
            relative = file.relative_to(ROOT).as_posix()
            if _ignored(relative, patterns):
                continue
            placed = into if origin.is_file() else into / file.relative_to(origin)
            placed.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, placed)
    for path in [app, *app.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return app


def wheel_cache() -> Path:
    """Wheels of requirements/runtime.txt, downloaded once per version of that file."""
    digest = hashlib.sha256((ROOT / RUNTIME).read_bytes()).hexdigest()[:16]
    base = Path(os.environ.get("SAMENSPEL_WHEEL_CACHE", Path.home() / ".cache/samenspel/wheels"))
    cache = base / digest
    if not (cache / "complete").exists():
        cache.mkdir(parents=True, exist_ok=True)
        pip = [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:"]
        got = subprocess.run(
            [*pip, "-r", str(ROOT / RUNTIME), "-d", str(cache)], capture_output=True
        )
        assert got.returncode == 0, got.stderr.decode()[-3000:]
        (cache / "complete").touch()
    return cache


def fresh_venv(where: Path, requirements: Path) -> Path:
    """A virtual environment holding only `requirements`, from the wheel cache, offline."""
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    quiet = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    offline = ["--no-index", "--find-links", str(wheel_cache()), "--no-compile", "--isolated"]
    subprocess.run([*install, *offline, "-r", str(requirements)], check=True, env=quiet)
    return python
