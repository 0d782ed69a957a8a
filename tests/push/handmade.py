"""A small hand-made case, shaped like the converter's transaction Bundles (urn:uuid fullUrls,
fhirconv identifiers, ifNoneExist), covering every reference kind push must resolve:
subject -> Patient, reasonReference -> Condition, partOf -> Procedure, focus -> Condition."""

from __future__ import annotations

import uuid
from typing import Any

SYSTEM = "https://fhirconv.org/fhir/identifier"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"


def _id(case: str, item: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{case}/{item}"))


def resources(case: str, *, note: str = "hand-made test case") -> list[dict[str, Any]]:
    """Patient, Condition, Procedure, MedicationStatement (partOf Procedure), Observation, with
    relative ``Type/id`` references (the NDJSON shape)."""
    pid, cid, prid, mid, oid = (_id(case, x) for x in ("patient", "dx", "chemo", "drug", "resp"))

    def ident(item: str) -> list[dict[str, str]]:
        return [{"system": SYSTEM, "value": f"{case}/{item}"}]

    subject = {"reference": f"Patient/{pid}"}
    return [
        {"resourceType": "Patient", "id": pid, "identifier": ident("patient"), "gender": "female",
         "birthDate": "1953"},
        {"resourceType": "Condition", "id": cid, "identifier": ident("dx"), "subject": subject,
         "code": {"coding": [{"system": SNOMED, "code": "109989006", "display": "Multiple myeloma"}]},
         "onsetDateTime": "2004-06", "note": [{"text": note}]},
        {"resourceType": "Procedure", "id": prid, "identifier": ident("chemo"), "status": "completed",
         "subject": subject, "reasonReference": [{"reference": f"Condition/{cid}"}],
         "code": {"coding": [{"system": SNOMED, "code": "367336001", "display": "Chemotherapy"}]},
         "performedPeriod": {"start": "2011-06", "end": "2011-12-01"}},
        {"resourceType": "MedicationStatement", "id": mid, "identifier": ident("drug"),
         "status": "completed", "subject": subject, "partOf": [{"reference": f"Procedure/{prid}"}],
         "reasonReference": [{"reference": f"Condition/{cid}"}],
         "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                                                   "code": "342369", "display": "lenalidomide"}]},
         "effectivePeriod": {"start": "2011-07"}},
        {"resourceType": "Observation", "id": oid, "identifier": ident("resp"), "status": "final",
         "subject": subject, "focus": [{"reference": f"Condition/{cid}"}],
         "code": {"coding": [{"system": LOINC, "code": "21976-6", "display": "Response to treatment"}]},
         "effectiveDateTime": "2012-01-15", "valueString": "complete response"},
    ]


def transaction_bundle(case: str, **kw: Any) -> dict[str, Any]:
    """The same resources as the converter's transaction Bundle (references as urn:uuid)."""
    items = resources(case, **kw)
    urn = {f"{r['resourceType']}/{r['id']}": f"urn:uuid:{r['id']}" for r in items}

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: (urn.get(v, v) if k == "reference" else fix(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    entries = []
    for r in items:
        entries.append({
            "fullUrl": f"urn:uuid:{r['id']}",
            "resource": fix(r),
            "request": {"method": "POST", "url": r["resourceType"],
                        "ifNoneExist": f"identifier={SYSTEM}|{r['identifier'][0]['value']}"},
        })
    return {"resourceType": "Bundle", "type": "transaction", "identifier": {"system": SYSTEM, "value": case},
            "entry": entries}
