"""Scores the identifier guard on labelled lines (format: tests/data/PHI_LABELS.md). Used by bench/phi.py and tests.

A marked identifier is caught only when every letter and digit in it is masked; line recall counts a line as
caught only when every identifier on it is.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain.phi import Guard

DATA = Path(__file__).resolve().parent / "data"
_MARK = re.compile(r"\[\[([A-Z]+):(.+?)\]\]")


@dataclass(frozen=True)
class Case:
    text: str
    spans: tuple[tuple[str, int, int], ...]  # (kind, start, end) in text
    source: str = ""

    @property
    def clean(self) -> bool:
        return not self.spans


def parse(line: str) -> Case:
    """One labelled line -> the text the guard sees and where its identifiers are."""
    source = ""
    if line.startswith("@") and "\t" in line:
        source, line = line[1:].split("\t", 1)
    text, spans, cursor = [], [], 0
    length = 0
    for m in _MARK.finditer(line):
        before = line[cursor : m.start()]
        text.append(before)
        length += len(before)
        spans.append((m.group(1), length, length + len(m.group(2))))
        text.append(m.group(2))
        length += len(m.group(2))
        cursor = m.end()
    text.append(line[cursor:])
    return Case("".join(text), tuple(spans), source)


def load(name: str) -> list[Case]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [parse(line) for line in lines if line.strip() and not line.startswith("#")]


def split(cases: Iterable[Case], part: str) -> list[Case]:
    """A fixed half of a set by a hash of each text: 'dev' to look at while tuning, 'test' to report."""
    return [c for c in cases if (zlib.crc32(c.text.encode()) % 2 == 0) == (part == "dev")]


@dataclass
class Score:
    lines: int = 0
    positive: int = 0
    caught_lines: int = 0
    clean: int = 0
    flagged: int = 0
    overmasked: int = 0
    kind_total: Counter[str] = field(default_factory=Counter)
    kind_caught: Counter[str] = field(default_factory=Counter)
    leaks: list[tuple[Case, str]] = field(default_factory=list)
    false_positives: list[tuple[Case, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught_lines / self.positive if self.positive else float("nan")

    @property
    def fp_rate(self) -> float:
        return self.flagged / self.clean if self.clean else float("nan")


def _covered(text: str, masked: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(any(a <= i < b for a, b in masked) for i in range(start, end) if text[i].isalnum())


def score(guard: Guard, cases: Iterable[Case]) -> Score:
    result = Score()
    for case in cases:
        scan = guard.scan(case.text)
        masked = [(f.start, f.end) for f in scan.findings]
        result.lines += 1
        if case.clean:
            result.clean += 1
            if masked:
                result.flagged += 1
                result.false_positives.append((case, scan.masked))
            continue
        result.positive += 1
        missed = False
        for kind, start, end in case.spans:
            result.kind_total[kind] += 1
            if _covered(case.text, masked, start, end):
                result.kind_caught[kind] += 1
            else:
                missed = True
        if missed:
            result.leaks.append((case, scan.masked))
        else:
            result.caught_lines += 1
        if any(all(b <= s or a >= e for _, s, e in case.spans) for a, b in masked):
            result.overmasked += 1
    return result
