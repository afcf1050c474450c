"""What the agent reads from (and reports to) the office server, with the sync role's token."""

from __future__ import annotations

import datetime as dt
from typing import Any

import requests

from server.errors import OnestopError
from sync.batches import CELL_FIELDS, Scale
from sync.http import DEFAULT_TIMEOUT, error_text, json_object


class OfficeUnavailableError(OnestopError):
    """The office server is away or gave an answer the agent cannot use."""

    code = "office_unavailable"


class OfficeClient:
    def __init__(
        self,
        session: requests.Session,
        url: str,
        token: str,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.session = session
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.session.request(
                method,
                self.url + path,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
                **kwargs,
            )
        except requests.RequestException as exc:
            raise OfficeUnavailableError(f"office server {self.url}: {type(exc).__name__}: {exc}") from None
        if response.status_code >= 400:
            raise OfficeUnavailableError(f"office server {path}: {error_text(response)}")
        body = json_object(response)
        if body is None:
            raise OfficeUnavailableError(f"office server {path}: the answer is not a JSON object")
        return body

    def today(self) -> str:
        """The office-local date by the office server's own clock (the days the figures are keyed by)."""
        day = self._call("GET", "/api/state").get("day")
        if not isinstance(day, str):
            raise OfficeUnavailableError("office server /api/state: no 'day' in the answer")
        return day

    def scale(self) -> Scale:
        answer = self._call("GET", "/api/rating-scale")
        try:
            return Scale.from_office(answer)
        except (KeyError, TypeError) as exc:
            raise OfficeUnavailableError(f"office server /api/rating-scale: unexpected answer ({exc})") from None

    def hourly(self, first: str, last: str) -> list[dict[str, Any]]:
        """Every (day, hour, service) cell of first..last (inclusive) that had a ticket."""
        answer = self._call("GET", "/api/stats/hourly", params={"from": first, "to": last})
        cells = answer.get("cells")
        if not isinstance(cells, list):
            raise OfficeUnavailableError("office server /api/stats/hourly: no 'cells' list in the answer")
        for cell in cells:
            missing = [f for f in CELL_FIELDS if not isinstance(cell, dict) or f not in cell]
            if missing:
                raise OfficeUnavailableError(f"office server /api/stats/hourly: a cell lacks {', '.join(missing)}")
            if not first <= str(cell["day"]) <= last:
                raise OfficeUnavailableError(f"office server /api/stats/hourly: a cell of {cell['day']} outside range")
        return cells

    def report(self, status: dict[str, Any]) -> None:
        """Tell the supervisor how syncing goes (POST /api/sync/status)."""
        self._call("POST", "/api/sync/status", json=status)


def iso(epoch: float | None) -> str | None:
    return None if epoch is None else dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat(timespec="seconds")
