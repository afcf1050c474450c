"""The district's one failure that the office server's errors (server/errors.py) do not name."""

from __future__ import annotations

from server.errors import OnestopError


class UnavailableError(OnestopError):
    """The database is away or overloaded: a fault outside the request (503); the sender tries again."""

    code = "unavailable"

    def __init__(self) -> None:
        super().__init__(
            "the district database is not available; try again in a minute",
            "Cơ sở dữ liệu của máy chủ tỉnh đang không sẵn sàng; vui lòng thử lại sau ít phút",
        )
