"""The foresight's work in the task queue: the panel's reminders
(`services.panel.remind_panel` enqueues them, `services.panel.send_reminders` mails)."""

from clusterwerk.core.tasks import task


@task()
def send_panel_reminders(*, cycle_id: int, panellist_ids: list[int]) -> int:
    """Mail the reminders of one cycle's panel to those who still have unanswered items."""
    from clusterwerk.foresight.services.panel import send_reminders

    return send_reminders(cycle_id=cycle_id, panellist_ids=panellist_ids)
