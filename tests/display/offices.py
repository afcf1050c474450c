"""Office configurations for the display tests: the sample office with N counters and a [display] section."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from tests.helpers.office import FakeClock, Office, prepare_data, register_devices, start_office

SERVICES = ("A", "B", "C", "D", "E", "F")


def office_toml(counters: int = 4, display: str = "") -> str:
    text = resources.files("server").joinpath("sample_office.toml").read_text(encoding="utf-8")
    text = re.sub(r"\[\[counters\]\]\nnumber = \d+\nname = \"[^\"]*\"\nservices = \[[^\]]*\]\n\n?", "", text)
    blocks = []
    for n in range(1, counters + 1):
        first, second = SERVICES[(n - 1) % 6], SERVICES[n % 6]
        blocks.append(f'[[counters]]\nnumber = {n}\nname = "Quầy {n}"\nservices = ["{first}", "{second}"]\n')
    return text + "\n" + "\n".join(blocks) + ("\n[display]\n" + display if display else "")


def start(data: Path, counters: int = 4, display: str = "") -> Office:
    prepare_data(data, office_toml(counters, display))
    clock = FakeClock()
    return start_office(data, clock, register_devices(data, clock))
