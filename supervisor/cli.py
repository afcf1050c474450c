"""`onestop supervisor --server URL --token T [--screenshot PATH]`: the supervisor's dashboard."""

from __future__ import annotations

import argparse

from client.args import add_client_args
from supervisor import DEFAULT_PAUSE_ALERT_S


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("supervisor", help="the supervisor's dashboard: queues, counters, alerts, figures")
    add_client_args(p)
    p.add_argument(
        "--pause-alert-min",
        type=float,
        default=DEFAULT_PAUSE_ALERT_S / 60,
        help=f"alert when a counter stays paused this long (default {DEFAULT_PAUSE_ALERT_S // 60:.0f})",
    )
    p.set_defaults(func=cmd_supervisor)


def cmd_supervisor(args: argparse.Namespace) -> int:
    from client.app import run_window
    from supervisor.app import build

    return run_window(
        args, lambda context: build(context, args.pause_alert_min * 60), "onestop — giám sát", kind="supervisor"
    )
