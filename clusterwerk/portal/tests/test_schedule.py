"""The scheduler: each periodic run is enqueued once per period, whoever asks how often; the
digests it starts send once per period; failed runs are tried again, but not forever."""

import datetime
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clusterwerk.core import periodic
from clusterwerk.core.models import Job, JobState
from clusterwerk.core.tasks import TaskResultStatus
from clusterwerk.matchmaking import services as matchmaking_services
from clusterwerk.matchmaking.models import SavedSearch
from clusterwerk.matchmaking.tests.saved_support import build_world, publish
from clusterwerk.portal import schedule

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A Monday morning, after every run of the schedule is due (week 49 of 2026).
MONDAY = datetime.datetime(2026, 11, 30, 8, 20, tzinfo=BERLIN)
ALL_KEYS = {
    "phase_notices:2026-11-30T08",
    "expire_event_offers:2026-11-30T08",
    "expire_listings:2026-11-30",
    "erase_event_registrations:2026-11-30",
    "prune:2026-11-30",
    "participation_digest_daily:2026-11-30",
    "participation_digest_weekly:2026-W49",
    "match_digest:2026-W49",
    "award_follow_ups:2026-11-30",
    "governance_action_reminders:2026-11-30",
}


@pytest.fixture
def queue(settings):
    """The real queue: enqueued tasks wait instead of running at once."""
    settings.TASKS = DATABASE_TASKS


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def enqueue_due() -> list[schedule.Decision]:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return schedule.enqueue_due()


def started(decisions) -> set[str]:
    return {decision.key for decision in decisions if decision.job is not None}


# --- periods ---------------------------------------------------------------------------------


def test_periods_are_local_hours_days_and_iso_weeks():
    moment = datetime.datetime(2027, 1, 1, 0, 30, tzinfo=BERLIN)  # Friday, ISO week 53 of 2026
    assert periodic.run_key("x", periodic.HOURLY, moment) == "x:2027-01-01T00"
    assert periodic.run_key("x", periodic.DAILY, moment) == "x:2027-01-01"
    assert periodic.run_key("x", periodic.WEEKLY, moment) == "x:2026-W53"
    assert periodic.period_start(periodic.WEEKLY, moment) == datetime.datetime(
        2026, 12, 28, tzinfo=BERLIN
    )
    # In UTC it is still 2026: the period follows the local calendar.
    assert moment.astimezone(datetime.UTC).year == 2026


def test_periods_across_the_change_to_summer_time():
    wednesday = datetime.datetime(2027, 3, 31, 12, 0, tzinfo=BERLIN)  # summer time since Sunday
    start = periodic.period_start(periodic.WEEKLY, wednesday)
    assert timezone.localtime(start).replace(tzinfo=None) == datetime.datetime(2027, 3, 29)
    assert start.utcoffset() == datetime.timedelta(hours=2)
    sunday = datetime.datetime(2027, 3, 28, 12, 0, tzinfo=BERLIN)
    day = periodic.period_start(periodic.DAILY, sunday)
    assert timezone.localtime(day).replace(tzinfo=None) == datetime.datetime(2027, 3, 28)
    assert day.utcoffset() == datetime.timedelta(hours=1)  # the day began in winter time


# --- enqueued once per period ----------------------------------------------------------------


def test_each_due_run_is_enqueued_once_per_period(queue):
    with at(MONDAY):
        first = enqueue_due()
        assert started(first) == ALL_KEYS
        again = enqueue_due()  # a second scheduler, a cron overlap, a rerun
        assert started(again) == set()
        assert {decision.reason for decision in again} == {schedule.TAKEN}

    assert Job.objects.count() == len(ALL_KEYS)
    assert set(Job.objects.values_list("run_key", flat=True)) == ALL_KEYS
    assert DBTaskResult.objects.count() == len(ALL_KEYS)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.READY}
    job = Job.objects.get(run_key="match_digest:2026-W49")
    assert job.title == (
        "Kooperationsbörse: wöchentliche E-Mail der gespeicherten Suchen (2026-W49)"
    )
    assert job.cluster is None and job.state == JobState.QUEUED

    # Later the same day: only the hourly runs are new.
    with at(MONDAY + datetime.timedelta(hours=2)):
        assert started(enqueue_due()) == {
            "phase_notices:2026-11-30T10",
            "expire_event_offers:2026-11-30T10",
        }
    # Tuesday: the daily runs come again; the weekly ones wait for next week.
    with at(MONDAY + datetime.timedelta(days=1)):
        assert started(enqueue_due()) == {
            "phase_notices:2026-12-01T08",
            "expire_event_offers:2026-12-01T08",
            "expire_listings:2026-12-01",
            "erase_event_registrations:2026-12-01",
            "prune:2026-12-01",
            "participation_digest_daily:2026-12-01",
            "award_follow_ups:2026-12-01",
            "governance_action_reminders:2026-12-01",
        }


def test_nothing_runs_before_its_time_of_day(queue):
    with at(datetime.datetime(2026, 11, 30, 0, 2, tzinfo=BERLIN)):
        assert started(enqueue_due()) == set()
    with at(datetime.datetime(2026, 11, 30, 6, 30, tzinfo=BERLIN)):
        assert started(enqueue_due()) == {
            "phase_notices:2026-11-30T06",
            "expire_event_offers:2026-11-30T06",
            "expire_listings:2026-11-30",
            "erase_event_registrations:2026-11-30",
            "prune:2026-11-30",
            "participation_digest_daily:2026-11-30",
            "participation_digest_weekly:2026-W49",
        }  # the Börse's digest at 07:00, the bodies' action reminders at 07:00


def test_a_late_scheduler_catches_up_within_the_period(queue):
    """Down on Monday, back on Thursday: the weekly digests of the week still go out."""
    with at(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN)):
        keys = started(enqueue_due())
    assert {"match_digest:2026-W49", "participation_digest_weekly:2026-W49"} <= keys


def test_an_operators_command_counts_for_the_period(queue):
    with at(MONDAY):
        call_command("send_match_digest", stdout=StringIO())
        assert "match_digest:2026-W49" not in started(enqueue_due())
        with pytest.raises(CommandError, match=r"match_digest:2026-W49.*kein zweites Mal"):
            call_command("send_match_digest", stdout=StringIO())


def test_a_failed_run_is_tried_again_later_but_not_forever(queue):
    key = "expire_listings:2026-11-30"
    with at(MONDAY):
        enqueue_due()
        Job.objects.filter(run_key=key).update(state=JobState.FAILED, finished_at=timezone.now())
        assert key not in started(enqueue_due())  # just failed
    with at(MONDAY + schedule.RETRY_FAILED_AFTER + datetime.timedelta(minutes=1)):
        assert key in started(enqueue_due())
        Job.objects.filter(run_key=key).update(state=JobState.FAILED, finished_at=timezone.now())
    with at(MONDAY + 3 * schedule.RETRY_FAILED_AFTER):
        assert key in started(enqueue_due())
        Job.objects.filter(run_key=key).update(state=JobState.FAILED, finished_at=timezone.now())
    with at(MONDAY + 5 * schedule.RETRY_FAILED_AFTER):
        decisions = {decision.key: decision for decision in enqueue_due()}
        assert decisions[key].reason == schedule.FAILED_TOO_OFTEN
    assert Job.objects.filter(run_key=key).count() == schedule.MAX_FAILED_RUNS


# --- the digest, started by the scheduler, sends once ----------------------------------------


def test_the_digest_run_twice_in_a_period_sends_once(cluster):
    """Tasks run at once here (the immediate backend)."""
    with at(MONDAY - datetime.timedelta(days=8)):
        world = build_world(cluster)
        search = matchmaking_services.save_search(
            user=world.other_member, cluster=cluster, name="Laser", query="Laserschweißen"
        )
    with at(MONDAY - datetime.timedelta(days=1)):
        publish(world)
    with at(MONDAY):
        enqueue_due()
        job = Job.objects.get(run_key="match_digest:2026-W49")
        assert job.state == JobState.SUCCEEDED
        assert job.result["sent"] == 1
        assert [message.to for message in mail.outbox] == [[world.other_member.email]]
        # The same period again – the scheduler and the digest itself both hold back.
        enqueue_due()
        from clusterwerk.matchmaking.digest import send_digests

        with TestCase.captureOnCommitCallbacks(execute=True):
            assert send_digests().sent == []
    with at(MONDAY + datetime.timedelta(days=2)):
        publish(world, title="Noch ein Laserschweißen")
        enqueue_due()
    assert len(mail.outbox) == 1
    search.refresh_from_db()
    assert timezone.localtime(search.last_digest_at) == MONDAY
    # Next week, the new listing comes.
    with at(MONDAY + datetime.timedelta(days=7)):
        enqueue_due()
    assert len(mail.outbox) == 2
    assert "Noch ein Laserschweißen" in mail.outbox[1].body
    assert SavedSearch.objects.get().last_digest_at > MONDAY


# --- pruning ---------------------------------------------------------------------------------


def test_pruning_deletes_old_jobs_and_old_task_results(queue):
    with at(MONDAY - datetime.timedelta(days=20)):
        with TestCase.captureOnCommitCallbacks(execute=True):
            from clusterwerk.core.mail import send_email_later

            send_email_later(subject="Alt", body="B", to=["a@example.org"])
        DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())
        old_job = Job.objects.create(
            kind="x", title="alt", state=JobState.SUCCEEDED, finished_at=timezone.now()
        )
    with at(MONDAY):
        enqueue_due()
        prune = Job.objects.get(run_key="prune:2026-11-30")
        schedule.prune_task.call(job_id=str(prune.pk))
    prune.refresh_from_db()
    assert prune.state == JobState.SUCCEEDED
    assert prune.result == {"jobs": 1, "task_results": 1}
    assert not Job.objects.filter(pk=old_job.pk).exists()
    # The queued runs of today stay.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == len(ALL_KEYS)


# --- the command -----------------------------------------------------------------------------


def test_the_command_once_and_as_a_loop(queue, monkeypatch):
    with at(MONDAY):
        out = StringIO()
        call_command("schedule", "--list", stdout=out)
        assert "match_digest:2026-W49: fällig" in out.getvalue()
        assert not Job.objects.exists()

        out = StringIO()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("schedule", stdout=out)
        assert out.getvalue().count("beauftragt (Auftrag") == len(ALL_KEYS)

        out = StringIO()
        call_command("schedule", stdout=out)
        assert "match_digest:2026-W49: in diesem Zeitraum schon beauftragt (Stand: wartet)" in (
            out.getvalue()
        )

    from clusterwerk.portal.management.commands.schedule import Command

    rounds = []

    def one_round_only(self, seconds):
        rounds.append(seconds)
        self.stopping = True

    monkeypatch.setattr(Command, "sleep", one_round_only)
    # The loop closes stale connections between rounds; here that would end the test's
    # transaction.
    monkeypatch.setattr(
        "clusterwerk.portal.management.commands.schedule.close_old_connections", lambda: None
    )
    with at(MONDAY + datetime.timedelta(hours=1)):
        out = StringIO()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("schedule", "--loop", "--interval", "5", stdout=out)
    assert rounds == [5]
    assert "phase_notices:2026-11-30T09: beauftragt" in out.getvalue()
    assert "Zeitplan beendet." in out.getvalue()
