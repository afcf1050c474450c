"""Office-server commands: init, server, device, clerk, procedures, backup, status."""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import getpass
import json
import shutil
import sqlite3
import sys
import time
from importlib import resources
from pathlib import Path

import requests

from server import tls
from server.config import CONFIG_NAME, DATABASE_NAME, load_config
from server.errors import ConfigError
from server.permissions import ClerkRole, Role
from server.procedures_file import SAMPLE_SOURCE, CatalogueError, read_catalogue, sample_catalogue, write_catalogue
from server.store import Access, Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from onestop.cli import add_data_arg

    p = sub.add_parser("init", help="create the data directory: config file and database (safe to re-run)")
    add_data_arg(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("server", help="run the office server (HTTPS with the certificate 'onestop init' made)")
    add_data_arg(p)
    p.add_argument("--host", help="address to listen on (default: from office.toml)")
    p.add_argument("--port", type=int, help="port (default: from office.toml)")
    p.add_argument(
        "--public-port", type=int, help="also serve the citizens' pages (ticket page, rating) here, plain HTTP"
    )
    p.add_argument(
        "--insecure-http", action="store_true", help="serve plain HTTP: tokens and PINs cross the LAN in clear"
    )
    p.set_defaults(func=cmd_server)

    p = sub.add_parser("cert", help="renew the server's TLS certificate, or add a name or address to it")
    add_data_arg(p)
    p.add_argument("--name", action="append", default=[], help="another host name or IP address (repeatable)")
    p.set_defaults(func=cmd_cert)

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
    p.add_argument("--pin", help="NOT recommended (visible in 'ps' and shell history): the PIN is asked for, or read "
                   "from standard input")
    p.add_argument("--name", required=True, help="full name, as shown on screens")
    p.add_argument("--role", choices=[r.value for r in ClerkRole], default=ClerkRole.COUNTER.value)
    p.set_defaults(func=cmd_clerk_add)
    p = csub.add_parser("set-pin", help="give a clerk a new PIN (asked for twice, or read from standard input)")
    add_data_arg(p)
    p.add_argument("username")
    p.add_argument("--pin", help="NOT recommended (visible in 'ps'); see clerk add")
    p.set_defaults(func=cmd_clerk_set_pin)
    p = csub.add_parser("list", help="list clerks")
    add_data_arg(p)
    p.set_defaults(func=cmd_clerk_list)

    p = sub.add_parser("audit", help="the audit trail: sign-ins, cancels, ratings, device changes … (read-only)")
    add_data_arg(p)
    p.add_argument("--from", dest="first", help="office-local date YYYY-MM-DD (default: today)")
    p.add_argument("--to", dest="last", help="office-local date YYYY-MM-DD, inclusive (default: --from)")
    p.add_argument("--format", choices=("text", "csv"), default="text")
    p.set_defaults(func=cmd_audit)

    procedures = sub.add_parser("procedures", help="the administrative procedures the kiosk and /thu-tuc show")
    psub = procedures.add_subparsers(dest="procedures_command", required=True)
    p = psub.add_parser("import", help="replace the catalogue with a .csv or .xlsx file (all or nothing)")
    add_data_arg(p)
    p.add_argument("file", type=Path, help="the catalogue: one procedure a row (see docs/apps.md)")
    p.add_argument("--check", action="store_true", help="only check the file; change nothing")
    p.set_defaults(func=cmd_procedures_import)
    p = psub.add_parser("export", help="write the catalogue to a .csv or .xlsx file (the import's layout)")
    add_data_arg(p)
    p.add_argument("file", type=Path, help="the file to write (.csv or .xlsx); it must not exist yet")
    p.set_defaults(func=cmd_procedures_export)

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
    wrote_sample = not config_path.exists()
    if wrote_sample:
        sample = resources.files("server").joinpath("sample_office.toml")
        with resources.as_file(sample) as src:
            shutil.copyfile(src, config_path)
        print(f"wrote {config_path} (the sample office: edit services and counters to match yours)")
    else:
        print(f"kept existing {config_path}")
    config = load_config(config_path)
    store = Store(data / DATABASE_NAME, config.office, time.time)
    try:
        if wrote_sample and not store.procedures.all():
            procedures = sample_catalogue(config.office)
            store.procedures.replace(procedures, SAMPLE_SOURCE)
            print(
                f"sample catalogue: {len(procedures)} procedures (sample data; replace it with "
                "'onestop procedures import FILE')"
            )
    finally:
        store.close()
    print(f"database ready: {data / DATABASE_NAME}")
    files = tls.ensure(data, config.office.name)
    print(f"TLS: certificate authority {files.ca} (copy it to every client PC: --ca / ONESTOP_CA)")
    print(f"TLS: server certificate for {', '.join(tls.cert_names(files))} ('onestop cert --name …' adds one)")
    print(
        "next: 'onestop device add NAME --role kiosk|counter|display|supervisor|sync', "
        f"'onestop clerk add', then 'onestop server --data {data}'"
    )
    return 0


def cmd_server(args: argparse.Namespace) -> int:
    from server.run import serve

    return serve(args.data, args.host, args.port, insecure_http=args.insecure_http, public_port=args.public_port)


def cmd_cert(args: argparse.Namespace) -> int:
    config = load_config(args.data / CONFIG_NAME)
    files = tls.files(args.data)
    tls.make_ca(files, config.office.name)
    names = tls.make_server_cert(files, [*tls.local_names(), *tls.cert_names(files), *args.name])
    print(f"server certificate {files.cert} for {', '.join(names)}, valid until {tls.cert_expires(files):%Y-%m-%d}")
    print("restart 'onestop server' to use it; clients keep trusting the same CA " + str(files.ca))
    return 0


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


def read_pin(given: str | None) -> str:
    """The PIN from --pin (warned), a prompt asked twice, or one line of standard input."""
    if given is not None:
        print("onestop: warning: --pin is visible to other users in 'ps' and stays in the shell's history; "
              "leave it out to be asked for the PIN", file=sys.stderr)
        return given
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    first = getpass.getpass("PIN: ")
    if getpass.getpass("PIN again: ") != first:
        raise ConfigError("the two PINs differ. Fix: run the command again and type the same PIN twice")
    return first


def cmd_clerk_add(args: argparse.Namespace) -> int:
    config = load_config(args.data / CONFIG_NAME)
    pin = read_pin(args.pin)
    store = _open(args.data)
    try:
        store.accounts.add_clerk(args.username, pin, args.name, config.min_pin_digits, ClerkRole(args.role))
    finally:
        store.close()
    print(f"clerk {args.username!r} ({args.name}) can sign in")
    return 0


def cmd_clerk_set_pin(args: argparse.Namespace) -> int:
    config = load_config(args.data / CONFIG_NAME)
    pin = read_pin(args.pin)
    store = _open(args.data)
    try:
        store.accounts.set_pin(args.username, pin, config.min_pin_digits)
    finally:
        store.close()
    print(f"clerk {args.username!r} has a new PIN")
    return 0


def cmd_clerk_list(args: argparse.Namespace) -> int:
    store = _open(args.data, Access.READ_ONLY)
    for c in store.accounts.clerks():
        print(f"{c['username']:<16} {c['role']:<8} {c['name']}{'' if c['active'] else ' (inactive)'}")
    store.close()
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    config = load_config(args.data / CONFIG_NAME)
    if not (args.data / DATABASE_NAME).exists():
        raise ConfigError(f"{args.data / DATABASE_NAME}: no database. Fix: check --data")
    store = Store(args.data / DATABASE_NAME, config.office, time.time, read_only=True)
    try:
        first = _day(args.first or args.last or store.today(), "--from")
        last = _day(args.last or args.first or store.today(), "--to")
        if first > last:
            raise ConfigError(f"--from {first} is after --to {last}. Fix: swap them")
        start = dt.datetime.combine(first, dt.time(), config.tz).timestamp()
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), config.tz).timestamp()
        entries = store.audit.between(start, end)
    finally:
        store.close()
    if args.format == "csv":
        out = csv.writer(sys.stdout)
        out.writerow(["at", "action", "device", "clerk", "ticket_id", "detail"])
        for e in entries:
            out.writerow([e["at"], e["action"], e["device"] or "", e["clerk"] or "", e["ticket_id"] or "",
                          json.dumps(e["detail"], ensure_ascii=False)])
        return 0
    for e in entries:
        ticket = f" ticket {e['ticket_id']}" if e["ticket_id"] else ""
        detail = " ".join(f"{k}={v}" for k, v in e["detail"].items() if v is not None)
        print(f"{e['at'][:19]}  {e['action']:<18} {e['device'] or '-':<14} {e['clerk'] or '-':<12}{ticket} {detail}")
    print(f"{len(entries)} entries, {first} to {last}", file=sys.stderr)
    return 0


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{option} {text!r} is not a date. Fix: write YYYY-MM-DD") from None


def cmd_procedures_import(args: argparse.Namespace) -> int:
    """All or nothing: every row is checked first; each mistake is one line naming its row and column."""
    config = load_config(args.data / CONFIG_NAME)
    try:
        procedures = read_catalogue(args.file, config.office)
    except CatalogueError as exc:
        for problem in exc.problems:
            print(f"onestop: {problem}", file=sys.stderr)
        print(f"onestop: nothing imported; fix the {len(exc.problems)} line(s) above", file=sys.stderr)
        return 2
    if args.check:
        print(f"{args.file}: {len(procedures)} procedures, no mistakes (--check: nothing imported)")
        return 0
    store = _open(args.data)
    try:
        version = store.procedures.replace(procedures, args.file.name)
    finally:
        store.close()
    print(
        f"imported {len(procedures)} procedures from {args.file} (catalogue version {version}); "
        "a running server announces them to its screens within 30 s"
    )
    return 0


def cmd_procedures_export(args: argparse.Namespace) -> int:
    out: Path = args.file
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise ConfigError(f"{out}: which format? Fix: end the name with .csv or .xlsx")
    if out.exists():
        raise ConfigError(f"{out}: exists already. Fix: choose a new file name")
    if not out.parent.is_dir():
        raise ConfigError(f"{out}: the folder {out.parent} does not exist. Fix: create it first")
    store = _open(args.data)
    try:
        procedures = store.procedures.all()
    finally:
        store.close()
    write_catalogue(procedures, out)
    print(f"exported {len(procedures)} procedures to {out}")
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
    files = tls.files(args.data)
    scheme = "https" if files.ready() else "http"
    url = (args.url or f"{scheme}://{host}:{config.port}").rstrip("/") + "/api/health"
    try:
        health = requests.get(url, timeout=3, verify=str(files.ca) if files.ca.is_file() else True).json()
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
