"""The cross-cluster partner search page (`crosscluster.search`): for the members of the
request's cluster; everybody else reads why not."""

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.crosscluster import queries, search
from clusterwerk.matchmaking import engine


class CrossClusterSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Wonach suchen Sie?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In Ihren Worten, z. B. „Laserstrukturierung von Aluminiumoberflächen“."),
        error_messages={"required": _("Bitte beschreiben Sie, wonach Sie suchen.")},
    )
    clusters = forms.MultipleChoiceField(
        label=_("In welchen Clustern?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens ein Cluster.")},
    )

    def __init__(self, *args, partner_clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_clusters = {c.slug: c for c in partner_clusters}
        self.fields["clusters"].choices = [(c.slug, c.name) for c in partner_clusters]

    def chosen_clusters(self):
        return [self.partner_clusters[slug] for slug in self.cleaned_data["clusters"]]


def partner_search(request):
    cluster = request_cluster(request)
    refusal = search.refusal(request.user, cluster)
    partners = list(queries.partner_clusters_of(cluster))
    form = CrossClusterSearchForm(
        request.GET if ("q" in request.GET and not refusal) else None, partner_clusters=partners
    )
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = search.partner_search(
                request.user, cluster, form.cleaned_data["q"], form.chosen_clusters()
            )
        except engine.EmptyNeed as empty:
            form.add_error("q", str(empty))
    status = 400 if form.is_bound and form.errors else 200
    context = {
        "cluster": cluster,
        "form": form,
        "result": result,
        "refusal": refusal,
        "can_see_dashboard": manages_cluster(request.user, cluster),
    }
    return render(request, "crosscluster/partner_search.html", context, status=status)


urlpatterns = [path("cross-cluster/partnersuche/", partner_search, name="search")]
