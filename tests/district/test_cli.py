"""`onestop district …` as real processes: set up, add an office and a reader, serve, send, read."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import requests

from tests.helpers.district import DAY, batch, cell
from tests.helpers.office import free_socket
from tests.helpers.processes import wait_for_health


def onestop(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "onestop", *args], capture_output=True, text=True, timeout=60)


def test_set_up_serve_send_and_read(tmp_path: Path, db: str | None) -> None:
    data = str(tmp_path / "district")
    where = ("--data", data) if db is None else ("--data", data, "--db", db)
    first = onestop("district", "init", *where)
    assert first.returncode == 0, first.stderr
    again = onestop("district", "init", *where)  # safe to re-run
    assert again.returncode == 0 and "ready" in again.stdout
    added = onestop("district", "office", "add", "ky-son", "--name", "UBND xã Kỳ Sơn", *where)
    assert added.returncode == 0, added.stderr
    office_token = added.stdout.strip().splitlines()[-1]
    reader = onestop("district", "user", "add", "so-noi-vu", *where)
    read_token = reader.stdout.strip().splitlines()[-1]
    assert len(office_token) > 20 and len(read_token) > 20 and office_token != read_token

    with free_socket() as probe:
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("w")
    command = ["district", "serve", *where, "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen([sys.executable, "-m", "onestop", *command], stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_health(url, server, tmp_path / "serve.log")
        body = gzip.compress(json.dumps(batch("ky-son", DAY, [cell()], 1)).encode())
        headers = {"Authorization": f"Bearer {office_token}", "Content-Type": "application/json",
                   "Content-Encoding": "gzip"}  # fmt: skip
        assert requests.post(url + "/api/batches", data=body, headers=headers, timeout=5).json()["status"] == "applied"
        stats = requests.get(
            f"{url}/api/offices/ky-son/stats?from={DAY}&to={DAY}",
            headers={"Authorization": f"Bearer {read_token}"},
            timeout=5,
        ).json()
        assert stats["totals"]["issued"] == 10
        listing = onestop("district", "office", "list", *where)
        assert "ky-son" in listing.stdout and "never" not in listing.stdout
        structure = tmp_path / "tinh.csv"
        structure.write_text("id,name,level,province,province_name\nky-son,UBND xã Kỳ Sơn,commune,nghe-an,Nghệ An\n"
                             "tan-ky,UBND xã Tân Kỳ,commune,nghe-an,Nghệ An\n", encoding="utf-8")  # fmt: skip
        tokens = tmp_path / "tokens.csv"
        imported = onestop("district", "office", "import", str(structure), "--tokens", str(tokens), *where)
        assert "1 office(s) added, 1 updated" in imported.stdout, imported.stderr
        assert oct(tokens.stat().st_mode & 0o777) == "0o600"
        assert tokens.read_text().splitlines()[1].startswith("tan-ky,")
        assert "nghe-an" in onestop("district", "office", "list", *where).stdout
        revoked = onestop("district", "user", "revoke", "so-noi-vu", *where)
        assert revoked.returncode == 0 and "revoked" in revoked.stdout
        assert "so-noi-vu" in onestop("district", "user", "list", *where).stdout
    finally:
        server.terminate()
        server.wait(20)
        log.close()


def test_mistakes_are_one_line_with_a_fix(tmp_path: Path) -> None:
    data = str(tmp_path / "district")
    missing = onestop("district", "office", "add", "ky-son", "--name", "X", "--data", data)
    assert missing.returncode == 2 and "Fix: run 'onestop district init" in missing.stderr
    onestop("district", "init", "--data", data)
    bad_id = onestop("district", "office", "add", "Kỳ Sơn", "--name", "X", "--data", data)
    assert bad_id.returncode == 2 and "lowercase" in bad_id.stderr
    onestop("district", "office", "add", "ky-son", "--name", "X", "--data", data)
    twice = onestop("district", "office", "add", "ky-son", "--name", "X", "--data", data)
    assert twice.returncode == 2 and "exists already" in twice.stderr
    for result in (missing, bad_id, twice):
        assert result.stderr.strip().count("\n") == 0
