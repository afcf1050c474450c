"""The pure core of onestop: queue rules, numbering, wait estimates.

Nothing here imports Qt, HTTP or SQL (tests/core/test_purity.py checks it):
the office server feeds these functions plain data inside its transactions,
and the same rules can be property-tested without any I/O.
"""
