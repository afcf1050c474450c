"""SIGKILL the office server while kiosks issue tickets: no acknowledged ticket is lost,
no number is handed out twice."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from tests.helpers.office import free_socket
from tests.helpers.processes import wait_for_health

pytestmark = pytest.mark.slow
ONESTOP = [sys.executable, "-m", "onestop"]


def run(*args: str, cwd: Path) -> str:
    # cwd: away from the checkout, whose tests/server would shadow the server package.
    done = subprocess.run([*ONESTOP, *args], capture_output=True, text=True, timeout=60, check=True, cwd=cwd)
    return done.stdout.strip().splitlines()[-1]


def start_server(data: Path, port: int) -> subprocess.Popen:
    log = data / "server.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [*ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port), "--insecure-http"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=data,
        )
    wait_for_health(f"http://127.0.0.1:{port}", proc, log)
    return proc


def test_sigkill_during_concurrent_issuing_loses_nothing(tmp_path: Path) -> None:
    data = tmp_path / "office"
    run("init", "--data", str(data), cwd=tmp_path)
    tokens = [run("device", "add", f"kiosk{i}", "--role", "kiosk", "--data", str(data), cwd=tmp_path) for i in range(3)]
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    server = start_server(data, port)
    acknowledged: list[dict] = []
    lock = threading.Lock()
    enough = threading.Event()

    def kiosk(token: str, services: str) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        i = 0
        while True:
            try:
                response = session.post(
                    f"http://127.0.0.1:{port}/api/tickets", json={"service": services[i % len(services)]}, timeout=5
                )
            except requests.RequestException:
                return  # the server died: what it acknowledged is what counts
            if response.status_code == 201:
                with lock:
                    acknowledged.append(response.json())
                    if len(acknowledged) >= 150:
                        enough.set()
            i += 1

    threads = [threading.Thread(target=kiosk, args=(t, s)) for t, s in zip(tokens, ["AB", "BC", "AF"], strict=True)]
    for t in threads:
        t.start()
    assert enough.wait(60), "kiosks did not get going"
    os.kill(server.pid, signal.SIGKILL)
    server.wait(10)
    for t in threads:
        t.join(10)

    server = start_server(data, port)
    try:
        headers = {"Authorization": f"Bearer {tokens[0]}"}
        for ticket in acknowledged:
            # Any kiosk reads a ticket with its code (the one that issued it, without).
            url = f"http://127.0.0.1:{port}/api/tickets/{ticket['id']}?c={ticket['public_code']}"
            stored = requests.get(url, headers=headers, timeout=5)
            assert stored.status_code == 200, f"acknowledged ticket {ticket['number']} lost"
            assert stored.json()["number"] == ticket["number"]
        state = requests.get(f"http://127.0.0.1:{port}/api/state", headers=headers, timeout=5).json()
        numbers = [t["number"] for t in state["waiting"]]
        assert len(numbers) == len(set(numbers))
        # Numbering continues after the last number, never repeating one.
        after = requests.post(f"http://127.0.0.1:{port}/api/tickets", json={"service": "A"}, headers=headers, timeout=5)
        assert after.json()["number"] not in numbers
        per_service: dict[str, list[int]] = {}
        for t in state["waiting"] + [after.json()]:
            per_service.setdefault(t["service"], []).append(t["seq"])
        for seqs in per_service.values():
            assert sorted(seqs) == list(range(1, len(seqs) + 1))
    finally:
        server.terminate()
        server.wait(10)
