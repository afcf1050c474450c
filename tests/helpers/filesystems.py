"""Real file systems that fail on demand: a small tmpfs to fill up, an ext4 image to turn read-only.

They need root (mount, losetup); a test that uses them is skipped elsewhere, saying why.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


def unmount(where: Path) -> None:
    """Unmount, lazily if something still holds a file there: a test never leaves a mount behind."""
    if _run("umount", str(where)).returncode != 0:
        _run("umount", "-l", str(where))


def _need_root(what: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip(f"{what} needs root and mount(8)")


@contextlib.contextmanager
def small_tmpfs(where: Path, size_kib: int) -> Iterator[Path]:
    """A tmpfs of ``size_kib`` mounted at ``where`` (made if missing), unmounted afterwards."""
    _need_root("a small tmpfs")
    where.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(where))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        unmount(where)


def fill(folder: Path) -> Path:
    """Write a file in ``folder`` until its file system has no byte left; return the file (delete it to free)."""
    filler = folder / "filler.bin"
    block = b"\0" * 4096
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(block)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
        with contextlib.suppress(OSError):
            while True:  # the last partial block
                out.write(b"\0")
    return filler


class Ext4Image:
    """An ext4 file system in an image file, on a loop device, that can be made to fail as a dying disk does."""

    def __init__(self, image: Path, where: Path) -> None:
        self.image = image
        self.where = where
        self.loops: list[str] = []

    def mount(self) -> None:
        """Mount the image at ``where`` on a new loop device (over an earlier mount, as a technician would)."""
        loop = _run("losetup", "-f", "--show", str(self.image))
        if loop.returncode != 0:
            pytest.skip(f"no loop device here: {loop.stderr.strip()}")
        device = loop.stdout.strip()
        self.loops.append(device)
        done = _run("mount", "-o", "errors=remount-ro", device, str(self.where))
        if done.returncode != 0:
            pytest.skip(f"cannot mount an ext4 image here: {done.stderr.strip()}")

    def fail(self) -> None:
        """An ext4 error, as a failing disk raises: with errors=remount-ro the kernel makes it read-only."""
        trigger = Path("/sys/fs/ext4") / Path(self.loops[-1]).name / "trigger_fs_error"
        if not trigger.exists():
            pytest.skip("this kernel cannot trigger an ext4 error (no trigger_fs_error)")
        trigger.write_text("onestop test: a disk fault\n")

    def unmount_all(self) -> None:
        for _ in self.loops:
            unmount(self.where)
        for device in self.loops:
            _run("losetup", "-d", device)
        self.loops = []


@contextlib.contextmanager
def ext4_image(folder: Path, size_mib: int = 16) -> Iterator[Ext4Image]:
    """An ext4 image mounted at ``folder / "mnt"``; every mount and loop device is undone afterwards."""
    _need_root("an ext4 image")
    if shutil.which("mkfs.ext4") is None or shutil.which("losetup") is None:
        pytest.skip("needs mkfs.ext4 and losetup (e2fsprogs, mount)")
    image = folder / "disk.img"
    with open(image, "wb") as out:
        out.truncate(size_mib * 1024 * 1024)
    made = _run("mkfs.ext4", "-q", str(image))
    if made.returncode != 0:
        pytest.skip(f"mkfs.ext4 failed: {made.stderr.strip()}")
    where = folder / "mnt"
    where.mkdir()
    disk = Ext4Image(image, where)
    try:
        disk.mount()
        yield disk
    finally:
        disk.unmount_all()
