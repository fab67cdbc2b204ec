"""The pure domain: values in, values out. Only the standard library (and pydantic for value types)."""
