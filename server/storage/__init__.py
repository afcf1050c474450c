"""The office database's parts, composed by server.store.Store.

``database.Database`` owns the SQLite connection, its transactions and the
events waiting for their commit; each other module owns one group of tables
and receives, in its constructor, the parts it needs — never the Store that
holds it. Dependencies point one way (tests/server/test_import_graph.py):

    database ← views ← events ← tickets ← counters
                         ↑        ↖ ratings, alerts, sync_status, device_status, day
                         └──────── accounts, public, stats
    database ← idempotency ← day
    faults, file_guard ← database  (what SQLite's errors mean; the file under the connection)
"""
