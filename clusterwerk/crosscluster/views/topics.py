"""Pages of the cross-cluster topics: the topics of the request's cluster grouped by partner
cluster with their counts, one topic with both clusters side by side, and the topic's form
for the management of its own cluster."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.crosscluster import queries, services
from clusterwerk.crosscluster.forms import TopicForm, topic_form_initial
from clusterwerk.crosscluster.topics import KINDS, RULE_TEXT, topic_content, topic_contents
from clusterwerk.masterplan.queries import topic_catalogue


def topic_list(request):
    cluster = request_cluster(request)
    contents = topic_contents(request.user, queries.cluster_topics(cluster), entries=False)
    groups: dict[int, dict] = {}
    for content in contents:
        partner = queries.other_cluster(content.topic, cluster)
        group = groups.setdefault(partner.pk, {"partner": partner, "contents": []})
        group["contents"].append(content)
    context = {
        "cluster": cluster,
        "groups": sorted(groups.values(), key=lambda g: (g["partner"].name, g["partner"].pk)),
        "kinds": [str(label) for _key, label in KINDS],
        "rule": RULE_TEXT,
        "can_see_dashboard": manages_cluster(request.user, cluster),
    }
    return render(request, "crosscluster/topic_list.html", context)


def topic_detail(request, pk: int):
    cluster = request_cluster(request)
    topic = queries.get_topic_for_user(request.user, cluster, pk)
    content = topic_content(request.user, topic)
    catalogue = topic_catalogue(topic.cluster)
    context = {
        "cluster": cluster,
        "topic": topic,
        "content": content,
        "kinds": KINDS,
        "topic_areas": [catalogue.label(n) for n in catalogue.numbers_of(topic.topic_lineages)],
        "rule": RULE_TEXT,
        "can_edit": queries.can_edit_topic(request.user, cluster, topic),
        "can_see_dashboard": manages_cluster(request.user, cluster),
    }
    return render(request, "crosscluster/topic_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request, pk: int):
    cluster = request_cluster(request)
    topic = queries.get_topic_for_user(request.user, cluster, pk, write=True)
    form = TopicForm(
        request.POST if request.method == "POST" else None,
        initial=topic_form_initial(services.topic_data(topic)),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_topic(
                    user=request.user, cluster=cluster, topic=topic, **form.cleaned_data
                )
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(key if key in form.fields else None, message)
            else:
                messages.success(request, _("Das Thema ist gespeichert."))
                return redirect(reverse("crosscluster:topic", args=[topic.pk]))
    catalogue = topic_catalogue(cluster)
    context = {
        "topic": topic,
        "form": form,
        "topic_options": [(n, catalogue.label(n)) for n in catalogue.numbers()],
    }
    return render(request, "crosscluster/topic_form.html", context, status=status)


urlpatterns = [
    path("cross-cluster/", topic_list, name="topics"),
    path("cross-cluster/themen/<int:pk>/", topic_detail, name="topic"),
    path("cross-cluster/themen/<int:pk>/bearbeiten/", topic_edit, name="topic-edit"),
]
