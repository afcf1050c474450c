"""The Qt client layer every onestop app shares.

- api.ApiClient: HTTP calls to the office server, each an ApiReply with finished/failed signals.
- events.EventStream: /api/state, then WS /api/events; reconnects by itself; never blocks.
- model.OfficeModel: the live office (counters, queues, waiting tickets, recent calls) kept up to date from the stream.
- language.Language: Vietnamese by default, English one tap away.
- worker.CallWorker: blocking work (printers, serial ports) on its own QThread.
- app: the common command-line arguments, start-up and --screenshot for every app.
"""
