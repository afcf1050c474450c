"""The clerk's counter app (``onestop counter``).

- controller.CounterController: the counter's state and every action, no widgets (intents in, signals out).
- intents: the actions, their keys and words — one table for buttons, keyboard and keypad.
- window.CounterWindow: sign-in page or main page (top_bar, ticket_panel, action_bar, forms, queue_panel).
- keypad_link.KeypadLink: a hardware call keypad (hardware/keypad*) driving the same intents.
- cli: ``onestop counter --server URL --token T [--keypad URI]``.
"""
