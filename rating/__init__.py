"""Citizens' satisfaction ratings (đánh giá mức độ hài lòng): the counter tablet and a widget for any screen.

- controller.RatingController: one citizen's rating — scale, reasons, send, thank-you, back to idle — no widgets.
- widget.RatingWidget: the scale (faces.FaceButton, drawn with QPainter), reasons and thank-you pages.
- watcher.CounterWatcher: tickets finished at this station's counter (``ticket.finished``, auto-finished too).
- station.RatingStation and cli: ``onestop rating --server URL --token T`` (a device of role ``rating``:
  ``onestop device add tablet1 --role rating --counter 1``).

Embedding the rating in another screen (e.g. the kiosk, after scanning a ticket's QR or typing its number)::

    from rating.controller import Page, RatingController
    from rating.widget import RatingWidget

    rating = RatingController(context.api, context.language)   # the kiosk's own ApiClient and Language
    rating.load_scale()                                         # again after each reconnection
    widget = RatingWidget(rating)                               # put it in the kiosk's QStackedWidget
    rating.page_changed.connect(lambda page: stack.setCurrentWidget(home if page == Page.IDLE else widget))
    rating.message.connect(kiosk_status_line.setText)           # "not served yet", "rated already", …

    rating.begin_ticket_id(ticket_id)     # from the QR code (the ticket's id)
    rating.begin_number("A012")           # or the number typed on the ticket
    rating.begin(ticket_dict)             # or a ticket the kiosk already holds

A kiosk token may rate any served ticket of the day; each ticket is rated once (a second try says so).
``RatingController(api, language, show_ms=…, thanks_ms=…)`` sets how long the question waits (default: the
office's ``rating.show_seconds``) and how long the thank-you stays (5 s).
"""
