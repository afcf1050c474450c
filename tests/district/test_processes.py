"""`onestop district serve` as real processes: two sharing one database, HTTPS with a verified certificate,
a real office's sync agent pushing to it, and no secret in its log."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.helpers.district import District, batch, cell, post_batch, prepare_district
from tests.helpers.office import TIMEOUT, Office, free_socket
from tests.helpers.processes import wait_for_health
from tests.helpers.tls import make_certificates

OFFICES = {f"xa-{i}": f"UBND xã {i}" for i in range(6)}
DAYS = [f"2026-11-{d:02d}" for d in range(10, 18)]


@contextmanager
def serving(district: District, log: Path, *extra: str, verify: str | bool = True) -> Iterator[str]:
    """A ``district serve`` process on a free port; yields its base URL."""
    with free_socket() as probe:
        port = probe.getsockname()[1]
    scheme = "https" if "--cert" in extra else "http"
    url = f"{scheme}://{'localhost' if scheme == 'https' else '127.0.0.1'}:{port}"
    command = [sys.executable, "-m", "onestop", "district", "serve", "--data", str(district.data), "--db",
               district.db, "--host", "127.0.0.1", "--port", str(port), *extra]  # fmt: skip
    with log.open("w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_health(url, proc, log, verify=verify)
        yield url
    finally:
        proc.terminate()
        proc.wait(20)


def test_two_processes_on_one_database_store_each_batch_once(tmp_path: Path, db: str | None) -> None:
    """Every batch sent to both processes at once, and rival versions of a day to each: counted once, newest wins."""
    district = prepare_district(tmp_path / "district", OFFICES, db=db)
    rng = random.Random(3)
    with serving(district, tmp_path / "a.log") as url_a, serving(district, tmp_path / "b.log") as url_b:
        jobs: list[tuple[str, dict, str, int]] = []  # (url, body, office, pair id)
        expected: dict[str, int] = {}
        for pair, (office, day) in enumerate((o, d) for o in OFFICES for d in DAYS):
            issued = rng.randint(5, 40)
            v1 = batch(office, day, [cell(day=day, issued=issued + 7, served=issued, no_show=0, cancelled=0,
                                          ratings={"3": issued})], 1)  # fmt: skip
            v2 = batch(office, day, [cell(day=day, issued=issued, served=issued, no_show=0, cancelled=0,
                                          ratings={"3": issued})], 2)  # fmt: skip
            expected[office] = expected.get(office, 0) + issued
            # The same batch to both processes at once, then the two versions to different processes at once.
            jobs += [(url_a, v1, office, pair), (url_b, v1, office, pair)]
            jobs += [(url_b, v2, office, -pair - 1), (url_a, v2, office, -pair - 1)]
        barrier = threading.Barrier(2)

        def send(job: tuple[str, dict, str, int]) -> tuple[int, str, str]:
            url, body, office, pair = job
            if pair % 7 == 0:
                barrier.wait(timeout=TIMEOUT)  # some pairs leave at exactly the same moment
            response = post_batch(District(url=url, data=tmp_path, port=0, db=""), body, district.offices[office])
            return response.status_code, body["batch_id"], response.json().get("status", response.text)

        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(send, sorted(jobs, key=lambda j: abs(j[3]))))
    assert {status for status, _, _ in answers} == {200}
    by_batch: dict[str, list[str]] = {}
    for _, batch_id, status in answers:
        by_batch.setdefault(batch_id, []).append(status)
    # Each batch: stored by one process, recognised as a duplicate (or already outdated) by the other.
    for statuses in by_batch.values():
        assert sorted(statuses) in (["applied", "duplicate"], ["duplicate", "stale"], ["duplicate", "applied"])
        assert statuses.count("duplicate") == 1
    with serving(district, tmp_path / "c.log") as url:
        reader = {"Authorization": f"Bearer {district.readers['reader']}"}
        result = requests.get(f"{url}/api/figures?by=office&from={DAYS[0]}&to={DAYS[-1]}", headers=reader,
                              timeout=TIMEOUT).json()  # fmt: skip
        # The whole month is read from the month roll-ups the two processes rebuilt: the same figures.
        month = requests.get(f"{url}/api/figures?by=office&from=2026-11-01&to=2026-11-30", headers=reader,
                             timeout=TIMEOUT).json()  # fmt: skip
    assert {r["key"]: r["issued"] for r in result["rows"]} == expected  # the version-2 figures, each day once
    assert month["rows"] == result["rows"] and month["totals"] == result["totals"]


def test_a_real_office_syncs_over_verified_https_and_no_secret_reaches_the_log(
    office: Office, tmp_path: Path, db: str | None
) -> None:
    district = prepare_district(tmp_path / "district", {"ky-son": "UBND xã Kỳ Sơn"}, db=db)
    certs = make_certificates(tmp_path / "tls")
    for service in "AABAC":
        office.issue(service)
    office.sign_in(1)
    assert office.act(1, "call-next").status_code == 200
    assert office.act(1, "finish").status_code == 200
    log = tmp_path / "district.log"
    office_token, reader = district.offices["ky-son"], district.readers["reader"]
    secrets = [office_token, reader, office.tokens["sync"], "forged-token-0123456789abcdef"]

    def sync(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "onestop", "sync", "--once", "--data", str(tmp_path / "agent"), "--server",
             office.url, "--token", office.tokens["sync"], "--upstream", url, "--upstream-token", office_token,
             "--office", "ky-son", "--retries", "1", "--timeout", "5", *extra],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    with serving(district, log, "--cert", str(certs.cert), "--key", str(certs.key), verify=str(certs.ca)) as url:
        # Without the province's CA the agent does not trust the server, and sends nothing.
        untrusted = sync()
        assert untrusted.returncode == 1 and "CERTIFICATE_VERIFY_FAILED" in (untrusted.stdout + untrusted.stderr
                                                                             + _status(office))  # fmt: skip
        done = sync("--ca-bundle", str(certs.ca))
        assert done.returncode == 0, done.stdout + done.stderr
        session = requests.Session()
        session.verify = str(certs.ca)
        session.trust_env = False  # else requests prefers a CA bundle named in the environment (requests#3829)
        stats = session.get(f"{url}/api/offices/ky-son/stats?from=2026-11-27&to=2026-11-27",
                            headers={"Authorization": f"Bearer {reader}"}, timeout=TIMEOUT).json()  # fmt: skip
        assert (stats["totals"]["issued"], stats["totals"]["served"]) == (5, 1)
        # Every other way a secret could travel: forged tokens, a token in the address, the sign-in form.
        assert session.post(f"{url}/api/batches", json={}, timeout=TIMEOUT,
                            headers={"Authorization": f"Bearer {secrets[3]}"}).status_code == 401  # fmt: skip
        assert session.get(f"{url}/api/offices?token={reader}", timeout=TIMEOUT).status_code == 401
        assert session.get(f"{url}/?token={reader}&from=2026-11-01", timeout=TIMEOUT).status_code == 401
        wrong = session.post(f"{url}/sign-in", data={"token": secrets[3], "next": "/"}, timeout=TIMEOUT)
        assert wrong.status_code == 401 and secrets[3] not in wrong.text
        signed = session.post(f"{url}/sign-in", data={"token": reader, "next": "/?level=commune"}, timeout=TIMEOUT,
                              allow_redirects=False)  # fmt: skip
        assert signed.status_code == 303 and signed.headers["location"] == "/?level=commune"
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
        assert session.get(f"{url}/?level=commune", timeout=TIMEOUT).status_code == 200
        assert session.get(f"{url}/api/figures?by=office", timeout=TIMEOUT).status_code == 200  # the cookie reads too
        session.close()
    text = log.read_text()
    assert "POST /api/batches HTTP/1.1\" 200" in text and "token=REDACTED" in text  # the access log was written
    for secret in secrets:
        assert secret not in text, "a secret reached the district's log"


def _status(office: Office) -> str:
    return json.dumps(office.get("/api/sync/status", "supervisor").json())
