"""`onestop supervisor --server URL --token T [--screenshot PATH]`: the supervisor's dashboard."""

from __future__ import annotations

import argparse

from client.app import ClientContext, add_client_args, run_window
from supervisor.alerts import DEFAULT_PAUSE_ALERT_S, AlertMonitor, ServerClock


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
    from PySide6.QtWidgets import QWidget

    from supervisor.sound import Chime
    from supervisor.window import SupervisorWindow

    def build(context: ClientContext) -> QWidget:
        clock = ServerClock()
        context.stream.state_loaded.connect(clock.on_state_loaded)
        monitor = AlertMonitor(context.model, clock, args.pause_alert_min * 60)
        context.stream.state_loaded.connect(monitor.on_state_loaded)
        context.model.event.connect(monitor.on_event)
        window = SupervisorWindow(context.api, context.model, context.language, monitor, Chime(), clock)
        context.model.event.connect(window.sync.on_event)
        context.stream.connection_changed.connect(window.set_connection)
        context.stream.state_loaded.connect(window.on_state_loaded)
        monitor.start()
        return window

    return run_window(args, build, "onestop — giám sát")
