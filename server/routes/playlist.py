"""What the lobby displays read of the playlist: the slides, and each slide's file (issue #14 item 4).

The files are served from DATA/media only, by their content-hash name (server/media.py checks it:
no other path can be asked for), with the type found at upload, never sniffed again by the browser.
A display needs only its own token (the web display passes it as ?token=, as for its other reads).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from server import schemas
from server.deps import Device, OfficeDep, Permission, answers, require
from server.errors import NotFoundError
from server.media import FOLDER, MEDIA_TYPES, MediaFolder

router = APIRouter(prefix="/api/playlist")


@router.get("")
async def playlist(office: OfficeDep, device: Device = require(Permission.READ_PLAYLIST)) -> schemas.Playlist:
    """The slides in order (each display picks those whose hours hold, by the server's clock)."""
    return await office.call(office.store.playlist.current)


@router.get("/media/{name}", response_class=FileResponse, responses=answers(404))
async def media(name: str, office: OfficeDep, device: Device = require(Permission.READ_PLAYLIST)) -> FileResponse:
    """A slide's image or video."""
    path = MediaFolder(office.data_dir / FOLDER).path(name)
    if path is None or not await office.call(office.store.playlist.in_use, name):
        raise NotFoundError(f"no media file {name!r} in the playlist", f"Không có tệp {name!r} trong danh sách")
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[path.suffix[1:]],
        # The name is the content's hash: the same name is the same bytes forever.
        headers={"Cache-Control": "private, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"},
    )
