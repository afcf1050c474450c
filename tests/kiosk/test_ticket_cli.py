"""`onestop ticket print`: a real ticket from the real server, printed exactly as the kiosk prints it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hardware import layout
from hardware.options import PrintOptions
from kiosk.config import KioskConfig
from kiosk.slips import slip_for_ticket
from kiosk.ticket_cli import with_options
from onestop.cli import main
from tests.hardware.escpos_decoder import decode, read_qr_codes
from tests.helpers.office import Office


def run(office: Office, *extra: str) -> list[str]:
    return ["ticket", "print", "--server", office.url, "--token", office.tokens["kiosk"], *extra]


def test_prints_the_kiosks_ticket_and_ends_with_the_label(office: Office, tmp_path: Path, capsys) -> None:
    out = tmp_path / "t.bin"
    code = main(run(office, "--service", "c", "--printer", f"file:{out}", "--profile", "TM-T20II", "--paper", "58"))
    lines = capsys.readouterr().out.splitlines()
    assert code == 0 and lines[-1] == "C001"
    assert "mode codepage, profile TM-T20II, paper 58 mm" in lines[0]
    found = office.get("/api/tickets/by-number/C001", "supervisor").json()
    ticket = office.ticket(found["id"])  # with its public code, as a kiosk may see it
    assert ticket["printed"] is True
    # Byte for byte what the kiosk's slip function lays out for this ticket.
    state = office.get("/api/state").json()
    slip = slip_for_ticket(ticket, state["office"], state["services"], KioskConfig(), office.url)
    assert out.read_bytes() == layout.ticket(slip, PrintOptions.resolve("TM-T20II", "codepage", 58))
    stream = decode(out.read_bytes())
    assert "Đất đai - Xây dựng" in stream.lines and "C001" in stream.lines
    assert stream.of("qr") == [f"{office.url}/t/{ticket['id']}?c={ticket['public_code']}"]  # the public page


def test_glyphs_mode_and_a_raster_qr(office: Office, tmp_path: Path, capsys) -> None:
    out = tmp_path / "t.bin"
    code = main(run(office, "--service", "c", "--printer", f"file:{out}", "--mode", "glyphs", "--qr", "raster"))
    assert code == 0 and "mode glyphs" in capsys.readouterr().out
    found = office.get("/api/tickets/by-number/C001", "supervisor").json()
    ticket = office.ticket(found["id"])
    stream = decode(out.read_bytes())
    assert stream.of("define") and stream.of("qr") == []  # letters downloaded, the QR a picture
    assert read_qr_codes(stream) == [f"{office.url}/t/{ticket['id']}?c={ticket['public_code']}"]


def test_unplugged_printer_leaves_the_ticket_issued_and_unprinted(office: Office, tmp_path: Path, capsys) -> None:
    code = main(run(office, "--service", "A", "--printer", f"file:{tmp_path / 'gone' / 'lp0'}"))
    captured = capsys.readouterr()
    assert code == 1 and captured.out.splitlines()[-1] == "A001", captured
    assert "A001 issued but NOT printed" in captured.err
    assert office.get("/api/tickets/by-number/A001", "supervisor").json()["printed"] is False


def test_mistakes_are_one_line(office: Office, tmp_path: Path, capsys) -> None:
    assert main(run(office, "--service", "Q", "--printer", f"file:{tmp_path / 't.bin'}")) == 2
    assert "unknown service 'Q'" in capsys.readouterr().err
    assert main(run(office, "--service", "A", "--printer", "lpt:1")) == 2
    assert "unknown printer type 'lpt'" in capsys.readouterr().err
    out = f"file:{tmp_path / 't.bin'}"
    assert main(run(office, "--service", "A", "--printer", out, "--profile", "POS-5890", "--mode", "codepage")) == 2
    assert "no Vietnamese TCVN-3 code page" in capsys.readouterr().err
    assert main(["ticket", "print", "--server", "http://127.0.0.1:9", "--token", "x", "--service", "A",
                 "--printer", out]) == 2  # fmt: skip
    assert "cannot reach http://127.0.0.1:9/api/state" in capsys.readouterr().err
    assert not (tmp_path / "t.bin").exists()


def test_uri_options_are_overridden_not_doubled() -> None:
    assert with_options("file:/tmp/t.bin", mode=None) == "file:/tmp/t.bin"
    assert with_options("serial:/dev/ttyUSB0?baudrate=19200&mode=universal", mode="codepage", paper=58) == (
        "serial:/dev/ttyUSB0?baudrate=19200&mode=codepage&paper=58"
    )


@pytest.mark.slow
def test_the_installed_command(office: Office, tmp_path: Path) -> None:
    out = tmp_path / "t.bin"
    done = subprocess.run(
        [sys.executable, "-m", "onestop", *run(office, "--service", "F", "--printer", f"file:{out}")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "F001" and "F001" in decode(out.read_bytes()).lines
