"""The scheduler: one registry of named, idempotent jobs; `tick` runs what is due at an instant."""
