"""Small real media files made at test time: a PNG by hand, short MP4/WebM videos with FFmpeg.

FFmpeg comes from the imageio-ffmpeg package (a test extra: its wheel carries the binary), so a
clean machine needs no system package; nothing large is committed.
"""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path


def png_bytes(width: int = 64, height: int = 36, rgb: tuple[int, int, int] = (200, 30, 40)) -> bytes:
    """A solid-colour PNG (8-bit RGB), built from its chunks."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def ffmpeg() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def make_video(path: Path, seconds: float = 2.0, size: str = "320x180", rate: int = 25) -> Path:
    """A test-pattern video (MP4 H.264 or WebM VP8 by the suffix), ``seconds`` long, silent."""
    codec = ["-c:v", "libvpx", "-b:v", "300k"] if path.suffix == ".webm" else ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
    subprocess.run(
        [ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"testsrc=size={size}:rate={rate}", "-t", str(seconds), *codec, str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path
