"""The admin tab's model: an administrator's session and the admin API calls, none blocking the screen.

The supervisor app's device token opens the dashboard; the admin tab needs a person: an
administrator signs in with username and PIN (POST /api/admin/sign-in) and this object then
calls the admin API with her session token. Widgets (supervisor/admin_tab.py) render what it
emits and call its methods; they never see a token.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from PySide6.QtCore import QObject, Signal

from client.api import ApiClient, ApiError, ApiReply


class AdminSession(QObject):
    """Signals:
    signed_in(str): the administrator's name.
    signed_out(): the session ended (sign-out, or the server refused the token: expired).
    failed(object): an ApiError to show (both languages).
    done(str, str): an action succeeded: what to say (vi, en).
    config_loaded(dict): ``{"version", "document"}`` as the server has it now.
    clerks_loaded(list), devices_loaded(list), pairings_loaded(list): devices waiting to be approved.
    procedures_loaded(list): the procedure catalogue; procedure_saved(dict): one procedure as stored.
    playlist_loaded(list): the lobby playlist's items in order.
    """

    signed_in = Signal(str)
    signed_out = Signal()
    failed = Signal(object)
    done = Signal(str, str)
    config_loaded = Signal(dict)
    clerks_loaded = Signal(list)
    devices_loaded = Signal(list)
    pairings_loaded = Signal(list)
    procedures_loaded = Signal(list)
    procedure_saved = Signal(dict)
    playlist_loaded = Signal(list)

    def __init__(self, api: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._door = api
        self._api: ApiClient | None = None
        self.name = ""
        self.config: dict[str, Any] | None = None

    @property
    def active(self) -> bool:
        return self._api is not None

    # -- the session ---------------------------------------------------------------------

    def sign_in(self, username: str, pin: str) -> None:
        reply = self._door.post("/api/admin/sign-in", {"username": username, "pin": pin})
        self._keep(reply, self.on_sign_in_finished)

    def on_sign_in_finished(self, session: dict[str, Any]) -> None:
        self._api = self._door.with_token(session["token"])
        self.name = session["name"]
        self.signed_in.emit(self.name)
        self.load_config()

    def sign_out(self) -> None:
        if self._api is not None:
            self._api.post("/api/admin/sign-out")  # its answer changes nothing here
        self._end()

    def _end(self) -> None:
        self._api = None
        self.config = None
        self.signed_out.emit()

    # -- configuration -------------------------------------------------------------------

    def load_config(self) -> None:
        self._call("GET", "/api/admin/config", None, self.on_config_finished)

    def on_config_finished(self, config: dict[str, Any]) -> None:
        self.config = config
        self.config_loaded.emit(copy.deepcopy(config))

    def save_config(self, document: dict[str, Any]) -> None:
        """The whole document as edited, against the version it was read at (409 if changed meanwhile)."""
        assert self.config is not None
        body = {"version": self.config["version"], "document": document}
        self._call("PUT", "/api/admin/config", body, self.on_config_saved)

    def on_config_saved(self, config: dict[str, Any]) -> None:
        self.on_config_finished(config)
        version = config["version"]
        self.done.emit(
            f"Đã lưu: cấu hình phiên bản {version}; mọi màn hình cập nhật trong 2 giây.",
            f"Saved: configuration version {version}; every screen shows it within 2 s.",
        )

    # -- clerks and devices --------------------------------------------------------------

    def load_clerks(self) -> None:
        self._call("GET", "/api/admin/clerks", None, lambda body: self.clerks_loaded.emit(body["clerks"]))

    def load_devices(self) -> None:
        self._call("GET", "/api/admin/devices", None, lambda body: self.devices_loaded.emit(body["devices"]))

    def add_clerk(self, username: str, name: str, pin: str, admin: bool) -> None:
        body = {"username": username, "name": name, "pin": pin, "admin": admin}
        self._call("POST", "/api/admin/clerks", body, lambda _b: self._acted(self.load_clerks))

    def change_clerk(self, username: str, **change: Any) -> None:
        self._call("PATCH", f"/api/admin/clerks/{username}", change, lambda _b: self._acted(self.load_clerks))

    def set_pin(self, username: str, pin: str) -> None:
        self._call("POST", f"/api/admin/clerks/{username}/pin", {"pin": pin}, lambda _b: self._acted(lambda: None))

    def rename_device(self, name: str, new_name: str) -> None:
        body = {"name": new_name}
        self._call("POST", f"/api/admin/devices/{name}/rename", body, lambda _b: self._acted(self.load_devices))

    def revoke_device(self, name: str) -> None:
        self._call("POST", f"/api/admin/devices/{name}/revoke", {}, lambda _b: self._acted(self.load_devices))

    def load_pairings(self) -> None:
        self._call("GET", "/api/admin/pairings", None, lambda body: self.pairings_loaded.emit(body["pending"]))

    def approve_pairing(self, code: str, name: str, role: str, counter: int | None) -> None:
        body = {"name": name, "role": role, "counter": counter}
        self._call("POST", f"/api/admin/pairings/{code}/approve", body, lambda _b: self._acted(self._reload_devices))

    def refuse_pairing(self, code: str) -> None:
        self._call("POST", f"/api/admin/pairings/{code}/refuse", {}, lambda _b: self._acted(self._reload_devices))

    def load_procedures(self) -> None:
        self._call("GET", "/api/procedures", None, lambda body: self.procedures_loaded.emit(body["procedures"]))

    def save_procedure(self, code: str, body: dict[str, Any]) -> None:
        self._call("PUT", f"/api/admin/procedures/{code}", body, self.on_procedure_saved)

    def on_procedure_saved(self, procedure: dict[str, Any]) -> None:
        self.procedure_saved.emit(procedure)
        self.done.emit("Đã lưu thủ tục.", "Procedure saved.")

    # -- the lobby playlist --------------------------------------------------------------

    def load_playlist(self) -> None:
        self._call("GET", "/api/admin/playlist", None, lambda body: self.playlist_loaded.emit(body["items"]))

    def upload_media(self, file: Path, duration_s: int | None = None) -> None:
        """Send an image or a video file (read by Qt as it goes out: the screen never waits on the disk)."""
        if self._api is None:
            return
        query = {"title": file.name[:200]}
        if duration_s is not None:
            query["duration_s"] = str(duration_s)
        reply = self._api.upload(f"/api/admin/playlist/media?{urlencode(query)}", file)
        self._keep(reply, lambda _b: self._acted(self.load_playlist))

    def add_text(self, text_vi: str, text_en: str, duration_s: int) -> None:
        body = {"text_vi": text_vi, "text_en": text_en, "duration_s": duration_s}
        self._call("POST", "/api/admin/playlist/text", body, lambda _b: self._acted(self.load_playlist))

    def change_item(self, item_id: int, **change: Any) -> None:
        self._call("PATCH", f"/api/admin/playlist/{item_id}", change, lambda _b: self._acted(self.load_playlist))

    def reorder_playlist(self, ids: list[int]) -> None:
        self._call("PUT", "/api/admin/playlist/order", {"ids": ids}, lambda _b: self._acted(self.load_playlist))

    def delete_item(self, item_id: int) -> None:
        self._call("DELETE", f"/api/admin/playlist/{item_id}", {}, lambda _b: self._acted(self.load_playlist))

    def _reload_devices(self) -> None:
        self.load_pairings()
        self.load_devices()

    def _acted(self, then: Any) -> None:
        self.done.emit("Đã thực hiện.", "Done.")
        then()

    # -- calls ---------------------------------------------------------------------------

    def _call(self, method: str, path: str, body: dict[str, Any] | None, on_finished: Any) -> None:
        if self._api is None:
            return
        if method == "GET":
            reply = self._api.get(path)
        elif method == "POST":
            reply = self._api.post(path, body)
        else:
            reply = self._api.send(method, path, body or {})
        self._keep(reply, on_finished)

    def _keep(self, reply: ApiReply, on_finished: Any) -> None:
        # The reply is a child of its ApiClient and deletes itself once answered.
        reply.finished.connect(on_finished)
        reply.failed.connect(self.on_reply_failed)

    def on_reply_failed(self, error: ApiError) -> None:
        if error.status == 401 and self._api is not None:
            self._end()  # the session expired or was closed elsewhere
        self.failed.emit(error)
