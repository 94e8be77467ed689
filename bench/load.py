#!/usr/bin/env python
"""Load benchmark: gunicorn on PostgreSQL with scale-10 demo data, each page under 16 concurrent
clients (locust, headless), interleaved with a bare Django view in the same setup.

Usage (each database is prepared once, about a minute; `--prepare` skips one that is ready):

    .venv/bin/python bench/load.py --prepare        # creates load_s1 and load_s10
    .venv/bin/python bench/load.py --run            # the whole benchmark, ~12 min
    .venv/bin/python bench/load.py --run --no-load  # only the in-process growth (step 5)
    .venv/bin/python bench/load.py --run --pages home,partner-search --duration 10 --no-check
    .venv/bin/python bench/load.py --list           # the page keys

Without arguments (that is how `make bench` calls every bench/*.py) it prints a note and exits 0:
the load test takes minutes, needs two prepared PostgreSQL databases and is run on purpose.

What it does with `--run`:
1. starts gunicorn (`--workers`, default 2; sync workers, timeout 30 s) with
   `bench.load_site.wsgi` on the scale-10 database: the project's settings (DEBUG=False unless
   `--debug`) and URLs plus `/__bare__/`, a Django view that returns "ok" through the same
   middleware – the most this machine can serve;
2. logs in once as the demo member (betrieb@example.org) through the login form, warms every
   page up (2 × workers requests each), then runs bare, page 1, bare, page 2, …, bare: each page
   `--duration` s at `--clients` concurrent clients without think time, each bare run
   `--bare-duration` s. A response other than 200 (a redirect too) counts as a failure.
   Before each bare run the requests that the stopped clients left queued are drained;
3. prints per page requests/s, p50/p95/p99/max and the share of the bare view's throughput
   (the mean of the bare runs just before and after the page), then the memory (RSS, from
   /proc) of each gunicorn worker after the load, and the workers that timed out;
4. starts gunicorn again with `--check-workers` (default 4) cold workers and sends all pages
   mixed (each client starts at a random page) for `--check-duration` s: counts "WORKER
   TIMEOUT" in gunicorn's log and the workers booted again, and the RSS after;
5. times each page in-process (Django's test client, median of `--repeat` warm GETs after two
   untimed ones) in a subprocess per database, scale 1, scale 10, scale 1, … for `--rounds`
   rounds; per page the lowest median of the rounds counts (on a shared machine the others
   include other people's work): the growth from scale 1 to 10.

Databases: `--db10` and `--db1` (PostgreSQL URLs; SQLite is refused: several gunicorn workers
on one SQLite file measure its write lock, not the pages). `DATABASE_URL` is not read. The
cache is the settings' default unless `--cache-url` (e.g. `locmem://`, or `redis://…/N` – then
the two databases must not share one Redis database, their cache keys would collide). gunicorn is
stopped on exit, on Ctrl-C and on SIGTERM (its process group; it also dies with this process).

Used as a library: `LoadConfig`, `prepare_database`, `run_load` (returns the figures as a
dict; `--json FILE` writes them), `print_report`.
"""

import argparse
import atexit
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_site.databases import (  # noqa: E402
    MASTERPLAN_FILE,
    database_name,
    database_state,
    find_masterplan,
    is_postgres,
    prepare_database,
)
from bench.load_site.pages import (  # noqa: E402
    BARE_PATH,
    DEMO_MEMBER,
    DEMO_PASSWORD,
    PAGES,
    PAGES_BY_KEY,
)

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/"
GUNICORN_TIMEOUT = 30
SKIP_NOTE = (
    "bench/load.py: skipped – the load benchmark runs only when asked (it takes ~12 minutes "
    "and needs two prepared PostgreSQL databases): `.venv/bin/python bench/load.py --prepare` "
    "once, then `.venv/bin/python bench/load.py --run` (see its docstring)."
)


@dataclass
class LoadConfig:
    db10: str = DEFAULT_PG + "load_s10"
    db1: str = DEFAULT_PG + "load_s1"
    pages: list[str] = field(default_factory=lambda: [page.key for page in PAGES])
    duration: float = 20.0
    bare_duration: float = 10.0
    clients: int = 16
    workers: int = 2
    check_workers: int = 4  # 0: no timeout check
    check_duration: float = 60.0
    repeat: int = 5  # in-process timing; 0: no growth
    rounds: int = 3  # in-process: scale 1, scale 10, scale 1, … ; the best median counts
    debug: bool = False
    cache_url: str = ""
    load: bool = True  # False: only the in-process growth

    def expected_seconds(self) -> float:
        pages = len(self.pages)
        load = pages * self.duration + (pages + 1) * self.bare_duration + pages * 3 + 15
        check = self.check_duration + 20 if self.check_workers else 0
        if not self.load:
            load = check = 0
        growth = 2 * self.rounds * (15 + pages * (self.repeat + 2) * 0.2) if self.repeat else 0
        return load + check + growth


# --- gunicorn --------------------------------------------------------------------------------

_SERVERS: list["Server"] = []


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when this process dies (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


class Server:
    """gunicorn with `bench.load_site.wsgi` in its own process group."""

    def __init__(self, config: LoadConfig, workers: int, log_path: Path):
        self.workers = workers
        self.log_path = log_path
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = server_environment(config, config.db10)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.load_site.wsgi:application",
            "--chdir",
            str(ROOT),
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            str(GUNICORN_TIMEOUT),
            "--graceful-timeout",
            "5",
            "--error-logfile",
            str(self.log_path),
            "--log-level",
            "info",
            "--capture-output",  # Django's errors into the same log
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        _SERVERS.append(self)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited at start:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not listen within 60 s:\n{self.log_tail()}")

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def worker_pids(self) -> list[int]:
        master = self.process.pid
        try:
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            return sorted(int(pid) for pid in children)
        except OSError:
            pids = []
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == master:
                    pids.append(int(stat.parent.name))
            return sorted(pids)

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                sizes.append(int(match[1]) / 1024)
        return sizes

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def timeouts(self) -> int:
        return self.log_text().count("WORKER TIMEOUT")

    def boots(self) -> int:
        return self.log_text().count("Booting worker with pid")


def _stop_all_servers() -> None:
    for server in _SERVERS:
        server.stop()


def _on_sigterm(signum, frame) -> None:
    """Runs in gevent's loop, where nothing may block: signal the process groups and leave."""
    for server in _SERVERS:
        if server.process is not None and server.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGTERM)
    os._exit(128 + signum)


# --- load (locust) ---------------------------------------------------------------------------


@dataclass
class Phase:
    path: str
    seconds: float
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float
    errors: dict[str, int]


def run_phase(
    base_url: str, targets: list[tuple[str, dict]], clients: int, seconds: float
) -> Phase:
    """`clients` locust users GET the targets (path, headers) in turn, without think time, for
    `seconds` after all of them started."""
    import gevent
    from locust import FastHttpUser, constant, task
    from locust.env import Environment

    class PageUser(FastHttpUser):
        host = base_url
        wait_time = constant(0)
        connection_timeout = 10.0
        network_timeout = 60.0

        def on_start(self):
            self.turn = random.randrange(len(targets))  # mixed targets: not all in step

        @task
        def get(self):
            path, headers = targets[self.turn % len(targets)]
            self.turn += 1
            with self.client.get(
                path, name=path, headers=headers, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")

    environment = Environment(user_classes=[PageUser], host=base_url)
    runner = environment.create_local_runner()
    try:
        runner.start(clients, spawn_rate=min(clients * 10, 100))
        deadline = time.monotonic() + 10
        while runner.user_count < clients and time.monotonic() < deadline:
            gevent.sleep(0.05)
        environment.stats.reset_all()
        started = time.monotonic()
        gevent.sleep(seconds)
        elapsed = time.monotonic() - started
        total = environment.stats.total
        errors: dict[str, int] = {}
        for error in environment.stats.errors.values():
            errors[str(error.error)] = errors.get(str(error.error), 0) + error.occurrences
        phase = Phase(
            path=targets[0][0] if len(targets) == 1 else "(mixed)",
            seconds=elapsed,
            requests=total.num_requests,
            failures=total.num_failures,
            rps=total.num_requests / elapsed,
            p50=total.get_response_time_percentile(0.50) or 0,
            p95=total.get_response_time_percentile(0.95) or 0,
            p99=total.get_response_time_percentile(0.99) or 0,
            max=total.max_response_time or 0,
            errors=errors,
        )
    finally:
        runner.quit()
    return phase


def login(base_url: str) -> dict:
    """The demo member's session through the login form; the headers that carry it."""
    import requests

    session = requests.Session()
    form = session.get(f"{base_url}/konto/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if form.status_code != 200 or token is None:
        raise SystemExit(f"login form: HTTP {form.status_code}, no CSRF token")
    answer = session.post(
        f"{base_url}/konto/login/",
        data={"csrfmiddlewaretoken": token[1], "login": DEMO_MEMBER, "password": DEMO_PASSWORD},
        headers={"Referer": f"{base_url}/konto/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"login as {DEMO_MEMBER} failed: HTTP {answer.status_code}")
    cookies = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    mine = requests.get(
        f"{base_url}/mein-bereich/", headers={"Cookie": cookies}, allow_redirects=False, timeout=60
    )
    if mine.status_code != 200:
        raise SystemExit(f"the member's session does not work: /mein-bereich/ {mine.status_code}")
    return {"Cookie": cookies}


def warm_up(base_url: str, targets: list[tuple[str, dict]], workers: int) -> float:
    """2 × workers concurrent GETs of each target, one target after the other."""
    import gevent.pool
    import requests

    started = time.monotonic()
    pool = gevent.pool.Pool(2 * workers)
    for path, headers in targets:
        for _ in range(2 * workers):
            pool.spawn(requests.get, base_url + path, headers=headers, timeout=60)
        pool.join()
    return time.monotonic() - started


def drain(base_url: str, workers: int) -> float:
    """Wait until the requests that the stopped clients left queued are served: a round of
    bare GETs, one or more per worker, queues behind them."""
    return warm_up(base_url, [(BARE_PATH, {})], workers)


def wait_for_idle_database(url: str, limit: float = 60) -> None:
    """After gunicorn stopped, its PostgreSQL backends may still finish queries."""
    import psycopg

    deadline = time.monotonic() + limit
    with psycopg.connect(url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            busy = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'active' AND pid <> pg_backend_pid()"
            ).fetchone()[0]
            if not busy:
                return
            time.sleep(0.5)


# --- in-process growth -----------------------------------------------------------------------


def server_environment(config: LoadConfig, url: str) -> dict:
    """The environment of gunicorn and of the in-process timing: the same settings for both."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.load_site.settings",
        "DEBUG": "True" if config.debug else "False",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-benchmark-" + "x" * 40),
        # Demo accounts have no verified address; production's "mandatory" would stop the login.
        "ACCOUNT_EMAIL_VERIFICATION": "none",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "CACHE_URL": config.cache_url,  # "": the settings' default
    }


def inprocess(mode: str, url: str, config: LoadConfig) -> dict:
    keys, repeat = config.pages, config.repeat
    command = [
        sys.executable,
        "-m",
        "bench.load_site.inprocess",
        mode,
        "--db",
        url,
        "--pages",
        ",".join(keys),
        "--repeat",
        str(repeat),
    ]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=server_environment(config, url),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"in-process {mode} on {database_name(url)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the benchmark ---------------------------------------------------------------------------


def run_load(config: LoadConfig) -> dict:
    """Run the benchmark; returns the figures (also printed as they come)."""
    import gevent  # noqa: F401  (locust patches the standard library on import)
    import locust  # noqa: F401

    results: dict = {"config": asdict(config), "pages": {}, "bare": []}
    if config.load:
        logs = Path(tempfile.mkdtemp(prefix="load-bench-"))
        print(f"gunicorn logs in {logs}")
        paths = inprocess("resolve", config.db10, config)
        targets = _measure_load(config, paths, logs, results)
        if config.check_workers:
            _check_timeouts(config, targets, logs, results)
        if results["timeouts"] or results.get("check", {}).get("timeouts"):
            print(f"gunicorn's logs kept in {logs}")
        else:
            shutil.rmtree(logs)
    if config.repeat:
        _measure_growth(config, results)
    return results


def _measure_load(config: LoadConfig, paths: dict, logs: Path, results: dict) -> dict:
    server = Server(config, config.workers, logs / f"gunicorn-w{config.workers}.log")
    server.start()
    try:
        member = login(server.base_url)
        targets = {
            key: (paths[key], member if PAGES_BY_KEY[key].member else {}) for key in config.pages
        }
        seconds = warm_up(server.base_url, [(BARE_PATH, {}), *targets.values()], config.workers)
        print(f"warm-up: {seconds:.0f} s")

        def bare() -> Phase:
            drain(server.base_url, config.workers)
            phase = run_phase(
                server.base_url, [(BARE_PATH, {})], config.clients, config.bare_duration
            )
            results["bare"].append(asdict(phase))
            print(f"  bare: {phase.rps:.0f} req/s, p95 {phase.p95:.0f} ms", flush=True)
            return phase

        before = bare()
        for key in config.pages:
            phase = run_phase(server.base_url, [targets[key]], config.clients, config.duration)
            after = bare()
            reference = (before.rps + after.rps) / 2
            share = phase.rps / reference * 100 if reference else 0
            results["pages"][key] = {"load": asdict(phase), "bare_rps": reference, "share": share}
            print(
                f"{key}: {phase.rps:.1f} req/s ({share:.2f} % of bare), p50 {phase.p50:.0f} ms, "
                f"p95 {phase.p95:.0f} ms, p99 {phase.p99:.0f} ms, max {phase.max:.0f} ms, "
                f"{phase.failures} failures",
                flush=True,
            )
            before = after
        results["rss_mb"] = server.worker_rss_mb()
        results["timeouts"] = server.timeouts()
        results["boots"] = server.boots()
    finally:
        server.stop()
    wait_for_idle_database(config.db10)
    return targets


def _check_timeouts(config: LoadConfig, targets: dict, logs: Path, results: dict) -> None:
    print(f"timeout check: {config.check_workers} cold workers, all pages mixed", flush=True)
    check = Server(config, config.check_workers, logs / f"gunicorn-w{config.check_workers}.log")
    check.start()
    try:
        phase = run_phase(
            check.base_url, list(targets.values()), config.clients, config.check_duration
        )
        results["check"] = {
            "workers": config.check_workers,
            "load": asdict(phase),
            "timeouts": check.timeouts(),
            "boots": check.boots(),
            "rss_mb": check.worker_rss_mb(),
        }
    finally:
        check.stop()
    wait_for_idle_database(config.db10)


def _measure_growth(config: LoadConfig, results: dict) -> None:
    print("in-process times, scale 1 and scale 10", flush=True)
    rounds: dict[str, list[dict]] = {"s1": [], "s10": []}
    for _ in range(config.rounds):
        for scale, url in (("s1", config.db1), ("s10", config.db10)):
            rounds[scale].append(inprocess("time", url, config))
    results["inprocess_rounds"] = rounds
    results["inprocess"] = {
        scale: {
            key: {
                "median_ms": min(times[key]["median_ms"] for times in measured),
                "statuses": sorted({s for times in measured for s in times[key]["statuses"]}),
            }
            for key in config.pages
        }
        for scale, measured in rounds.items()
    }


def _ms(value: float) -> str:
    return f"{value / 1000:.1f} s" if value >= 1000 else f"{value:.0f} ms"


def _growth_cell(growth: dict, key: str) -> str:
    small, large = growth["s1"][key]["median_ms"], growth["s10"][key]["median_ms"]
    return f"{small:.0f} → {large:.0f} ms (×{large / small:.1f})"


def print_report(results: dict) -> None:
    config = results["config"]
    growth = results.get("inprocess")
    if not results["pages"]:
        print("\n| page | in-process scale 1 → 10 |\n|---|---|")
        for key in config["pages"]:
            print(f"| {PAGES_BY_KEY[key].label} | {_growth_cell(growth, key)} |")
        return
    bare = [phase["rps"] for phase in results["bare"]]
    print()
    print(
        f"gunicorn -w {config['workers']}, {config['clients']} clients, "
        f"{config['duration']:g} s per page, bare view {config['bare_duration']:g} s between pages "
        f"({min(bare):.0f}–{max(bare):.0f} req/s, median {statistics.median(bare):.0f})"
    )
    print()
    print(
        "| page | req/s | share of bare | p50 | p95 | p99 | max | failures "
        "| in-process scale 1 → 10 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for key, figures in results["pages"].items():
        load = figures["load"]
        cell = _growth_cell(growth, key) if growth else ""
        failures = f"{load['failures']}/{load['requests']}" if load["failures"] else "0"
        print(
            f"| {PAGES_BY_KEY[key].label} | {load['rps']:.1f} | {figures['share']:.2f} % "
            f"| {_ms(load['p50'])} | {_ms(load['p95'])} | {_ms(load['p99'])} "
            f"| {_ms(load['max'])} | {failures} | {cell} |"
        )
    print()
    rss = ", ".join(f"{size:.0f}" for size in results["rss_mb"])
    print(
        f"RSS per worker after the load (-w {config['workers']}): {rss} MB; "
        f"worker timeouts: {results['timeouts']}"
    )
    check = results.get("check")
    if check:
        rss = ", ".join(f"{size:.0f}" for size in check["rss_mb"])
        load = check["load"]
        print(
            f"-w {check['workers']}, cold, all pages mixed for {load['seconds']:.0f} s: "
            f"WORKER TIMEOUT {check['timeouts']} times, {check['boots']} workers booted "
            f"({check['boots'] - check['workers']} replacements); {load['requests']} requests, "
            f"{load['failures']} failures, p95 {_ms(load['p95'])}, max {_ms(load['max'])}; "
            f"RSS after: {rss} MB"
        )
    for key, figures in results["pages"].items():
        for error, count in figures["load"]["errors"].items():
            print(f"  {key}: {count} × {error}")
    if growth:
        for key in results["pages"]:
            statuses = set(growth["s1"][key]["statuses"]) | set(growth["s10"][key]["statuses"])
            if statuses != {200}:
                print(f"  {key}: in-process status {sorted(statuses)}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    defaults = LoadConfig()
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--prepare", action="store_true", help="create the two databases")
    parser.add_argument("--fresh", action="store_true", help="with --prepare: recreate them")
    parser.add_argument("--run", action="store_true", help="run the benchmark")
    parser.add_argument("--list", action="store_true", help="list the page keys and paths")
    parser.add_argument("--db10", default=defaults.db10, help="scale-10 database (PostgreSQL)")
    parser.add_argument("--db1", default=defaults.db1, help="scale-1 database (PostgreSQL)")
    parser.add_argument("--masterplan", type=Path, default=None, help="masterplan text file")
    parser.add_argument("--pages", default=",".join(defaults.pages), help="comma-separated keys")
    parser.add_argument("--duration", type=float, default=defaults.duration, help="s per page")
    parser.add_argument("--bare-duration", type=float, default=defaults.bare_duration)
    parser.add_argument("--clients", type=int, default=defaults.clients)
    parser.add_argument("--workers", type=int, default=defaults.workers)
    parser.add_argument("--check-workers", type=int, default=defaults.check_workers)
    parser.add_argument("--check-duration", type=float, default=defaults.check_duration)
    parser.add_argument("--no-check", action="store_true", help="skip the timeout check")
    parser.add_argument("--repeat", type=int, default=defaults.repeat, help="in-process GETs")
    parser.add_argument("--rounds", type=int, default=defaults.rounds, help="in-process rounds")
    parser.add_argument("--no-growth", action="store_true", help="skip the in-process timing")
    parser.add_argument("--no-load", action="store_true", help="only the in-process timing")
    parser.add_argument("--debug", action="store_true", help="serve with DEBUG=True")
    parser.add_argument("--cache-url", default="", help="CACHE_URL of the server (default: none)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    if not argv:
        print(SKIP_NOTE)
        return 0
    args = parse_args(argv)
    if args.list:
        for page in PAGES:
            print(f"{page.key:22} {page.path}")
        return 0
    for url in (args.db10, args.db1):
        if not is_postgres(url):
            print(
                f"bench/load.py runs on PostgreSQL only, not on {url!r}: several gunicorn "
                "workers on one SQLite file would measure its write lock, not the pages.",
                file=sys.stderr,
            )
            return 2
    unknown = [key for key in args.pages.split(",") if key not in PAGES_BY_KEY]
    if unknown:
        print(f"unknown pages {unknown}; --list shows the keys", file=sys.stderr)
        return 2
    config = LoadConfig(
        db10=args.db10,
        db1=args.db1,
        pages=args.pages.split(","),
        duration=args.duration,
        bare_duration=args.bare_duration,
        clients=args.clients,
        workers=args.workers,
        check_workers=0 if args.no_check else args.check_workers,
        check_duration=args.check_duration,
        repeat=0 if args.no_growth else args.repeat,
        rounds=max(1, args.rounds),
        load=not args.no_load,
        debug=args.debug,
        cache_url=args.cache_url,
    )
    if args.prepare:
        masterplan = args.masterplan or find_masterplan()
        if masterplan is None or not masterplan.is_file():
            print(
                f"masterplan text not found ({MASTERPLAN_FILE}): --masterplan PATH", file=sys.stderr
            )
            return 2
        prepare_database(config.db1, 1, masterplan, fresh=args.fresh)
        prepare_database(config.db10, 10, masterplan, fresh=args.fresh)
    if not args.run:
        return 0
    for url in (config.db10, config.db1) if config.repeat else (config.db10,):
        state = database_state(url)
        if state != "ready":
            print(
                f"{database_name(url)} is {state}: run `bench/load.py --prepare` first "
                "(it recreates a database whose migrations are behind the code)",
                file=sys.stderr,
            )
            return 2
    if not config.load and not config.repeat:
        print("--no-load with --no-growth: nothing to do", file=sys.stderr)
        return 2
    minutes = config.expected_seconds() / 60
    print(
        f"Load benchmark: {len(config.pages)} pages × {config.duration:g} s at {config.clients} "
        f"clients, gunicorn -w {config.workers}; expected duration about {minutes:.0f} min",
        flush=True,
    )
    atexit.register(_stop_all_servers)
    signal.signal(signal.SIGTERM, _on_sigterm)
    started = time.monotonic()
    try:
        results = run_load(config)
    except KeyboardInterrupt:
        _stop_all_servers()
        print("interrupted; gunicorn stopped", file=sys.stderr)
        return 130
    finally:
        _stop_all_servers()
    results["seconds"] = time.monotonic() - started
    print_report(results)
    print(f"\ntook {results['seconds'] / 60:.1f} min")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
