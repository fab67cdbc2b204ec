"""All Slack I/O: the Bolt app, listeners, the HTTP server and Socket Mode."""
