"""Request bodies: each field checked by pydantic, unknown fields refused."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, model_validator

# strict: JSON types as declared ("yes" is not a boolean, "3" not a number); unknown fields refused.
_strict = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


class TicketIn(BaseModel):
    model_config = _strict
    service: str = Field(min_length=1, max_length=8, description="service code, e.g. 'A'")
    priority: str | None = Field(
        default=None, min_length=1, max_length=32, description="priority group code, or null for a regular ticket"
    )


class SignIn(BaseModel):
    model_config = _strict
    username: str = Field(min_length=1, max_length=64)
    pin: str = Field(min_length=1, max_length=12)


class TransferIn(BaseModel):
    model_config = _strict
    service: str = Field(min_length=1, max_length=8)


class PauseIn(BaseModel):
    model_config = _strict
    reason: str = Field(min_length=1, max_length=200)


class CallIn(BaseModel):
    model_config = _strict
    number: str = Field(
        min_length=1, max_length=12, pattern=r"^[A-Za-z0-9]+$", description="the printed label, e.g. 'A023'"
    )


class NoShowIn(BaseModel):
    model_config = _strict
    requeue: bool = Field(default=False, description="put the ticket back at the end of the queue (once)")


class KioskAdminIn(BaseModel):
    """POST /api/kiosk/admin: what was done on the kiosk's hidden admin screen, for the audit trail."""

    model_config = _strict
    action: Literal["opened", "wrong_pin", "locked", "test_print", "reprint", "exit"]
    detail: str | None = Field(default=None, max_length=200, description="e.g. the ticket number reprinted")


class RatingIn(BaseModel):
    """POST /api/tickets/{id}/rating and the public page's POST /t/{id}/rating."""

    model_config = _strict
    level: int = Field(ge=1, le=10, description="a level value from /api/rating-scale")
    reasons: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(default_factory=list, max_length=10)
    dossier_code: str | None = Field(default=None, min_length=1, max_length=64, description="mã hồ sơ, optional")


# Strict booleans: "yes" or 1 from a buggy client is refused, not taken as true.
_checked = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PrintedIn(BaseModel):
    model_config = _checked
    printed: StrictBool = Field(description="true: the ticket came out of the printer; false: it did not")
    detail: str | None = Field(default=None, max_length=300, description="the printer's fault, for the technician")


class AlertIn(BaseModel):
    model_config = _checked
    source: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="the reporting device's own name, or left out: the server sets the source to the calling "
        "device, and refuses (403) another device's",
    )
    kind: Literal["printer"] = Field(description="the kind of hardware")
    state: str = Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$", description="e.g. paper_out")
    active: StrictBool = Field(description="true raises (or updates) the alert; false clears it")
    message_vi: str | None = Field(default=None, min_length=1, max_length=300)
    message_en: str | None = Field(default=None, min_length=1, max_length=300)

    @model_validator(mode="after")
    def _messages_when_active(self) -> AlertIn:
        if self.active and (self.message_vi is None or self.message_en is None):
            raise ValueError("an active alert needs message_vi and message_en for the supervisor")
        return self


class ComponentIn(BaseModel):
    model_config = _strict
    state: Literal["ok", "fallback", "missing", "off", "fault"] = Field(
        description="ok; fallback: working on a lesser option; missing: not installed or cannot load; off; fault"
    )
    detail: str = Field(default="", max_length=300, description="what it runs on, or why not, in a few words")


class DeviceStatusIn(BaseModel):
    """An app's report about itself (client/status.py), sent at start and whenever a part changes."""

    model_config = _strict
    version: str = Field(min_length=1, max_length=32, description="the app's version")
    components: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")], ComponentIn] = Field(
        max_length=24, description="its optional parts by name: voice, speech, sound, printer, usb …"
    )


Count = Annotated[int, Field(ge=0, le=10_000_000)]


class SyncStatusIn(BaseModel):
    """What the agent knows after a cycle (sync/agent.py ``SyncAgent.status``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    upstream: str = Field(min_length=1, max_length=500, description="the district server's address")
    backlog: Count = Field(description="batches stored but not yet acknowledged by the district")
    oldest_pending_day: dt.date | None = Field(description="the oldest day still waiting to be delivered")
    watermark: dt.date | None = Field(description="every day up to this one is delivered for good")
    rejected: Count = Field(description="batches the district refused as invalid (kept in the outbox file)")
    last_attempt_at: AwareDatetime | None
    last_success_at: AwareDatetime | None = Field(description="the last cycle that delivered everything")
    last_error: str | None = Field(max_length=1000)


class CheckInIn(BaseModel):
    """A booked citizen at the kiosk: the code from her booking (its QR, or typed)."""

    model_config = _strict
    code: str = Field(min_length=1, max_length=32, description="the booking code, e.g. 'K7M2Q9XA'")


class FollowUpIn(BaseModel):
    """A clerk books the citizen in front of her a follow-up visit (POST /api/counters/{n}/follow-up)."""

    model_config = _strict
    service: str = Field(min_length=1, max_length=8)
    slot: str = Field(min_length=10, max_length=40, description="the slot's start, as GET /api/bookings/free lists it")
    name: str = Field(min_length=1, max_length=80)
    phone: str = Field(min_length=1, max_length=20)
