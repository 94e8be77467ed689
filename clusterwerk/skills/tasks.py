"""The Fachkräftematrix's work in the task queue: the survey's reminders
(`services.survey.remind_survey` enqueues them, `services.survey.send_reminders` mails)."""

from clusterwerk.core.tasks import task


@task()
def send_survey_reminders(*, survey_id: int, actor_ids: list[int]) -> int:
    """Mail the reminders of one survey to the representatives of the companies that have
    not submitted yet."""
    from clusterwerk.skills.services.survey import send_reminders

    return send_reminders(survey_id=survey_id, actor_ids=actor_ids)
