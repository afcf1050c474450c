"""The procedure catalogue at the kiosk: fetched from the server, searched here at every key press.

The whole catalogue (a commune's ~120 procedures, a district's ~300) comes in
one GET /api/procedures when the kiosk connects and again after the event
``procedures.changed``; searching it locally keeps results under the
citizen's finger as she types, whatever the network does meanwhile.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from client.api import ApiClient, ApiError
from client.events import ConnectionState, EventStream
from core.procedure_search import SearchIndex
from core.procedures import Level, Paper, Procedure

log = logging.getLogger("onestop.kiosk.catalogue")

# The list shows this many procedures at most; more means "type a little more".
SHOWN = 30


def procedure_from_json(data: dict[str, Any]) -> Procedure:
    """GET /api/procedures' procedure (server/snapshots.py ``procedure``) as core's Procedure."""
    return Procedure(
        code=data["code"],
        name=data["name"],
        name_en=data.get("name_en", ""),
        field=data["field"],
        field_en=data.get("field_en", ""),
        service=data.get("service"),
        level=Level(data["level"]),
        papers=tuple(Paper(p["name"], int(p["copies"]), bool(p["original"])) for p in data.get("papers", [])),
        fee=data.get("fee", ""),
        processing_time=data.get("processing_time", ""),
        result_at=data.get("result_at", ""),
        legal_basis=data.get("legal_basis", ""),
        portal_url=data.get("portal_url", ""),
        note=data.get("note", ""),
    )


class Catalogue(QObject):
    """The office's procedures and their search index, kept current from the server.

    Signals:
        changed(): a (new) catalogue was loaded.
    """

    changed = Signal()

    def __init__(self, api: ApiClient, stream: EventStream, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self.version = -1
        self.index = SearchIndex(())
        self.fields: list[tuple[str, str]] = []
        self._loading = False
        stream.connection_changed.connect(self.on_stream_connection_changed)
        stream.event_received.connect(self.on_stream_event_received)

    @property
    def procedures(self) -> tuple[Procedure, ...]:
        return self.index.procedures

    def procedure(self, code: str) -> Procedure | None:
        return next((p for p in self.procedures if p.code == code), None)

    def load(self) -> None:
        if self._loading:
            return
        self._loading = True
        reply = self._api.get("/api/procedures")
        reply.finished.connect(self.on_load_finished)
        reply.failed.connect(self.on_load_failed)

    def on_load_finished(self, body: dict[str, Any]) -> None:
        self._loading = False
        if body["version"] == self.version:
            return
        self.version = body["version"]
        self.index = SearchIndex([procedure_from_json(p) for p in body["procedures"]])
        self.fields = [(f["name"], f["name_en"]) for f in body["fields"]]
        log.info("procedure catalogue version %s: %d procedures", self.version, len(self.procedures))
        self.changed.emit()

    def on_load_failed(self, error: ApiError) -> None:
        # The stream reconnects and asks again; meanwhile the kiosk keeps the catalogue it has.
        self._loading = False
        log.warning("procedure catalogue not loaded: %s", error.message_en)

    def on_stream_connection_changed(self, state: str) -> None:
        if state == ConnectionState.ONLINE:
            self.load()  # an import may have happened while away

    def on_stream_event_received(self, event: dict[str, Any]) -> None:
        if event.get("type") == "procedures.changed":
            self.load()


@dataclass(frozen=True)
class Results:
    """What the search screen lists: fields to browse, or procedures (the first SHOWN of ``total``)."""

    query: str
    field: str | None
    fields: list[tuple[str, str, int]]  # (name, English name, procedures) when browsing
    procedures: list[Procedure]
    total: int


class ProcedureFinder(QObject):
    """The search screen's state: what is typed, the field chosen, and what that finds.

    An empty query and no field lists the fields to browse; a field lists its
    procedures; typed words search (within the field, if one is chosen).

    Signals:
        results_changed(object): the new Results.
    """

    results_changed = Signal(object)

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self.query = ""
        self.field: str | None = None
        self.results = self._find()
        catalogue.changed.connect(self.on_catalogue_changed)

    def set_query(self, text: str) -> None:
        if text != self.query:
            self.query = text
            self._update()

    def choose_field(self, field: str | None) -> None:
        self.field = field
        self._update()

    def reset(self) -> None:
        self.query, self.field = "", None
        self._update()

    def field_names(self, field: str | None) -> tuple[str, str] | None:
        """A field's Vietnamese and English names, or None when there is no such field."""
        return next((f for f in self._catalogue.fields if f[0] == field), None) if field else None

    def on_catalogue_changed(self) -> None:
        if self.field is not None and self.field not in {name for name, _ in self._catalogue.fields}:
            self.field = None
        self._update()

    def _update(self) -> None:
        self.results = self._find()
        self.results_changed.emit(self.results)

    def _find(self) -> Results:
        catalogue = self._catalogue
        if not self.query.strip() and self.field is None:
            counts: dict[str, int] = {}
            for procedure in catalogue.procedures:
                counts[procedure.field] = counts.get(procedure.field, 0) + 1
            fields = [(name, en, counts.get(name, 0)) for name, en in catalogue.fields]
            return Results(self.query, None, fields, [], len(catalogue.procedures))
        hits = catalogue.index.search(self.query, self.field)
        shown = [catalogue.procedures[hit.index] for hit in hits[:SHOWN]]
        return Results(self.query, self.field, [], shown, len(hits))
