"""`onestop report`: the figures a supervisor sends upward, as CSV, XLSX or PDF.

Read through the office's Store and computed by core.stats, exactly as GET /api/stats.
"""
