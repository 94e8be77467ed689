"""Demo of the public cluster profile: `seed_profile(cluster)` writes the published profile of
the Cluster Metall Brandenburg in German and English and a team of three invented persons
(`demo_data/profile_metall.json`; e-mails @demo.clusterwerk.de). The English "Wer wir sind"
(`about_en`) is left empty on purpose, so that the English page shows its "only in German"
note.

Idempotent: the profile is written when the cluster has none or a demo one (a real profile is
never touched); the demo team replaces the cluster's demo team members. Returns the profile.
"""

import json
from pathlib import Path

from django.db import transaction

from clusterwerk.clusterprofile.models import ClusterProfile, TeamMember
from clusterwerk.core.models import Cluster

DATA_FILE = Path(__file__).parent / "demo_data" / "profile_metall.json"


def demo_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def seed_profile(cluster: Cluster) -> ClusterProfile | None:
    data = demo_data()
    profile = ClusterProfile.objects.filter(cluster=cluster).first()
    if profile is not None and not profile.is_demo:
        return profile
    values = {**data["profile"], "is_published": True, "is_demo": True}
    if profile is None:
        profile = ClusterProfile(cluster=cluster, **values)
    else:
        changed = any(getattr(profile, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(profile, name, value)
        if changed:
            profile.version += 1
    profile.full_clean()
    profile.save()
    wanted = [(person["name"], person["role"]) for person in data["team"]]
    stored = list(
        TeamMember.objects.filter(cluster=cluster, is_demo=True)
        .order_by("order")
        .values_list("name", "role")
    )
    if stored != wanted:
        TeamMember.objects.filter(cluster=cluster, is_demo=True).delete()
        TeamMember.objects.bulk_create(
            TeamMember(
                cluster=cluster,
                order=order,
                is_demo=True,
                name=person["name"],
                role=person["role"],
                role_en=person.get("role_en", ""),
                email=person.get("email", ""),
                phone=person.get("phone", ""),
            )
            for order, person in enumerate(data["team"])
        )
    return profile
