"""The whatsapp-ingest container."""
