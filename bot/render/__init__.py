"""Pure Block Kit: domain values in, Slack payload dicts out. The words live in copy.py."""
