"""Mappers: pure functions from the case model to FHIR resources (plain JSON dicts).

One module per resource type; MAPPERS lists them in output order. Adding a resource type is a new
module and one row here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fhirconv.case.model import Case
from fhirconv.issues import Issue
from fhirconv.mappers.allergy import map_allergies
from fhirconv.mappers.condition import map_conditions
from fhirconv.mappers.context import MapContext
from fhirconv.mappers.encounter import map_encounters
from fhirconv.mappers.family_history import map_family_history
from fhirconv.mappers.immunization import map_immunizations
from fhirconv.mappers.medication_statement import map_medication_statements
from fhirconv.mappers.observation import map_observations
from fhirconv.mappers.ordering import order_resources
from fhirconv.mappers.patient import map_patient
from fhirconv.mappers.procedure import map_procedures

Mapper = Callable[[MapContext], list[dict[str, Any]]]

MAPPERS: tuple[Mapper, ...] = (
    map_patient,
    map_encounters,
    map_conditions,
    map_allergies,
    map_family_history,
    map_immunizations,
    map_procedures,
    map_medication_statements,
    map_observations,
)


def map_case(case: Case, fhir_version: str = "R4") -> tuple[list[dict[str, Any]], list[Issue]]:
    """All resources of ``case`` (Patient first) and the warnings raised while mapping."""
    ctx = MapContext(case, fhir_version, issues=list(case.warnings))
    resources = [r for mapper in MAPPERS for r in mapper(ctx)]
    return order_resources(case, resources), ctx.issues
