"""The district (province) server: receives offices' hourly figures and ranks the offices.

``schema`` is the wire contract of a batch, ``store`` the only module that
touches the database, ``figures`` the pure arithmetic that combines hourly
cells, ``app`` the HTTP API and ``dashboard`` the page at ``/``.
"""
