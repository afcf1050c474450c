import os

# Qt runs without a screen here and in CI; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
