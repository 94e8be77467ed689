"""Every write to projects: create and edit (managers), phases, support, results, ideas
(members propose, managers decide), assessments, many generated projects at once, and the
shipped reference data. Keyword-only, permission-checked (`user` is always required; commands
and generators pass `accounts.services.system_user()`), in a transaction; German errors keyed
by field (`core.validation`).

Project data comes in one JSON-safe format (forms and API use it):

    {"title": "…", "acronym": "", "description": "", "phase": "running",
     "start_date": "2019-03-01", "end_date": "2021-02-28", "year_initiated": 2019,
     "is_rdi": true, "funding_programme": "zim", "total_volume": "480000",
     "funding_amount": "260000", "regional_volume": "400000", "visibility": "members",
     "partner_clusters": ["kunststoffe-chemie"],
     "partners": [{"actor": 12, "role": "lead"}, {"actor": 40, "role": "partner"}],
     "topics": {"primary": "4.4.2", "secondary": ["4.2.1"], "assigned_by": "manual"}}

The modules: `validation` (checking that format), `projects` (one project's life),
`assessment`, `bulk` (generated projects), `reference` (funding programmes, criteria).
"""

from clusterwerk.projects.services.assessment import save_assessment
from clusterwerk.projects.services.bulk import (
    ProjectRecord,
    bulk_create_projects,
    delete_demo_projects,
)
from clusterwerk.projects.services.projects import (
    add_support_activity,
    change_phase,
    create_project,
    decide_idea,
    derived_flags,
    project_data,
    project_edit_conflict,
    propose_idea,
    refresh_derived_flags,
    set_results,
    set_topics,
    update_project,
)
from clusterwerk.projects.services.reference import (
    ProgrammeSync,
    add_missing_assessment_criteria,
    sync_funding_programmes,
)
from clusterwerk.projects.services.validation import SCALAR_FIELDS, clean_project

__all__ = [
    "SCALAR_FIELDS",
    "ProgrammeSync",
    "ProjectRecord",
    "add_missing_assessment_criteria",
    "add_support_activity",
    "bulk_create_projects",
    "change_phase",
    "clean_project",
    "create_project",
    "decide_idea",
    "delete_demo_projects",
    "derived_flags",
    "project_data",
    "project_edit_conflict",
    "propose_idea",
    "refresh_derived_flags",
    "save_assessment",
    "set_results",
    "set_topics",
    "sync_funding_programmes",
    "update_project",
]
