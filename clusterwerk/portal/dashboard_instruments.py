"""The cluster's instruments in "Mein Bereich" (see `dashboards.member_dashboard`): the
innovation prize (my applications, my jury seats), the foresight (my panel seats with open
items), the Fachkräftematrix (open surveys of my companies, my succession cases, the
chamber's desk) and the bodies (my next meetings, my action items). Each builder reads a
constant number of queries."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.award import queries as award_queries
from clusterwerk.award.models import ApplicationStatus
from clusterwerk.core.models import Cluster
from clusterwerk.foresight import queries as foresight_queries
from clusterwerk.governance import queries as governance_queries
from clusterwerk.governance.models import Attendance, Response
from clusterwerk.portal.dashboard_items import SHOWN_ITEMS, Item
from clusterwerk.skills import succession_queries
from clusterwerk.skills.models import (
    CaseStatus,
    ResponseStatus,
    Survey,
    SurveyResponse,
    SurveyStatus,
)
from clusterwerk.skills.models import InterestStatus as SuccessionInterestStatus
from clusterwerk.skills.permissions import chambers_of
from clusterwerk.skills.services import survey as survey_services


def award_items(user, cluster: Cluster) -> list[Item]:
    """The innovation prize: the user's applications in editions not published yet, and the
    jury seats with their open reviews."""
    rows = []
    for application in award_queries.open_applications_of(user, cluster)[:SHOWN_ITEMS]:
        edition = application.edition
        deadline = formats.date_format(
            timezone.localtime(edition.deadline), "SHORT_DATETIME_FORMAT"
        )
        draft = application.status == ApplicationStatus.DRAFT
        rows.append(
            Item(
                title=application.title,
                url=application.get_absolute_url(),
                status=application.get_status_display(),
                note=_("%(edition)s · Einsendeschluss %(deadline)s")
                % {"edition": edition.title, "deadline": deadline},
                action=_("Bewerbung vervollständigen") if draft else _("Bewerbung ansehen"),
                action_url=application.get_absolute_url(),
            )
        )
    for seat in award_queries.jury_seats_with_work(user, cluster):
        url = reverse("award:jury-home", args=[seat.edition.year])
        if not seat.has_accepted_confidentiality:
            status = _("Vertraulichkeitserklärung steht aus")
        else:
            status = ngettext(
                "%(count)d Bewertung offen", "%(count)d Bewertungen offen", seat.open_reviews
            ) % {"count": seat.open_reviews}
        rows.append(
            Item(
                title=_("Jury: %(edition)s") % {"edition": seat.edition.title},
                url=url,
                status=status,
                note=seat.edition.get_phase_display(),
                action=_("Zur Jury"),
                action_url=url,
            )
        )
    return rows


def foresight_items(user, cluster: Cluster) -> list[Item]:
    """The foresight: the user's panel seats in cycles being rated, with the items still to
    answer in the current round."""
    rows = []
    for seat in foresight_queries.open_seats_with_progress(user, cluster):
        open_items = max(seat.item_count - seat.answered_count, 0)
        url = reverse("foresight:rate", args=[seat.cycle.slug])
        rows.append(
            Item(
                title=seat.cycle.title,
                url=url,
                status=ngettext("%(count)d Item offen", "%(count)d Items offen", open_items)
                % {"count": open_items}
                if open_items
                else _("Alles bewertet"),
                note=_("Panel als %(pseudonym)s") % {"pseudonym": seat.pseudonym},
                action=_("Jetzt bewerten") if open_items else _("Bewertungen ansehen"),
                action_url=url,
            )
        )
    return rows


def skills_items(user, cluster: Cluster) -> list[Item]:
    """The Fachkräftematrix and the Nachfolgebörse: open surveys my companies have not
    answered yet, my succession cases with interests waiting for my answer, and – for a
    chamber's people – the cases to release and interests to check."""
    rows = []
    companies = survey_services.answering_companies(user, cluster)
    if companies:
        surveys = [
            survey
            for survey in Survey.objects.filter(cluster=cluster, status=SurveyStatus.OPEN)
            if survey_services.is_open(survey)
        ]
        answered = set(
            SurveyResponse.objects.filter(
                survey__in=surveys, actor__in=companies, status=ResponseStatus.SUBMITTED
            ).values_list("survey_id", "actor_id")
        )
        for survey in surveys:
            closes = formats.date_format(survey.closes_on, "SHORT_DATE_FORMAT")
            for company in companies:
                if (survey.pk, company.pk) in answered:
                    continue
                url = reverse("skills:survey_answer", args=[survey.year]) + f"?betrieb={company.pk}"
                rows.append(
                    Item(
                        title=survey.title,
                        url=url,
                        status=_("noch nicht abgegeben"),
                        note=_("%(company)s · bis %(date)s")
                        % {"company": company.name, "date": closes},
                        action=_("Jetzt antworten"),
                        action_url=url,
                    )
                )
    waiting = {}
    for interest in succession_queries.interests_for_owner(user, cluster).filter(
        status=SuccessionInterestStatus.FORWARDED
    ):
        waiting[interest.case_id] = waiting.get(interest.case_id, 0) + 1
    for case in succession_queries.cases_of_owner(user, cluster).exclude(
        status__in=[CaseStatus.HANDED_OVER, CaseStatus.WITHDRAWN]
    )[:SHOWN_ITEMS]:
        url = reverse("skills:succession_case", args=[case.uid])
        count = waiting.get(case.pk, 0)
        rows.append(
            Item(
                title=case.title,
                url=url,
                status=ngettext(
                    "%(count)d Anfrage wartet auf Ihre Antwort",
                    "%(count)d Anfragen warten auf Ihre Antwort",
                    count,
                )
                % {"count": count}
                if count
                else case.get_status_display(),
                note=_("Nachfolge · %(chamber)s") % {"chamber": case.chamber.name},
                action=_("Anfragen beantworten") if count else _("Nachfolge ansehen"),
                action_url=url,
            )
        )
    if chambers_of(user, cluster).exists():
        desk = succession_queries.chamber_desk(user, cluster)
        url = reverse("skills:chamber_desk")
        open_work = len(desk["to_release"]) + len(desk["to_check"])
        rows.append(
            Item(
                title=_("Nachfolgebörse: Schreibtisch der Kammer"),
                url=url,
                status=_("%(cases)d zur Freigabe, %(interests)d Anfragen zu prüfen")
                % {"cases": len(desk["to_release"]), "interests": len(desk["to_check"])}
                if open_work
                else _("Nichts offen"),
                note=_("Nachfolgefälle und Anfragen Ihrer Kammer"),
                action=_("Zum Schreibtisch"),
                action_url=url,
            )
        )
    return rows


def governance_items(user, cluster: Cluster) -> list[Item]:
    """The bodies: the next meetings of my bodies (with my answer to the invitation) and my
    open action items, overdue ones first and marked in words."""
    rows = []
    meetings = list(governance_queries.upcoming_meetings_of(user, cluster)[:SHOWN_ITEMS])
    answers = dict(
        Attendance.objects.filter(meeting__in=meetings, member__user=user).values_list(
            "meeting_id", "response"
        )
    )
    for meeting in meetings:
        url = reverse("governance:meeting", args=[meeting.body.slug, meeting.pk])
        answer = answers.get(meeting.pk)
        starts = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
        rows.append(
            Item(
                title=meeting.title,
                url=url,
                status=Response(answer).label if answer else meeting.get_status_display(),
                note=_("%(body)s · %(starts)s") % {"body": meeting.body.name, "starts": starts},
                action=_("Zu- oder absagen") if answer == Response.OPEN else _("Sitzung ansehen"),
                action_url=url,
            )
        )
    today = timezone.localdate()
    for item in governance_queries.action_items_of(user, cluster)[:SHOWN_ITEMS]:
        url = reverse("governance:meeting", args=[item.meeting.body.slug, item.meeting_id])
        due = formats.date_format(item.due_on, "SHORT_DATE_FORMAT")
        rows.append(
            Item(
                title=item.title,
                url=url,
                status=_("überfällig seit %(date)s") % {"date": due}
                if item.due_on < today
                else _("fällig am %(date)s") % {"date": due},
                note=_("Aufgabe · %(body)s") % {"body": item.meeting.body.name},
                action=_("Stand melden"),
                action_url=url,
            )
        )
    return rows
