"""The supervisor app's object graph on the shared client parts (Qt; imported only when it runs)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from client.app import ClientContext
from supervisor import DEFAULT_PAUSE_ALERT_S
from supervisor.alerts import AlertMonitor


def build(context: ClientContext, pause_alert_s: float = DEFAULT_PAUSE_ALERT_S) -> QWidget:
    """The dashboard's object graph on the shared client parts: the dashboard, and the admin tab beside it."""
    from supervisor.admin import AdminSession
    from supervisor.admin_tab import AdminTab
    from supervisor.bookings import BookingsLoader
    from supervisor.bookings_tab import BookingsTab
    from supervisor.sound import Chime
    from supervisor.window import SupervisorTabs, SupervisorWindow

    clock = context.model.clock
    monitor = AlertMonitor(context.model, clock, pause_alert_s)
    context.stream.state_loaded.connect(monitor.on_state_loaded)
    context.stream.health_changed.connect(monitor.on_health)
    context.model.event_applied.connect(monitor.on_event)
    chime = Chime()
    context.status.set("sound", *chime.state)
    window = SupervisorWindow(context.api, context.model, context.language, monitor, chime, clock)
    context.model.event_applied.connect(window.sync.on_event)
    context.model.event_applied.connect(window.devices.on_event)
    context.stream.connection_changed.connect(window.set_connection)
    context.stream.state_loaded.connect(window.on_state_loaded)
    monitor.start()
    admin = AdminTab(AdminSession(context.api), context.language)
    model = context.model
    bookings = BookingsTab(BookingsLoader(context.api), model, context.language, lambda: model.day)
    context.stream.state_loaded.connect(bookings.on_state_loaded)
    return SupervisorTabs(window, bookings, admin)
