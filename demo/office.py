"""The demo's data directory: the sample office, its devices and clerks, made once."""

from __future__ import annotations

import json
import shutil
import time
from importlib import resources
from pathlib import Path

from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.errors import ConfigError
from server.permissions import Role
from server.procedures_file import SAMPLE_SOURCE, sample_catalogue
from server.store import Store

TOKENS_NAME = "demo-tokens.json"
PIN = "246810"
# name → (role, counter)
DEVICES: dict[str, tuple[Role, int | None]] = {
    "kiosk": (Role.KIOSK, None),
    "display": (Role.DISPLAY, None),
    "supervisor": (Role.SUPERVISOR, None),
    "rating1": (Role.RATING, 1),
    "counter1": (Role.COUNTER, 1),
    "counter2": (Role.COUNTER, 2),
    "counter3": (Role.COUNTER, 3),
    "counter4": (Role.COUNTER, 4),
}


def prepare(data: Path) -> dict[str, str]:
    """Make ``data`` a demo office if it is not one yet; return the device tokens."""
    tokens_path = data / TOKENS_NAME
    if tokens_path.exists() and (data / DATABASE_NAME).exists():
        tokens: dict[str, str] = json.loads(tokens_path.read_text(encoding="utf-8"))
        return tokens
    if (data / DATABASE_NAME).exists():
        raise ConfigError(
            f"{data}: holds an office that is not a demo (no {TOKENS_NAME}). "
            "Fix: give the demo an empty folder with --data, or leave --data out"
        )
    data.mkdir(parents=True, exist_ok=True)
    if not (data / CONFIG_NAME).exists():
        with resources.as_file(resources.files("server").joinpath("sample_office.toml")) as src:
            shutil.copyfile(src, data / CONFIG_NAME)
    config = load_config(data / CONFIG_NAME)
    store = Store(data / DATABASE_NAME, config.office, time.time)
    try:
        add = store.accounts.add_device
        tokens = {name: add(f"demo-{name}", role, counter) for name, (role, counter) in DEVICES.items()}
        for counter in config.office.counters:
            store.accounts.add_clerk(f"clerk{counter.number}", PIN, f"Cán bộ quầy {counter.number}")
        store.procedures.replace(sample_catalogue(config.office), SAMPLE_SOURCE)
    finally:
        store.close()
    tokens_path.write_text(json.dumps(tokens, indent=2), encoding="utf-8")
    tokens_path.chmod(0o600)
    return tokens
