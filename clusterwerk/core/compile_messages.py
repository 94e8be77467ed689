"""Compile every locale/*/LC_MESSAGES/*.po to .mo with polib, so no GNU gettext is needed.

Usage: python -m clusterwerk.core.compile_messages locale
"""

import sys
from pathlib import Path

import polib


def compile_catalogues(locale_dir: Path) -> list[Path]:
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues(Path(sys.argv[1] if len(sys.argv) > 1 else "locale")):
        print(f"compiled {path}")
