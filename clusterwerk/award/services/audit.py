"""The edition's audit log (`AuditEntry`): decisions, phase changes, conflict decisions,
assignment changes and every change of a score after the scoring phase. Called inside the
writing service's transaction."""

from clusterwerk.award.models import AuditEntry, AwardEdition


def record(
    edition: AwardEdition,
    user,
    action: str,
    *,
    application=None,
    changes: dict | None = None,
    message: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        edition=edition,
        application=application,
        user=user,
        action=action,
        changes=changes or {},
        message=message[:500],
    )
