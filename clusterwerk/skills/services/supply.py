"""Supply: trainees and graduates per occupation and district (`SupplyFigure`), entered by
hand or imported from a CSV file, and the training offers companies search
(`TrainingOffer`).

**Supply figures** are kept by the cluster management (`import_supply`, `save_supply_figure`);
a training provider's representative may enter the figures of their own provider by hand.
The CSV file (";" or ",", UTF-8 or Windows-1252) has one row per occupation, district and
provider with German headers:

    Jahr;KldB 2010;Kreisschlüssel;Bildungsträger;Auszubildende;Absolventen
    2024;25122;12069;osz-werder;34;11

"Jahr" and "Bildungsträger" (the provider's directory address, e.g. "osz-werder") are
optional columns; an empty year is the import's year, an empty provider a figure without
provider. Empty numbers count as 0. The import is all-or-nothing: any bad row (unknown
occupation code, unknown Kreisschlüssel, negative or non-integer number, unknown provider,
a row twice) is reported with its line number and nothing is written. A row for an existing
(year, occupation, district, provider) replaces its figures.

**Training offers** belong to a provider of the directory (any member actor of the cluster:
Oberstufenzentrum, chamber, university, company); its representatives and the cluster
management create, change (with the version they loaded: optimistic locking) and delete
them. Offer data is one JSON-safe format forms and the API hand in:

    {"provider": "osz-werder", "title": "…", "description": "…", "format": "apprenticeship",
     "occupation": "25122", "competence": "", "district": "12069", "starts_on": "2025-08-01",
     "ends_on": "2028-07-31", "url": "https://…", "is_published": true, "topics": ["6.3.2"]}

`topics` are numbers of topic areas of the cluster's published masterplan (preferably those
of 6.3, "Qualifizierung"), stored by lineage so that they survive the next edition. An empty
district is the provider's.

`offers_near(cluster, occupation, district)` lists the published offers for an occupation in
the district or with a district centroid within `NEAR_KM` (40 km); `search_offers` is the
companies' search.
"""

import csv
import io
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.actors.models import Actor, District
from clusterwerk.core import validation, versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.skills.models import (
    Occupation,
    OfferFormat,
    SupplyFigure,
    TrainingOffer,
    TrainingOfferTopicArea,
)
from clusterwerk.skills.permissions import manages_skills, represented_actors, represents

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
MAX_FIGURE = 1_000_000
OFFER_FIELDS = (
    "provider",
    "title",
    "description",
    "format",
    "occupation",
    "competence",
    "district",
    "starts_on",
    "ends_on",
    "url",
    "is_published",
    "topics",
)

# Header (normalised: lower case, no spaces, ß/umlauts kept) → field.
COLUMNS = {
    "jahr": "year",
    "kldb2010": "occupation",
    "kldb": "occupation",
    "kldb-2010": "occupation",
    "berufskennziffer": "occupation",
    "kreisschlüssel": "district",
    "kreisschluessel": "district",
    "ags": "district",
    "bildungsträger": "provider",
    "bildungstraeger": "provider",
    "auszubildende": "trainees",
    "absolventen": "graduates",
    "absolventinnenundabsolventen": "graduates",
}
REQUIRED_COLUMNS = {
    "occupation": "KldB 2010",
    "district": "Kreisschlüssel",
    "trainees": "Auszubildende",
    "graduates": "Absolventen",
}


# --- permissions -------------------------------------------------------------------------------


def require_supply_manager(user, cluster) -> None:
    if not manages_skills(user, cluster):
        raise PermissionDenied(_("Zahlen zum Nachwuchs importiert das Clustermanagement."))


def offer_providers(user, cluster):
    """The directory actors (members of `cluster`) for which `user` may keep training offers:
    all members for the management, else the organisations the user represents."""
    if manages_skills(user, cluster):
        return Actor.objects.filter(memberships__cluster=cluster).distinct()
    if not is_authenticated(user):
        return Actor.objects.none()
    return represented_actors(user, cluster)


def may_keep_offers(user, cluster) -> bool:
    return offer_providers(user, cluster).exists()


def may_edit_offer(user, offer: TrainingOffer) -> bool:
    if manages_skills(user, offer.cluster_id):
        return True
    return (
        represents(user, offer.provider)
        and offer.provider.memberships.filter(cluster_id=offer.cluster_id).exists()
    )


def _forbidden_offer() -> PermissionDenied:
    return PermissionDenied(
        _(
            "Bildungsangebote pflegen die Vertreterinnen und Vertreter des Bildungsträgers "
            "oder das Clustermanagement."
        )
    )


# --- supply figures: the CSV import --------------------------------------------------------------


@dataclass
class SupplyRow:
    line: int
    year: int
    occupation: Occupation
    district: District
    provider: Actor | None
    trainees: int
    graduates: int
    exists: bool = False


@dataclass
class SupplyImportResult:
    rows: list[SupplyRow] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    dry_run: bool = False

    @property
    def count(self) -> int:
        return len(self.rows)


class SupplyFileErrors(ValidationError):
    """The file's problems ("Zeile 3: …"); nothing was written. A ValidationError keyed
    "file", so that forms show it at the upload and the API answers 422."""

    def __init__(self, lines: list[str]):
        self.lines = list(lines)
        super().__init__({"file": self.lines})


def _normalise(header: str) -> str:
    return "".join((header or "").replace("\ufeff", "").lower().split())


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise SupplyFileErrors([_("Die Datei ist keine CSV-Datei (Text).")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def _figure(value: str, label: str, line: int, problems: list[str]) -> int:
    text = (value or "").strip()
    if not text:
        return 0
    try:
        number = int(text)
    except ValueError:
        problems.append(
            _("Zeile %(line)d: „%(column)s“ muss eine ganze Zahl sein, nicht „%(value)s“.")
            % {"line": line, "column": label, "value": text[:30]}
        )
        return 0
    if number < 0:
        problems.append(
            _("Zeile %(line)d: „%(column)s“ darf nicht negativ sein (%(value)d).")
            % {"line": line, "column": label, "value": number}
        )
        return 0
    if number > MAX_FIGURE:
        problems.append(
            _("Zeile %(line)d: „%(column)s“ ist unplausibel groß (%(value)d).")
            % {"line": line, "column": label, "value": number}
        )
        return 0
    return number


def parse_supply_file(data: bytes, *, cluster, year: int) -> list[SupplyRow]:
    """The file's rows, or SupplyFileErrors with every problem by line number."""
    if not data or not data.strip():
        raise SupplyFileErrors([_("Die Datei ist leer.")])
    if len(data) > MAX_FILE_BYTES:
        raise SupplyFileErrors(
            [_("Die Datei ist zu groß (höchstens %(mb)d MB).") % {"mb": MAX_FILE_BYTES // 2**20}]
        )
    text = _decode(data)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    records = [
        (number, row) for number, row in enumerate(reader, start=1) if any(c.strip() for c in row)
    ]
    if not records:
        raise SupplyFileErrors([_("Die Datei ist leer.")])
    header_line, header = records[0]
    columns: dict[str, int] = {}
    problems: list[str] = []
    for index, name in enumerate(header):
        key = COLUMNS.get(_normalise(name))
        if key is None:
            if name.strip():
                problems.append(
                    _("Zeile %(line)d: Unbekannte Spalte „%(name)s“.")
                    % {"line": header_line, "name": name.strip()[:40]}
                )
            continue
        if key in columns:
            problems.append(
                _("Zeile %(line)d: Die Spalte „%(name)s“ kommt doppelt vor.")
                % {"line": header_line, "name": name.strip()}
            )
        columns[key] = index
    missing = [label for key, label in REQUIRED_COLUMNS.items() if key not in columns]
    if missing:
        problems.append(
            _(
                "Zeile %(line)d: Es fehlen die Spalten %(names)s. Erwartet: Jahr (optional), "
                "KldB 2010, Kreisschlüssel, Bildungsträger (optional), Auszubildende, Absolventen."
            )
            % {"line": header_line, "names": ", ".join(f"„{m}“" for m in missing)}
        )
    if problems:
        raise SupplyFileErrors(problems)
    body = records[1:]
    if not body:
        raise SupplyFileErrors([_("Die Datei enthält nur die Kopfzeile, keine Zahlen.")])
    if len(body) > MAX_ROWS:
        raise SupplyFileErrors(
            [_("Die Datei hat zu viele Zeilen (höchstens %(max)d).") % {"max": MAX_ROWS}]
        )

    def cell(row, key):
        index = columns.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    occupations = {
        o.code: o
        for o in Occupation.objects.filter(code__in={cell(r, "occupation") for _n, r in body})
    }
    districts = {
        d.ags: d for d in District.objects.filter(ags__in={cell(r, "district") for _n, r in body})
    }
    slugs = {cell(r, "provider") for _n, r in body} - {""}
    providers = {
        a.slug: a
        for a in Actor.objects.filter(slug__in=slugs, memberships__cluster=cluster).distinct()
    }
    rows: list[SupplyRow] = []
    seen: dict[tuple, int] = {}
    for line, row in body:
        before = len(problems)
        row_year = year
        year_text = cell(row, "year")
        if year_text and year_text != str(year):
            problems.append(
                _("Zeile %(line)d: Das Jahr „%(value)s“ passt nicht zum Importjahr %(year)d.")
                % {"line": line, "value": year_text[:10], "year": year}
            )
        code = cell(row, "occupation")
        occupation = occupations.get(code)
        if not code:
            problems.append(_("Zeile %(line)d: Der KldB-2010-Schlüssel fehlt.") % {"line": line})
        elif occupation is None:
            problems.append(
                _("Zeile %(line)d: „%(code)s“ ist kein bekannter Schlüssel der KldB 2010.")
                % {"line": line, "code": code[:20]}
            )
        ags = cell(row, "district")
        district = districts.get(ags)
        if not ags:
            problems.append(_("Zeile %(line)d: Der Kreisschlüssel fehlt.") % {"line": line})
        elif district is None:
            problems.append(
                _("Zeile %(line)d: „%(ags)s“ ist kein bekannter Kreisschlüssel (AGS).")
                % {"line": line, "ags": ags[:20]}
            )
        slug = cell(row, "provider")
        provider = providers.get(slug) if slug else None
        if slug and provider is None:
            problems.append(
                _(
                    "Zeile %(line)d: Den Bildungsträger „%(slug)s“ gibt es im Verzeichnis des "
                    "Clusters nicht."
                )
                % {"line": line, "slug": slug[:60]}
            )
        trainees = _figure(cell(row, "trainees"), "Auszubildende", line, problems)
        graduates = _figure(cell(row, "graduates"), "Absolventen", line, problems)
        if len(problems) > before:
            continue
        key = (occupation.pk, district.pk, provider.pk if provider else None)
        if key in seen:
            problems.append(
                _(
                    "Zeile %(line)d: Beruf, Kreis und Bildungsträger stehen schon in "
                    "Zeile %(first)d."
                )
                % {"line": line, "first": seen[key]}
            )
            continue
        seen[key] = line
        rows.append(SupplyRow(line, row_year, occupation, district, provider, trainees, graduates))
    if problems:
        raise SupplyFileErrors(problems)
    return rows


def _existing_figure(cluster, year, occupation, district, provider):
    return (
        SupplyFigure.objects.select_for_update()
        .filter(
            cluster=cluster,
            year=year,
            occupation=occupation,
            district=district,
            provider=provider,
        )
        .first()
    )


def _check_year(year) -> int:
    errors = PayloadErrors()
    value = validation.integer(year, "year", errors, minimum=2000, maximum=2100)
    if value is None and not errors:
        errors.add("year", _("Bitte das Jahr angeben."))
    errors.raise_if_any()
    return value


@changes(versions.SKILLS)
@transaction.atomic
def import_supply(*, user, cluster, data: bytes, filename: str, year, dry_run: bool = False):
    """Import the file's figures for `year` (all-or-nothing); with `dry_run` only check and
    tell what would be written. Raises SupplyFileErrors (line-numbered) on any bad row."""
    require_supply_manager(user, cluster)
    year = _check_year(year)
    rows = parse_supply_file(data, cluster=cluster, year=year)
    result = SupplyImportResult(rows=rows, dry_run=dry_run)
    source = _("Import %(file)s") % {"file": (filename or "CSV")[:200]}
    for row in rows:
        figure = _existing_figure(cluster, year, row.occupation, row.district, row.provider)
        row.exists = figure is not None
        if row.exists:
            result.updated += 1
        else:
            result.created += 1
        if dry_run:
            continue
        if figure is None:
            SupplyFigure.objects.create(
                cluster=cluster,
                year=year,
                occupation=row.occupation,
                district=row.district,
                provider=row.provider,
                trainees=row.trainees,
                graduates=row.graduates,
                source=source[:300],
            )
        else:
            figure.trainees, figure.graduates, figure.source = (
                row.trainees,
                row.graduates,
                source[:300],
            )
            figure.save(update_fields=["trainees", "graduates", "source"])
    return result


# --- supply figures: by hand ---------------------------------------------------------------------


def _occupation(value, errors: PayloadErrors, key="occupation", required=True):
    if isinstance(value, Occupation):
        return value
    code = value.strip() if isinstance(value, str) else ("" if value is None else str(value))
    if not code:
        if required:
            errors.add(key, _("Bitte einen Beruf (KldB-2010-Schlüssel) angeben."))
        return None
    occupation = Occupation.objects.filter(code=code).first()
    if occupation is None:
        errors.add(
            key, _("„%(code)s“ ist kein bekannter Schlüssel der KldB 2010.") % {"code": code[:20]}
        )
    return occupation


def _district(value, errors: PayloadErrors, key="district", required=True):
    if isinstance(value, District):
        return value
    ags = value.strip() if isinstance(value, str) else ("" if value is None else str(value))
    if not ags:
        if required:
            errors.add(key, _("Bitte den Kreis angeben."))
        return None
    district = District.objects.filter(ags=ags).first()
    if district is None:
        errors.add(key, _("„%(ags)s“ ist kein bekannter Kreisschlüssel (AGS).") % {"ags": ags[:20]})
    return district


def _provider(value, cluster, errors: PayloadErrors, key="provider", required=False):
    if value in (None, ""):
        if required:
            errors.add(key, _("Bitte den Bildungsträger aus dem Verzeichnis wählen."))
        return None
    members = Actor.objects.filter(memberships__cluster=cluster).distinct()
    if isinstance(value, Actor):
        found = members.filter(pk=value.pk).first()
    elif isinstance(value, int) and not isinstance(value, bool):
        found = members.filter(pk=value).first()
    else:
        text = str(value).strip()
        found = members.filter(slug=text).first()
        if found is None and text.isdigit():
            found = members.filter(pk=int(text)).first()
    if found is None:
        errors.add(
            key,
            _("Den Bildungsträger „%(value)s“ gibt es im Verzeichnis des Clusters nicht.")
            % {"value": str(value)[:60]},
        )
    return found


@changes(versions.SKILLS)
@transaction.atomic
def save_supply_figure(
    *,
    user,
    cluster,
    year,
    occupation,
    district,
    provider=None,
    trainees,
    graduates,
    source: str = "",
) -> SupplyFigure:
    """Enter (or replace) the figures of one occupation, district and provider in one year:
    the management for any provider, a representative for their own provider."""
    if not manages_skills(user, cluster) and not represented_actors(user, cluster).exists():
        raise PermissionDenied(
            _("Zahlen zum Nachwuchs tragen das Clustermanagement und die Bildungsträger ein.")
        )
    errors = PayloadErrors()
    year = validation.integer(year, "year", errors, minimum=2000, maximum=2100)
    if year is None and "year" not in errors:
        errors.add("year", _("Bitte das Jahr angeben."))
    occupation = _occupation(occupation, errors)
    district = _district(district, errors)
    provider = _provider(provider, cluster, errors)
    counts = {}
    for name, value in (("trainees", trainees), ("graduates", graduates)):
        counts[name] = validation.integer(value, name, errors, minimum=0, maximum=MAX_FIGURE) or 0
    source = validation.text(source, "source", errors, max_length=300)
    if not manages_skills(user, cluster) and (provider is None or not represents(user, provider)):
        raise PermissionDenied(
            _("Zahlen eines Bildungsträgers tragen seine Vertreterinnen und Vertreter ein.")
        )
    errors.raise_if_any()
    figure = _existing_figure(cluster, year, occupation, district, provider)
    if figure is None:
        figure = SupplyFigure(
            cluster=cluster, year=year, occupation=occupation, district=district, provider=provider
        )
    figure.trainees = counts["trainees"]
    figure.graduates = counts["graduates"]
    figure.source = source or _("Eingabe")
    figure.save()
    return figure


@changes(versions.SKILLS)
@transaction.atomic
def delete_supply_figure(*, user, figure: SupplyFigure) -> None:
    require_supply_manager(user, figure.cluster_id)
    SupplyFigure.objects.filter(pk=figure.pk).delete()


# --- training offers -----------------------------------------------------------------------------


def offer_data(offer: TrainingOffer, catalogue: TopicCatalogue | None = None) -> dict:
    catalogue = catalogue or topic_catalogue(offer.cluster_id)
    return {
        "provider": offer.provider.slug,
        "title": offer.title,
        "description": offer.description,
        "format": offer.format,
        "occupation": offer.occupation.code if offer.occupation_id else "",
        "competence": offer.competence,
        "district": offer.district.ags,
        "starts_on": offer.starts_on.isoformat() if offer.starts_on else None,
        "ends_on": offer.ends_on.isoformat() if offer.ends_on else None,
        "url": offer.url,
        "is_published": offer.is_published,
        "topics": catalogue.numbers_of(t.topic_lineage for t in offer.topic_areas.all()),
    }


def _topics(value, catalogue: TopicCatalogue, errors: PayloadErrors) -> list[uuid.UUID]:
    numbers = validation.string_list(value, "topics", errors, max_items=20)
    lineages, unknown = [], []
    for number in numbers:
        lineage = catalogue.lineage_by_number.get(number)
        if lineage is None and number in catalogue.number_by_lineage:
            lineage = number
        if lineage is None:
            unknown.append(number)
        else:
            lineages.append(uuid.UUID(lineage))
    if unknown:
        errors.add(
            "topics",
            _("Diese Themenbereiche gibt es im veröffentlichten Masterplan nicht: %(numbers)s.")
            % {"numbers": ", ".join(unknown)},
        )
    return list(dict.fromkeys(lineages))


def clean_offer(data: dict, *, cluster, catalogue: TopicCatalogue) -> dict:
    """Complete offer data → model values (and `topics` as lineages), or a ValidationError
    with German messages by field."""
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Angebot als Objekt senden."))
    unknown = sorted(set(data) - set(OFFER_FIELDS))
    if unknown:
        raise ValidationError(_("Unbekannte Angaben: %(keys)s.") % {"keys": ", ".join(unknown)})
    errors = PayloadErrors()
    provider = _provider(data.get("provider"), cluster, errors, required=True)
    occupation = _occupation(data.get("occupation"), errors, required=False)
    competence = validation.text(data.get("competence"), "competence", errors, max_length=200)
    if not data.get("occupation") and not competence and "competence" not in errors:
        errors.add("occupation", _("Bitte einen Beruf oder eine Kompetenz angeben."))
    district = _district(data.get("district"), errors, required=False)
    if district is None and "district" not in errors:
        district = provider.district if provider is not None else None
        if district is None and provider is not None:
            errors.add("district", _("Bitte den Kreis angeben, in dem das Angebot stattfindet."))
    starts_on = validation.date(data.get("starts_on"), "starts_on", errors)
    ends_on = validation.date(data.get("ends_on"), "ends_on", errors)
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", _("Das Ende liegt vor dem Beginn."))
    url = validation.text(data.get("url"), "url", errors, max_length=500)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors.add("url", _("Bitte eine vollständige Adresse mit https:// angeben."))
    values = {
        "provider": provider,
        "title": validation.text(data.get("title"), "title", errors, max_length=200, required=True),
        "description": validation.text(
            data.get("description"), "description", errors, max_length=20_000
        ),
        "format": validation.choice(
            data.get("format"),
            "format",
            errors,
            OfferFormat,
            required=True,
            required_message=_("Bitte wählen Sie das Format."),
        ),
        "occupation": occupation,
        "competence": competence,
        "district": district,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "url": url,
        "is_published": validation.boolean(
            data.get("is_published"), "is_published", errors, default=True
        ),
        "topics": _topics(data.get("topics"), catalogue, errors),
    }
    errors.raise_if_any()
    return values


def _set_topics(offer: TrainingOffer, lineages: list[uuid.UUID]) -> None:
    offer.topic_areas.exclude(topic_lineage__in=lineages).delete()
    have = set(offer.topic_areas.values_list("topic_lineage", flat=True))
    TrainingOfferTopicArea.objects.bulk_create(
        [TrainingOfferTopicArea(offer=offer, topic_lineage=x) for x in lineages if x not in have]
    )


def _may_act_for(user, cluster, provider: Actor | None) -> bool:
    return provider is None or manages_skills(user, cluster) or represents(user, provider)


@changes(versions.SKILLS)
@transaction.atomic
def create_offer(*, user, cluster, data: dict) -> TrainingOffer:
    if not may_keep_offers(user, cluster):
        raise _forbidden_offer()
    values = clean_offer(data, cluster=cluster, catalogue=topic_catalogue(cluster))
    if not _may_act_for(user, cluster, values["provider"]):
        raise _forbidden_offer()
    topics = values.pop("topics")
    offer = TrainingOffer(cluster=cluster, created_by=user, **values)
    offer.full_clean(validate_constraints=False)
    offer.save()
    _set_topics(offer, topics)
    return offer


def _locked_offer(offer: TrainingOffer) -> TrainingOffer:
    return (
        TrainingOffer.objects.select_for_update(of=("self",))
        .select_related("cluster", "provider", "occupation", "district")
        .get(pk=offer.pk)
    )


def edit_conflict(offer: TrainingOffer) -> EditConflict:
    return EditConflict(
        _("Jemand hat das Angebot inzwischen geändert; bitte laden Sie die Seite neu."),
        obj=offer,
        version=offer.version,
        current=offer_data(offer),
    )


@changes(versions.SKILLS)
@transaction.atomic
def update_offer(*, user, offer: TrainingOffer, data: dict, expected_version) -> TrainingOffer:
    """Change the given keys of `data` that differ from what is stored; the rest stays.
    `expected_version` is the version the person loaded: if somebody saved since, nothing
    changes and EditConflict is raised."""
    if not may_edit_offer(user, offer):
        raise _forbidden_offer()
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Angebot als Objekt senden."))
    unknown = sorted(set(data) - set(OFFER_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unbekannte oder nicht änderbare Angaben: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    offer = _locked_offer(offer)
    if expected_version is None:
        raise ValidationError({"version": [_("Bitte den Bearbeitungsstand (version) mitsenden.")]})
    if offer.version != expected_version:
        raise edit_conflict(offer)
    catalogue = topic_catalogue(offer.cluster_id)
    current = offer_data(offer, catalogue)
    values = clean_offer({**current, **data}, cluster=offer.cluster, catalogue=catalogue)
    if values["provider"].pk != offer.provider_id and not _may_act_for(
        user, offer.cluster, values["provider"]
    ):
        raise _forbidden_offer()
    old_topics = {row.topic_lineage for row in offer.topic_areas.all()}
    topics = values.pop("topics")
    changed = [n for n in data if n != "topics" and getattr(offer, n) != values[n]]
    topics_changed = "topics" in data and set(topics) != old_topics
    if not changed and not topics_changed:
        return offer
    for name in changed:
        setattr(offer, name, values[name])
    offer.version += 1
    offer.full_clean(validate_constraints=False)
    offer.save()
    if topics_changed:
        _set_topics(offer, topics)
    return offer


@changes(versions.SKILLS)
@transaction.atomic
def delete_offer(*, user, offer: TrainingOffer) -> None:
    if not may_edit_offer(user, offer):
        raise _forbidden_offer()
    TrainingOffer.objects.filter(pk=offer.pk).delete()


# The read side lives in offer_search; its names are part of this module's interface.
from clusterwerk.skills.offer_search import (  # noqa: E402, F401
    NEAR_KM,
    OfferQuery,
    distance_km,
    districts_near,
    is_running_or_future,
    offers_near,
    published_offers,
    search_offers,
    visible_offers,
)
