"""`onestop led`: drive the counters' LED number boards from the office's event stream.

    onestop led --server http://192.168.1.10:8000 --token TOKEN \\
        --port "serial:/dev/ttyUSB0?baudrate=9600&frame=ascii" --map 1:1,2:2,3:3,4:4

A small process of its own, so the boards can hang off any PC near the counters (or the
display's); it needs no screen. It uses a 'display' device token: started without --token it uses the
one it was paired with, or shows a pairing code in its log for an administrator to approve.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal

from client.args import add_ca_arg

log = logging.getLogger("onestop.led")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("led", help="drive the counters' LED number boards (serial / RS-485)")
    parser.add_argument("--server", default=os.environ.get("ONESTOP_SERVER"), help="the office server URL")
    parser.add_argument(
        "--token",
        default=os.environ.get("ONESTOP_TOKEN"),
        help="a display device's token; without it the one kept when it was paired, or it pairs (a code in the log)",
    )
    add_ca_arg(parser)
    parser.add_argument(
        "--port", required=True, help="serial:DEVICE?baudrate=9600&frame=ascii|modbus[&bcc=1][&digits=1][&register=0]"
    )
    parser.add_argument("--map", required=True, help="COUNTER:ADDRESS pairs, e.g. 1:1,2:2,3:3")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QCoreApplication, QTimer

    from client.api import ApiClient
    from client.args import check_client_args
    from client.events import EventStream
    from client.model import OfficeModel
    from client.tls import ssl_configuration
    from client.worker import CallWorker
    from hardware.led import LedBoards, parse_led_uri, parse_map
    from hardware.led_driver import LedDriver

    check_client_args(args, "led")
    boards = LedBoards(parse_led_uri(args.port), parse_map(args.map))  # a wrong --port is told before pairing
    if not args.token:
        # Started with only --server: a pairing code on the terminal, an administrator approves it (role display).
        from client.pairing_terminal import pair_in_terminal
        from sync.http import make_session

        args.token = pair_in_terminal(make_session(args.ca, option="--ca"), args.server, "led")
    app = QCoreApplication.instance() or QCoreApplication([])
    stream = EventStream(ApiClient(args.server, args.token, ssl=ssl_configuration(args.ca)))
    model = OfficeModel()
    stream.state_loaded.connect(model.load_state)
    stream.event_received.connect(model.apply_event)
    worker = CallWorker("onestop-led")
    driver = LedDriver(model, boards, worker)
    driver.sent.connect(lambda counter, data: log.debug("counter %d: %s", counter, data.hex(" ")))
    stream.connection_changed.connect(lambda state: log.info("office server: %s", state))
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    # Python runs a signal's handler only when it gets control: Qt's event loop waits in C, so a timer
    # hands control back twice a second (otherwise SIGTERM from systemd waits until a board call).
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(500)
    log.info("LED boards on %s for counters %s", args.port, ", ".join(map(str, sorted(boards.addresses))))
    stream.start()
    app.exec()
    stream.stop()
    worker.stop()
    boards.close()
    return 0
