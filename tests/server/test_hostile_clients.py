"""Hostile clients: any body or parameter on any route, with or without a token, is a 4xx; slow, half-sent
and idle connections are cut after a few seconds; hundreds of them from one address never stop a kiosk;
WebSocket clients cannot send large frames."""

from __future__ import annotations

import json
import resource
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from fastapi.routing import APIRoute
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from server.app import ROUTERS
from server.listening import MAX_CONNECTIONS_PER_ADDRESS, REQUEST_TIMEOUT_S
from tests.helpers.office import Office, free_socket
from tests.helpers.processes import wait_for_health
from tests.server.test_crash import ONESTOP, run

HUGE = "9" * 5000
DEEP = "[" * 30_000 + "]" * 30_000  # under the 64 KiB body limit
BODIES: dict[str, bytes] = {
    "deep nesting": DEEP.encode(),
    "deep object": ('{"a":' * 10_000 + "1" + "}" * 10_000).encode(),
    "a 5,000-digit number": f'{{"service": {HUGE}, "level": {HUGE}, "number": {HUGE}, "requeue": {HUGE}}}'.encode(),
    "a number past float": b'{"service": 1e999, "level": -1e999, "reasons": [1e999]}',
    "huge values everywhere": json.dumps(
        {"service": HUGE, "priority": HUGE, "level": HUGE, "reason": HUGE, "username": HUGE, "pin": HUGE}
    ).encode(),
}


SAMPLE = {"ticket_id": "1", "n": "1", "number": "A001", "name": "display.js"}


def routes(value: str | None = None) -> Iterator[tuple[str, str]]:
    """(method, path) of every HTTP route of the office server: its path parameters a sample, or ``value``."""
    for route in (r for module in ROUTERS for r in module.router.routes):
        if not isinstance(route, APIRoute):
            continue
        path = route.path
        for name, sample in SAMPLE.items():
            path = path.replace(f"{{{name}}}", sample if value is None else value)
        if value is not None and path == route.path:
            continue  # no parameter to fill
        for method in sorted(route.methods):
            yield method, path


@pytest.mark.parametrize("device", [None, "kiosk", "counter1", "supervisor"])
def test_any_body_on_any_route_is_a_4xx(office: Office, device: str | None) -> None:
    office.issue("A")
    seen = 0
    for method, path in routes():
        for what, body in BODIES.items():
            response = office.request(
                method, path, device, data=body, headers={"Content-Type": "application/json"}
            )
            assert response.status_code < 500, f"{method} {path} with {what}: {response.status_code} {response.text}"
            seen += 1
    assert seen > 100


@pytest.mark.parametrize("device", [None, "kiosk", "supervisor"])
def test_huge_numbers_in_paths_are_a_4xx(office: Office, device: str | None) -> None:
    for huge in (HUGE, "-" + HUGE, "1e999", "0x" + "f" * 300, "%00", "..%2F..%2Fetc"):
        for method, path in routes(huge):
            response = office.request(method, path, device)
            assert response.status_code < 500, f"{method} {path[:60]}…: {response.status_code}"


@pytest.mark.parametrize(
    "query",
    ["from=9999-12-01", "from=0001-01-01", "to=0001-01-01", "from=9999-12-31&to=9999-12-31",
     "from=0001-01-01&to=0001-01-02", f"from={HUGE}", "from=2026-02-30"],
)  # fmt: skip
@pytest.mark.parametrize("path", ["/api/stats", "/api/stats/hourly"])
def test_dates_at_the_calendars_ends_are_a_422(office: Office, path: str, query: str) -> None:
    response = office.get(f"{path}?{query}", device="supervisor")
    assert response.status_code == 422, response.text
    assert response.json()["message_vi"]


def test_the_public_rating_form_takes_no_5000_digit_number(office: Office) -> None:
    ticket = office.issue("B")
    code = office.get(f"/api/tickets/{ticket['id']}").json()["public_code"]
    url = f"{office.url}/t/{ticket['id']}/rating?c={code}"
    form = requests.post(url, data={"level": HUGE}, timeout=10)
    assert form.status_code in (409, 422)  # the page again, saying why (the ticket is not served yet)
    for body in (f'{{"level": {HUGE}}}', DEEP, f'{{"level": 1, "reasons": {DEEP}}}'):
        response = requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=10)
        assert response.status_code == 422, response.text
        assert response.json()["message_vi"]
    for path in (f"/t/{HUGE}", f"/t/{HUGE}/rating"):
        assert requests.post(office.url + path, data={"level": "1"}, timeout=10).status_code in (404, 405)
        assert requests.get(office.url + path, timeout=10).status_code in (404, 405)


# -- slow and idle connections --------------------------------------------------------------


def _connect(office: Office, source: str = "127.0.0.1") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", office.port), timeout=10, source_address=(source, 0))
    return sock


def _closed_after(sock: socket.socket) -> tuple[float, bytes]:
    """Seconds until the server closed ``sock``, and what it said before."""
    start = time.monotonic()
    said = b""
    sock.settimeout(REQUEST_TIMEOUT_S + 10)
    try:
        while chunk := sock.recv(4096):
            said += chunk
    except ConnectionResetError:  # closed with our unread bytes still in its buffer
        pass
    return time.monotonic() - start, said


@pytest.mark.parametrize(
    "sent",
    [
        b"",  # connects and says nothing
        b"POST /api/tickets HTTP/1.1\r\nHost: x\r\nContent-Ty",  # half the headers
        b"POST /api/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{",
    ],
    ids=["idle", "half the headers", "half the body"],
)
def test_a_slow_or_half_sent_request_is_cut(office: Office, sent: bytes) -> None:
    with _connect(office) as sock:
        sock.sendall(sent)
        took, said = _closed_after(sock)
    assert REQUEST_TIMEOUT_S - 0.5 < took < REQUEST_TIMEOUT_S + 3
    if sent:
        assert said.startswith(b"HTTP/1.1 408"), said


def test_a_whole_request_is_answered_however_long_the_answer_takes(office: Office) -> None:
    # The deadline is for the client's sending, not for the server's answering (a year of statistics).
    with _connect(office) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")


def test_hundreds_of_slow_connections_from_one_address_never_stop_a_kiosk(office: Office) -> None:
    """300 connections from 127.0.0.2 sending half a request; meanwhile the kiosk (127.0.0.1) issues."""
    slow: list[socket.socket] = []
    refused = 0
    start = time.monotonic()
    try:
        for _ in range(300):
            sock = _connect(office, "127.0.0.2")
            sock.sendall(b"POST /api/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n{")
            slow.append(sock)
        waits = []
        for _ in range(20):
            start = time.monotonic()
            office.issue("A")
            waits.append(time.monotonic() - start)
        for sock in slow:
            sock.setblocking(False)
            try:
                refused += sock.recv(4096).startswith(b"HTTP/1.1 503")
            except BlockingIOError:  # nothing said: still waiting for the rest of its request
                pass
        print(f"kiosk beside 300 slow connections: longest issue {max(waits) * 1000:.0f} ms; refused {refused}")
        assert max(waits) < 1.0
        assert refused == 300 - MAX_CONNECTIONS_PER_ADDRESS
        # The others are cut once their time is up, each with a 408.
        cut = [_closed_after(sock)[1] for sock in slow]
        assert time.monotonic() - start < REQUEST_TIMEOUT_S + 10
        assert sum(said.startswith(b"HTTP/1.1 408") for said in cut) == MAX_CONNECTIONS_PER_ADDRESS
        assert office.get("/api/health", device=None).json()["listeners"] == 0
    finally:
        for sock in slow:
            sock.close()


# -- WebSocket frames -----------------------------------------------------------------------


@pytest.mark.parametrize("token", ["display", None])
def test_large_websocket_frames_are_refused(office: Office, token: str | None) -> None:
    url = office.ws_url + (f"?token={office.tokens[token]}" if token else "")
    with pytest.raises(ConnectionClosed) as closed, connect(url, max_size=None) as ws:
        ws.send("x" * 100_000)
        while True:
            ws.recv(timeout=5)
    code = closed.value.rcvd.code if closed.value.rcvd else None
    # With a token: "message too big"; without one it was shut before the frame could matter.
    assert code == (1009 if token else 4401)
    assert office.get("/api/health", device=None).status_code == 200


@pytest.mark.slow
def test_the_issues_1050_half_requests_under_the_default_descriptor_limit(tmp_path: Path) -> None:
    """The fault review's attack: 1,050 connections sending half a request, against a server limited to 1,024
    file descriptors (systemd's default without LimitNOFILE). A kiosk still issues all along."""
    data = tmp_path / "office"
    run("init", "--data", str(data), cwd=tmp_path)
    token = run("device", "add", "kiosk1", "--role", "kiosk", "--data", str(data), cwd=tmp_path)
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    log = data / "server.log"
    with log.open("ab") as out:
        server = subprocess.Popen(
            [*ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port), "--insecure-http"],
            stdout=out, stderr=subprocess.STDOUT, cwd=data,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024)),
        )  # fmt: skip
    slow: list[socket.socket] = []
    try:
        wait_for_health(f"http://127.0.0.1:{port}", server, log)
        # A new connection for each ticket, as a kiosk makes after a quiet spell.
        headers = {"Authorization": f"Bearer {token}", "Connection": "close"}
        waits = []

        def issue() -> None:
            start = time.monotonic()
            response = requests.post(
                f"http://127.0.0.1:{port}/api/tickets", json={"service": "A"}, headers=headers, timeout=5
            )
            waits.append(time.monotonic() - start)
            assert response.status_code == 201, response.text

        for i in range(1050):
            conn = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=("127.0.0.2", 0))
            conn.sendall(b"POST /api/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n{")
            slow.append(conn)
            if i % 50 == 0:
                issue()
        for _ in range(10):  # all 1,050 open
            issue()
        print(f"1,050 half requests, 1,024 descriptors: {len(waits)} tickets, longest {max(waits) * 1000:.0f} ms")
        assert "Too many open files" not in log.read_text(errors="replace")
    finally:
        for conn in slow:
            conn.close()
        server.terminate()
        server.wait(10)


@pytest.mark.parametrize("unit", ["onestop-server.service", "onestop-kiosk.service", "onestop-sync.service"])
def test_the_shipped_units_raise_the_descriptor_limit(unit: str) -> None:
    text = (Path(__file__).parents[2] / "deploy" / unit).read_text(encoding="utf-8")
    service = text.split("[Service]", 1)[1].split("\n[", 1)[0]
    limits = [line.split("=", 1)[1] for line in service.splitlines() if line.startswith("LimitNOFILE=")]
    assert limits and int(limits[0]) >= 65536
