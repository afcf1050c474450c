"""One exception hierarchy for everything that can go wrong with a ticket printer.

Every error carries a short message for the citizen at the kiosk (Vietnamese and
English) and a technical detail for the technician (``str(error)``).
"""

from __future__ import annotations


class PrinterError(Exception):
    """Base class: the printer cannot print a ticket right now."""

    message_vi: str = "Máy in đang gặp sự cố. Vui lòng báo cán bộ."
    message_en: str = "The printer has a problem. Please tell a staff member."

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.message_en)
        self.detail = detail

    def message(self, language: str = "vi") -> str:
        """The short message for a citizen in ``language`` ("vi" or "en")."""
        return self.message_en if language == "en" else self.message_vi


class PrinterOffline(PrinterError):
    """The printer is switched off, unplugged or reports itself offline."""

    message_vi = "Máy in đang tắt hoặc mất kết nối. Vui lòng báo cán bộ."
    message_en = "The printer is off or disconnected. Please tell a staff member."


class PaperOut(PrinterError):
    """The paper roll is empty."""

    message_vi = "Máy in đã hết giấy. Vui lòng báo cán bộ."
    message_en = "The printer is out of paper. Please tell a staff member."


class CoverOpen(PrinterError):
    """The paper cover is open."""

    message_vi = "Nắp máy in đang mở. Vui lòng báo cán bộ."
    message_en = "The printer cover is open. Please tell a staff member."


class NoAnswer(PrinterError):
    """The printer did not answer a status query in time.

    Kept apart from "offline": a silent line must never read as "paper OK".
    """

    message_vi = "Máy in không phản hồi. Vui lòng báo cán bộ."
    message_en = "The printer does not answer. Please tell a staff member."


class PrinterConfigError(PrinterError):
    """The printer is configured wrongly (bad URI, unknown profile, missing font...).

    The detail names what was given, what is wrong and the fix.
    """

    message_vi = "Máy in chưa được cài đặt đúng. Vui lòng báo kỹ thuật viên."
    message_en = "The printer is not set up correctly. Please tell the technician."


def _link_errors() -> tuple[type[BaseException], ...]:
    import socket

    import serial

    errors: tuple[type[BaseException], ...] = (OSError, serial.SerialException, socket.timeout)
    try:  # a serial adapter unplugged under an open port fails tcsetattr with termios.error, not OSError
        import termios

        errors += (termios.error,)
    except ImportError:  # Windows
        pass
    return errors


# What a lost device looks like from pyserial, sockets and the OS: one definition for printers,
# keypads and LED boards.
LINK_ERRORS = _link_errors()
