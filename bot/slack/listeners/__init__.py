"""Thin listeners, one module per Slack surface: ack -> parse -> service -> (render, send via the outbox)."""
