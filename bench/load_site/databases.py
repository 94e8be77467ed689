"""The PostgreSQL databases of the load benchmark (`bench/load.py`): scale 1 and scale 10,
prepared once with the product's own commands and marked ready."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent.parent
MASTERPLAN_FILE = "masterplan-metall-brandenburg-2020.txt"
MARKER_TABLE = "load_bench_prepared"


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def maintenance_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres", query=""))


def manage(url: str, *args: str, check: bool = True, quiet: bool = False):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "True",  # seed_demo is a development command
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=check,
        capture_output=quiet,
        text=True,
    )


def database_state(url: str) -> str:
    """ "missing", "incomplete" (no marker: an earlier --prepare did not finish), "stale"
    (migrations of the current code not applied) or "ready"."""
    import psycopg

    with psycopg.connect(maintenance_url(url), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
    if not exists:
        return "missing"
    with psycopg.connect(url) as connection:
        marker = connection.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()[0]
    if marker is None:
        return "incomplete"
    if manage(url, "migrate", "--check", check=False, quiet=True).returncode != 0:
        return "stale"
    return "ready"


def find_masterplan() -> Path | None:
    if os.environ.get("MASTERPLAN_TEXT"):
        return Path(os.environ["MASTERPLAN_TEXT"])
    for parent in ROOT.parents:
        candidate = parent / "shared" / "seeds" / MASTERPLAN_FILE
        if candidate.is_file():
            return candidate
    return None


def prepare_database(url: str, scale: float, masterplan: Path, fresh: bool = False) -> bool:
    """Create the database with the demo data at `scale`; False when it was ready already."""
    import psycopg
    from psycopg import sql

    state = database_state(url)
    name = database_name(url)
    if state == "ready" and not fresh:
        print(f"{name}: ready (scale {scale:g}), nothing to do")
        return False
    print(f"{name}: {state if not fresh else 'recreating'} – creating it at scale {scale:g}")
    with psycopg.connect(maintenance_url(url), autocommit=True) as connection:
        quoted = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(quoted))
    started = time.monotonic()
    manage(url, "migrate", "--noinput", "--verbosity", "0")
    manage(url, "load_reference_data")
    manage(url, "import_masterplan", str(masterplan), "--edition", "2020", "--publish")
    manage(url, "seed_demo", "--scale", f"{scale:g}")
    with psycopg.connect(url, autocommit=True) as connection:
        # Fresh statistics, so the figures do not depend on when autovacuum got to the tables.
        connection.execute("VACUUM ANALYZE")
        connection.execute(
            f"CREATE TABLE {MARKER_TABLE} (scale real, prepared_at timestamptz DEFAULT now())"
        )
        connection.execute(f"INSERT INTO {MARKER_TABLE} (scale) VALUES (%s)", [scale])
    print(f"{name}: prepared in {time.monotonic() - started:.0f} s")
    return True
