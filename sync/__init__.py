"""The sync agent: sends the office's hourly figures to the district server, losing nothing.

``office`` reads the office server, ``batches`` turns its figures into
batches (pure), ``outbox`` keeps them on disk until the district has
acknowledged them, ``upstream`` talks to the district, ``agent`` runs the
cycle and ``cli`` is ``onestop sync``. A plain process: no Qt.
"""
