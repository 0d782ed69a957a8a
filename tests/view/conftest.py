"""Bundles for the view tests: the myeloma sample, a hand-made one, anyone's, and a busy synthetic one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MYELOMA, SHARED

DATA = Path(__file__).parent / "data"
HANDMADE = DATA / "myeloma-bundle.json"
OFFICIAL_BUNDLE = SHARED / "fhir-examples" / "r4" / "Bundle-bundle-example.json"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
EXT = "https://fhirconv.org/fhir/StructureDefinition/"


@pytest.fixture(scope="session")
def myeloma_bundle() -> dict[str, Any]:
    """The reference sample, converted by fhirconv itself."""
    from fhirconv.api import convert_file

    return convert_file(str(MYELOMA)).bundle


@pytest.fixture(scope="session")
def handmade_bundle() -> dict[str, Any]:
    return json.loads(HANDMADE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def official_bundle() -> dict[str, Any]:
    return json.loads(OFFICIAL_BUNDLE.read_text(encoding="utf-8"))


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def busy_bundle(version: str = "R4") -> dict[str, Any]:
    """About 40 dated events packed into a few years, many in the same months, in both date precisions.

    R5 spellings (``occurrence[x]``, ``medication`` as CodeableReference) when ``version`` is R5.
    """
    res: list[dict[str, Any]] = [{"resourceType": "Patient", "id": "p", "gender": "male", "birthDate": "1950-03"}]
    subject = {"reference": "urn:uuid:p"}

    def cond(cid: str, text: str, onset: str, status: str = "active", abatement: str | None = None) -> None:
        r = {"resourceType": "Condition", "id": cid, "code": {"text": text}, "subject": subject,
             "clinicalStatus": {"coding": [{"system": CLINICAL, "code": status}]}, "onsetDateTime": onset}
        if abatement:
            r["abatementDateTime"] = abatement
        res.append(r)

    def status_obs(oid: str, cid: str, code: str, text: str, when: str) -> None:
        res.append({"resourceType": "Observation", "id": oid, "status": "final", "code": {"text": "status"},
                    "subject": subject, "focus": [{"reference": f"urn:uuid:{cid}"}], "effectiveDateTime": when,
                    "valueCodeableConcept": {"coding": [{"system": CLINICAL, "code": code}], "text": text}})

    def regimen(rid: str, name: str, line: int, intent: str) -> None:
        proc: dict[str, Any] = {
            "resourceType": "Procedure", "id": rid, "status": "completed", "code": {"text": name},
            "subject": subject,
            "extension": [{"url": EXT + "therapy-line", "valuePositiveInt": line},
                          {"url": EXT + "therapy-intent", "valueCodeableConcept": {"text": intent}},
                          {"url": "http://example.org/fhir/StructureDefinition/whatever",
                           "extension": [{"url": "a", "valueString": "nested"}]}]}
        res.append(proc)

    def med(mid: str, drug: str, start: str, end: str | None, regimen_id: str | None = None,
            status: str = "completed") -> None:
        r: dict[str, Any] = {"resourceType": "MedicationStatement", "id": mid, "status": status, "subject": subject}
        if version == "R5":
            r["medication"] = {"concept": {"text": drug}}
        else:
            r["medicationCodeableConcept"] = {"text": drug}
        r["effectivePeriod"] = {"start": start, **({"end": end} if end else {})}
        if regimen_id:
            r["partOf"] = [{"reference": f"urn:uuid:{regimen_id}"}]
        res.append(r)

    def proc(pid: str, text: str, when: str) -> None:
        key = "occurrenceDateTime" if version == "R5" else "performedDateTime"
        res.append({"resourceType": "Procedure", "id": pid, "status": "completed", "code": {"text": text},
                    "subject": subject, key: when})

    def response(oid: str, text: str, when: str, cid: str = "c1") -> None:
        res.append({"resourceType": "Observation", "id": oid, "status": "final", "code": {"text": "Response"},
                    "subject": subject, "focus": [{"reference": f"urn:uuid:{cid}"}], "effectiveDateTime": when,
                    "valueCodeableConcept": {"text": text}})

    cond("c1", "multiple myeloma", "2015-03-10", "relapse")
    cond("c2", "extramedullary plasmacytoma of the left orbit", "2018-05")
    cond("c3", "deep vein thrombosis", "2016-02-01", "resolved", "2016-05-20")
    cond("c4", "herpes zoster", "2017", "resolved", "2017")
    for i, (when, text) in enumerate([("2016-11", "1st relapse"), ("2017-09-15", "2nd relapse"),
                                      ("2018-05", "3rd relapse"), ("2019-02-01", "4th relapse")]):
        status_obs(f"s{i}", "c1", "relapse", text, when)
    regimen("r1", "VRd", 1, "induction")
    for drug in ("bortezomib", "lenalidomide", "dexamethasone"):
        med(f"m1-{drug}", drug, "2015-04-01", "2015-09-30", "r1")
    regimen("r2", "melphalan 200 mg/m² conditioning", 1, "conditioning")
    med("m2", "melphalan", "2015-11-02", "2015-11-03", "r2")
    med("m3", "lenalidomide maintenance", "2016-01", None, None, "active")
    regimen("r4", "KPd", 2, "salvage")
    for drug in ("carfilzomib", "pomalidomide", "dexamethasone"):
        med(f"m4-{drug}", drug, "2016-12", "2017-08", "r4")
    regimen("r5", "Dara-Pd", 3, "salvage")
    for drug in ("daratumumab", "pomalidomide", "dexamethasone"):
        med(f"m5-{drug}", drug, "2017-10-01", "2018", "r5")
    proc("p1", "stem cell collection", "2015-10-05")
    proc("p2", "autologous stem cell transplant", "2015-11-04")
    proc("p3", "bone marrow biopsy", "2015-11-20")
    proc("p4", "radiotherapy to the left orbit", "2018-05-20")
    proc("p5", "second autologous stem cell transplant", "2018-06-02")
    proc("p6", "PET-CT", "2018-06-10")
    response("o1", "VGPR", "2015-10-01")
    response("o2", "CR", "2016-02-15")
    response("o3", "sCR", "2016-03-01")
    response("o4", "PD", "2016-11")
    response("o5", "PR", "2017-03-01")
    response("o6", "VGPR", "2017-06-01")
    response("o7", "PD", "2017-09-15")
    response("o8", "PR <partial> & more", "2018-08")
    response("o9", "VGPR", "2018-09-01")
    response("o10", "CR", "2018-12")
    res.append({"resourceType": "Observation", "id": "lab1", "status": "final", "code": {"text": "M protein"},
                "subject": subject, "effectiveDateTime": "2015-03-10",
                "valueQuantity": {"value": 3.2, "unit": "g/dL"}})
    res.append({"resourceType": "Procedure", "id": "p-undated", "status": "completed",
                "code": {"text": "dental extraction"}, "subject": subject,
                "note": [{"text": "some time before the bisphosphonate"}]})
    return {"resourceType": "Bundle", "id": f"busy-{version.lower()}", "type": "collection",
            "entry": [_entry(r) for r in res]}


@pytest.fixture(scope="session")
def busy() -> dict[str, Any]:
    return busy_bundle("R4")
