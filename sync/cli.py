"""`onestop sync`: send this office's figures to the district server."""

from __future__ import annotations

import argparse
import os
import signal
import threading
from pathlib import Path
from types import FrameType

from client.pairing_terminal import pair_in_terminal
from client.token_store import load_token
from server.errors import ConfigError
from sync.agent import SyncAgent
from sync.http import DEFAULT_TIMEOUT, make_session
from sync.office import OfficeClient
from sync.outbox import OUTBOX_NAME, Outbox
from sync.upstream import DistrictClient


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from onestop.cli import add_data_arg

    p = sub.add_parser(
        "sync",
        help="send the office's hourly figures to the district server (outbox in --data)",
        description="Every --interval seconds: read the figures from the office server, keep them in "
        f"DATA/{OUTBOX_NAME} and send them to the district until it has acknowledged them.",
    )
    add_data_arg(p)
    p.add_argument("--server", required=True, help="the office server, e.g. https://127.0.0.1:8000")
    p.add_argument(
        "--ca",
        type=Path,
        default=Path(os.environ["ONESTOP_CA"]) if os.environ.get("ONESTOP_CA") else None,
        help="the office's certificate authority (DATA/tls/ca.pem) to verify --server (or $ONESTOP_CA)",
    )
    p.add_argument(
        "--token",
        default=os.environ.get("ONESTOP_TOKEN"),
        help="a sync device's token (or $ONESTOP_TOKEN); without it the one kept when it was paired, or it pairs: "
        "a code in the log for an administrator to approve",
    )
    p.add_argument("--upstream", required=True, help="the district server, e.g. https://motcua.example.gov.vn")
    p.add_argument(
        "--upstream-token",
        default=os.environ.get("ONESTOP_UPSTREAM_TOKEN"),
        help="this office's token at the district (or $ONESTOP_UPSTREAM_TOKEN)",
    )
    p.add_argument("--office", required=True, help="this office's id at the district")
    p.add_argument("--once", action="store_true", help="one cycle; exit 0 only if everything was delivered")
    p.add_argument("--interval", type=float, default=300.0, help="seconds between cycles (default: 300)")
    p.add_argument("--retries", type=int, default=5, help="tries per batch within a cycle (default: 5)")
    p.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT[1], help="seconds to wait for an answer (default: 30)"
    )
    p.add_argument("--ca-bundle", type=Path, help="PEM file of the CA that signed the district's certificate")
    p.add_argument("--insecure", action="store_true", help="do not verify TLS certificates (testing only)")
    p.set_defaults(func=cmd_sync)


def build_agent(args: argparse.Namespace) -> SyncAgent:
    if not args.upstream_token:
        raise ConfigError("--upstream-token: missing. Fix: 'onestop district office add' prints one at the district")
    if args.interval < 5 or args.retries < 0 or args.timeout <= 0:
        raise ConfigError("--interval must be ≥ 5 s, --retries ≥ 0 and --timeout > 0")
    data: Path = args.data
    data.mkdir(parents=True, exist_ok=True)
    # Two servers, two trusts: the office's own CA for the office server, the district's for upstream.
    office_session = make_session(args.ca, option="--ca")
    if not args.token:
        # Started with only --server: the token kept when it was paired, or pair now (the code in the log).
        args.token = load_token("sync") or pair_in_terminal(office_session, args.server, "sync")
    session = make_session(args.ca_bundle, args.insecure)
    timeout = (DEFAULT_TIMEOUT[0], args.timeout)
    return SyncAgent(
        Outbox(data / OUTBOX_NAME),
        OfficeClient(office_session, args.server, args.token, timeout),
        DistrictClient(session, args.upstream, args.upstream_token, timeout),
        args.office,
        retries=args.retries,
    )


def cmd_sync(args: argparse.Namespace) -> int:
    agent = build_agent(args)
    try:
        if args.once:
            delivered = agent.cycle()
            backlog = agent.outbox.backlog()
            print(f"sync: {'everything delivered' if delivered else f'{backlog} batch(es) still to send'}")
            return 0 if delivered else 1
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        agent.run(args.interval, stop)
        return 0
    finally:
        agent.outbox.close()
