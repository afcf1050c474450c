"""Request bodies: each field checked by pydantic, unknown fields refused."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

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
