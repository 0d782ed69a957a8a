"""What a look-up gives, for the tests of rows by family: the codes of one system; and what a case
of a few items converts to, for the tests of the mappers' rules."""

from __future__ import annotations

import json
from typing import Any

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


def matched(kind: str, term: str) -> list[str]:
    """The codes of every system a look-up of ``term`` gives, sorted: what a round's rows promise."""
    from fhirconv.terminology import match

    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


def one_item(resource_type: str, section: str, item: dict, sex: str = "male") -> tuple[dict, list[str]]:
    """Convert a case holding only ``item`` in ``section`` with the library: the first resource of
    ``resource_type`` it writes, and the messages of the issues."""
    import json

    from fhirconv.api import convert_text

    case = {"fhirconv": "1", "id": "one-item", "patient": {"sex": sex}, section: [{"id": "x", **item}]}
    conv = convert_text(json.dumps(case), "case.json")
    return next(r for r in conv.resources if r["resourceType"] == resource_type), [i.message for i in conv.issues]


def condition_read(words: str) -> tuple[list[str], str]:
    """(the sorted codes, the text) of the Condition a case holding only ``words`` as a condition gets."""
    condition, _ = one_item("Condition", "conditions", {"condition": words})
    return sorted(c["code"] for c in condition["code"].get("coding", [])), condition["code"]["text"]


def convert_sections(patient: dict[str, Any], **sections: list[dict]) -> tuple[dict[str, list[str]], list[str]]:
    """(each resource's text -> its codes, the messages) of a case holding ``sections``; each item's id
    is its section's first letter and its place ("c0": the first condition)."""
    from fhirconv.api import convert_text

    case = {"fhirconv": "1", "id": "rules", "patient": patient,
            **{name: [{"id": f"{name[0]}{i}", **item} for i, item in enumerate(items)]
               for name, items in sections.items()}}
    conv = convert_text(json.dumps(case), "case.json")
    codes = {}
    for r in conv.resources:
        cc = r.get("code") or r.get("medicationCodeableConcept")
        if isinstance(cc, dict) and cc.get("text"):
            codes[cc["text"]] = [c["code"] for c in cc.get("coding", [])]
    return codes, [i.message for i in conv.issues]
