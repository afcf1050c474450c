"""Keypad URIs: where the keypad is, how it frames its keys, and what each key does.

    serial:/dev/ttyUSB0?baudrate=9600&framing=stx&address=3
    serial:COM4?framing=modbus&address=3&keys=1:next,2:recall,3:finish

Options: ``baudrate`` (9600), ``framing`` (``stx`` or ``modbus``), ``address``
(the keypad's bus address, 1–99; default: the counter's number — keypads share
an RS-485 line, each answering to its own), ``keys`` (key:action pairs; the
actions are those of the counter: next, recall, start, finish, no_show,
no_show_requeue, pause_toggle, resume).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from hardware.keypad_frames import FRAMINGS
from hardware.uri import BAUDRATES
from server.errors import ConfigError

ACTIONS = ("next", "recall", "start", "finish", "no_show", "no_show_requeue", "pause_toggle", "resume")
# Keys 1..6 in the order a service goes; boards print these on their buttons.
DEFAULT_KEYS = {"1": "next", "2": "recall", "3": "start", "4": "finish", "5": "no_show", "6": "pause_toggle"}
OPTIONS = ("baudrate", "framing", "address", "keys")
EXAMPLE = "serial:/dev/ttyUSB0?baudrate=9600&framing=stx&address=3"


@dataclass(frozen=True)
class KeypadConfig:
    uri: str
    port: str
    baudrate: int = 9600
    framing: str = "stx"
    address: int | None = None
    keys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))


def _fail(uri: str, problem: str, fix: str) -> ConfigError:
    return ConfigError(f"--keypad {uri!r}: {problem}. Fix: {fix}")


def parse_keypad_uri(uri: str) -> KeypadConfig:
    """Parse ``uri``; raise ConfigError naming the URI, the problem and the fix."""
    scheme, sep, rest = uri.strip().partition(":")
    if not sep or scheme.lower() != "serial":
        raise _fail(uri, "keypads are on a serial line", f"write e.g. {EXAMPLE}")
    port, _, query = rest.partition("?")
    if not port:
        raise _fail(uri, "no serial device", f"name the device, e.g. {EXAMPLE} (serial:COM4 on Windows)")
    pairs = parse_qsl(query, keep_blank_values=True)
    options = dict(pairs)
    if len(options) != len(pairs):
        raise _fail(uri, "an option is given twice", "give each option once")
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise _fail(uri, f"unknown option {', '.join(unknown)}", f"use only {', '.join(OPTIONS)}")
    baud = options.get("baudrate", "9600")
    if not baud.isdigit() or int(baud) not in BAUDRATES:
        raise _fail(uri, f"baudrate={baud} is not a serial speed", f"use one of {', '.join(map(str, BAUDRATES))}")
    framing = options.get("framing", "stx")
    if framing not in FRAMINGS:
        raise _fail(uri, f"framing={framing} is unknown", f"use {' or '.join(FRAMINGS)}")
    address = options.get("address")
    if address is not None and (not address.isdigit() or not 1 <= int(address) <= 99):
        raise _fail(uri, f"address={address} is not a bus address", "use a number from 1 to 99")
    keys = dict(DEFAULT_KEYS)
    if "keys" in options:
        keys = {}
        for pair in options["keys"].split(","):
            key, colon, action = pair.partition(":")
            if not colon or not key.strip() or action.strip() not in ACTIONS:
                raise _fail(uri, f"keys: {pair!r} is not KEY:ACTION", f"write e.g. keys=1:next,2:recall; actions: "
                            f"{', '.join(ACTIONS)}")
            keys[key.strip().upper()] = action.strip()
    return KeypadConfig(
        uri=uri, port=port, baudrate=int(baud), framing=framing,
        address=int(address) if address is not None else None, keys=keys,
    )
