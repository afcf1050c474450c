"""Real-time printer status: DLE EOT queries, and decoding their reply bytes.

Bits per the Epson ESC/POS reference (and the clones that copy it). Every valid
reply has bits 1 and 4 set and bits 0 and 7 clear; anything else is not a status
byte. A printer that never answers is NO_ANSWER, never "paper OK": python-escpos
3.1 reads a silent printer as offline-but-with-paper.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol

from .errors import CoverOpen, NoAnswer, PaperOut, PrinterError, PrinterOffline

DLE_EOT = b"\x10\x04"
PRINTER, OFFLINE_CAUSE, ERROR_CAUSE, PAPER_SENSOR = 1, 2, 3, 4
DEFAULT_TIMEOUT_S = 0.4

_FIXED_MASK, _FIXED_BITS = 0x93, 0x12
_OFFLINE = 0x08          # EOT 1 bit 3
_COVER_OPEN = 0x04       # EOT 2 bit 2
_STOPPED_PAPER = 0x20    # EOT 2 bit 5: printing stopped because the paper ended
_ERROR = 0x40            # EOT 2 bit 6
_PAPER_NEAR_END = 0x0C   # EOT 4 bits 2, 3
_PAPER_END = 0x60        # EOT 4 bits 5, 6


class PrinterState(enum.Enum):
    READY = "ready"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    NO_ANSWER = "no_answer"


_ERRORS: dict[PrinterState, type[PrinterError]] = {
    PrinterState.PAPER_OUT: PaperOut,
    PrinterState.COVER_OPEN: CoverOpen,
    PrinterState.OFFLINE: PrinterOffline,
    PrinterState.NO_ANSWER: NoAnswer,
}


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said; ``replies`` maps each DLE EOT n asked to its reply byte."""

    state: PrinterState
    detail: str = ""
    replies: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when a ticket can be printed (paper low still prints)."""
        return self.state in (PrinterState.READY, PrinterState.PAPER_LOW)

    def error(self) -> PrinterError | None:
        """The exception for this state, or None when the printer can print."""
        kind = _ERRORS.get(self.state)
        return kind(self.detail or self.state.value) if kind else None

    def message(self, language: str = "vi") -> str:
        error = self.error()
        if error is not None:
            return error.message(language)
        if self.state is PrinterState.PAPER_LOW:
            return ("Máy in sắp hết giấy." if language == "vi"
                    else "The printer is running low on paper.")
        return "Máy in sẵn sàng." if language == "vi" else "The printer is ready."


READY = PrinterStatus(PrinterState.READY, "this printer cannot report status")


class StatusLink(Protocol):
    def _raw(self, msg: bytes) -> None: ...
    def read_reply(self, timeout: float) -> bytes: ...
    def discard_input(self) -> None: ...


def is_status_byte(value: int) -> bool:
    return value & _FIXED_MASK == _FIXED_BITS


def decode(replies: dict[int, int]) -> PrinterStatus:
    """The state from reply bytes of EOT 1 and, when asked, EOT 2 and EOT 4."""
    bad = {n: b for n, b in replies.items() if not is_status_byte(b)}
    if bad:
        text = ", ".join(f"DLE EOT {n} -> {b:#04x}" for n, b in bad.items())
        return PrinterStatus(PrinterState.NO_ANSWER, f"not a status reply: {text}", replies)
    cause = replies.get(OFFLINE_CAUSE, 0)
    paper = replies.get(PAPER_SENSOR, 0)
    if cause & _COVER_OPEN:
        return PrinterStatus(PrinterState.COVER_OPEN, "cover open", replies)
    if paper & _PAPER_END or cause & _STOPPED_PAPER:
        return PrinterStatus(PrinterState.PAPER_OUT, "paper end", replies)
    if replies.get(PRINTER, 0) & _OFFLINE:
        why = "error" if cause & _ERROR else "offline"
        return PrinterStatus(PrinterState.OFFLINE, why, replies)
    if paper & _PAPER_NEAR_END:
        return PrinterStatus(PrinterState.PAPER_LOW, "paper near end", replies)
    return PrinterStatus(PrinterState.READY, "", replies)


def ask(link: StatusLink, n: int, timeout: float = DEFAULT_TIMEOUT_S) -> int | None:
    """Send DLE EOT n; the reply byte, or None when the printer stays silent."""
    link.discard_input()
    link._raw(DLE_EOT + bytes((n,)))
    reply = link.read_reply(timeout)
    return reply[0] if reply else None


def query(link: StatusLink, timeout: float = DEFAULT_TIMEOUT_S) -> PrinterStatus:
    """Ask the printer's state: EOT 1, EOT 2 only when it is offline, then EOT 4."""
    replies: dict[int, int] = {}
    for n in (PRINTER, OFFLINE_CAUSE, PAPER_SENSOR):
        if n == OFFLINE_CAUSE and not replies[PRINTER] & _OFFLINE:
            continue
        reply = ask(link, n, timeout)
        if reply is None:
            return PrinterStatus(PrinterState.NO_ANSWER,
                                 f"no reply to DLE EOT {n} within {timeout:g} s", replies)
        replies[n] = reply
        if not is_status_byte(reply):
            break
    return decode(replies)
