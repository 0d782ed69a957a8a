"""``--profile mcode``: HL7 mCODE STU4 (hl7.fhir.us.mcode 4.0.0) where a profile applies, shaped to
US Core 6.1 (which mCODE builds on) elsewhere.

Resources no mCODE profile fits claim the US Core 6.1.0 profile of their kind (see
:mod:`fhirconv.profiles.uscore`); US Core 6.1.0 is not on the npm registry, so fhirconv ships it
(fhirconv/packages/vendor/) and the profile layer checks those claims as it checks mCODE's.

- Patient: CancerPatient when the case has a cancer.
- Conditions: PrimaryCancerCondition / SecondaryCancerCondition (with the relatedPrimaryCancerCondition
  extension, ``condition-related``, beside ``condition-dueTo``); every Condition a problem-list item.
- Disease status: status-history Observations (LOINC 97509-4) of a cancer claim CancerDiseaseStatus and
  carry the ConditionStatusTrend code beside the clinical-status code. An IMWG (or other) response
  keeps its exact category in its own Observation (LOINC 88040-1, NCIt value); a CancerDiseaseStatus
  is derived from it (``derivedFrom``), valued improved / stable / worsened.
- TNM: T, N and M category Observations (clinical, pathological or unstated) claim the TNM category
  profiles; a TNM stage on a primary cancer becomes a TNM stage group Observation that
  ``Condition.stage.assessment`` points to, whose members are the categories of its own kind.
- Procedures: radiotherapy of a cancer is a RadiotherapyCourseSummary (SNOMED 1217123003, a Period),
  surgery for a cancer a CancerRelatedSurgicalProcedure; every procedure states performed[x] (us-core-7).
- MedicationStatement: neither mCODE nor US Core 6.1 profiles it; nothing is claimed.
- Reference cycle: the TNM stage group's ``focus`` (1..1) and the Condition's ``stage.assessment``
  point at each other; ``push`` keeps such a cycle in one transaction when it splits a case.

Whether a condition is a cancer is read from its ICD-10-CM code (chapter 2, malignant C00-C96 and in
situ D00-D09; secondary C77-C79, the ICD-10-CM codes mCODE's SecondaryCancerDisorderVS lists) and
from the case's links: what a secondary cancer is ``due_to`` is its primary cancer. A SNOMED CT
hierarchy cannot be expanded offline, so no SNOMED code is guessed to be a cancer.
"""

from __future__ import annotations

import html
from typing import Any

from fhirconv.case.model import Case
from fhirconv.mappers.condition import CATEGORY as CONDITION_CATEGORY
from fhirconv.mappers.condition import tnm_key
from fhirconv.mappers.observation import CATEGORY as OBSERVATION_CATEGORY
from fhirconv.mappers.observation import RESPONSE_NAMES
from fhirconv.mappers.snippets import XHTML, coding, fixed
from fhirconv.naming import IDENTIFIER_SYSTEM, stable_id
from fhirconv.profiles import uscore
from fhirconv.profiles.common import claim, codes_of, of_type, put, state_absent
from fhirconv.terminology import SYSTEMS, lookup
from fhirconv.terminology.icd10cm import is_malignant

MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
CANCER_PATIENT = MCODE + "mcode-cancer-patient"
PRIMARY = MCODE + "mcode-primary-cancer-condition"
SECONDARY = MCODE + "mcode-secondary-cancer-condition"
DISEASE_STATUS = MCODE + "mcode-cancer-disease-status"
RADIOTHERAPY = MCODE + "mcode-radiotherapy-course-summary"
SURGERY = MCODE + "mcode-cancer-related-surgical-procedure"
TNM_PRIMARY_TUMOR = MCODE + "mcode-tnm-primary-tumor-category"
TNM_REGIONAL_NODES = MCODE + "mcode-tnm-regional-nodes-category"
TNM_DISTANT_METASTASES = MCODE + "mcode-tnm-distant-metastases-category"
TNM_STAGE_GROUP = MCODE + "mcode-tnm-stage-group"
CONDITION_RELATED = "http://hl7.org/fhir/StructureDefinition/condition-related"

SNOMED = SYSTEMS["snomed"]
LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
# ConditionStatusTrend: hl7.fhir.us.mcode 4.0.0 ValueSet-mcode-condition-status-trend-vs.json.
IMPROVED = coding(SNOMED, "268910001", "Patient's condition improved (finding)")
STABLE = coding(SNOMED, "359746009", "Patient's condition stable (finding)")
WORSENED = coding(SNOMED, "271299001", "Patient's condition worsened (finding)")
TREND_CODES = {(SNOMED, c["code"]) for c in (IMPROVED, STABLE, WORSENED)}
# Clinical status of a status-history entry -> trend; statuses that say no direction get none.
STATUS_TREND = {"relapse": WORSENED, "recurrence": WORSENED, "remission": IMPROVED, "resolved": IMPROVED}
# IMWG / RECIST-style response categories -> trend: a response (sCR..MR) is an improvement on the
# assessment before it, stable disease is stable, progressive disease a worsening.
RESPONSE_TREND = {"sCR": IMPROVED, "CR": IMPROVED, "VGPR": IMPROVED, "PR": IMPROVED, "MR": IMPROVED,
                  "SD": STABLE, "PD": WORSENED}
# RadiotherapyCourseSummary.code pattern (hl7.fhir.us.mcode 4.0.0); display as rendered in the
# package's example Procedure-radiotherapy-treatment-summary-chest-wall-jenny-m.
RADIOTHERAPY_COURSE = coding(SNOMED, "1217123003", "Radiotherapy course of treatment")
RADIOTHERAPY_CODES = {(SNOMED, "1287742003"), (SNOMED, "1217123003")}  # Radiotherapy (terminology table)
# Cancer surgery among the codes of the terminology tables: Simple mastectomy, a surgical removal
# like the excision in mCODE's example Procedure-cancer-related-surgical-procedure-jenny-m. (The
# value set is the SNOMED hierarchy under 387713003, not expandable offline; its binding is
# extensible.) Biopsies and transplants stay US Core Procedures, as in mCODE's own examples
# (Procedure-us-core-procedure-biopsy-jenny-m).
SURGICAL_CODES = {(SNOMED, "172043006")}
# TNM category observation codes of the terminology tables -> (part, stage type): the LOINC codes of
# mCODE 4.0.0's *-staging-type-max-vs and the SNOMED CT T, N and M category of its cancer-stage-type-vs.
TNM_PART = {(LOINC, "21905-5"): ("t", "clinical"), (LOINC, "21899-0"): ("t", "pathologic"),
            (SNOMED, "78873005"): ("t", ""),
            (LOINC, "21906-3"): ("n", "clinical"), (LOINC, "21900-6"): ("n", "pathologic"),
            (SNOMED, "277206009"): ("n", ""),
            (LOINC, "21907-1"): ("m", "clinical"), (LOINC, "21901-4"): ("m", "pathologic"),
            (SNOMED, "277208005"): ("m", "")}
TNM_PROFILE = {"t": TNM_PRIMARY_TUMOR, "n": TNM_REGIONAL_NODES, "m": TNM_DISTANT_METASTASES}
# TNM stage grouping types: hl7.fhir.us.mcode 4.0.0 ValueSet-mcode-tnm-stage-group-staging-type-vs.json.
STAGE_GROUP_TYPE = {"pathologic": coding(SNOMED, "399588009", "Pathologic TNM stage grouping"),
                    "clinical": coding(SNOMED, "399537006", "Clinical TNM stage grouping"),
                    "": coding(SNOMED, "399390009", "TNM stage grouping")}


def _icd(cc: dict[str, Any] | None) -> list[str]:
    return [code for system, code in codes_of(cc) if system == ICD10CM]


def _secondary_icd(code: str) -> bool:
    return "C77" <= code[:3] <= "C79"


# Verification statuses that do not say the patient has the condition: a cancer only considered
# (differential), ruled out or recorded in error is not the patient's cancer, so it claims no mCODE
# cancer profile and does not make the patient a CancerPatient ("diagnosed with or receiving
# treatment for" a cancer, hl7.fhir.us.mcode 4.0.0).
NOT_DIAGNOSED = {"differential", "refuted", "entered-in-error"}


def _not_diagnosed(condition: dict[str, Any]) -> bool:
    status = condition.get("verificationStatus", {})
    return any(c.get("code") in NOT_DIAGNOSED for c in status.get("coding", []))


def classify(case: Case, conditions: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Case condition id -> 'primary' or 'secondary' for the cancers; other conditions are absent."""
    conditions = {cid: r for cid, r in conditions.items() if not _not_diagnosed(r)}
    cancer = {cid for cid, r in conditions.items() if any(is_malignant(c) for c in _icd(r.get("code")))}
    secondary = {cid for cid, r in conditions.items() if any(_secondary_icd(c) for c in _icd(r.get("code")))}
    for c in case.conditions:
        if c.due_to and c.due_to in conditions and (c.id in secondary or (c.id in cancer and c.due_to in cancer)):
            secondary.add(c.id)
            cancer.add(c.due_to)  # what a secondary cancer is due to is a cancer
    return {cid: ("secondary" if cid in secondary else "primary") for cid in cancer | secondary}


def _rid(case_id: str, key: str) -> str:
    return stable_id(f"{case_id}/{key}")


def _ref(r: dict[str, Any]) -> dict[str, str]:
    return {"reference": f"{r['resourceType']}/{r['id']}"}


def apply(case: Case, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``resources`` shaped to mCODE / US Core and claiming them; derived resources are added."""
    by_item = {r["identifier"][0]["value"].split("/", 1)[1]: r for r in resources if r.get("identifier")}
    conditions = {c.id: by_item[c.id] for c in case.conditions if c.id in by_item}
    kinds = classify(case, conditions)
    cancer_ids = {conditions[cid]["id"] for cid in kinds}
    for patient in of_type(resources, "Patient"):
        if kinds:
            claim(patient, CANCER_PATIENT)
    for c in case.conditions:
        r = conditions.get(c.id)
        if r is None:
            continue
        _problem_list_item(r)
        kind = kinds.get(c.id)
        if kind:
            claim(r, PRIMARY if kind == "primary" else SECONDARY)
        if kind == "secondary" and c.due_to and kinds.get(c.due_to) == "primary":
            r["extension"] = [*r.get("extension", []),
                              {"url": CONDITION_RELATED, "valueReference": _ref(conditions[c.due_to])}]
    for proc in of_type(resources, "Procedure"):
        _procedure(proc, cancer_ids)
    assessed = _assessed(conditions)
    out: list[dict[str, Any]] = []
    for r in resources:
        out.append(r)
        if r["resourceType"] == "Observation":
            out += _observation(case, r, cancer_ids, assessed)
    out += _stage_groups(case, conditions, kinds, out, assessed)
    uscore.apply(out)
    return out


def _problem_list_item(condition: dict[str, Any]) -> None:
    """mCODE's cancer conditions and US Core's problems need problem-list-item (or health-concern)."""
    if "category" not in condition:  # the converter writes none when no clinical status is given
        put(condition, "category", [], before=("severity", "code", "bodySite", "subject"))
    cats = condition["category"]
    if not any(c.get("code") == "problem-list-item" for cc in cats for c in cc.get("coding", [])):
        cats.append(fixed(CONDITION_CATEGORY, "problem-list-item", "Problem List Item"))


def _reason_ids(proc: dict[str, Any]) -> set[str]:
    return {ref["reference"].rsplit("/", 1)[1] for ref in proc.get("reasonReference", [])}


def _procedure(proc: dict[str, Any], cancer_ids: set[str]) -> None:
    codes = codes_of(proc.get("code"))
    for_cancer = bool(_reason_ids(proc) & cancer_ids)
    if for_cancer and codes & RADIOTHERAPY_CODES:
        code = proc["code"]
        if (SNOMED, "1217123003") not in codes:
            code["coding"] = [RADIOTHERAPY_COURSE, *code.get("coding", [])]
        _period(proc)
        claim(proc, RADIOTHERAPY)
        return
    if for_cancer and codes & SURGICAL_CODES:
        claim(proc, SURGERY)
    # US Core (us-core-7): a completed or ongoing procedure states when it was performed.
    state_absent(proc, "performed", "DateTime", before=("recorder", "asserter", "performer", "location",
                                                       "reasonCode", "reasonReference", "bodySite", "note"))


def _period(proc: dict[str, Any]) -> None:
    """A radiotherapy course is a Period: a date becomes a one-date Period; words without a date
    move to a note and the Period says its dates are unknown (data-absent-reason)."""
    items, notes = [], list(proc.get("note", []))
    for k, v in proc.items():
        if k == "performedDateTime":
            items.append(("performedPeriod", {"start": v, "end": v}))
        elif k == "performedString":
            items.append(("performedPeriod", {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/"
                                                                   "data-absent-reason", "valueCode": "unknown"}]}))
            if not any(n.get("text") == f"When: {v}" for n in notes):
                notes.append({"text": f"When: {v}"})
        else:
            items.append((k, v))
    proc.clear()
    proc.update(items)
    if notes:
        put(proc, "note", notes, before=("focalDevice", "usedReference", "usedCode"))
    state_absent(proc, "performed", "Period", before=("recorder", "asserter", "performer", "location",
                                                     "reasonCode", "reasonReference", "bodySite", "note"))


def _focus_ids(obs: dict[str, Any], assessed: dict[str, set[str]] | None = None) -> set[str]:
    """The Conditions an Observation is about: its ``focus``, and the Conditions whose
    ``stage.assessment`` points to it (T, N and M observations carry no focus back to their
    Condition, so that references stay acyclic; mCODE's TNM categories leave focus 0..*)."""
    about = {ref["reference"].rsplit("/", 1)[1] for ref in obs.get("focus", [])}
    return about | (assessed or {}).get(obs.get("id", ""), set())


def _assessed(conditions: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Observation id -> ids of the Conditions whose stage.assessment references it."""
    out: dict[str, set[str]] = {}
    for r in conditions.values():
        for st in r.get("stage", []):
            for ref in st.get("assessment", []):
                out.setdefault(ref["reference"].rsplit("/", 1)[1], set()).add(r["id"])
    return out


def _observation(case: Case, obs: dict[str, Any], cancer_ids: set[str],
                 assessed: dict[str, set[str]]) -> list[dict[str, Any]]:
    """Claims for one Observation, and the CancerDiseaseStatus derived from a response."""
    codes = codes_of(obs.get("code"))
    if not _focus_ids(obs, assessed) & cancer_ids:
        return []
    if (LOINC, "97509-4") in codes:
        value = obs.get("valueCodeableConcept", {})
        status = next((c["code"] for c in value.get("coding", []) if c.get("system") == CLINICAL), None)
        if status in STATUS_TREND and STATUS_TREND[status] not in value["coding"]:
            # the trend first (what mCODE readers look for), the exact clinical status kept beside it
            value["coding"].insert(0, STATUS_TREND[status])
        if any(c in TREND_CODES for c in codes_of(value)):
            claim(obs, DISEASE_STATUS)
        # else a status that says no direction ("active", "inactive"): CancerDiseaseStatus's value is
        # bound (maximum) to the trend, which the source does not give, so nothing is claimed and the
        # entry stays a plain Observation with its exact clinical status
        return []
    part = next((TNM_PART[c] for c in codes if c in TNM_PART), None)
    if part:
        _tnm_category(case, obs, part[1], _focus_ids(obs, assessed))
        claim(obs, TNM_PROFILE[part[0]])
        return []
    if (LOINC, "88040-1") in codes:
        return _derived_status(case, obs)
    return []


def _tnm_category(case: Case, obs: dict[str, Any], kind: str, about: set[str]) -> None:
    """A TNM category is coded (valueCodeableConcept: the written category as text), has a category
    and names its staging method (required): its stage's staging system, else the condition's, else
    that the source does not say."""
    if "valueString" in obs:
        items = [(("valueCodeableConcept", {"text": v}) if k == "valueString" else (k, v)) for k, v in obs.items()]
        obs.clear()
        obs.update(items)
    if "category" not in obs:
        # category is 1..* in mCODE's TNM category profiles; the converter writes none when the case
        # gives none (a category value written as an Observation, ``t: ypT0``). A pathological
        # category is read from a specimen, a clinical or unstated one from the examination, as the
        # stage group's are.
        put(obs, "category", [fixed(OBSERVATION_CATEGORY, "laboratory", "Laboratory") if kind == "pathologic"
                              else fixed(OBSERVATION_CATEGORY, "exam", "Exam")], before=("code",))
    if "method" not in obs:
        own = next((st.system for c in case.conditions for i, st in enumerate(c.stages) for p, _ in st.tnm
                    if st.system and _rid(case.id, tnm_key(c, i, p)) == obs["id"]), None)
        system = own or next((c.stage.system for c in case.conditions if c.stage and c.stage.system
                              and _rid(case.id, c.id) in about), None)
        put(obs, "method", {"text": system or "TNM staging; system and edition not stated in the source"},
            before=("specimen", "device", "referenceRange", "hasMember", "derivedFrom", "component"))


def _derived_status(case: Case, obs: dict[str, Any]) -> list[dict[str, Any]]:
    """The mCODE disease status implied by an exact response category (IMWG sCR...PD), as its own
    Observation derived from the response, which keeps the category as the source gives it."""
    item = next((o for o in case.observations if o.response and _rid(case.id, o.id) == obs["id"]), None)
    if item is None or item.response not in RESPONSE_TREND:
        return []
    trend = RESPONSE_TREND[item.response]
    key = f"{item.id}/_disease-status"
    name = f"{RESPONSE_NAMES[item.response]} ({item.response})"
    label = f"Disease status: {trend['display']}, derived from the response {name}"
    meta = {k: v for k, v in obs.get("meta", {}).items() if k == "source"}
    out: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _rid(case.id, key),
        "meta": {**meta, "profile": [DISEASE_STATUS]},
        "text": {"status": "generated",
                 "div": f'<div xmlns="{XHTML}"><p><b>{html.escape(label)}</b></p></div>'},
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": f"{case.id}/{key}"}],
        "status": obs.get("status", "final"),
        "code": {"coding": [c.to_fhir() for c in lookup("observation", "disease status")], "text": "Disease status"},
        "subject": obs["subject"],
        "focus": obs["focus"],
    }
    for k in ("effectiveDateTime", "effectivePeriod"):
        if k in obs:
            out[k] = obs[k]
    out["valueCodeableConcept"] = {"coding": [trend], "text": f"{trend['display']} ({item.response})"}
    out["derivedFrom"] = [_ref(obs)]
    return [out]


def _members(condition_id: str, kind: str, resources: list[dict[str, Any]],
             assessed: dict[str, set[str]]) -> list[dict[str, str]]:
    """The stage group's members (at most one T, one N and one M, mCODE's hasMember:TNMCategory
    0..3): per part, the category of the group's own kind (clinical, pathologic), or, for a group of
    unstated kind, the part's category when the condition has only one; a group never mixes a
    clinical category into a pathological grouping or the other way round."""
    by_part: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for o in resources:
        if o["resourceType"] != "Observation" or condition_id not in _focus_ids(o, assessed):
            continue
        if not any(p in TNM_PROFILE.values() for p in o.get("meta", {}).get("profile", [])):
            continue
        part = next((TNM_PART[c] for c in codes_of(o.get("code")) if c in TNM_PART), None)
        if part:
            by_part.setdefault(part[0], []).append((part[1], o))
    out = []
    for part in "tnm":
        found = by_part.get(part, [])
        chosen = [o for k, o in found if k == kind] if kind else [o for _, o in found]
        if len(chosen) == 1:
            out.append(_ref(chosen[0]))
    return out


def _stage_groups(case: Case, conditions: dict[str, dict[str, Any]], kinds: dict[str, str],
                  resources: list[dict[str, Any]], assessed: dict[str, set[str]]) -> list[dict[str, Any]]:
    """A TNM stage on a primary cancer -> a TNM stage group Observation (its pT/pN as members) that
    Condition.stage.assessment references."""
    out = []
    for c in case.conditions:
        r = conditions.get(c.id)
        if kinds.get(c.id) != "primary" or not c.stage or "tnm" not in (c.stage.system or "").lower():
            continue
        system = c.stage.system or ""
        kind = "pathologic" if "patholog" in system.lower() else "clinical" if "clinic" in system.lower() else ""
        key = f"{c.id}/_stage-group"
        members = _members(r["id"], kind, resources, assessed)
        summary = r["stage"][0].get("summary", {})
        label = f"TNM stage group: {summary.get('text', '')}"
        meta = {k: v for k, v in r.get("meta", {}).items() if k == "source"}
        obs: dict[str, Any] = {
            "resourceType": "Observation", "id": _rid(case.id, key),
            "meta": {**meta, "profile": [TNM_STAGE_GROUP]},
            "text": {"status": "generated", "div": f'<div xmlns="{XHTML}"><p><b>{html.escape(label)}</b></p></div>'},
            "identifier": [{"system": IDENTIFIER_SYSTEM, "value": f"{case.id}/{key}"}],
            "status": "final",
            "category": [fixed(OBSERVATION_CATEGORY, "laboratory", "Laboratory")] if kind == "pathologic"
            else [fixed(OBSERVATION_CATEGORY, "exam", "Exam")],
            "code": {"coding": [STAGE_GROUP_TYPE[kind]]},
            "subject": r["subject"],
            "focus": [_ref(r)],
        }
        when = c.stage.when.date.fhir() if c.stage.when and c.stage.when.date else None
        if when:
            obs["effectiveDateTime"] = when
        obs["valueCodeableConcept"] = summary
        obs["method"] = {"text": system}
        if members:
            obs["hasMember"] = members
        r["stage"][0]["assessment"] = [_ref(obs)]
        out.append(obs)
    return out

