"""Prometheus text exposition: process counters plus gauges read from the database at scrape time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

Labels = tuple[tuple[str, str], ...]

HELP = {
    "pilotbot_http_requests_total": ("counter", "HTTP requests answered, by path and status."),
    "pilotbot_inbound_duplicates_total": ("counter", "Slack deliveries seen before (retries, replays) and skipped."),
    "pilotbot_listener_errors_total": ("counter", "Listeners that failed after acknowledging Slack."),
    "pilotbot_outbox_messages": ("gauge", "Outbox messages by status."),
    "pilotbot_outbox_dead": ("gauge", "Messages that could not be delivered (dead letters); admins are told."),
    "pilotbot_reports": ("gauge", "Reports filed, by severity."),
    "pilotbot_queue_open": ("gauge", "Open reports, by severity."),
    "pilotbot_queue_open_by_age": ("gauge", "Open reports, by age since filing."),
    "pilotbot_queue_breaching_soon": ("gauge", "Reports with no answer yet and under four hours left."),
    "pilotbot_sla_compliance_ratio": ("gauge", "Share of decided answer cycles answered within target (NaN: none)."),
    "pilotbot_sla_decided": ("gauge", "Answer cycles answered, or past their deadline unanswered."),
    "pilotbot_first_response_median_seconds": ("gauge", "Median time from filing to the team's first action."),
    "pilotbot_answer_median_seconds": ("gauge", "Median time from the clock starting to a real answer."),
}


class Counters:
    """In-process counters; they reset when the process restarts, as Prometheus counters may."""

    def __init__(self) -> None:
        self._values: Counter[tuple[str, Labels]] = Counter()

    def inc(self, name: str, **labels: str) -> None:
        self._values[(name, tuple(sorted(labels.items())))] += 1

    def get(self, name: str, **labels: str) -> float:
        return float(self._values[(name, tuple(sorted(labels.items())))])

    def snapshot(self) -> dict[str, dict[Labels, float]]:
        out: dict[str, dict[Labels, float]] = {}
        for (name, labels), value in self._values.items():
            out.setdefault(name, {})[labels] = float(value)
        return out


def _labels(labels: Labels) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"' for k, v in labels)
    return "{" + inner + "}"


def exposition(*families: Mapping[str, Mapping[Labels, float]]) -> str:
    """Renders metric families in the Prometheus text format (version 0.0.4)."""
    merged: dict[str, dict[Labels, float]] = {}
    for family in families:
        for name, series in family.items():
            merged.setdefault(name, {}).update(series)
    for name in HELP:
        if HELP[name][0] == "counter":
            merged.setdefault(name, {})
    lines: list[str] = []
    for name in sorted(merged):
        kind, text = HELP.get(name, ("gauge", name))
        lines += [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]
        lines += [f"{name}{_labels(labels)} {_number(value)}" for labels, value in sorted(merged[name].items())]
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return "NaN" if value != value else f"{value:g}"
