"""Recall and false-positive rate of the patient-identifier guard on the synthetic corpora.

    python bench/phi.py            # our guard on tests/data/phi_corpus.tsv and phi_holdout.tsv
    python bench/phi.py --phonenumbers   # also: would the phonenumbers library find more phones?

Recall counts identifier kinds expected on a line and found there; the false-positive rate is the share
of identifier-free lines on which anything at all was masked.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bot.domain.phi import Guard, Kind

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
# The corpus carries one hospital-specific format, as a pilot file's [phi] mrn_patterns would.
MRN_PATTERNS = [r"\bRX\d{7}\b"]


def load(path: Path) -> list[tuple[set[str], str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kinds, text = line.split("\t", 1)
        rows.append((set() if kinds == "-" else set(kinds.split(",")), text))
    return rows


def evaluate(name: str, rows: list[tuple[set[str], str]], guard: Guard) -> None:
    tp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    negatives = flagged = 0
    started = time.perf_counter()
    for expected, text in rows:
        found = {k.value for k in guard.scan(text).found}
        for kind in expected:
            (tp if kind in found else fn)[kind] += 1
        if not expected:
            negatives += 1
            flagged += bool(found)
    elapsed = time.perf_counter() - started
    total_tp, total_fn = sum(tp.values()), sum(fn.values())
    print(f"{name}: {len(rows)} lines ({len(rows) - negatives} with identifiers, {negatives} without)")
    print(f"  recall {total_tp / (total_tp + total_fn):.1%} ({total_tp}/{total_tp + total_fn} identifier kinds)")
    print(f"  false-positive rate {flagged / negatives:.1%} ({flagged}/{negatives} clean lines masked)")
    misses = ", ".join(f"{k} {fn[k]}" for k in sorted(fn)) or "none"
    print(f"  missed by kind: {misses}")
    print(f"  speed: {len(rows) / elapsed:,.0f} lines/s")


def phonenumbers_check(rows: list[tuple[set[str], str]]) -> None:
    try:
        started = time.perf_counter()
        phonenumbers = importlib.import_module("phonenumbers")
        import_ms = (time.perf_counter() - started) * 1000
    except ImportError:
        print("phonenumbers: not installed (pip install phonenumbers to compare)")
        return
    ours = Guard(MRN_PATTERNS)
    hit_lib = hit_ours = phone_lines = fp_lib = fp_ours = 0
    for expected, text in rows:
        lib = any(True for _ in phonenumbers.PhoneNumberMatcher(text, "GB"))
        mine = Kind.PHONE in ours.scan(text).found
        if "PHONE" in expected:
            phone_lines += 1
            hit_lib += lib
            hit_ours += mine
        else:
            fp_lib += lib
            fp_ours += mine
    package = Path(phonenumbers.__file__).parent
    size_mb = sum(p.stat().st_size for p in package.rglob("*") if p.is_file()) / 1e6
    print(f"phonenumbers {phonenumbers.__version__}: {size_mb:.0f} MB installed, import {import_ms:.0f} ms")
    print(f"  phone lines found: library {hit_lib}/{phone_lines}, ours {hit_ours}/{phone_lines}")
    print(f"  phone false alarms on other lines: library {fp_lib}, ours {fp_ours}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phonenumbers", action="store_true")
    args = parser.parse_args()
    probe = "import time; t = time.perf_counter(); import bot.domain.phi; print((time.perf_counter() - t) * 1000)"
    startup = float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout)
    print(f"guard start-up (import, regexes compiled): {startup:.1f} ms")
    guard = Guard(MRN_PATTERNS)
    corpus, holdout = load(DATA / "phi_corpus.tsv"), load(DATA / "phi_holdout.tsv")
    evaluate("tuning corpus", corpus, guard)
    evaluate("held-out corpus", holdout, guard)
    if args.phonenumbers:
        phonenumbers_check(corpus + holdout)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
