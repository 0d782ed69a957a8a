"""Writes the validation corpus: one valid base Bundle and broken variants of it, each with the
errors it must give (``expected.json``: file -> layer and location of every error, exactly).

Run ``python tests/validate/build_corpus.py`` after changing a case here; the written files are
the test data (they are committed, so the tests read real files).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

HERE = Path(__file__).parent / "corpus"

PID = "6f3c2a1e-1b7d-5c11-9a0e-0d6a8f1c2b01"
CID = "0b4c1d2e-3f40-5a51-8b62-7c83d94ea5f6"
OID = "1a2b3c4d-5e6f-5071-8293-a4b5c6d7e8f9"
MID = "2b3c4d5e-6f70-5182-93a4-b5c6d7e8f901"
RID = "3c4d5e6f-7081-5293-a4b5-c6d7e8f90123"
SYS = "https://fhirconv.org/fhir/identifier"


def _text(what: str) -> dict:
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{what}</div>'}


def _subject() -> dict:
    return {"reference": f"urn:uuid:{PID}"}


def base() -> dict:
    """A small valid R4 collection: Patient, Condition, Observation, MedicationStatement, Procedure."""
    patient = {
        "resourceType": "Patient", "id": PID, "text": _text("Female patient born 1953"),
        "identifier": [{"system": SYS, "value": "corpus/patient"}],
        "gender": "female", "birthDate": "1953-03-14",
    }
    condition = {
        "resourceType": "Condition", "id": CID, "text": _text("Multiple myeloma"),
        "identifier": [{"system": SYS, "value": "corpus/myeloma"}],
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                       "code": "active"}]},
        "verificationStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
        "code": {"coding": [
            {"system": "http://snomed.info/sct", "code": "109989006", "display": "Multiple myeloma"},
            {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00",
             "display": "Multiple myeloma not having achieved remission"},
        ], "text": "multiple myeloma"},
        "subject": _subject(),
        "onsetDateTime": "2004-05",
    }
    observation = {
        "resourceType": "Observation", "id": OID, "text": _text("Hemoglobin 10.2 g/dL"),
        "identifier": [{"system": SYS, "value": "corpus/hb"}],
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "718-7",
                             "display": "Hemoglobin [Mass/volume] in Blood"}]},
        "subject": _subject(),
        "effectiveDateTime": "2011-06-15",
        "valueQuantity": {"value": 10.2, "unit": "g/dL", "system": "http://unitsofmeasure.org", "code": "g/dL"},
    }
    medication = {
        "resourceType": "MedicationStatement", "id": MID, "text": _text("Lenalidomide maintenance"),
        "identifier": [{"system": SYS, "value": "corpus/lenalidomide"}],
        "status": "completed",
        "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                                                  "code": "342369", "display": "lenalidomide"}]},
        "subject": _subject(),
        "effectivePeriod": {"start": "2011-08", "end": "2012-01"},
        "reasonReference": [{"reference": f"urn:uuid:{CID}"}],
    }
    procedure = {
        "resourceType": "Procedure", "id": RID, "text": _text("Second autologous stem cell transplant"),
        "identifier": [{"system": SYS, "value": "corpus/asct-2"}],
        "status": "completed",
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "425983008",
                             "display": "Autologous peripheral blood stem cell transplant"}]},
        "subject": _subject(),
        "performedDateTime": "2011-07",
        "reasonReference": [{"reference": f"urn:uuid:{CID}"}],
    }
    resources = [patient, condition, observation, medication, procedure]
    return {
        "resourceType": "Bundle",
        "identifier": {"system": SYS, "value": "corpus"},
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }


def transaction() -> dict:
    b = base()
    b["type"] = "transaction"
    for e in b["entry"]:
        r = e["resource"]
        e["request"] = {"method": "POST", "url": r["resourceType"],
                        "ifNoneExist": f"identifier={SYS}|{r['identifier'][0]['value']}"}
    return b


E = "Bundle.entry"
P, C, OB, M, R = (f"{E}[{i}].resource" for i in range(5))


def cases() -> dict[str, tuple[dict | str, list[tuple[str, str]], dict]]:
    """name -> (document or raw text, expected errors [(layer, expression)], options)."""
    out: dict[str, tuple[dict | str, list[tuple[str, str]], dict]] = {}

    def case(name: str, errors: list[tuple[str, str]], doc: dict | str | None = None, **opts) -> dict:
        d = doc if doc is not None else base()
        out[name] = (d, errors, opts)
        return d  # type: ignore[return-value]

    def res(d: dict, i: int) -> dict:
        return d["entry"][i]["resource"]

    case("valid-collection", [])
    case("valid-transaction", [], transaction())
    # json
    good = json.dumps(base(), indent=2)
    case("syntax-missing-comma", [("json", "")], good.replace('"type": "collection",', '"type": "collection"', 1))
    lines = [json.dumps(res(base(), i)).replace("urn:uuid:", "Patient/", 1) for i in range(2)]
    case("syntax-ndjson-bad-line", [("json", "")], "\n".join(lines) + '\n{"resourceType": "Observation",\n')
    d = case("null-value", [("json", f"{OB}.status")])
    res(d, 2)["status"] = None
    d = case("empty-array", [("json", f"{C}.category")])
    res(d, 1)["category"] = []
    case("duplicate-key", [("json", "")], good.replace('"status": "final",', '"status": "final", "status": "final",'))
    # structure
    d = case("wrong-type-status", [("structure", f"{OB}.status")])
    res(d, 2)["status"] = 5
    d = case("wrong-type-string-for-object", [("structure", f"{C}.code")])
    res(d, 1)["code"] = "109989006"
    d = case("missing-required-status", [("structure", f"{OB}.status")])
    del res(d, 2)["status"]
    d = case("unknown-element", [("structure", f"{C}.onsetDate")])
    res(d, 1)["onsetDate"] = res(d, 1).pop("onsetDateTime")
    d = case("two-values", [("structure", f"{OB}.value[x]")])
    res(d, 2)["valueString"] = "10.2 g/dL"
    d = case("impossible-date", [("structure", f"{C}.onsetDateTime")])
    res(d, 1)["onsetDateTime"] = "2011-02-30"
    d = case("malformed-date", [("structure", f"{OB}.effectiveDateTime")])
    res(d, 2)["effectiveDateTime"] = "15/06/2011"
    d = case("unknown-resource-type", [("structure", f"{E}[5].resource.resourceType")])
    d["entry"].append({"fullUrl": "urn:uuid:4d5e6f70-8192-53a4-b5c6-d7e8f9012345",
                       "resource": {"resourceType": "Observaton", "id": "4d5e6f70-8192-53a4-b5c6-d7e8f9012345"}})
    # schema (what the models let through)
    d = case("status-not-in-value-set", [("schema", f"{OB}.status")])
    res(d, 2)["status"] = "done"
    d = case("gender-not-in-value-set", [("schema", f"{P}.gender")])
    res(d, 0)["gender"] = "f"
    # integrity
    d = case("dangling-reference", [("integrity", f"{OB}.subject.reference")])
    res(d, 2)["subject"]["reference"] = "urn:uuid:99999999-1b7d-5c11-9a0e-0d6a8f1c2b01"
    case("dangling-reference-allowed", [], copy.deepcopy(d), allow_external=True)
    d = case("duplicate-fullurl", [("integrity", f"{E}[4].fullUrl")],
             warnings=[("integrity", f"{E}[4].fullUrl")])  # the fullUrl no longer names the id either
    d["entry"][4]["fullUrl"] = d["entry"][3]["fullUrl"]
    d = case("fullurl-resource-mismatch", [("integrity", f"{E}[2].fullUrl")])
    d["entry"][2]["fullUrl"] = "http://example.org/fhir/Condition/" + OID
    d = case("transaction-entry-without-request", [("integrity", f"{E}[3].request")], transaction())
    del d["entry"][3]["request"]
    d = case("transaction-post-wrong-url", [("integrity", f"{E}[1].request.url")], transaction())
    d["entry"][1]["request"]["url"] = "Patient"
    d = case("transaction-bad-method", [("schema", f"{E}[2].request.method")], transaction())
    d["entry"][2]["request"]["method"] = "CREATE"
    d = case("transaction-bad-if-none-exist", [("integrity", f"{E}[4].request.ifNoneExist")], transaction())
    d["entry"][4]["request"]["ifNoneExist"] = f"?identifier{SYS}"
    d = case("request-in-collection", [("integrity", f"{E}[1].request")])
    d["entry"][1]["request"] = {"method": "POST", "url": "Condition"}
    d = case("conditional-reference-in-collection", [("integrity", f"{OB}.subject.reference")])
    res(d, 2)["subject"]["reference"] = f"Patient?identifier={SYS}|corpus/patient"
    d = case("conditional-reference-malformed", [("integrity", f"{OB}.subject.reference")], transaction())
    res(d, 2)["subject"]["reference"] = "Patient?identifier"
    d = case("conditional-reference-in-transaction", [], transaction())
    res(d, 2)["subject"]["reference"] = f"Patient?identifier={SYS}|corpus/patient"
    d = case("shared-identifier", [("integrity", f"{E}[5].resource.identifier[0]")])
    twin = copy.deepcopy(d["entry"][4])
    twin["fullUrl"] = "urn:uuid:5e6f7081-92a3-54b5-c6d7-e8f901234567"
    twin["resource"]["id"] = "5e6f7081-92a3-54b5-c6d7-e8f901234567"
    twin["resource"]["performedDateTime"] = "2005-02"
    d["entry"].append(twin)
    d = case("local-reference-without-contained", [("integrity", f"{M}.reasonReference[0].reference")])
    res(d, 3)["reasonReference"][0]["reference"] = "#myeloma"
    # terminology
    d = case("snomed-check-digit", [("terminology", f"{C}.code.coding[0].code")])
    res(d, 1)["code"]["coding"][0]["code"] = "109989007"
    d = case("loinc-check-digit", [("terminology", f"{OB}.code.coding[0].code")])
    res(d, 2)["code"]["coding"][0]["code"] = "718-8"
    d = case("icd10cm-unknown", [("terminology", f"{C}.code.coding[1].code")])
    res(d, 1)["code"]["coding"][1]["code"] = "C99.99"
    d = case("rxnorm-not-numeric", [("terminology", f"{M}.medicationCodeableConcept.coding[0].code")])
    res(d, 3)["medicationCodeableConcept"]["coding"][0]["code"] = "RX342369"
    d = case("ucum-bad-unit", [("terminology", f"{OB}.valueQuantity.code")])
    res(d, 2)["valueQuantity"]["code"] = "g/dL/"
    d = case("snomed-trailing-slash", [("terminology", f"{C}.code.coding[0].system")])
    res(d, 1)["code"]["coding"][0]["system"] = "http://snomed.info/sct/"
    d = case("loinc-oid-system", [("terminology", f"{OB}.code.coding[0].system")])
    res(d, 2)["code"]["coding"][0]["system"] = "urn:oid:2.16.840.1.113883.6.1"
    d = case("rxnorm-https", [("terminology", f"{M}.medicationCodeableConcept.coding[0].system")])
    res(d, 3)["medicationCodeableConcept"]["coding"][0]["system"] = "https://www.nlm.nih.gov/research/umls/rxnorm"
    d = case("display-mismatch", [], warnings=[("terminology", f"{C}.code.coding[0].display")])
    res(d, 1)["code"]["coding"][0]["display"] = "Plasmacytoma"
    # clinical
    d = case("abated-before-onset", [("clinical", f"{C}.abatementDateTime")])
    res(d, 1)["clinicalStatus"]["coding"][0]["code"] = "remission"
    res(d, 1)["abatementDateTime"] = "2003-01"
    d = case("con-4-abated-but-active", [("clinical", f"{C}.clinicalStatus")])
    res(d, 1)["abatementDateTime"] = "2012-01"
    d = case("con-5-entered-in-error-with-status", [("clinical", f"{C}.clinicalStatus")])
    res(d, 1)["verificationStatus"]["coding"][0]["code"] = "entered-in-error"
    d = case("obs-6-value-and-absent-reason", [("clinical", f"{OB}.dataAbsentReason")])
    res(d, 2)["dataAbsentReason"] = {"coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "unknown"}]}
    d = case("obs-7-component-repeats-code", [("clinical", f"{OB}.component[0].code")])
    res(d, 2)["component"] = [{"code": copy.deepcopy(res(d, 2)["code"]),
                               "valueQuantity": copy.deepcopy(res(d, 2)["valueQuantity"])}]
    d = case("future-date", [("clinical", f"{OB}.effectiveDateTime")])
    res(d, 2)["effectiveDateTime"] = "2099-06-15"
    d = case("period-start-after-end", [("clinical", f"{M}.effectivePeriod.end")])
    res(d, 3)["effectivePeriod"] = {"start": "2012-01", "end": "2011-08"}
    d = case("event-before-birth", [("clinical", f"{R}.performedDateTime")])
    res(d, 4)["performedDateTime"] = "1950-07"
    d = case("implausible-age", [("clinical", f"{P}.birthDate")])
    res(d, 0)["birthDate"] = "1853-03-14"
    out["implausible-age"] = (d, [("clinical", f"{C}.onsetDateTime"), ("clinical", f"{OB}.effectiveDateTime"),
                                  ("clinical", f"{M}.effectivePeriod.start"), ("clinical", f"{M}.effectivePeriod.end"),
                                  ("clinical", f"{R}.performedDateTime")], {})
    d = case("observation-without-subject", [("clinical", f"{OB}.subject")])
    del res(d, 2)["subject"]
    d = case("subject-wrong-target-type", [("integrity", f"{OB}.subject.reference")])
    res(d, 2)["subject"]["reference"] = f"urn:uuid:{CID}"
    d = case("reason-reference-wrong-type", [("integrity", f"{M}.reasonReference[0].reference")])
    res(d, 3)["reasonReference"][0]["reference"] = f"urn:uuid:{RID}"
    d = case("subject-a-group-not-the-patient", [("clinical", f"{OB}.subject.reference")])
    d["entry"].append({"fullUrl": "urn:uuid:6f708192-a3b4-55c6-d7e8-f90123456789", "resource": {
        "resourceType": "Group", "id": "6f708192-a3b4-55c6-d7e8-f90123456789", "text": _text("Cohort"),
        "type": "person", "actual": True}})
    res(d, 2)["subject"]["reference"] = "urn:uuid:6f708192-a3b4-55c6-d7e8-f90123456789"
    d = case("no-narrative", [], warnings=[("clinical", f"{R}.text")])
    del res(d, 4)["text"]
    d = case("pat-1-empty-contact", [("clinical", f"{P}.contact[0]")])
    res(d, 0)["contact"] = [{"gender": "male"}]
    # R5
    d = case("r5-condition-without-clinical-status", [("structure", f"{C}.clinicalStatus")], fhir_version="R5")
    del res(d, 1)["clinicalStatus"]
    for i in (3, 4):  # R5 shapes for MedicationStatement and Procedure
        r = res(d, i)
        if "medicationCodeableConcept" in r:
            r["medication"] = {"concept": r.pop("medicationCodeableConcept")}
            r["status"] = "recorded"
            r["reason"] = [{"reference": r.pop("reasonReference")[0]}]
        else:
            r["occurrenceDateTime"] = r.pop("performedDateTime")
            r["reason"] = [{"reference": r.pop("reasonReference")[0]}]
    return out


def main() -> None:
    HERE.mkdir(exist_ok=True)
    expected = {}
    for name, (doc, errors, opts) in sorted(cases().items()):
        suffix = ".ndjson" if "ndjson" in name else ".json"
        path = HERE / f"{name}{suffix}"
        text = doc if isinstance(doc, str) else json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        expected[path.name] = {"errors": [list(e) for e in errors],
                               "warnings": [list(w) for w in opts.pop("warnings", [])], **opts}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
