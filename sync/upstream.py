"""Sending one batch to the district, and what its answer means for the outbox."""

from __future__ import annotations

import enum
import gzip
from dataclasses import dataclass, field

import requests

from sync.http import DEFAULT_TIMEOUT, error_text, json_object


class Verdict(enum.Enum):
    ACKNOWLEDGED = "acknowledged"  # the district has it: remove from the outbox
    RETRY = "retry"  # away, overloaded, cut off or garbled: send the same batch again later
    REJECTED = "rejected"  # the district says this batch is invalid: set it aside, go on
    REFUSED = "refused"  # token, office or address wrong: stop until a person fixes it


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    message: str = ""
    status: int | None = None
    days: dict[str, str] = field(default_factory=dict)  # day → "applied" | "stale"
    versions: dict[str, int] = field(default_factory=dict)  # day → version the district holds


# 408 and 429 are the district asking for patience, not judging the batch.
RETRYABLE = frozenset({408, 425, 429})
REFUSING = frozenset({401, 403, 404, 405})


class DistrictClient:
    def __init__(
        self, session: requests.Session, url: str, token: str, timeout: tuple[float, float] = DEFAULT_TIMEOUT
    ) -> None:
        self.session = session
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def send(self, body: str, batch_id: str) -> Outcome:
        payload = gzip.compress(body.encode(), compresslevel=6)
        try:
            response = self.session.post(
                self.url + "/api/batches",
                data=payload,
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                    "Content-Encoding": "gzip",
                },
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            return Outcome(Verdict.RETRY, f"district {self.url}: {type(exc).__name__}: {exc}")
        return judge(response, batch_id)


def judge(response: requests.Response, batch_id: str) -> Outcome:
    status = response.status_code
    if 200 <= status < 300:
        answer = json_object(response)
        # Only an answer that names this batch acknowledges it; anything else may be a proxy's page.
        if answer is None or answer.get("batch_id") != batch_id or answer.get("status") not in (
            "applied", "stale", "duplicate"
        ):  # fmt: skip
            return Outcome(Verdict.RETRY, f"district answered HTTP {status} without acknowledging the batch", status)
        days = answer.get("days")
        versions = answer.get("versions")
        return Outcome(
            Verdict.ACKNOWLEDGED,
            str(answer["status"]),
            status,
            {str(k): str(v) for k, v in days.items()} if isinstance(days, dict) else {},
            {str(k): v for k, v in versions.items() if isinstance(v, int)} if isinstance(versions, dict) else {},
        )
    message = error_text(response)
    if status >= 500 or status in RETRYABLE:
        return Outcome(Verdict.RETRY, message, status)
    if status in REFUSING:
        return Outcome(Verdict.REFUSED, message, status)
    return Outcome(Verdict.REJECTED, message, status)
