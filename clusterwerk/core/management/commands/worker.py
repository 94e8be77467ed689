"""`manage.py worker`: runs the tasks of the queue (the database backend's `db_worker`), with a
heartbeat, so that the tasks of a worker that was killed go back to the queue.

Any number of workers on any number of machines may run against one PostgreSQL database: a
worker claims a task with SELECT … FOR UPDATE SKIP LOCKED. On SQLite one worker is enough.
Options are db_worker's (`--queue-name`, `--interval`, `--batch`, `--max-tasks`, …)."""

import os
import socket
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from clusterwerk.core import jobs


class Heartbeat(threading.Thread):
    """Writes the worker's sign of life every few seconds and, now and then, recovers the
    tasks of dead workers."""

    def __init__(self, worker_id: str):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        beats = 0
        try:
            while not self.stopped.wait(jobs.HEARTBEAT_SECONDS):
                close_old_connections()
                try:
                    jobs.beat(self.worker_id, host=socket.gethostname(), pid=os.getpid())
                    beats += 1
                    if beats % 6 == 0:
                        jobs.recover_abandoned_tasks(calling_worker=self.worker_id)
                except Exception:  # a locked SQLite file or a lost connection: next beat
                    jobs.logger.warning("Heartbeat failed; trying again.", exc_info=True)
        finally:
            connection.close()


class Command(DatabaseWorkerCommand):
    help = "Führt Hintergrundaufträge aus (Task-Queue in der Datenbank), mit Lebenszeichen."

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        jobs.beat(worker_id, host=socket.gethostname(), pid=os.getpid())
        jobs.recover_abandoned_tasks()
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stopped.set()
            jobs.stop_beating(worker_id)
