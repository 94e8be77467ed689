"""The public cluster profile (like the European Cluster Collaboration Platform's): who the
cluster is, in German and English, written by the cluster management. Every `*_en` field may
be empty: the English page then shows the German text, marked `lang="de"`, and says which
parts exist only in German. The figures come from `core.ClusterFigure` (with year and source),
the bodies from governance, members, events and winners from their apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.models import Cluster, TimeStampedModel

# The licence of the open data files (Datenlizenz Deutschland – Namensnennung – 2.0).
OPEN_DATA_LICENCE = {
    "id": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}


class ClusterProfile(TimeStampedModel):
    cluster = models.OneToOneField(Cluster, on_delete=models.CASCADE, related_name="profile")
    tagline = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    tagline_en = models.CharField(_("Kurzbeschreibung (englisch)"), max_length=300, blank=True)
    about = models.TextField(_("Wer wir sind"), blank=True)
    about_en = models.TextField(_("Wer wir sind (englisch)"), blank=True)
    focus = models.TextField(_("Schwerpunkte"), blank=True)
    focus_en = models.TextField(_("Schwerpunkte (englisch)"), blank=True)
    management_organisation = models.CharField(
        _("Träger des Clustermanagements"), max_length=300, blank=True
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    municipality = models.CharField(_("Ort"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    website = models.URLField(_("Website"), max_length=300, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("gegründet"), null=True, blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=1)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Clusterprofil")
        verbose_name_plural = _("Clusterprofile")

    def __str__(self):
        return str(self.cluster)


class TeamMember(models.Model):
    """A person of the cluster management team, with a public contact."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="team_members")
    name = models.CharField(_("Name"), max_length=200)
    role = models.CharField(_("Funktion im Team"), max_length=200)
    role_en = models.CharField(_("Funktion im Team (englisch)"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Person im Clustermanagement")
        verbose_name_plural = _("Team des Clustermanagements")
        ordering = ["cluster", "order", "name"]

    def __str__(self):
        return self.name
