"""What a look-up gives, for the tests of rows by family: the codes of one system."""

from __future__ import annotations

from fhirconv.terminology import lookup

SCT, ICD, LOINC = "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://loinc.org"


def codes(kind: str, term: str, system: str) -> list[str]:
    return [c.code for c in lookup(kind, term) if c.system == system]


def converted(tmp_path, case: str, types: tuple[str, ...], system: str | None = None):
    """Convert ``case`` (a case file's text) with the library: the result, and each resource of ``types``
    by the text of its code, with the codes of its coding (of ``system`` only, when given)."""
    from fhirconv.api import convert_file

    path = tmp_path / "case.yaml"
    path.write_text(case, encoding="utf-8")
    result = convert_file(str(path))
    key = {"MedicationStatement": "medicationCodeableConcept"}
    found = {}
    for e in result.bundle["entry"]:
        r = e["resource"]
        if r["resourceType"] in types:
            cc = r[key.get(r["resourceType"], "code")]
            found[cc["text"]] = [c["code"] for c in cc.get("coding", []) if system is None or c["system"] == system]
    return result, found


def strings(node: object) -> list[str]:
    """Every string in a loaded YAML or JSON document (a case file's words, for sweeps over them)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []
