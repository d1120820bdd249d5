"""The signal-ingest container."""
