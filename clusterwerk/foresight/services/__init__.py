"""Every write of the foresight, by part: cycles (setup, phases), items (items, sources, topic
areas), panel (invitations, reminders), rating (ratings, expertise, comments), gaps (what the
management makes of a gap signal)."""
