"""schema.org JSON-LD for a public actor profile (Organization / CollegeOrUniversity / …).

Only what the public may see goes in: contact persons only with consent and public visibility,
whoever looks at the page.
"""

from django.utils.safestring import SafeString

from clusterwerk.actors.models import ActorKind, ContactPerson, Visibility
from clusterwerk.core.jsonld import json_ld_script

SCHEMA_TYPES = {
    ActorKind.UNIVERSITY: "CollegeOrUniversity",
    ActorKind.RESEARCH_INSTITUTE: "ResearchOrganization",
    ActorKind.COMPANY: "Corporation",
    ActorKind.CRAFT_BUSINESS: "LocalBusiness",
    ActorKind.ECONOMIC_DEVELOPMENT: "GovernmentOrganization",
}


def organisation_data(actor, profile, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(actor.kind, "Organization"),
        "@id": request.build_absolute_uri(actor.get_absolute_url()),
        "name": actor.name,
        "url": actor.website or request.build_absolute_uri(actor.get_absolute_url()),
    }
    if actor.short_name:
        data["alternateName"] = actor.short_name
    if actor.description:
        data["description"] = actor.description
    address = {
        "@type": "PostalAddress",
        "streetAddress": actor.street,
        "postalCode": actor.postal_code,
        "addressLocality": actor.municipality,
        "addressRegion": actor.district.state if actor.district_id else "",
        "addressCountry": "DE",
    }
    address = {key: value for key, value in address.items() if value}
    if len(address) > 2:
        data["address"] = address
    position = actor.position
    if position and actor.latitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": position[0], "longitude": position[1]}
    if actor.employees:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": actor.employees}
    if actor.founded_year:
        data["foundingDate"] = str(actor.founded_year)
    knows = [view.competence.text for view in profile.competences]
    if knows:
        data["knowsAbout"] = knows
    if profile.activities:
        # WZ 2008 divisions are NACE Rev. 2 divisions, which match ISIC Rev. 4 divisions.
        data["isicV4"] = profile.activities[0].activity.division
    if profile.clusters:
        data["memberOf"] = [{"@type": "Organization", "name": c.name} for c in profile.clusters]
    contacts = [
        contact
        for contact in profile.contacts
        if contact.consent and contact.visibility == Visibility.PUBLIC
    ]
    if contacts:
        data["contactPoint"] = [_contact_point(contact) for contact in contacts]
    return data


def _contact_point(contact: ContactPerson) -> dict:
    point = {"@type": "ContactPoint", "name": contact.name}
    if contact.function:
        point["contactType"] = contact.function
    if contact.email:
        point["email"] = contact.email
    if contact.phone:
        point["telephone"] = contact.phone
    return point


def organisation_json_ld(actor, profile, request) -> SafeString:
    """The JSON-LD, safe inside <script type="application/ld+json">."""
    return json_ld_script(organisation_data(actor, profile, request))
