"""The supervisor's dashboard: live queues, counters and alerts, and the figures of past days."""
