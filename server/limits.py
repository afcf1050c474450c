"""Refuse oversized request bodies (413) before the application sees them.

Bodies sent with ``Content-Encoding: gzip`` (the sync agent's batches) are
decompressed here, with a cap on the decompressed size too: a few kilobytes
of gzip can expand to gigabytes (a "zip bomb"), so the output is produced in
bounded steps and refused as soon as it passes the cap.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

MAX_BODY = 64 * 1024
# gzip's own framing (wbits 16 + 15): a single gzip member with header and CRC.
_GZIP_WBITS = 31


class BodyError(Exception):
    def __init__(self, status: int, code: str, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.message_vi = message_vi


def gunzip_capped(data: bytes, cap: int) -> bytes:
    """Decompress one gzip member, refusing output over ``cap`` bytes and malformed input."""
    inflater = zlib.decompressobj(_GZIP_WBITS)
    out = bytearray()
    pending = data
    try:
        while pending:
            # max_length bounds each step, so a bomb never expands past cap + 64 KiB in memory.
            out += inflater.decompress(pending, 64 * 1024)
            if len(out) > cap:
                raise _too_large(cap, decoded=True)
            pending = inflater.unconsumed_tail
        out += inflater.flush()
    except zlib.error as exc:
        raise BodyError(400, "bad_encoding", f"the gzip body is corrupt ({exc})", "Dữ liệu nén bị hỏng") from None
    if len(out) > cap:
        raise _too_large(cap, decoded=True)
    if not inflater.eof:
        raise BodyError(400, "bad_encoding", "the gzip body is truncated", "Dữ liệu nén bị cắt cụt")
    if inflater.unused_data:
        raise BodyError(400, "bad_encoding", "bytes after the end of the gzip body", "Dữ liệu nén có phần thừa")
    return bytes(out)


def _too_large(limit: int, decoded: bool = False) -> BodyError:
    what = "decompressed request body" if decoded else "request body"
    return BodyError(413, "too_large", f"{what} over {limit} bytes", "Dữ liệu gửi lên quá lớn")


class BodyLimit:
    """ASGI middleware: buffers the (small) body, refusing it past ``limit`` bytes.

    Buffering rather than counting on the fly means an over-long chunked body
    is refused with a clean 413 instead of failing half-way inside a handler.
    A gzip body is decoded (at most ``decoded_limit`` bytes, default ``limit``)
    and handed on as a plain one; other content encodings get 415.
    """

    def __init__(
        self, app: Any, limit: int = MAX_BODY, decoded_limit: int | None = None, per_path: dict[str, int] | None = None
    ) -> None:
        """``per_path``: a larger limit for these exact paths (an upload), instead of ``limit``."""
        self.app = app
        self.limit = limit
        self.decoded_limit = limit if decoded_limit is None else decoded_limit
        self.per_path = per_path or {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        limit = self.per_path.get(scope.get("path", ""), self.limit)
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(send, _too_large(limit))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            scope, body = self._decode(scope, body)
        except BodyError as exc:
            await self._refuse(send, exc)
            return
        delivered = False

        async def replay() -> Any:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _decode(self, scope: Any, body: bytes) -> tuple[Any, bytes]:
        headers: list[tuple[bytes, bytes]] = list(scope.get("headers", []))
        encoding = b", ".join(v for k, v in headers if k.lower() == b"content-encoding").strip().lower()
        if encoding in (b"", b"identity"):
            return scope, body
        if encoding != b"gzip":
            raise BodyError(
                415,
                "bad_encoding",
                f"Content-Encoding {encoding.decode('latin-1')!r} is not supported (use gzip or none)",
                "Kiểu nén dữ liệu không được hỗ trợ",
            )
        body = gunzip_capped(body, self.decoded_limit)
        kept = [(k, v) for k, v in headers if k.lower() not in (b"content-encoding", b"content-length")]
        kept.append((b"content-length", str(len(body)).encode()))
        return {**scope, "headers": kept}, body

    async def _refuse(self, send: Any, error: BodyError) -> None:
        body = json.dumps({"error": error.code, "message": error.message, "message_vi": error.message_vi}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": error.status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
