"""The supervisor's dashboard: live queues, counters and alerts, and the figures of past days."""

# A counter paused longer than this raises an alert (lunch aside, a pause is a few minutes).
DEFAULT_PAUSE_ALERT_S = 20 * 60
