"""What a look-up gives, for the tests of rows by family: the codes of one system."""

from __future__ import annotations

from fhirconv.terminology import lookup

SCT, ICD, LOINC = "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://loinc.org"


def codes(kind: str, term: str, system: str) -> list[str]:
    return [c.code for c in lookup(kind, term) if c.system == system]
