"""One hand-made violation of each kind the profile layer checks, caught at the right FHIRPath location.

The cases live in tests/validate/profiles/ (see profile_cases.py): a real HL7 example with changes, or a
resource of its own checked with a hand-made package (``--package-dir``). Every error a case gives
must be expected (and every expected issue found), so a check that goes quiet or noisy fails here.
"""

from __future__ import annotations

import json
import re

import pytest

from fhirconv.validate import validate_resource_tree
from tests.validate.profile_cases import CASES, build, load, names

KINDS = {"cardinality-min", "bundle-nested-fixed", "choice-pattern", "slicing-closed", "slicing-category-pattern",
         "extension-definition", "extension-context", "binding-required", "binding-extensible", "binding-maximum",
         "binding-not-checkable", "reference-target", "invariant", "invariant-not-evaluable", "profile-unknown",
         "type-profile"}


def _issues(name: str, cache):
    case = load(name)
    data = build(case, cache)
    package_dir = CASES / case["package_dir"] if case.get("package_dir") else None
    return case, validate_resource_tree(data, layers=["profile"], profiles=case.get("profiles", []),
                                        package_dir=package_dir)


def test_every_kind_has_a_case():
    assert set(names()) >= KINDS


@pytest.mark.parametrize("name", names())
def test_violation_caught_where_it_is(fhir_packages, name):
    case, issues = _issues(name, fhir_packages)
    assert all(i.layer == "profile" for i in issues)
    for severity, expression, pattern in case["expect"]:
        assert any(i.severity == severity and i.expression == expression and re.search(pattern, i.message)
                   for i in issues), (name, severity, expression, pattern, [(i.expression, i.message) for i in issues])
    for issue in (i for i in issues if i.is_error):
        assert any(s == "error" and e == issue.expression and re.search(p, issue.message)
                   for s, e, p in case["expect"]), (name, "unexpected error", issue.expression, issue.message)


@pytest.mark.parametrize("name", ["cardinality-min", "binding-required", "choice-pattern"])
def test_the_unchanged_example_passes(fhir_packages, name):
    """The same example without the change has no error: the error is the change's, not the layer's."""
    case = load(name) | {"changes": []}
    data = build(case, fhir_packages)
    assert not [i for i in validate_resource_tree(data, layers=["profile"]) if i.is_error]


def test_not_checkable_is_never_a_pass(fhir_packages):
    """A code from a SNOMED CT hierarchy the layer cannot expand is reported, whatever the code."""
    case = load("binding-not-checkable")
    data = build(case, fhir_packages)
    data["code"] = {"coding": [{"system": "http://snomed.info/sct", "code": "22298006"}]}
    issues = validate_resource_tree(data, layers=["profile"])
    assert any(i.expression == "Condition.code" and "not checkable offline" in i.message for i in issues)


def test_profile_option_unknown_is_an_error(fhir_packages):
    # US Core's MedicationRequest profile is outside the trimmed US Core 6.1.0 fhirconv ships: not found
    issues = validate_resource_tree({"resourceType": "MedicationRequest", "status": "active"}, layers=["profile"],
                                    profiles=["http://hl7.org/fhir/us/core/StructureDefinition/us-core-medicationrequest"])
    [error] = [i for i in issues if i.is_error]
    assert error.expression == "MedicationRequest" and error.message.startswith("profile not found")
    assert error.hint == "install its package with fhirconv packages install hl7.fhir.us.core@VERSION"


def test_profile_of_another_type_is_an_error(fhir_packages):
    data = {"resourceType": "Patient", "meta": {"profile": [
        "http://hl7.org/fhir/uv/ips/StructureDefinition/Condition-uv-ips"]}}
    [error] = [i for i in validate_resource_tree(data, layers=["profile"]) if i.is_error]
    assert error.expression == "Patient.meta.profile[0]" and "a profile of Condition, not of Patient" in error.message


def test_profile_layer_runs_by_default_on_claims(fhir_packages):
    """No --layer: a resource claiming a profile gets the profile layer with the others."""
    case = load("cardinality-min")
    data = build(case, fhir_packages)
    layers = {i.layer for i in validate_resource_tree(data) if i.is_error}
    assert "profile" in layers


def test_cases_are_json_with_what_they_show():
    for path in CASES.glob("*.json"):
        case = json.loads(path.read_text(encoding="utf-8"))
        assert case["what"] and case["expect"], path.name


def test_a_profile_for_another_fhir_release_is_a_warning(fhir_packages):
    data = build(load("cardinality-min") | {"changes": []}, fhir_packages)
    issues = validate_resource_tree(data, layers=["profile"], fhir_version="R5")
    assert any(i.severity == "warning" and i.expression == "Patient.meta.profile[0]"
               and "written for FHIR 4.0.1, this resource is checked as R5" in i.message for i in issues)


def test_a_profile_for_no_resource_here_is_a_warning(fhir_packages):
    issues = validate_resource_tree({"resourceType": "Patient", "gender": "female"}, layers=["profile"],
                                    profiles=["http://hl7.org/fhir/uv/ips/StructureDefinition/Condition-uv-ips"])
    assert [(i.severity, i.expression) for i in issues] == [("warning", "Patient")]
    assert issues[0].message.startswith("no Condition resource here to check against")


def test_ndjson_reports_the_profiles_asked_for_once(fhir_packages):
    from fhirconv.validate import validate_text

    lines = [{"resourceType": "Patient", "id": "p", "gender": "female"},
             {"resourceType": "Condition", "id": "c", "subject": {"reference": "Patient/p"},
              "code": {"text": "x"}}] * 3
    text = "\n".join(json.dumps({**r, "id": f"{r['id']}{n}"}) for n, r in enumerate(lines)) + "\n"
    issues = validate_text(text, source="x.ndjson", layers=["profile"], profiles=[
        "http://hl7.org/fhir/uv/ips/StructureDefinition/Procedure-uv-ips", "http://example.org/nowhere"])
    assert sorted(i.message.split(":")[0] for i in issues) == ["no Procedure resource here to check against http",
                                                               "profile not found"]


def test_ndjson_references_resolve_across_lines(fhir_packages):
    """A Condition line whose subject is a Group line: the IPS Condition allows only a Patient."""
    from fhirconv.validate import validate_text

    lines = [{"resourceType": "Group", "id": "g", "type": "person", "actual": True},
             {"resourceType": "Condition", "id": "c", "subject": {"reference": "Group/g"}, "code": {"text": "x"},
              "meta": {"profile": ["http://hl7.org/fhir/uv/ips/StructureDefinition/Condition-uv-ips"]}}]
    text = "\n".join(json.dumps(r) for r in lines) + "\n"
    issues = validate_text(text, source="x.ndjson", layers=["profile"])
    assert [(i.expression, i.message) for i in issues if i.is_error] == [
        ("Condition.subject.reference", "Condition.subject: refers to a Group; allowed targets: Patient "
                                        "(profile ConditionUvIps)")]
