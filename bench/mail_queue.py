#!/usr/bin/env python
"""Benchmark: what a request that sends an e-mail costs when the mail server is fine, refuses
connections or hangs – e-mails sent inside the request (as before issue 13) against e-mails
handed to the task queue (`clusterwerk.core.mail`); and one round of the scheduler.

Usage: .venv/bin/python bench/mail_queue.py [--repeat 5] [--smtp-timeout 5]

Works on a throw-away SQLite file. The request is allauth's password reset (POST
`/konto/password/reset/` for a verified address), through Django's test client. "in the
request" sends the message right there, as the code did before (an SMTP error propagates:
500); "queue" is the platform now: the request writes the task row and answers, a worker
sends later. The mail servers: "ok" (Django's in-memory backend), "refused" (SMTP to a closed
port), "hanging" (SMTP to a socket that accepts and never answers; `EMAIL_TIMEOUT` =
--smtp-timeout). Figures: median wall-clock ms and the status codes. Results go to
docs/benchmarks.md.
"""

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--smtp-timeout", type=float, default=5)
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django_tasks_db.models import DBTaskResult

    from clusterwerk.accounts.models import User
    from clusterwerk.core import mail as core_mail
    from clusterwerk.portal import schedule

    call_command("migrate", verbosity=0)
    user = User.objects.create_user(email="technik@drehteile.test", password="x" * 20)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(64)  # accepts (the kernel does), never speaks
    servers = {
        "ok": {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        "refused": {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": closed_port(),
            "EMAIL_TIMEOUT": args.smtp_timeout,
        },
        "hanging": {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": hanging.getsockname()[1],
            "EMAIL_TIMEOUT": args.smtp_timeout,
        },
    }
    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    enqueue = core_mail._enqueue

    def send_in_the_request(message, *, attempt, run_after=None):
        core_mail.build_message(message).send()  # what the code did before: errors propagate
        return True

    client = Client(raise_request_exception=False)
    print(f"Python {sys.version.split()[0]}; password reset POST, n={args.repeat} each")
    print(f"{'mail server':<10} {'delivery':<16} {'median':>10} {'max':>10}  status codes")
    for server, mail_settings in servers.items():
        for mode in ("in the request", "queue"):
            core_mail._enqueue = send_in_the_request if mode == "in the request" else enqueue
            durations, codes = [], []
            with override_settings(TASKS=queue, ACCOUNT_RATE_LIMITS=False, **mail_settings):
                for _round in range(args.repeat):
                    started = time.perf_counter()
                    response = client.post("/konto/password/reset/", {"email": user.email})
                    durations.append((time.perf_counter() - started) * 1000)
                    codes.append(response.status_code)
            print(
                f"{server:<10} {mode:<16} {statistics.median(durations):>8.1f}ms "
                f"{max(durations):>8.1f}ms  {sorted(set(codes))}"
            )
    core_mail._enqueue = enqueue
    print(f"queued e-mail tasks: {DBTaskResult.objects.count()}")

    with override_settings(TASKS=queue):
        started = time.perf_counter()
        first = schedule.enqueue_due()
        first_ms = (time.perf_counter() - started) * 1000
        rounds = []
        for _round in range(args.repeat):
            started = time.perf_counter()
            schedule.enqueue_due()
            rounds.append((time.perf_counter() - started) * 1000)
    started_runs = sum(1 for decision in first if decision.job is not None)
    print(
        f"scheduler: first round {first_ms:.1f} ms ({started_runs} runs enqueued), "
        f"a round with nothing due {statistics.median(rounds):.1f} ms (median)"
    )
    hanging.close()


if __name__ == "__main__":
    main()
