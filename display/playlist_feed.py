"""The lobby playlist as the display follows it: the list from the server, its files cached on this PC.

``PlaylistFeed`` reads GET /api/playlist at start and after every (re)connection, and takes the
list carried by each ``playlist.changed`` event (no extra request: a change shows within the
event's trip). Each image or video is downloaded once into the cache folder under its content's
name (the server names files by their hash, so a cached name never goes stale), written as it
arrives, never on the UI thread in one block. A slide shows once its file is there.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QIODevice, QObject, QSaveFile, Signal
from PySide6.QtNetwork import QNetworkReply

from client.api import ApiClient, ApiError, ApiReply
from client.events import EventStream

log = logging.getLogger("onestop.display.playlist")
# A finished file of the cache: the server's name for it (server/media.py NAME).
CACHED = re.compile(r"^[0-9a-f]{64}\.(png|jpg|mp4|webm)$")


class MediaCache(QObject):
    """Files of the playlist in a local folder, fetched with the display's token.

    Signals:
        ready(str): a file (its name) is complete in the folder.
    """

    ready = Signal(str)

    def __init__(self, api: ApiClient, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.folder = folder
        self._pending: dict[str, tuple[QNetworkReply, QSaveFile]] = {}

    def path(self, name: str) -> Path | None:
        path = self.folder / name
        return path if path.is_file() else None

    def fetch(self, url: str) -> None:
        name = url.rsplit("/", 1)[-1]
        if name in self._pending or self.path(name) is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        out = QSaveFile(str(self.folder / name))
        if not out.open(QIODevice.OpenModeFlag.WriteOnly):
            log.error("cannot write the playlist's file %s in %s", name, self.folder)
            return
        reply = self.api.download(url)
        self._pending[name] = (reply, out)
        reply.readyRead.connect(lambda: out.write(reply.readAll()))
        reply.finished.connect(lambda: self.on_reply_finished(name))

    def on_reply_finished(self, name: str) -> None:
        reply, out = self._pending.pop(name)
        out.write(reply.readAll())
        ok = reply.error() == QNetworkReply.NetworkError.NoError
        reply.deleteLater()
        if not ok:
            # The next list (a reconnection, a change) asks again.
            log.warning("the playlist's file %s did not download: %s", name, reply.errorString())
            out.cancelWriting()
            out.commit()
            return
        if out.commit():
            self.ready.emit(name)

    def stop(self) -> None:
        for reply, out in self._pending.values():
            reply.abort()
            out.cancelWriting()
        self._pending.clear()


class PlaylistFeed(QObject):
    """The playlist's items in order, each image or video with its local ``path`` once cached.

    Signals:
        changed(object): the list of items ready to show (dicts of schemas.PlaylistItem, plus ``path``).
    """

    changed = Signal(object)

    def __init__(self, api: ApiClient, stream: EventStream, cache: MediaCache) -> None:
        super().__init__()
        self.api = api
        self.cache = cache
        self.items: list[dict[str, Any]] = []
        self.version = -1
        self._reply: ApiReply | None = None
        stream.state_loaded.connect(self.on_stream_state_loaded)
        stream.event_received.connect(self.on_stream_event_received)
        cache.ready.connect(self.on_cache_ready)

    def fetch(self) -> None:
        if self._reply is not None:
            return
        self._reply = self.api.get("/api/playlist")
        self._reply.finished.connect(self.on_reply_finished)
        self._reply.failed.connect(self.on_reply_failed)

    def ready_items(self) -> list[dict[str, Any]]:
        ready = []
        for item in self.items:
            if item["url"] is None:
                ready.append(item)
                continue
            path = self.cache.path(item["url"].rsplit("/", 1)[-1])
            if path is not None:
                ready.append({**item, "path": path})
        return ready

    def _take(self, version: int, items: list[dict[str, Any]]) -> None:
        if version == self.version:
            return
        self.version = version
        self.items = items
        prune(self.cache.folder, {i["url"].rsplit("/", 1)[-1] for i in items if i["url"]})
        for item in items:
            if item["url"] is not None and item["enabled"]:
                self.cache.fetch(item["url"])
        self.changed.emit(self.ready_items())

    def on_stream_state_loaded(self, state: dict[str, Any]) -> None:
        self.fetch()

    def on_stream_event_received(self, event: dict[str, Any]) -> None:
        if event.get("type") == "playlist.changed":
            self._take(int(event["version"]), event["items"])

    def on_reply_finished(self, body: dict[str, Any]) -> None:
        self._reply = None
        self._take(int(body["version"]), body["items"])

    def on_reply_failed(self, error: ApiError) -> None:
        self._reply = None  # the stream reconnects and asks again; the lobby keeps its slides meanwhile

    def stop(self) -> None:
        """Abort the downloads in flight (the app is quitting)."""
        self.cache.stop()

    def on_cache_ready(self, name: str) -> None:
        self.changed.emit(self.ready_items())


def prune(folder: Path, keep: set[str]) -> None:
    """Remove cached files the playlist no longer names (only finished ones: QSaveFile's are named otherwise)."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if CACHED.match(path.name) and path.name not in keep:
            path.unlink(missing_ok=True)
