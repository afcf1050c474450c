"""The command-line arguments every client app shares. No Qt here: `onestop --help`
and `onestop server` must not load Qt (a headless server PC may lack its libraries)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from server.errors import ConfigError


def add_client_args(parser: argparse.ArgumentParser, default_size: str = "1920x1080") -> None:
    parser.add_argument(
        "--server",
        default=os.environ.get("ONESTOP_SERVER"),
        help="the office server, e.g. http://192.168.1.10:8000 (or $ONESTOP_SERVER)",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("ONESTOP_TOKEN"),
        help="this device's token from 'onestop device add' (or $ONESTOP_TOKEN)",
    )
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="starting language (default vi)")
    parser.add_argument("--windowed", action="store_true", help="a normal window instead of fullscreen")
    parser.add_argument(
        "--screenshot", type=Path, metavar="PATH", help="connect, render the screen once to a PNG, and exit"
    )
    parser.add_argument("--size", default=default_size, help=f"window/screenshot size WxH (default {default_size})")


def check_client_args(args: argparse.Namespace) -> None:
    if not args.server:
        raise ConfigError("--server is missing. Fix: pass --server http://SERVER:8000 or set ONESTOP_SERVER")
    if not args.token:
        raise ConfigError("--token is missing. Fix: pass the token 'onestop device add' printed, or set ONESTOP_TOKEN")
