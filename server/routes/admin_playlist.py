"""The lobby playlist through the admin API: upload, add a text, edit, reorder, delete (issue #14 item 4).

An upload is the file's bytes as the request body (no multipart: one request the Qt client and
the /admin page send alike) with its settings in the query. Its type is read from its content
(server/media.py); the body-size limit of this one route is the video limit (server/app.py).
Every change is one transaction with its audit entry and the ``playlist.changed`` event
(server/storage/playlist.py), which every display follows at once.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from core.playlist import Hours, HoursError
from server import schemas
from server.bodies import PlaylistEditIn, PlaylistOrderIn, PlaylistTextIn
from server.deps import Device, OfficeDep, OfficeServer, Permission, admin_actor, answers, require
from server.errors import InvalidError
from server.media import FOLDER, MediaFolder, check_upload

router = APIRouter(prefix="/api/admin/playlist")
# The one route whose body may be larger than a form (server/app.py gives it the video limit).
UPLOAD_PATH = "/api/admin/playlist/media"

ItemId = Annotated[int, Path(ge=1, description="the playlist item's id")]
HHMM = r"^\d{1,2}:\d{2}$"


def media_folder(office: OfficeServer) -> MediaFolder:
    return MediaFolder(office.data_dir / FOLDER)


def checked_hours(show_from: str | None, show_to: str | None) -> None:
    try:
        Hours.parse(show_from, show_to)
    except HoursError as exc:
        raise InvalidError(
            f"show_from/show_to: {exc}",
            "Giờ chiếu không hợp lệ: cần cả giờ bắt đầu và giờ kết thúc dạng HH:MM (00:00–23:59), khác nhau, "
            "hoặc để trống cả hai",
            code="bad_hours",
        ) from None


@router.get("")
async def read_playlist(office: OfficeDep, device: Device = require(Permission.MANAGE_PLAYLIST)) -> schemas.Playlist:
    """Every slide in order, shown or not."""
    return await office.call(office.store.playlist.current)


@router.post("/media", status_code=201, responses=answers(413, 422))
async def upload_media(
    request: Request,
    office: OfficeDep,
    title: Annotated[str, Query(min_length=1, max_length=200, description="the file's name, for the list")],
    duration_s: Annotated[
        int | None, Query(ge=3, le=600, description="seconds on screen; default 10 for an image, a video's length")
    ] = None,
    show_from: Annotated[str | None, Query(pattern=HHMM, description="HH:MM it starts showing")] = None,
    show_to: Annotated[str | None, Query(pattern=HHMM, description="HH:MM it stops showing")] = None,
    device: Device = require(Permission.MANAGE_PLAYLIST),
) -> schemas.PlaylistItem:
    """A PNG or JPEG image (10 MB at most) or an MP4 or WebM video (50 MB) as the body; 422 for another type
    (checked by content, not by name), 413 for a body over 50 MB."""
    checked_hours(show_from, show_to)
    data = await request.body()
    found = check_upload(data)
    if found.kind == "image" and duration_s is None:
        duration_s = 10
    name = await asyncio.to_thread(media_folder(office).save, data, found.ext)
    fields = {
        "kind": found.kind, "media": name, "media_type": found.media_type, "size": len(data), "title": title,
        "duration_s": duration_s, "show_from": show_from, "show_to": show_to,
    }  # fmt: skip
    return await office.call(office.store.playlist.add, fields, admin_actor(device))


@router.post("/text", status_code=201, responses=answers(422))
async def add_text(
    body: PlaylistTextIn, office: OfficeDep, device: Device = require(Permission.MANAGE_PLAYLIST)
) -> schemas.PlaylistItem:
    """A text slide (Vietnamese; English optional, shown when the lobby shows English)."""
    checked_hours(body.show_from, body.show_to)
    fields = body.model_dump()
    fields["title"] = body.title or body.text_vi[:60]
    fields["kind"] = "text"
    fields["text_en"] = body.text_en or None
    fields["enabled"] = int(body.enabled)
    return await office.call(office.store.playlist.add, fields, admin_actor(device))


@router.patch("/{item_id}", responses=answers(404, 422))
async def edit_item(
    item_id: ItemId, body: PlaylistEditIn, office: OfficeDep, device: Device = require(Permission.MANAGE_PLAYLIST)
) -> schemas.PlaylistItem:
    """Change a slide's title, words, duration, hours or whether it shows; only the fields sent change."""
    old = await office.call(office.store.playlist.item, item_id)
    given = body.model_dump(include=body.model_fields_set)
    if "duration_s" in given and given["duration_s"] is None and old["kind"] != "video":
        raise InvalidError(
            "duration_s: an image or a text needs a duration (3 to 600 s); only a video may play to its end",
            "Ảnh hoặc chữ cần thời lượng (3 đến 600 giây); chỉ video mới được chiếu đến hết",
            code="duration_required",
        )
    if old["kind"] != "text" and ({"text_vi", "text_en"} & given.keys()):
        raise InvalidError(
            "text_vi/text_en: only a text slide has words", "Chỉ mục dạng chữ mới có nội dung chữ", code="not_text"
        )
    if {"show_from", "show_to"} & given.keys():
        given.setdefault("show_from", old["show_from"])
        given.setdefault("show_to", old["show_to"])
        checked_hours(given["show_from"], given["show_to"])
    if "enabled" in given:
        given["enabled"] = int(given["enabled"])
    return await office.call(office.store.playlist.change, item_id, given, admin_actor(device))


@router.put("/order", responses=answers(404))
async def reorder(
    body: PlaylistOrderIn, office: OfficeDep, device: Device = require(Permission.MANAGE_PLAYLIST)
) -> schemas.Playlist:
    """Every item's id in the new order; 404 when the list changed meanwhile (an item missing or extra)."""
    return await office.call(office.store.playlist.reorder, body.ids, admin_actor(device))


@router.delete("/{item_id}", status_code=204, responses=answers(404))
async def delete_item(
    item_id: ItemId, office: OfficeDep, device: Device = require(Permission.MANAGE_PLAYLIST)
) -> Response:
    """Remove a slide; its file goes too once no other slide shows it."""
    unused = await office.call(office.store.playlist.delete, item_id, admin_actor(device))
    if unused is not None:
        await asyncio.to_thread(media_folder(office).remove, unused)
    return Response(status_code=204)
