"""Office-server commands: init, server, device, clerk, status."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sqlite3
import time
from importlib import resources
from pathlib import Path

import requests

from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.errors import ConfigError
from server.permissions import Role
from server.store import Access, Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from onestop.cli import add_data_arg

    p = sub.add_parser("init", help="create the data directory: config file and database (safe to re-run)")
    add_data_arg(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("server", help="run the office server")
    add_data_arg(p)
    p.add_argument("--host", help="address to listen on (default: from office.toml)")
    p.add_argument("--port", type=int, help="port (default: from office.toml)")
    p.set_defaults(func=cmd_server)

    device = sub.add_parser("device", help="register devices (kiosk, counter, display …) and their tokens")
    dsub = device.add_subparsers(dest="device_command", required=True)
    p = dsub.add_parser("add", help="add a device; prints its token as the last line")
    add_data_arg(p)
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--counter", type=int, help="the counter number (counter role only)")
    p.set_defaults(func=cmd_device_add)
    p = dsub.add_parser("list", help="list devices")
    add_data_arg(p)
    p.set_defaults(func=cmd_device_list)
    p = dsub.add_parser("revoke", help="revoke a device's token")
    add_data_arg(p)
    p.add_argument("name")
    p.set_defaults(func=cmd_device_revoke)

    clerk = sub.add_parser("clerk", help="add clerks who sign in at counters")
    csub = clerk.add_subparsers(dest="clerk_command", required=True)
    p = csub.add_parser("add", help="add a clerk, or change her PIN and name")
    add_data_arg(p)
    p.add_argument("username")
    p.add_argument("--pin", required=True, help="4 to 12 digits")
    p.add_argument("--name", required=True, help="full name, as shown on screens")
    p.set_defaults(func=cmd_clerk_add)
    p = csub.add_parser("list", help="list clerks")
    add_data_arg(p)
    p.set_defaults(func=cmd_clerk_list)

    p = sub.add_parser("backup", help="copy the office database safely while the server runs")
    add_data_arg(p)
    p.add_argument("--out", type=Path, required=True, help="the backup file to write (e.g. office-2026-11-27.db)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("status", help="a technician's look at the office: server, counters, queues")
    add_data_arg(p)
    p.add_argument("--url", help="the server's address (default: from office.toml, on this machine)")
    p.set_defaults(func=cmd_status)


def _open(data: Path, access: Access = Access.ADMIN) -> Store:
    """The office database beside a live server: short writes at most (``Access.ADMIN``), never a migration,
    a checkpoint or a day roll-over — those are the server's."""
    config = load_config(data / CONFIG_NAME)
    if not (data / DATABASE_NAME).exists():
        raise ConfigError(f"{data / DATABASE_NAME}: no database. Fix: run 'onestop init --data {data}'")
    return Store(data / DATABASE_NAME, config.office, time.time, access=access)


def cmd_init(args: argparse.Namespace) -> int:
    data: Path = args.data
    data.mkdir(parents=True, exist_ok=True)
    config_path = data / CONFIG_NAME
    if config_path.exists():
        print(f"kept existing {config_path}")
    else:
        sample = resources.files("server").joinpath("sample_office.toml")
        with resources.as_file(sample) as src:
            shutil.copyfile(src, config_path)
        print(f"wrote {config_path} (the sample office: edit services and counters to match yours)")
    config = load_config(config_path)
    store = Store(data / DATABASE_NAME, config.office, time.time)
    store.close()
    print(f"database ready: {data / DATABASE_NAME}")
    print(
        "next: 'onestop device add NAME --role kiosk|counter|display|supervisor|sync', "
        f"'onestop clerk add', then 'onestop server --data {data}'"
    )
    return 0


def cmd_server(args: argparse.Namespace) -> int:
    from server.run import serve

    return serve(args.data, args.host, args.port)


def cmd_device_add(args: argparse.Namespace) -> int:
    store = _open(args.data)
    try:
        token = store.accounts.add_device(args.name, Role(args.role), args.counter)
    finally:
        store.close()
    where = f" for counter {args.counter}" if args.counter else ""
    print(f"device {args.name!r} ({args.role}{where}) added; its token (shown once):")
    print(token)
    return 0


def cmd_device_list(args: argparse.Namespace) -> int:
    store = _open(args.data, Access.READ_ONLY)
    for d in store.accounts.devices():
        state = "revoked" if d["revoked"] else "active"
        counter = f" counter {d['counter']}" if d["counter"] else ""
        print(f"{d['name']:<20} {d['role']:<10}{counter} {state}")
    store.close()
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    store = _open(args.data)
    try:
        store.accounts.revoke_device(args.name)
    finally:
        store.close()
    print(f"device {args.name!r} revoked")
    return 0


def cmd_clerk_add(args: argparse.Namespace) -> int:
    store = _open(args.data)
    try:
        store.accounts.add_clerk(args.username, args.pin, args.name)
    finally:
        store.close()
    print(f"clerk {args.username!r} ({args.name}) can sign in")
    return 0


def cmd_clerk_list(args: argparse.Namespace) -> int:
    store = _open(args.data, Access.READ_ONLY)
    for c in store.accounts.clerks():
        print(f"{c['username']:<16} {c['name']}{'' if c['active'] else ' (inactive)'}")
    store.close()
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """SQLite's online backup: a consistent copy even while the server writes (WAL included)."""
    source_path = args.data / DATABASE_NAME
    if not source_path.exists():
        raise ConfigError(f"{source_path}: no database. Fix: check --data")
    out: Path = args.out
    if out.exists():
        raise ConfigError(f"{out}: exists already. Fix: choose a new file name (backups are never overwritten)")
    out.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=10)
    target = sqlite3.connect(out)
    try:
        source.backup(target)
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    if check != "ok":
        raise ConfigError(f"{out}: the copy failed its integrity check ({check}). Fix: run the backup again")
    with contextlib.closing(sqlite3.connect(out)) as copy:
        tickets = copy.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    print(f"backed up {source_path} → {out} ({out.stat().st_size // 1024} KiB, {tickets} tickets)")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    config = load_config(args.data / CONFIG_NAME)
    host = "127.0.0.1" if config.host in ("0.0.0.0", "::") else config.host
    url = (args.url or f"http://{host}:{config.port}").rstrip("/") + "/api/health"
    try:
        health = requests.get(url, timeout=3).json()
        print(f"server: running at {url} (up {health['uptime_s']:.0f} s, {health['listeners']} live screens)")
        for problem in health.get("problems", []):
            print(f"  PROBLEM ({problem['code']}): {problem['message']}")
    except (requests.RequestException, ValueError, KeyError) as exc:
        print(f"server: NOT answering at {url} ({exc})")
    store = _open(args.data, Access.READ_ONLY)
    try:
        state = store.state()
        print(
            f"office: {config.office.name} — day {state['day']}, {len(store.accounts.devices())} devices, "
            f"last event #{state['seq']}"
        )
        for c in state["counters"]:
            clerk = c["clerk"]["name"] if c["clerk"] else "-"
            ticket = c["ticket"]["number"] if c["ticket"] else "-"
            reason = f" ({c['pause_reason']})" if c["paused"] else ""
            print(f"  {c['name']:<10} {c['state']:<10}{reason} clerk: {clerk:<22} ticket: {ticket}")
        for code, q in state["queues"].items():
            print(
                f"  service {code}: {q['waiting']} waiting, longest {q['longest_wait_s'] // 60} min, "
                f"new ticket ≈ {q['estimated_wait_s'] // 60} min"
            )
    finally:
        store.close()
    return 0
