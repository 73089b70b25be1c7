"""The HTTP API, version 1: ``routes/`` holds one module per resource."""
