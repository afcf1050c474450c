"""Where a paired device keeps its token: a file readable by its user only. No Qt here (client/args.py reads it)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir


def token_file(kind: str, config_dir: Path | None = None) -> Path:
    """Where this PC keeps the token of its ``kind`` of app (kiosk, counter …)."""
    return (config_dir or Path(user_config_dir("onestop"))) / f"{kind}.token"


def load_token(kind: str, config_dir: Path | None = None) -> str | None:
    path = token_file(kind, config_dir)
    try:
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return token or None


def save_token(kind: str, token: str, config_dir: Path | None = None) -> Path:
    """Write the token readable by this user only (0600), replacing any older one."""
    path = token_file(kind, config_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(token + "\n")
    os.chmod(path, 0o600)  # an older file may have had wider rights
    return path
