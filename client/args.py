"""The command-line arguments every client app shares. No Qt here: `onestop --help`
and `onestop server` must not load Qt (a headless server PC may lack its libraries)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from client.token_store import load_token
from server.errors import ConfigError


def add_client_args(parser: argparse.ArgumentParser, default_size: str = "1920x1080") -> None:
    parser.add_argument(
        "--server",
        default=os.environ.get("ONESTOP_SERVER"),
        help="the office server, e.g. https://192.168.1.10:8000 (or $ONESTOP_SERVER)",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("ONESTOP_TOKEN"),
        help="this device's token from 'onestop device add' (or $ONESTOP_TOKEN); without it the app shows a pairing "
        "code for an administrator to approve, and keeps the token it receives",
    )
    add_ca_arg(parser)
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="starting language (default vi)")
    parser.add_argument("--windowed", action="store_true", help="a normal window instead of fullscreen")
    parser.add_argument(
        "--screenshot", type=Path, metavar="PATH", help="connect, render the screen once to a PNG, and exit"
    )
    parser.add_argument("--size", default=default_size, help=f"window/screenshot size WxH (default {default_size})")


def add_ca_arg(parser: argparse.ArgumentParser) -> None:
    ca = os.environ.get("ONESTOP_CA")
    parser.add_argument(
        "--ca",
        type=Path,
        default=Path(ca) if ca else None,
        help="the office's certificate authority (ca.pem from the server PC's DATA/tls), to verify an https:// "
        "server (or $ONESTOP_CA)",
    )


def check_client_args(args: argparse.Namespace, kind: str | None = None) -> None:
    """``kind``: an app that can pair (kiosk, counter …): without --token it uses the token it stored when it was
    paired, or leaves ``args.token`` empty and pairs (client/pairing.py)."""
    if not args.server:
        raise ConfigError("--server is missing. Fix: pass --server https://SERVER:8000 or set ONESTOP_SERVER")
    if not args.token and kind is not None:
        args.token = load_token(kind)
        return
    if not args.token:
        raise ConfigError("--token is missing. Fix: pass the token 'onestop device add' printed, or set ONESTOP_TOKEN")
