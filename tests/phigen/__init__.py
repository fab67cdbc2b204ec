"""Seeded generator of marked evaluation lines for the patient-identifier guard.

    from tests.phigen import generate
    lines = generate(seed=7, n=2000)                  # names from mimesis + gender_guesser (held out)
    lines = generate(seed=7, n=2000, names="faker")   # names from Faker

Each line follows tests/data/PHI_LABELS.md: identifiers marked inline as ``[[KIND:text]]``, clean lines
unmarked. The generator never looks at the guard.
"""

from __future__ import annotations

import random

from . import engine
from .names import make_names
from .templates import CLEAN_TEMPLATES, IDENTIFIER_TEMPLATES

IDENTIFIER_SHARE = 0.6
US_SHARE = 0.3  # share of templates that can be either side and are written US-style

__all__ = ["CLEAN_TEMPLATES", "IDENTIFIER_TEMPLATES", "generate", "generate_one"]


def _split_region(template: str) -> tuple[str | None, str]:
    if template[:3] in ("uk|", "us|"):
        return template[:2], template[3:]
    return None, template


def generate_one(rng: random.Random, names: object, places: engine.Places, template: str) -> str:
    region, body = _split_region(template)
    us = region == "us" or (region is None and rng.random() < US_SHARE)
    ctx = engine.Ctx(rng=rng, names=names, places=places, us=us)
    segs = engine.expand(ctx, body)
    segs = engine.noise(ctx, segs)
    return engine.render(segs)


def generate(seed: int, n: int, *, names: str = "mimesis") -> list[str]:
    """n marked lines, the same for the same (seed, n, names); about 60% hold identifiers."""
    rng = random.Random(seed)
    source = make_names(names, rng)
    places = engine.Places(rng)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        identifying = rng.random() < IDENTIFIER_SHARE
        pool = IDENTIFIER_TEMPLATES if identifying else CLEAN_TEMPLATES
        for _ in range(100):  # the same text twice adds nothing to an evaluation: draw again, same side
            line = generate_one(rng, source, places, rng.choice(pool))
            problems = engine.check_line(line)
            if ("[[" in line) != identifying or problems:
                raise AssertionError(f"generator produced a bad line: {line!r} {problems}")
            if line not in seen:
                break
        seen.add(line)
        out.append(line)
    return out
