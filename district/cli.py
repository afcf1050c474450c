"""`onestop district …`: set up and run the district (province) server."""

from __future__ import annotations

import argparse
import re
import socket
from datetime import datetime
from pathlib import Path

from district.store import DATABASE_NAME, DistrictStore
from server.errors import ConfigError, InvalidError

OFFICE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
DEFAULT_PORT = 8100


def _data_arg(parser: argparse.ArgumentParser) -> None:
    from onestop.cli import default_data_dir

    default = default_data_dir() / "district"
    parser.add_argument(
        "--data", type=Path, default=default, help=f"the district's data directory (default: {default})"
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    district = sub.add_parser("district", help="the district (province) server that ranks offices")
    dsub = district.add_subparsers(dest="district_command", required=True)

    p = dsub.add_parser("init", help="create the district database (safe to re-run)")
    _data_arg(p)
    p.set_defaults(func=cmd_init)

    office = dsub.add_parser("office", help="offices allowed to send figures")
    osub = office.add_subparsers(dest="office_command", required=True)
    p = osub.add_parser("add", help="add an office; prints its token (for 'onestop sync') as the last line")
    _data_arg(p)
    p.add_argument("id", help="short id, e.g. ky-son (lowercase letters, digits, - and _)")
    p.add_argument("--name", required=True, help="the office's name, e.g. 'UBND xã Kỳ Sơn'")
    p.set_defaults(func=cmd_office_add)
    p = osub.add_parser("list", help="list offices and when each last sent figures")
    _data_arg(p)
    p.set_defaults(func=cmd_office_list)

    user = dsub.add_parser("user", help="people and tools that read the figures")
    usub = user.add_subparsers(dest="user_command", required=True)
    p = usub.add_parser("add", help="add a reader; prints a read token as the last line")
    _data_arg(p)
    p.add_argument("name")
    p.set_defaults(func=cmd_user_add)

    p = dsub.add_parser("serve", help="run the district server (API and dashboard)")
    _data_arg(p)
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default: 0.0.0.0)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    p.set_defaults(func=cmd_serve)


def _open(data: Path) -> DistrictStore:
    if not (data / DATABASE_NAME).exists():
        raise ConfigError(f"{data / DATABASE_NAME}: no database. Fix: run 'onestop district init --data {data}'")
    return DistrictStore(data / DATABASE_NAME)


def cmd_init(args: argparse.Namespace) -> int:
    data: Path = args.data
    data.mkdir(parents=True, exist_ok=True)
    DistrictStore(data / DATABASE_NAME).close()
    print(f"district database ready: {data / DATABASE_NAME}")
    print(f"next: 'onestop district office add ID --name NAME --data {data}', then 'onestop district serve'")
    return 0


def cmd_office_add(args: argparse.Namespace) -> int:
    if not OFFICE_ID.match(args.id):
        raise InvalidError(f"office id {args.id!r}: use 1-64 lowercase letters, digits, '-' or '_' (e.g. ky-son)")
    store = _open(args.data)
    try:
        token = store.add_office(args.id, args.name)
    finally:
        store.close()
    print(f"office {args.id!r} ({args.name}) added; for its sync agent: --office {args.id} and this token (once):")
    print(token)
    return 0


def cmd_office_list(args: argparse.Namespace) -> int:
    store = _open(args.data)
    try:
        for office in store.offices():
            at = office["last_batch_at"]
            when = datetime.fromtimestamp(at).astimezone().strftime("%Y-%m-%d %H:%M") if at else "never"
            print(f"{office['id']:<24} {office['name']:<40} last batch: {when}")
    finally:
        store.close()
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    store = _open(args.data)
    try:
        token = store.add_user(args.name)
    finally:
        store.close()
    print(f"reader {args.name!r} added; open the dashboard at /?token=<token>. The read token (shown once):")
    print(token)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from district.app import create_app

    data: Path = args.data
    if not (data / DATABASE_NAME).exists():
        raise ConfigError(f"{data / DATABASE_NAME}: no database. Fix: run 'onestop district init --data {data}'")
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((args.host, args.port))
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {args.host}:{args.port} ({exc.strerror}). Fix: stop the other program "
                "or choose another port with --port"
            ) from None
    uvicorn.run(create_app(data), host=args.host, port=args.port, log_level="info")
    return 0
