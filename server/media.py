"""The lobby playlist's files: what an upload really is (by its bytes), and the folder they live in.

An upload's type is read from its first bytes, never from its name or Content-Type: a PNG, a
JPEG, an MP4 (ISO base media, ``ftyp``) or a WebM (Matroska/EBML with DocType ``webm``) — the
formats a lobby TV's Qt Multimedia and a smart TV's browser both play. Anything else is refused.

Files are stored as ``<sha256>.<ext>`` in ``DATA/media`` (one copy of the same poster uploaded
twice), written to a temporary name and renamed, never with an executable bit. They are served
only by that name, which must match ``NAME`` exactly: no path reaches outside the folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from server.errors import InvalidError

# Per kind: a poster is a few MB, a short clip tens of MB (the request body is held in memory once).
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_VIDEO_BYTES = 50 * 1024 * 1024
MAX_UPLOAD_BYTES = MAX_VIDEO_BYTES
NAME = re.compile(r"^[0-9a-f]{64}\.(png|jpg|mp4|webm)$")
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "mp4": "video/mp4", "webm": "video/webm"}
FOLDER = "media"


@dataclass(frozen=True)
class Sniffed:
    kind: str  # image | video
    ext: str  # png | jpg | mp4 | webm

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.ext]


def sniff(data: bytes) -> Sniffed | None:
    """What ``data`` is by its signature, or None when it is none of the four formats."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "png")
    if data.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "jpg")
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return Sniffed("video", "mp4")
    if data.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in data[:64]:
        return Sniffed("video", "webm")
    return None


def check_upload(data: bytes) -> Sniffed:
    """The upload's kind; InvalidError (422, both languages) for an empty, unknown or too large file."""
    if not data:
        raise InvalidError("the upload is empty: send the file's bytes as the body", "Tệp tải lên rỗng", code="empty")
    found = sniff(data)
    if found is None:
        raise InvalidError(
            "this file is not a PNG or JPEG image nor an MP4 or WebM video (its content was checked, not its name)",
            "Tệp này không phải ảnh PNG/JPEG hay video MP4/WebM (đã kiểm tra nội dung tệp, không chỉ tên tệp)",
            code="unsupported_type",
        )
    limit = MAX_IMAGE_BYTES if found.kind == "image" else MAX_VIDEO_BYTES
    if len(data) > limit:
        mb = limit // (1024 * 1024)
        raise InvalidError(
            f"an {found.kind} may be at most {mb} MB; this one is {len(data) / 1024 / 1024:.1f} MB",
            f"{'Ảnh' if found.kind == 'image' else 'Video'} tối đa {mb} MB; tệp này {len(data) / 1024 / 1024:.1f} MB",
            code="too_large",
        )
    return found


class MediaFolder:
    """``DATA/media``: content-addressed files, written atomically; the only place media is read from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save(self, data: bytes, ext: str) -> str:
        """Store ``data`` (already checked) and return its name; the same bytes twice are one file."""
        name = f"{hashlib.sha256(data).hexdigest()}.{ext}"
        target = self.folder / name
        if target.is_file():
            return name
        self.folder.mkdir(mode=0o755, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, 0o644)  # never executable, whatever the umask
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return name

    def path(self, name: str) -> Path | None:
        """The file called ``name`` in the folder, or None for a name that is not one of ours."""
        if not NAME.match(name):
            return None
        path = self.folder / name
        return path if path.is_file() else None

    def remove(self, name: str) -> None:
        if NAME.match(name):
            (self.folder / name).unlink(missing_ok=True)
