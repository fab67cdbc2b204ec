"""Charts for the weekly posts: figures in, PNG bytes out. Pure; Pillow is imported inside each function, so no web
process pays for it at start-up and an acknowledgement never waits on it.

Why Pillow: it draws and encodes PNG in a few milliseconds with a bundled font, is a small, well-kept wheel, and is
made for exactly this; a plotting library (matplotlib) would add tens of megabytes and a second of import for two
simple charts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

WIDTH, HEIGHT = 900, 420
LEFT, RIGHT, TOP, BOTTOM = 70, 30, 60, 70
INK, GRID, MUTED = (33, 37, 41), (222, 226, 230), (108, 117, 125)
BAR = (29, 78, 137)
# Colour-blind-safe series colours (Okabe & Ito); wards beyond eight reuse them with a dash.
SERIES = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (0, 0, 0),
    (240, 228, 66),
)


def _canvas(title: str) -> tuple[Any, Any, Any, Any]:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font, heading = ImageFont.load_default(size=14), ImageFont.load_default(size=20)
    draw.text((LEFT, 18), title, fill=INK, font=heading)
    return image, draw, font, heading


def _axes(draw: Any, font: Any, *, percent: bool, top: float) -> None:
    """Gridlines and their labels, 0 to `top` in four steps."""
    for step in range(5):
        value = top * step / 4
        y = _y(value, top)
        draw.line((LEFT, y, WIDTH - RIGHT, y), fill=GRID, width=1)
        label = f"{value:.0%}" if percent else f"{value:g}"
        draw.text((LEFT - 8, y), label, fill=MUTED, font=font, anchor="rm")


def _y(value: float, top: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - (value / top) * span if top else HEIGHT - BOTTOM


def _png(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    percent: bool = True,
    target: float | None = None,
) -> bytes:
    """One bar per label (a week, say); a missing value is marked "no data" rather than drawn as zero."""
    image, draw, font, _ = _canvas(title)
    top = 1.0 if percent else max([v for v in values if v is not None] + [target or 0, 1])
    _axes(draw, font, percent=percent, top=top)
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x0, x1 = LEFT + i * slot + slot * 0.2, LEFT + (i + 1) * slot - slot * 0.2
        middle = (x0 + x1) / 2
        if value is None:
            draw.text((middle, HEIGHT - BOTTOM - 12), "no data", fill=MUTED, font=font, anchor="mm")
        else:
            draw.rectangle((x0, _y(value, top), x1, HEIGHT - BOTTOM), fill=BAR)
            shown = f"{value:.0%}" if percent else f"{value:g}"
            draw.text((middle, _y(value, top) - 4), shown, fill=INK, font=font, anchor="md")
        draw.text((middle, HEIGHT - BOTTOM + 16), label, fill=INK, font=font, anchor="mm")
    if target is not None:
        y = _y(target, top)
        draw.line((LEFT, y, WIDTH - RIGHT, y), fill=(200, 35, 51), width=2)
        shown_target = f"target {target:.0%}" if percent else "target"
        draw.text((LEFT + 4, y - 4), shown_target, fill=(200, 35, 51), font=font, anchor="ld")
    return _png(image)


def line_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]) -> bytes:
    """One line per series (a ward) over the labels (weeks), fractions on a 0-100% axis, with a legend."""
    image, draw, font, _ = _canvas(title)
    _axes(draw, font, percent=True, top=1.0)
    step = (WIDTH - LEFT - RIGHT) / max(1, len(labels) - 1)
    for i, label in enumerate(labels):
        if len(labels) <= 12 or i % max(1, len(labels) // 12) == 0:
            draw.text((LEFT + i * step, HEIGHT - BOTTOM + 16), label, fill=INK, font=font, anchor="mm")
    for n, (name, values) in enumerate(series.items()):
        colour = SERIES[n % len(SERIES)]
        points = [(LEFT + i * step, _y(v, 1.0)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            draw.line(points, fill=colour, width=3)
        for x, y in points:
            draw.ellipse((x - 3, y - 3, x + 3, y + 3), fill=colour)
        if n < 8:  # a legend of two rows of four; the post lists every ward in words anyway
            legend_x = LEFT + (n % 4) * ((WIDTH - LEFT - RIGHT) / 4)
            legend_y = HEIGHT - 34 + (n // 4) * 16
            draw.rectangle((legend_x, legend_y - 5, legend_x + 12, legend_y + 5), fill=colour)
            draw.text((legend_x + 18, legend_y), name[:22], fill=INK, font=font, anchor="lm")
    return _png(image)
