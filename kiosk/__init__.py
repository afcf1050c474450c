"""The ticket kiosk: a touchscreen where citizens take a numbered ticket.

- config: the kiosk's own settings file (admin PIN, timings, footer, colours).
- slips: a ticket from the server -> the TicketSlip the printer prints (shared with `onestop ticket print`).
- printing: the printer on a worker thread; faults, status polling while in fault.
- reports: print state and printer alerts sent to the server, kept until it answers.
- controller: the flow (home -> priority -> ticket -> home), idle timeout, admin gesture and PIN.
- ui/: the screens; they render the controller's state and emit what the citizen tapped.
- window, app, cli: the window and its lockdown, the object graph, `onestop kiosk`.
- ticket_cli: `onestop ticket print`.
"""
