"""`onestop demo`: a whole office on one machine, optionally with a simulated day."""
