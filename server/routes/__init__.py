"""The office server's HTTP and WebSocket routes, one module per area; each depends on server/deps.py only."""
