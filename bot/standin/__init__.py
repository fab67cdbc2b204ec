"""A local HTTP stand-in of the Slack Web API, and a driver that signs requests as Slack does.

Used by the tests and by `pilotbot demo`. It checks required arguments from Slack's published method
specs (methods/*.json, MIT, from slack-ruby/slack-api-ref) and Block Kit limits, and can answer 429 with
Retry-After, 5xx, or Slack errors on demand. Payload shapes in payloads/ come from Slack's java-slack-sdk
samples (MIT).
"""
