"""`onestop district …`: set up and run the district (province) server.

Every command takes ``--db postgresql://USER@HOST/DB`` (or ``sqlite:///PATH``);
without it they use the embedded file ``--data DIR/district.db``.
"""

from __future__ import annotations

import argparse
import os
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from district.database import DATABASE_NAME, database_url, describe
from district.store import DistrictStore
from server.errors import ConfigError

DEFAULT_PORT = 8100


def _db_args(parser: argparse.ArgumentParser) -> None:
    from onestop.cli import default_data_dir

    default = default_data_dir() / "district"
    parser.add_argument(
        "--data", type=Path, default=default, help=f"folder of the embedded database (default: {default})"
    )
    parser.add_argument(
        "--db",
        default=os.environ.get("ONESTOP_DISTRICT_DB"),
        help="postgresql://USER@HOST/DB (or $ONESTOP_DISTRICT_DB); default: the SQLite file in --data",
    )


def _command(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help: str,
    func: Callable[[argparse.Namespace], int],
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help)
    _db_args(parser)
    parser.set_defaults(func=func)
    return parser


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    district = sub.add_parser("district", help="the district (province) server that ranks offices")
    dsub = district.add_subparsers(dest="district_command", required=True)

    _command(dsub, "init", "create or upgrade the district database (safe to re-run, and while others serve)", cmd_init)

    office = dsub.add_parser("office", help="offices allowed to send figures")
    osub = office.add_subparsers(dest="office_command", required=True)
    p = _command(osub, "add", "add an office; prints its token (for 'onestop sync') as the last line", cmd_office_add)
    p.add_argument("id", help="short id, e.g. ky-son (lowercase letters, digits, - and _)")
    p.add_argument("--name", required=True, help="the office's name, e.g. 'UBND xã Kỳ Sơn'")
    p.add_argument("--level", choices=("commune", "province"), default="commune",
                   help="commune (commune/ward office, the default) or province (the provincial centre)")  # fmt: skip
    p.add_argument("--province", help="the province's code, e.g. nghe-an")
    p.add_argument("--province-name", help="the province's name, if the province is new, e.g. 'Nghệ An'")
    p = _command(osub, "import", "add or update offices from a CSV: id,name,level,province,province_name",
                 cmd_office_import)  # fmt: skip
    p.add_argument("file", type=Path, help="the CSV file (UTF-8, a header line)")
    p.add_argument("--tokens", type=Path, help="write the new offices' tokens to this new file (id,token; mode 600)")
    _command(osub, "list", "list offices and when each last sent figures", cmd_office_list)
    p = _command(osub, "token", "issue a new token for an office (its old one stops working)", cmd_office_token)
    p.add_argument("id")
    p = _command(osub, "revoke", "revoke an office's token (within 10 s); its figures stay", cmd_office_revoke)
    p.add_argument("id")

    user = dsub.add_parser("user", help="people and tools that read the figures")
    usub = user.add_subparsers(dest="user_command", required=True)
    p = _command(usub, "add", "add a reader; prints a read token as the last line", cmd_user_add)
    p.add_argument("name")
    p = _command(usub, "token", "issue a new read token for a user (the old one stops working)", cmd_user_token)
    p.add_argument("name")
    p = _command(usub, "revoke", "revoke a user's token (within 10 s)", cmd_user_revoke)
    p.add_argument("name")
    _command(usub, "list", "list users", cmd_user_list)

    p = _command(dsub, "serve", "run the district server (API and dashboard)", cmd_serve)
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default: 0.0.0.0)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    p.add_argument("--cert", type=Path, help="serve HTTPS with this certificate (PEM, with its chain)")
    p.add_argument("--key", type=Path, help="the certificate's private key (PEM)")


def _url(args: argparse.Namespace) -> str:
    url = database_url(args.db, args.data)
    if not args.db and not (args.data / DATABASE_NAME).exists() and args.func is not cmd_init:
        where = args.data / DATABASE_NAME
        raise ConfigError(f"{where}: no database. Fix: run 'onestop district init --data {args.data}'")
    return url


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[DistrictStore]:
    store = DistrictStore.open(_url(args))
    try:
        yield store
    finally:
        store.close()


def cmd_init(args: argparse.Namespace) -> int:
    if not args.db:
        args.data.mkdir(parents=True, exist_ok=True)
    from district import migrate
    from district.database import open_engine
    from district.ingest import Ingest

    engine = open_engine(_url(args))
    try:
        before, now = migrate.upgrade(engine)
        Ingest(engine).rebuild_months()
        where = describe(engine)
    finally:
        engine.dispose()
    change = "ready" if before == now else f"upgraded from schema {before or 'none'} to {now}"
    print(f"district database {change}: {where}")
    print("next: 'onestop district office import FILE' (or 'office add'), 'user add NAME', then 'district serve'")
    return 0


def cmd_office_add(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        token = store.accounts.add_office(args.id, args.name, args.level, args.province, args.province_name)
    print(f"office {args.id!r} ({args.name}) added; for its sync agent: --office {args.id} and this token (once):")
    print(token)
    return 0


def cmd_office_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc}). Fix: give a UTF-8 CSV file") from None
    tokens_out: Path | None = args.tokens
    if tokens_out is not None and tokens_out.exists():
        raise ConfigError(f"--tokens {tokens_out}: exists already. Fix: name a new file (tokens are shown once)")
    with _opened(args) as store:
        done = store.accounts.import_offices(text, str(path), issue_tokens=tokens_out is not None)
    if tokens_out is not None:
        fd = os.open(tokens_out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("id,token\n")
            out.writelines(f"{office},{token}\n" for office, token in done.created)
    print(f"{path}: {len(done.created)} office(s) added, {len(done.updated)} updated")
    if done.created:
        where = f"tokens in {tokens_out}" if tokens_out else "no tokens yet: 'onestop district office token ID' each"
        print(f"new offices: {where}")
    return 0


def cmd_office_list(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        for office in store.accounts.offices():
            at = office.last_batch_at
            when = datetime.fromtimestamp(at).astimezone().strftime("%Y-%m-%d %H:%M") if at else "never"
            state = "" if office.has_token else "  (no token)"
            where = f"{office.level}/{office.province or '-'}"
            print(f"{office.id:<24} {office.name:<40} {where:<24} last batch: {when}{state}")
    return 0


def cmd_office_token(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        token = store.accounts.issue_office_token(args.id)
    print(f"office {args.id!r}: new token (its previous one no longer works; shown once):")
    print(token)
    return 0


def cmd_office_revoke(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        store.accounts.revoke_office(args.id)
    print(f"office {args.id!r}: token revoked (refused within 10 s); 'office token {args.id}' issues a new one")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        token = store.accounts.add_user(args.name)
    print(f"reader {args.name!r} added; sign in to the dashboard with this read token (shown once):")
    print(token)
    return 0


def cmd_user_token(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        token = store.accounts.issue_user_token(args.name)
    print(f"reader {args.name!r}: new read token (the previous one no longer works; shown once):")
    print(token)
    return 0


def cmd_user_revoke(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        store.accounts.revoke_user(args.name)
    print(f"reader {args.name!r}: token revoked (refused within 10 s, signed-in dashboards too)")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        for name, active in store.accounts.users():
            print(f"{name:<32} {'active' if active else 'revoked'}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from district.app import create_app

    url = _url(args)
    DistrictStore.open(url).close()  # the schema must be this version's: one clear line if not
    cert: Path | None = args.cert
    key: Path | None = args.key
    if (cert is None) != (key is None):
        raise ConfigError("--cert and --key go together. Fix: give both (PEM files) or neither")
    for flag, path in (("--cert", cert), ("--key", key)):
        if path is not None and not path.is_file():
            raise ConfigError(f"{flag} {path}: no such file. Fix: give the PEM file's path")
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
    tls: dict[str, str] = {}
    if cert and key:
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
        except (ssl.SSLError, OSError) as exc:
            raise ConfigError(f"--cert {cert} / --key {key}: not a certificate and its key ({exc}). Fix: PEM files "
                              "of one certificate and its private key") from None
        tls = {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}
    # A client holding a keep-alive connection open must not hold up a restart (systemd, an upgrade).
    uvicorn.run(create_app(url), host=args.host, port=args.port, log_level="info", timeout_graceful_shutdown=10,
                **tls)  # type: ignore[arg-type]  # fmt: skip
    return 0
