"""schema.org `Organization` for the profile page (JSON-LD, written by
`core.jsonld.json_ld_script`).

What goes in: name, alternateName (the short name), url (the profile page), description (the
tagline, else the about text, else the cluster's description – in the page's language where
there is one), email, telephone, address (`PostalAddress`), sameAs (the website),
`knowsAbout` (the focus topics), foundingDate (the year), and the public bodies as
`subOrganization` (each an `Organization` with its name). Member organisations are counted on
the page, not named: the JSON-LD does not list them (`member` would have to name them)."""

from clusterwerk.clusterprofile.queries import ProfilePage


def organization_json_ld(page: ProfilePage, *, url: str) -> dict:
    cluster, profile = page.cluster, page.profile
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": cluster.name,
        "url": url,
    }
    if cluster.short_name and cluster.short_name != cluster.name:
        data["alternateName"] = cluster.short_name
    description = (
        (page.tagline.text or page.about.text) if page.full else ""
    ) or page.description.text
    if description:
        data["description"] = description
    if not page.full or profile is None:
        return data
    if profile.email:
        data["email"] = profile.email
    if profile.phone:
        data["telephone"] = profile.phone
    if profile.street or profile.municipality:
        address = {"@type": "PostalAddress", "addressCountry": "DE"}
        for key, value in (
            ("streetAddress", profile.street),
            ("postalCode", profile.postal_code),
            ("addressLocality", profile.municipality),
            ("addressRegion", cluster.region),
        ):
            if value:
                address[key] = value
        data["address"] = address
    if profile.website:
        data["sameAs"] = [profile.website]
    if page.focus:
        data["knowsAbout"] = list(page.focus)
    if profile.founded_year:
        data["foundingDate"] = str(profile.founded_year)
    if page.bodies:
        data["subOrganization"] = [
            {"@type": "Organization", "name": body.name.text} for body in page.bodies
        ]
    return data
