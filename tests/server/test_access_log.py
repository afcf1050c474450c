"""What uvicorn's lines keep of an address: the route, never a secret in its query or its path."""

from __future__ import annotations

import pytest

from server.access_log import redact


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        ('"GET /t/7?c=K7Q2M9AB&lang=en HTTP/1.1" 200', '"GET /t/7?c=…&lang=… HTTP/1.1" 200'),
        ('"GET /book/K7Q2M9 HTTP/1.1" 200', '"GET /book/… HTTP/1.1" 200'),
        ('"POST /book/K7Q2M9/cancel HTTP/1.1" 303', '"POST /book/…/cancel HTTP/1.1" 303'),
        ('"POST /api/bookings/K7Q2M9/cancel HTTP/1.1" 200', '"POST /api/bookings/…/cancel HTTP/1.1" 200'),
        ('"POST /api/admin/pairings/4827-1935/approve HTTP/1.1" 204',
         '"POST /api/admin/pairings/…/approve HTTP/1.1" 204'),
        ('"POST /api/pair/9f3c2a77e1/wait HTTP/1.1" 200', '"POST /api/pair/…/wait HTTP/1.1" 200'),
        # Routes whose segment is a name, not a secret, stay readable.
        ('"POST /api/bookings/check-in HTTP/1.1" 201', '"POST /api/bookings/check-in HTTP/1.1" 201'),
        ('"GET /api/bookings/free?service=A HTTP/1.1" 200', '"GET /api/bookings/free?service=… HTTP/1.1" 200'),
        ('"GET /api/admin/pairings HTTP/1.1" 200', '"GET /api/admin/pairings HTTP/1.1" 200'),
        ('"GET /api/procedures/1.001234 HTTP/1.1" 200', '"GET /api/procedures/1.001234 HTTP/1.1" 200'),
        ('"POST /book HTTP/1.1" 303', '"POST /book HTTP/1.1" 303'),
    ],
)
def test_secrets_in_an_address_are_not_logged(line: str, logged: str) -> None:
    assert redact(line) == logged
