"""The simulated day drives the real server: tickets issued, served, rated."""

import threading
import time
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from core.clock import ScaledClock, local_epoch
from demo.simulate import DaySimulation
from tests.helpers.office import prepare_data, register_devices, start_office

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_compressed_morning(tmp_path: Path) -> None:
    # From 07:55 at 1800×: about 09:25 after 3 real seconds.
    clock = ScaledClock(local_epoch(date(2026, 11, 27), 7 * 60 + 55, TZ), speed=1800)
    prepare_data(tmp_path)
    office = start_office(tmp_path, clock, register_devices(tmp_path, clock))
    try:
        simulation = DaySimulation(
            office.url,
            office.tokens,
            clock,
            TZ,
            counters={1: ["B", "A"], 2: ["A", "B"], 3: ["C", "E"], 4: ["D", "F"]},
            mean_service_s={"A": 540, "B": 240, "C": 840, "D": 480, "E": 720, "F": 180},
            seed=3,
        )
        # Played until enough has happened: about 3 real seconds on a quiet machine, longer on a busy
        # one (the office clock runs on regardless, and the simulation plays late steps in order).
        stop = threading.Event()

        def enough() -> None:
            deadline = time.monotonic() + 90
            while not (simulation.issued >= 40 and simulation.served >= 10) and time.monotonic() < deadline:
                stop.wait(0.05)
            stop.set()

        watcher = threading.Thread(target=enough)
        watcher.start()
        simulation.run(stop)
        watcher.join()
        headers = {"Authorization": f"Bearer {office.tokens['display']}"}
        state = requests.get(office.url + "/api/state", headers=headers, timeout=5).json()
    finally:
        office.stop()
    assert simulation.issued >= 40  # 07:55–09:25 of the reference day: ~70 arrivals
    assert simulation.served >= 10
    assert sum(c["state"] != "signed_out" for c in state["counters"]) == 4
    assert state["recent_calls"]
