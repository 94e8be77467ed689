"""Every write of the innovation prize, one module per part (editions, applications, jury,
assignment, scoring, decisions, follow-ups). Each write takes the acting `user` and the
request's `cluster`, checks the permission and the phase (`phases.require`), runs in one
transaction and bumps the `award` data version."""
