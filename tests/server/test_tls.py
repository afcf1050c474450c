"""The encrypted LAN: the office CA from `onestop init`, HTTPS and WSS, the citizens' listener, and no secret
in the server's log after a session that used every kind of secret (issue 11, items 4 and 5)."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from websockets.sync.client import connect

from server import tls
from tests.helpers.office import PIN, prepare_data, register_devices

ONESTOP = [sys.executable, "-m", "onestop"]
TIMEOUT = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    def __init__(self, data: Path, tokens: dict[str, str], port: int, public_port: int, proc: subprocess.Popen[bytes]):
        self.data, self.tokens, self.proc = data, tokens, proc
        self.url = f"https://127.0.0.1:{port}"
        self.public = f"http://127.0.0.1:{public_port}"
        self.ca = str(tls.files(data).ca)

    def get(self, path: str, device: str | None = "kiosk", **kwargs: object) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.tokens[device]}"} if device else {}
        return requests.get(self.url + path, headers=headers, verify=self.ca, timeout=TIMEOUT, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, device: str | None = "kiosk", **kwargs: object) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.tokens[device]}"} if device else {}
        return requests.post(self.url + path, headers=headers, verify=self.ca, timeout=TIMEOUT, **kwargs)  # type: ignore[arg-type]

    @property
    def log(self) -> str:
        return (self.data / "server.log").read_text(encoding="utf-8", errors="replace")


def run_onestop(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    # cwd: away from the checkout, whose tests/server would shadow the server package.
    return subprocess.run([*ONESTOP, *args], capture_output=True, text=True, timeout=60, cwd=cwd, input=stdin)


def start(data: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int, int]:
    port, public_port = free_port(), free_port()
    with (data / "server.log").open("ab") as out:
        proc = subprocess.Popen(
            [*ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port),
             "--public-port", str(public_port), *extra],
            stdout=out, stderr=subprocess.STDOUT, cwd=data,
        )  # fmt: skip
    return proc, port, public_port


def wait_up(url: str, proc: subprocess.Popen[bytes], verify: str | bool, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # a condition awaited
        try:
            if requests.get(url + "/api/health", verify=verify, timeout=1).ok:
                return
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError(log.read_text(errors="replace")[-2000:])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    data = tmp_path / "office"
    prepare_data(data)
    tokens = register_devices(data, time.time)
    init = run_onestop("init", "--data", str(data), cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    proc, port, public_port = start(data)
    try:
        office = Served(data, tokens, port, public_port, proc)
        wait_up(office.url, proc, office.ca, data / "server.log")
        yield office
    finally:
        proc.terminate()
        proc.wait(10)


def test_init_makes_the_office_ca_and_a_certificate_for_this_pc(served: Served) -> None:
    files = tls.files(served.data)
    names = tls.cert_names(files)
    assert {"localhost", "127.0.0.1"} <= set(names) and socket.gethostname() in names
    assert files.ca_key.stat().st_mode & 0o777 == 0o600 and files.key.stat().st_mode & 0o777 == 0o600
    # curl, as a technician would check it.
    if shutil.which("curl"):
        done = subprocess.run(
            ["curl", "-sS", "--cacert", served.ca, served.url + "/api/health"], capture_output=True, text=True,
            timeout=TIMEOUT,
        )  # fmt: skip
        assert json.loads(done.stdout)["status"] == "ok", done.stderr


def test_https_is_verified_and_plain_http_is_refused(served: Served) -> None:
    assert served.get("/api/state").json()["you"]["device"] == "kiosk"
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(served.url + "/api/health", timeout=TIMEOUT)  # the system's CAs do not know the office's
    with pytest.raises(requests.ConnectionError):
        requests.get(served.url.replace("https://", "http://") + "/api/health", timeout=TIMEOUT)
    # WSS, verified with the office CA.
    context = ssl.create_default_context(cafile=served.ca)
    ws_url = served.url.replace("https://", "wss://") + f"/api/events?token={served.tokens['display']}"
    with connect(ws_url, ssl=context) as ws:
        assert json.loads(ws.recv(timeout=TIMEOUT))["type"] == "hello"


def test_the_citizens_listener_serves_their_pages_and_nothing_else(served: Served) -> None:
    ticket = served.post("/api/tickets", json={"service": "A"}).json()
    page = requests.get(f"{served.public}/t/{ticket['id']}", params={"c": ticket["public_code"]}, timeout=TIMEOUT)
    assert page.status_code == 200 and ticket["number"] in page.text
    catalogue = requests.get(f"{served.public}/thu-tuc", timeout=TIMEOUT)  # (this office has no catalogue yet)
    assert catalogue.status_code == 200 and "<form" in catalogue.text
    for path in ("/api/health", "/api/state", "/api/tickets", "/api/procedures", "/display", "/openapi.json", "/docs"):
        response = requests.get(served.public + path, headers={"Authorization": f"Bearer {served.tokens['kiosk']}"},
                                timeout=TIMEOUT)  # fmt: skip
        assert response.status_code == 404, path
    ws_url = served.public.replace("http://", "ws://") + f"/api/events?token={served.tokens['display']}"
    with pytest.raises(Exception), connect(ws_url) as ws:  # noqa: B017 — refused at the handshake
        ws.recv(timeout=TIMEOUT)


def test_cert_adds_a_name_and_keeps_the_ca(served: Served, tmp_path: Path) -> None:
    ca_before = tls.files(served.data).ca.read_bytes()
    done = run_onestop("cert", "--data", str(served.data), "--name", "motcua.local", "--name", "10.1.2.3", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = tls.cert_names(tls.files(served.data))
    assert "motcua.local" in names and "10.1.2.3" in names and "127.0.0.1" in names
    assert tls.files(served.data).ca.read_bytes() == ca_before


def test_no_certificate_no_plain_http_without_saying_so(tmp_path: Path) -> None:
    data = tmp_path / "office"
    prepare_data(data)
    init = run_onestop("init", "--data", str(data), cwd=tmp_path)
    assert init.returncode == 0
    shutil.rmtree(tls.files(data).folder)
    refused = run_onestop("server", "--data", str(data), "--port", str(free_port()), cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "no TLS certificate" in refused.stderr and "--insecure-http" in refused.stderr
    proc, port, _ = start(data, "--insecure-http")
    try:
        wait_up(f"http://127.0.0.1:{port}", proc, True, data / "server.log")
    finally:
        proc.terminate()
        proc.wait(10)
    log = (data / "server.log").read_text(encoding="utf-8")
    assert "WARNING" in log and "--insecure-http" in log and "in clear" in log


def test_no_secret_in_the_log_after_a_session_of_every_kind(served: Served) -> None:
    """Tokens in headers and query strings, PINs right and wrong, a lockout, tickets' codes in pages, ratings
    and lookups, WebSockets: afterwards the server's log holds none of them (query strings are redacted)."""
    tokens = served.tokens
    ticket = served.post("/api/tickets", json={"service": "B"}).json()
    other = served.post("/api/tickets", json={"service": "A"}).json()
    codes = [ticket["public_code"], other["public_code"]]
    # Browsers' ways: ?token= on the display page, the API and the stream.
    assert served.get(f"/display?token={tokens['display']}", None).status_code == 200
    assert served.get(f"/api/state?token={tokens['display']}", None).status_code == 200
    context = ssl.create_default_context(cafile=served.ca)
    ws_url = served.url.replace("https://", "wss://")
    with connect(f"{ws_url}/api/events?token={tokens['supervisor']}&since=0", ssl=context) as ws:
        ws.recv(timeout=TIMEOUT)
    wrong_token = "Zz9-" + tokens["kiosk"][4:]
    assert served.get(f"/api/state?token={wrong_token}", None).status_code == 401
    bad = requests.get(served.url + "/api/state", headers={"Authorization": f"Bearer {wrong_token}"}, verify=served.ca,
                       timeout=TIMEOUT)  # fmt: skip
    assert bad.status_code == 401
    # Clerks: a wrong PIN until locked, then the right one for another clerk.
    wrong_pin = "913572"
    for _ in range(5):
        served.post("/api/counters/1/sign-in", "counter1", json={"username": "clerk1", "pin": wrong_pin})
    served.post("/api/counters/1/sign-in", "counter1", json={"username": "nobody", "pin": "864209"})
    assert served.post("/api/counters/2/sign-in", "counter2", json={"username": "clerk2", "pin": PIN}).ok
    assert served.post("/api/counters/2/call-next", "counter2").ok
    assert served.post("/api/counters/2/finish", "counter2").ok
    # Citizens: the page, a wrong code, the rating form, the kiosk's lookup and rating by code.
    public = served.public
    assert requests.get(f"{public}/t/{other['id']}?c={other['public_code']}", timeout=TIMEOUT).ok
    requests.get(f"{public}/t/{other['id']}?c=WRONGCODE7", timeout=TIMEOUT)
    requests.post(f"{public}/t/{ticket['id']}/rating?c={codes[0]}", data={"level": "3"}, timeout=TIMEOUT)
    served.get(f"/api/tickets/by-number/{other['number']}?c={other['public_code']}")
    served.post(f"/api/tickets/{other['id']}/rating?c={other['public_code']}", json={"level": 3})
    served.post(f"/api/tickets/{other['id']}/rating?c=WRONGCODE9", json={"level": 3})
    log = served.log
    assert "GET /display?token=… HTTP/1.1" in log  # the lines are there, their secrets are not
    for secret in [*tokens.values(), wrong_token, *codes, "WRONGCODE7", "WRONGCODE9", wrong_pin, PIN, "864209"]:
        assert secret not in log, f"a secret in the log: {secret[:3]}…"
