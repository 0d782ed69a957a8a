"""Case family history -> FHIR FamilyMemberHistory, one per relative.

"Sister with multiple sclerosis" is a fact about a relative, not a condition of the patient: it is
a FamilyMemberHistory whose ``relationship`` is the v3-RoleCode of the relative and whose
``condition`` lists what the source names. The RoleCode codes and displays are those of
CodeSystem-v3-RoleCode.json in hl7.terminology.r4 7.0.1 (http://terminology.hl7.org/CodeSystem/v3-RoleCode,
version 3.0.0), the code system FHIR's FamilyMember value set draws from.
"""

from __future__ import annotations

from typing import Any

from fhirconv.case.model import FamilyMember
from fhirconv.mappers import qualifiers
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext

RESOURCE_TYPE = "FamilyMemberHistory"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
# case word -> (RoleCode code, display), as in CodeSystem-v3-RoleCode.json (hl7.terminology.r4 7.0.1)
RELATIONSHIPS = {
    "mother": ("MTH", "mother"), "father": ("FTH", "father"), "parent": ("PRN", "parent"),
    "sister": ("SIS", "sister"), "brother": ("BRO", "brother"), "sibling": ("SIB", "sibling"),
    "twin": ("TWIN", "twin"), "son": ("SON", "natural son"), "daughter": ("DAU", "natural daughter"),
    "child": ("CHILD", "child"), "grandmother": ("GRMTH", "grandmother"), "grandfather": ("GRFTH", "grandfather"),
    "maternal grandmother": ("MGRMTH", "maternal grandmother"),
    "maternal grandfather": ("MGRFTH", "maternal grandfather"),
    "paternal grandmother": ("PGRMTH", "paternal grandmother"),
    "paternal grandfather": ("PGRFTH", "paternal grandfather"),
    "aunt": ("AUNT", "aunt"), "uncle": ("UNCLE", "uncle"), "maternal aunt": ("MAUNT", "maternal aunt"),
    "paternal aunt": ("PAUNT", "paternal aunt"), "maternal uncle": ("MUNCLE", "maternal uncle"),
    "paternal uncle": ("PUNCLE", "paternal uncle"), "cousin": ("COUSN", "cousin"),
    "grandchild": ("GRNDCHILD", "grandchild"), "family member": ("FAMMEMB", "family member"),
    "half sister": ("HSIS", "half-sister"), "half brother": ("HBRO", "half-brother"),
    "half sibling": ("HSIB", "half-sibling"), "niece": ("NIECE", "niece"), "nephew": ("NEPHEW", "nephew"),
    "great grandmother": ("GGRMTH", "great grandmother"), "great grandfather": ("GGRFTH", "great grandfather"),
    "maternal cousin": ("MCOUSN", "maternal cousin"), "paternal cousin": ("PCOUSN", "paternal cousin"),
}


def map_family_history(ctx: MapContext) -> list[dict[str, Any]]:
    return [map_family_member(ctx, f) for f in ctx.case.family_history]


def map_family_member(ctx: MapContext, f: FamilyMember) -> dict[str, Any]:
    code, display = RELATIONSHIPS[f.relationship]
    relationship = {"coding": [s.coding(ROLE_CODE, code, display)], "text": f.relationship}
    conditions = [{"code": qualifiers.named(ctx, c, "condition", (*f.path, "conditions", i))}
                  for i, c in enumerate(f.conditions)]
    words = ", ".join(c.label for c in f.conditions)
    rows = [("Relative", f.relationship), ("Conditions", words or None),
            ("Deceased", None if f.deceased is None else ("yes" if f.deceased else "no")), ("Note", f.note)]
    body = {
        "status": "completed",
        "patient": ctx.patient_ref(),
        "relationship": relationship,
        "deceasedBoolean": f.deceased,
        "note": s.notes(f.note),
        "condition": conditions or None,
    }
    title = f"Family history: {f.relationship}" + (f" ({words})" if words else "")
    return s.resource(RESOURCE_TYPE, ctx, f.id, title, rows, body)
