"""Use cases: load, decide with the domain, store, and queue what to send, in one transaction."""
