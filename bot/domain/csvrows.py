"""Reading operator CSV files: rows with their line numbers, and a header check."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


class HeaderError(Exception):
    """The file's first line is not the expected header."""


def read_rows(text: str, columns: tuple[str, ...]) -> list[Row]:
    """Rows keyed by column name, values stripped; blank lines skipped; line numbers count the header as 1."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise HeaderError("line 1: the file is empty; expected the header " + ",".join(columns)) from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise HeaderError(f"line 1: header lacks {', '.join(missing)}; expected {','.join(columns)}")
    rows: list[Row] = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        padded = record + [""] * (len(header) - len(record))
        rows.append(Row(line, {h: padded[i].strip() for i, h in enumerate(header) if h in columns}))
        if len(record) > len(header):
            rows[-1] = Row(line, {**rows[-1].values, "__extra__": "1"})
    return rows
