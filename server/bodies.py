"""Request bodies: each field checked by pydantic, unknown fields refused."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

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


class ConfigurationIn(BaseModel):
    """PUT /api/admin/config: the whole document as edited, and the version it was read at (a second admin's
    change meanwhile is not overwritten: 409)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    version: int = Field(ge=1)
    document: dict[str, Any]


class ClerkIn(BaseModel):
    """POST /api/admin/clerks: a new clerk; her first PIN is told to her by the administrator."""

    model_config = _strict
    username: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=100)
    pin: str = Field(min_length=1, max_length=12)
    admin: bool = False


class ClerkChange(BaseModel):
    """PATCH /api/admin/clerks/{username}: only the fields given change."""

    model_config = _strict
    name: str | None = Field(default=None, min_length=1, max_length=100)
    admin: bool | None = None
    active: bool | None = None


class PinIn(BaseModel):
    model_config = _strict
    pin: str = Field(min_length=1, max_length=12)


class DeviceRename(BaseModel):
    model_config = _strict
    name: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")


class PairIn(BaseModel):
    """POST /api/pair: a device with no token yet asks to join; ``kind`` is what it is, ``hint`` its host name."""

    model_config = _strict
    # "led": the LED-board driver (`onestop led`), approved with the display role; "sync": `onestop sync`.
    kind: Literal["kiosk", "counter", "rating", "display", "supervisor", "sync", "led"]
    hint: str = Field(default="", max_length=60)


class PairWaitIn(BaseModel):
    """POST /api/pair/{id}/wait: the device's own secret (in the body: never in a URL or a log line)."""

    model_config = _strict
    secret: str = Field(min_length=16, max_length=128)
    wait_s: int = Field(default=25, ge=0, le=25, description="wait this long for a decision before answering")


class PairApproveIn(BaseModel):
    model_config = _strict
    name: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")
    role: Literal["kiosk", "counter", "rating", "display", "supervisor", "sync"]
    counter: int | None = Field(default=None, ge=1, le=999)


class PaperIn(BaseModel):
    model_config = _strict
    name: str = Field(min_length=1, max_length=500)
    copies: int = Field(default=1, ge=0, le=20)
    original: bool = False


class ProcedureIn(BaseModel):
    """PUT /api/admin/procedures/{code}: one procedure as the admin screens edit it ("" = not published)."""

    model_config = _strict
    name: str = Field(min_length=1, max_length=500)
    name_en: str = Field(default="", max_length=500)
    field: str = Field(min_length=1, max_length=200)
    field_en: str = Field(default="", max_length=200)
    service: str | None = Field(default=None, min_length=1, max_length=8)
    level: Literal["commune", "province"] = "commune"
    fee: str = Field(default="", max_length=500)
    processing_time: str = Field(default="", max_length=500)
    result_at: str = Field(default="", max_length=500)
    legal_basis: str = Field(default="", max_length=2000)
    portal_url: str = Field(default="", max_length=500)
    note: str = Field(default="", max_length=1000)
    papers: list[PaperIn] = Field(default_factory=list, max_length=60)


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


class CancelBookingIn(BaseModel):
    """A supervisor cancels a booking (POST /api/bookings/{code}/cancel): the reason is kept and audited."""

    model_config = _strict
    reason: str = Field(min_length=1, max_length=200, description="why, e.g. 'Cơ quan nghỉ chiều 31/12'")


_HHMM = r"^\d{1,2}:\d{2}$"


class PlaylistTextIn(BaseModel):
    """POST /api/admin/playlist/text: a text slide in both languages."""

    model_config = _strict
    title: str = Field(default="", max_length=200)
    text_vi: str = Field(min_length=1, max_length=600)
    text_en: str = Field(default="", max_length=600)
    duration_s: int = Field(default=10, ge=3, le=600, description="seconds on screen")
    show_from: str | None = Field(default=None, pattern=_HHMM, description="HH:MM it starts showing, or null")
    show_to: str | None = Field(default=None, pattern=_HHMM, description="HH:MM it stops showing, or null")
    enabled: StrictBool = True


class PlaylistEditIn(BaseModel):
    """PATCH /api/admin/playlist/{id}: what changes (absent: unchanged; show_from/show_to null: all day)."""

    model_config = _strict
    title: str | None = Field(default=None, min_length=1, max_length=200)
    text_vi: str | None = Field(default=None, min_length=1, max_length=600)
    text_en: str | None = Field(default=None, max_length=600)
    duration_s: int | None = Field(default=None, ge=3, le=600, description="seconds; null: a video plays to its end")
    show_from: str | None = Field(default=None, pattern=_HHMM)
    show_to: str | None = Field(default=None, pattern=_HHMM)
    enabled: StrictBool | None = None


class PlaylistOrderIn(BaseModel):
    """PUT /api/admin/playlist/order: every item's id, in the order the lobby shows them."""

    model_config = _strict
    ids: list[int] = Field(max_length=500)
