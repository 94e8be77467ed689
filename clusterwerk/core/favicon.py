"""The site icon: a white "C" on the brand blue, drawn here once for both files.

`python -m clusterwerk.core.favicon` writes `static/img/favicon.svg` (for browsers that take
SVG icons, linked in `templates/base.html`) and `public/favicon.ico` (16, 32 and 48 px, for
the `/favicon.ico` every browser asks for; WhiteNoise serves `public/` at the root,
`WHITENOISE_ROOT`). The ICO holds PNG images, drawn with the standard library only: each pixel
is sampled 4 × 4 times against the same shapes the SVG describes. A test checks that the
committed files are what this module draws.
"""

import math
import struct
import zlib
from pathlib import Path

BRAND = (0x0B, 0x4F, 0x8A)  # --brand in static/css/app.css
WHITE = (0xFF, 0xFF, 0xFF)
# The design on a 32 × 32 grid: a rounded square, and a ring open towards the right.
GRID = 32
CORNER = 6
CENTRE = 16
RING_INNER, RING_OUTER = 5.5, 10.5
OPENING = math.radians(45)  # half the opening angle, around the +x direction
ICO_SIZES = (16, 32, 48)
SAMPLES = 4

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">
<rect width="{GRID}" height="{GRID}" rx="{CORNER}" fill="#{bytes(BRAND).hex()}"/>
<path d="M{CENTRE + 8 * math.cos(OPENING):.3f} {CENTRE - 8 * math.sin(OPENING):.3f}\
A8 8 0 1 0 {CENTRE + 8 * math.cos(OPENING):.3f} {CENTRE + 8 * math.sin(OPENING):.3f}" \
fill="none" stroke="#fff" stroke-width="{RING_OUTER - RING_INNER:g}"/>
</svg>
"""


def _in_square(x: float, y: float) -> bool:
    """Inside the rounded square (grid units)."""
    if not (0 <= x <= GRID and 0 <= y <= GRID):
        return False
    nearest_x = min(max(x, CORNER), GRID - CORNER)
    nearest_y = min(max(y, CORNER), GRID - CORNER)
    return (x - nearest_x) ** 2 + (y - nearest_y) ** 2 <= CORNER**2


def _in_ring(x: float, y: float) -> bool:
    dx, dy = x - CENTRE, y - CENTRE
    if not RING_INNER <= math.hypot(dx, dy) <= RING_OUTER:
        return False
    return abs(math.atan2(-dy, dx)) >= OPENING


def pixels(size: int) -> list[list[tuple[int, int, int, int]]]:
    """RGBA rows of the icon at `size` × `size` pixels, anti-aliased by supersampling."""
    scale = GRID / size
    rows = []
    for row in range(size):
        line = []
        for column in range(size):
            covered = white = 0
            for sub_y in range(SAMPLES):
                for sub_x in range(SAMPLES):
                    x = (column + (sub_x + 0.5) / SAMPLES) * scale
                    y = (row + (sub_y + 0.5) / SAMPLES) * scale
                    if _in_square(x, y):
                        covered += 1
                        white += _in_ring(x, y)
            if not covered:
                line.append((0, 0, 0, 0))
                continue
            share = white / covered
            rgb = tuple(round(b + (w - b) * share) for b, w in zip(BRAND, WHITE, strict=True))
            line.append((*rgb, round(255 * covered / SAMPLES**2)))
        rows.append(line)
    return rows


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(
        b"\x00" + bytes(channel for pixel in line for channel in pixel) for line in pixels(size)
    )
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(sizes=ICO_SIZES) -> bytes:
    """An ICO file with one PNG image per size."""
    images = [png(size) for size in sizes]
    offset = 6 + 16 * len(images)
    directory = b""
    for size, image in zip(sizes, images, strict=True):
        # width, height (0 means 256), colours, reserved, planes, bits per pixel, length, offset
        directory += struct.pack(
            "<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset
        )
        offset += len(image)
    return struct.pack("<HHH", 0, 1, len(images)) + directory + b"".join(images)


def write(base_dir: Path) -> list[Path]:
    svg_path = base_dir / "static" / "img" / "favicon.svg"
    ico_path = base_dir / "public" / "favicon.ico"
    svg_path.write_text(SVG, encoding="utf-8")
    ico_path.write_bytes(ico())
    return [svg_path, ico_path]


if __name__ == "__main__":  # pragma: no cover
    for path in write(Path(__file__).resolve().parents[2]):
        print(path)
