"""Who may talk to the district: offices (send batches) and users (read), their tokens, and the province's structure.

Tokens are shown once and kept as hashes; revoking one sets its hash to NULL,
so it fails at the next lookup (the servers trust a lookup for at most
``service.TOKEN_CACHE_S`` seconds).
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Row, Table, select, update

from district.database import looking_up, reading, writing
from district.tables import LEVELS, offices, provinces, users
from server import credentials
from server.errors import ConflictError, InvalidError, NotFoundError

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_ID = re.compile(ID_PATTERN)
MAX_NAME = 200
IMPORT_COLUMNS = ("id", "name", "level", "province", "province_name")


@dataclass(frozen=True)
class OfficeRow:
    id: str
    name: str
    level: str
    province: str | None
    province_name: str | None
    last_batch_at: float | None
    has_token: bool


@dataclass(frozen=True)
class Imported:
    created: list[tuple[str, str | None]]  # (office id, its new token if tokens were asked for)
    updated: list[str]


def check_id(value: str, what: str) -> str:
    if not _ID.match(value):
        raise InvalidError(f"{what} {value!r}: use 1-64 lowercase letters, digits, '-' or '_' (e.g. ky-son)")
    return value


def check_level(value: str) -> str:
    if value not in LEVELS:
        raise InvalidError(f"level {value!r}: one of {', '.join(LEVELS)}")
    return value


def check_name(value: str, what: str) -> str:
    value = value.strip()
    if not value or len(value) > MAX_NAME:
        raise InvalidError(f"{what}: 1-{MAX_NAME} characters, please")
    return value


class Accounts:
    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    # -- offices -----------------------------------------------------------------

    def add_office(
        self, office_id: str, name: str, level: str = "commune", province: str | None = None,
        province_name: str | None = None,
    ) -> str:  # fmt: skip
        """Register an office; returns its token (shown once, stored as a hash)."""
        check_id(office_id, "office id")
        name, level = check_name(name, "name"), check_level(level)
        token = credentials.new_token()
        with writing(self.engine) as conn:
            if conn.execute(select(offices.c.id).where(offices.c.id == office_id)).first():
                raise ConflictError(f"an office with id {office_id!r} exists already")
            if province is not None:
                self._province(conn, check_id(province, "province"), province_name)
            conn.execute(
                offices.insert().values(
                    id=office_id, name=name, level=level, province=province,
                    token_hash=credentials.token_hash(token), created_at=self.clock(),
                )
            )  # fmt: skip
        return token

    def _province(self, conn: Connection, code: str, name: str | None) -> None:
        known = conn.execute(select(provinces.c.name).where(provinces.c.code == code)).first()
        if known is None:
            if not name:
                raise InvalidError(
                    f"province {code!r} is not known yet. Fix: give its name (--province-name, or the "
                    "province_name column of the import file)"
                )
            conn.execute(provinces.insert().values(code=code, name=check_name(name, "province_name")))
        elif name and check_name(name, "province_name") != known.name:
            conn.execute(update(provinces).where(provinces.c.code == code).values(name=name.strip()))

    def import_offices(self, text: str, source: str, issue_tokens: bool) -> Imported:
        """Offices from a CSV (columns ``IMPORT_COLUMNS``): new ones added, known ones updated, all or nothing."""
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        reader_fields = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
        missing = [c for c in IMPORT_COLUMNS if c not in reader_fields]
        if missing:
            raise InvalidError(
                f"{source}: missing column(s) {', '.join(missing)}. Fix: a header line "
                f"'{','.join(IMPORT_COLUMNS)}'"
            )
        seen: dict[str, int] = {}
        checked: list[tuple[str, str, str, str, str]] = []
        for line, row in enumerate(rows, start=2):
            try:
                office_id = check_id((row["id"] or "").strip(), "id")
                values = (
                    office_id,
                    check_name(row["name"] or "", "name"),
                    check_level((row["level"] or "").strip()),
                    check_id((row["province"] or "").strip(), "province"),
                    check_name(row["province_name"] or "", "province_name"),
                )
            except InvalidError as exc:
                raise InvalidError(f"{source} line {line}: {exc.message_en}") from None
            if office_id in seen:
                raise InvalidError(f"{source} line {line}: id {office_id!r} is on line {seen[office_id]} already")
            seen[office_id] = line
            checked.append(values)
        created: list[tuple[str, str | None]] = []
        updated: list[str] = []
        with writing(self.engine) as conn:
            for office_id, name, level, province, province_name in checked:
                self._province(conn, province, province_name)
                if conn.execute(select(offices.c.id).where(offices.c.id == office_id)).first():
                    conn.execute(
                        update(offices).where(offices.c.id == office_id)
                        .values(name=name, level=level, province=province)
                    )  # fmt: skip
                    updated.append(office_id)
                    continue
                token = credentials.new_token() if issue_tokens else None
                conn.execute(
                    offices.insert().values(
                        id=office_id, name=name, level=level, province=province, created_at=self.clock(),
                        token_hash=credentials.token_hash(token) if token else None,
                    )
                )  # fmt: skip
                created.append((office_id, token))
        return Imported(created, updated)

    def _set_token(self, table: Table, key: ColumnElement[str], value: str, token: str | None) -> None:
        """Replace the token of one office or user (None: revoke it); its previous one stops working."""
        if token is None:
            values: dict[str, Any] = {"token_hash": None, "revoked_at": self.clock()}
        else:
            values = {"token_hash": credentials.token_hash(token), "revoked_at": None}
        with writing(self.engine) as conn:
            if conn.execute(update(table).where(key == value).values(**values)).rowcount == 0:
                what = "office with id" if table is offices else "user named"
                raise NotFoundError(f"no {what} {value!r}", f"Không tìm thấy {value!r}")

    def issue_office_token(self, office_id: str) -> str:
        """A new token for the office; its previous one stops working."""
        token = credentials.new_token()
        self._set_token(offices, offices.c.id, office_id, token)
        return token

    def revoke_office(self, office_id: str) -> None:
        """The office's token stops working (its figures stay); ``issue_office_token`` gives it a new one."""
        self._set_token(offices, offices.c.id, office_id, None)

    def office_for_token(self, token: str) -> str | None:
        with looking_up(self.engine) as conn:
            row = conn.execute(select(offices.c.id).where(offices.c.token_hash == credentials.token_hash(token)))
            return row.scalar()

    def offices(self) -> list[OfficeRow]:
        query = (
            select(offices, provinces.c.name.label("province_name"))
            .select_from(offices.outerjoin(provinces, offices.c.province == provinces.c.code))
            .order_by(offices.c.id)
        )
        with reading(self.engine) as conn:
            return [_office_row(r) for r in conn.execute(query)]

    def office(self, office_id: str) -> OfficeRow:
        query = (
            select(offices, provinces.c.name.label("province_name"))
            .select_from(offices.outerjoin(provinces, offices.c.province == provinces.c.code))
            .where(offices.c.id == office_id)
        )
        with reading(self.engine) as conn:
            row = conn.execute(query).first()
        if row is None:
            raise NotFoundError(f"no office with id {office_id!r}", f"Không có đơn vị mã {office_id!r}")
        return _office_row(row)

    def provinces(self) -> dict[str, str]:
        with reading(self.engine) as conn:
            return {r.code: r.name for r in conn.execute(select(provinces).order_by(provinces.c.code))}

    # -- users -------------------------------------------------------------------

    def add_user(self, name: str) -> str:
        """A person (or tool) allowed to read figures; returns the read token."""
        check_id(name, "user name")
        token = credentials.new_token()
        with writing(self.engine) as conn:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first():
                raise ConflictError(f"a user named {name!r} exists already")
            conn.execute(users.insert().values(name=name, token_hash=credentials.token_hash(token),
                                               created_at=self.clock()))  # fmt: skip
        return token

    def issue_user_token(self, name: str) -> str:
        token = credentials.new_token()
        self._set_token(users, users.c.name, name, token)
        return token

    def revoke_user(self, name: str) -> None:
        self._set_token(users, users.c.name, name, None)

    def user_for_token(self, token: str) -> str | None:
        with looking_up(self.engine) as conn:
            row = conn.execute(select(users.c.name).where(users.c.token_hash == credentials.token_hash(token)))
            return row.scalar()

    def users(self) -> list[tuple[str, bool]]:
        with reading(self.engine) as conn:
            return [(r.name, r.token_hash is not None) for r in conn.execute(select(users).order_by(users.c.name))]


def _office_row(r: Row[Any]) -> OfficeRow:
    m = r._mapping
    return OfficeRow(
        id=m["id"], name=m["name"], level=m["level"], province=m["province"], province_name=m["province_name"],
        last_batch_at=m["last_batch_at"], has_token=m["token_hash"] is not None,
    )  # fmt: skip
