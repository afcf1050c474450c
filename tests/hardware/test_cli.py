"""The ``printer`` command: exit codes and one-line errors."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from hardware import cli, layout
from tests.hardware.escpos_decoder import STANDARD_PAGES, decode, read_qr_codes
from tests.hardware.fake_printer import PtyPrinter


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="onestop")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def test_status_ready_and_paper_out(pty_printer: PtyPrinter,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert run("printer", "status", "--printer", f"serial:{pty_printer.path}") == 0
    assert capsys.readouterr().out.startswith("ready:")
    pty_printer.state = "paper_out"
    assert run("printer", "status", "--printer", f"serial:{pty_printer.path}") == 1
    assert "hết giấy" in capsys.readouterr().out


def test_status_silent_printer(pty_printer: PtyPrinter,
                               capsys: pytest.CaptureFixture[str]) -> None:
    pty_printer.state = "silent"
    assert run("printer", "status", "--printer", f"serial:{pty_printer.path}") == 1
    assert capsys.readouterr().out.startswith("no_answer:")


def test_test_page_to_file_and_preview(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.bin"
    assert run("printer", "test", "--printer", f"file:{target}?profile=TM-T20II") == 0
    out = capsys.readouterr().out
    assert "mode codepage" in out and "qr native" in out and "qr=raster" in out
    # Both kinds of QR code, for the installer to see which one this printer prints.
    stream = decode(target.read_bytes(), STANDARD_PAGES, width=576)
    assert stream.of("qr") == [layout.TEST_QR]
    assert read_qr_codes(stream) == [layout.TEST_QR, layout.TEST_QR]
    assert run("printer", "test", "--printer", f"preview:{tmp_path}/png") == 0
    assert "preview:" in capsys.readouterr().out
    assert list((tmp_path / "png").glob("ticket-*.png"))


def test_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("printer", "status", "--printer", "bogus:1") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert run("printer", "test", "--printer", "serial:/dev/ttyNOPE") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "/dev/ttyNOPE" in err
