"""The one ``requests`` session of the agent: TLS settings and the answers it understands."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import requests

from server.errors import ConfigError

log = logging.getLogger("onestop.sync")

# (connect, read) seconds: every call has both; a district on a slow rural
# link gets a generous read, a dead one is noticed within the connect timeout.
DEFAULT_TIMEOUT = (5.0, 30.0)
USER_AGENT = "onestop-sync/0.1"


def make_session(
    ca_bundle: Path | None = None, insecure: bool = False, option: str = "--ca-bundle"
) -> requests.Session:
    """TLS verification is on unless ``insecure``; ``ca_bundle`` (given as ``option``) trusts a CA of its own."""
    if ca_bundle is not None and insecure:
        raise ConfigError("--ca-bundle and --insecure contradict each other. Fix: keep one of them")
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    if ca_bundle is not None:
        if not ca_bundle.is_file():
            raise ConfigError(f"{option} {ca_bundle}: no such file. Fix: give the certificate authority's PEM file")
        session.verify = str(ca_bundle)
    elif insecure:
        log.warning("TLS certificates are NOT verified (--insecure): anyone on the path can read and forge figures")
        session.verify = False
    # Proxies from the environment would be a surprise on an office PC; the URLs say where to go.
    session.trust_env = False
    return session


def json_object(response: requests.Response) -> dict[str, Any] | None:
    """The answer as a JSON object, or None when it is not one (a garbled or foreign answer)."""
    try:
        value = response.json()
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def error_text(response: requests.Response) -> str:
    body = json_object(response)
    message = body.get("message") if body else None
    return f"HTTP {response.status_code}: {message or response.text[:200] or response.reason}"
