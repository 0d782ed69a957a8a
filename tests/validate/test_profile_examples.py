"""Every example HL7 ships in the IPS 2.0.0 and mCODE 4.0.0 packages passes the profile layer against
the profiles it claims, except those listed below with the reason, which are asserted to still fail
for exactly that reason (so the list cannot go stale).

None of the known failures is a defect of the example: each comes from a package the npm registry
does not carry in the version mCODE 4.0.0 was built against. The examples that claim US Core 6.1.0
profiles are checked against the copy fhirconv ships (fhirconv/packages/vendor/) and pass.
"""

from __future__ import annotations

import json
import re

import pytest

from fhirconv.packages import cache_dir
from fhirconv.validate import validate_resource_tree

PACKAGES = ("hl7.fhir.uv.ips#2.0.0", "hl7.fhir.us.mcode#4.0.0")

# mCODE depends on hl7.fhir.uv.genomics-reporting 2.0.0; the registry has only 3.0.0, installed
# instead. 3.0.0 no longer defines the tmb and msi profiles these examples claim ...
GENOMICS_3_REMOVED = r"profile not found: http://hl7\.org/fhir/uv/genomics-reporting/StructureDefinition/(tmb|msi) "
# ... and its implication profiles require a second category (GE, v2-0074) the 2.0.0-era examples lack.
GENOMICS_3_CATEGORY = r"Observation\.category(:geCategory)?: minimum cardinality (1|2), found (0|1) \(profile " \
                      r"(Therapeutic|Diagnostic)Implication\)"

KNOWN_BAD: dict[str, tuple[str, ...]] = {
    "Bundle-gx-genomic-bundle-adam-anyperson.json": (GENOMICS_3_CATEGORY, GENOMICS_3_REMOVED),
    "Observation-gx-genomic-diagnostic-implication-bap1.json": (GENOMICS_3_CATEGORY,),
    "Observation-gx-genomic-diagnostic-implication-pof1b.json": (GENOMICS_3_CATEGORY,),
    "Observation-gx-genomic-diagnostic-implication-polrmt.json": (GENOMICS_3_CATEGORY,),
    "Observation-gx-genomic-msi.json": (GENOMICS_3_REMOVED,),
    "Observation-gx-genomic-therapeutic-implication-alectinib.json": (GENOMICS_3_CATEGORY,),
    "Observation-gx-genomic-therapeutic-implication-brigatinib.json": (GENOMICS_3_CATEGORY,),
    "Observation-gx-genomic-therapeutic-implication-ceritinib.json": (GENOMICS_3_CATEGORY,),
    "Observation-gx-genomic-therapeutic-implication-crizotinib.json": (GENOMICS_3_CATEGORY,),
    "Observation-gx-genomic-therapeutic-implication-lorlatinib.json": (GENOMICS_3_CATEGORY,),
    "Observation-gx-genomic-tmb.json": (GENOMICS_3_REMOVED,),
}


def _examples() -> list[tuple[str, str]]:
    out = []
    for pkg in PACKAGES:
        folder = cache_dir() / pkg / "package" / "example"
        out.extend((pkg, p.name) for p in sorted(folder.glob("*.json")))
    return out


def test_the_packages_ship_examples(fhir_packages):
    names = [name for _, name in _examples()]
    assert len(names) > 200
    assert set(KNOWN_BAD) <= set(names)


@pytest.mark.parametrize("package", PACKAGES)
def test_package_examples_meet_their_profiles(fhir_packages, package):
    folder = fhir_packages / package / "package" / "example"
    checked = 0
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data.get("meta", {}).get("profile"), list) and data.get("resourceType") != "Bundle":
            continue
        issues = validate_resource_tree(data, layers=["profile"])
        errors = [i.message for i in issues if i.is_error]
        reasons = KNOWN_BAD.get(path.name)
        checked += 1
        if reasons is None:
            assert errors == [], (path.name, errors)
        else:  # still failing, and only for the reasons given
            assert errors, f"{path.name} now passes: remove it from KNOWN_BAD"
            for message in errors:
                assert any(re.match(r, message) for r in reasons), (path.name, message)
    assert checked > 30
