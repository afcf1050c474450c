"""`onestop demo`."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from onestop.cli import default_data_dir


def default_demo_dir() -> Path:
    return default_data_dir().parent / "onestop-demo"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="the whole office on this machine: server, kiosk, counters, rating, display, supervisor",
        description="Starts an office server and every screen in one window (tabs). Printed tickets appear as "
        "pictures. Without --data the demo starts from a fresh office every time.",
    )
    parser.add_argument("--data", type=Path, help=f"the demo's data folder (default: a fresh {default_demo_dir()})")
    parser.add_argument("--simulate", action="store_true", help="drive a realistic day: citizens, clerks, ratings")
    parser.add_argument("--speed", type=float, default=None,
                        help="how much faster than real time the simulated day runs (default 20; 600 for screenshots)")
    parser.add_argument("--seed", type=int, default=1, help="the simulated day's random seed")
    parser.add_argument("--screenshot", type=Path, metavar="DIR",
                        help="run briefly, write one PNG per screen and a printed ticket to DIR, exit")
    parser.add_argument("--run-seconds", type=float, default=12.0, help="with --screenshot: how long to run first")
    parser.add_argument("--port", type=int, default=0, help="the office server's port (default: any free one)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    if args.data is None:
        args.data = default_demo_dir()
        shutil.rmtree(args.data, ignore_errors=True)
    if args.speed is None:
        args.speed = 600.0 if args.screenshot else 20.0
    from demo.app import run

    return run(args)
