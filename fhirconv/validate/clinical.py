"""Layer f: clinical sense and the FHIR invariants of the resources fhirconv writes.

Clinical sense:
- dates not in the future (a Period's end in the future is only a warning: it may be planned);
- a Condition's onset not after its abatement; a Procedure's or a Period's start not after its end;
- the patient's age plausible at each event: nothing before birth, nothing past 120 years;
- in a Bundle or NDJSON set holding a Patient, every Condition, Observation, MedicationStatement,
  Procedure, Encounter (and other clinical resource) has a subject, and it is a Patient;
- narrative present (dom-6, a warning).

R4 invariants checked here (rule = error, guideline = warning):
- Condition: con-3 (guideline, R4 only), con-4, con-5 (R4 only; in R5 clinicalStatus is required);
- Observation: obs-3 (referenceRange has low, high or text), obs-6 (no dataAbsentReason with a
  value), obs-7 (no value when a component has the Observation's own code); a vital sign's LOINC code
  with a value that is not a Quantity (a warning: the vital-signs profile, which FHIR requires for
  those codes, takes only a Quantity);
- Patient: pat-1 (a contact has details or an organization);
- data types: per-1 (Period start <= end), rng-2 (Range low <= high), qty-3 (a Quantity code needs
  a system), age-1 (an Age is a positive UCUM duration), ext-1 (an Extension has a value or
  extensions, not both);
- resources: dom-2 (no nested contained resources), dom-3 (a contained resource is referenced),
  dom-4 (no versionId/lastUpdated in contained resources), dom-5 (no security labels there),
  dom-6 (narrative present).
Elsewhere: ele-1 in the json layer, ref-1 and bdl-1..12 in the integrity layer; the invariants that
only restate cardinality or types (e.g. one value[x]) are enforced by the structure layer.
MedicationStatement and Procedure have no invariants of their own in R4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from fhirconv.issues import Issue
from fhirconv.terminology.vitals import PANELS, VITAL_SIGN_CODES
from fhirconv.validate.fhirschema import index
from fhirconv.validate.integrity import Pool, base_of
from fhirconv.validate.tree import Target, each_target, nodes

LAYER = "clinical"

NO_NARRATIVE = frozenset({"Bundle", "Binary", "Parameters"})
CLINICAL = frozenset({
    "Condition", "Observation", "MedicationStatement", "Procedure", "MedicationRequest",
    "MedicationAdministration", "DiagnosticReport", "AllergyIntolerance", "Immunization",
    "CarePlan", "ClinicalImpression", "FamilyMemberHistory", "RiskAssessment", "Encounter",
})
ABATED_OK = {"inactive", "resolved", "remission"}
LOINC = "http://loinc.org"
VITAL_VALUE = "vs-value"
CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"
MAX_AGE_YEARS = 120

_DATE = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
    r"(Z|[+-]\d{2}:\d{2})?)?)?)?$"
)
_EARLIEST = timezone(timedelta(hours=14))
_LATEST = timezone(timedelta(hours=-12))


@dataclass
class Context:
    """What the clinical layer needs beyond one resource."""

    version: str
    pool: Pool | None = None  # resources of the same Bundle / NDJSON set
    has_patient: bool = False
    now: datetime | None = None


def interval(value: Any) -> tuple[datetime, datetime] | None:
    """The earliest and latest instant a FHIR date/dateTime/instant can mean (UTC-aware), or
    None when it is not a valid date (the structure layer reports that)."""
    if not isinstance(value, str):
        return None
    m = _DATE.match(value)
    if not m:
        return None
    year, month, day, hour, minute, second, frac, tz = m.groups()
    try:
        if hour is not None and tz is not None:
            offset = UTC if tz == "Z" else timezone(
                (1 if tz[0] == "+" else -1) * timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6])))
            micro = int((frac or "0")[:6].ljust(6, "0"))
            point = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro,
                             tzinfo=offset)
            return point, point
        y = int(year)
        lo_m, hi_m = (int(month), int(month)) if month else (1, 12)
        lo = datetime(y, lo_m, int(day) if day else 1, tzinfo=_EARLIEST)
        if day:
            hi_day = datetime(y, hi_m, int(day), tzinfo=_LATEST)
        else:
            nxt = datetime(y + (hi_m == 12), hi_m % 12 + 1, 1, tzinfo=_LATEST)
            hi_day = nxt - timedelta(days=1)
        hi = hi_day + timedelta(days=1) - timedelta(microseconds=1)
        if hour is not None:  # a time without zone: anywhere that day
            lo = lo.replace(hour=int(hour), minute=int(minute))
        return lo, hi
    except ValueError:
        return None


def _issue(severity: str, message: str, code: str, expr: str, hint: str | None = None) -> Issue:
    return Issue(severity, message, code=code, layer=LAYER, expression=expr, hint=hint)  # type: ignore[arg-type]


def _items(value: Any) -> list[Any]:
    """``value`` when it is a list, else nothing (a wrong type is the structure layer's to report)."""
    return value if isinstance(value, list) else []


def _codes(concept: Any, system: str | None = None) -> set[str]:
    if not isinstance(concept, dict):
        return set()
    return {c["code"] for c in _items(concept.get("coding"))
            if isinstance(c, dict) and isinstance(c.get("code"), str)
            and (system is None or c.get("system") == system)}


def _pairs(concept: Any) -> set[tuple[Any, Any]]:
    if not isinstance(concept, dict):
        return set()
    return {(c.get("system"), c.get("code")) for c in _items(concept.get("coding"))
            if isinstance(c, dict) and isinstance(c.get("system"), str) and isinstance(c.get("code"), str)}


def _choice(resource: dict[str, Any], stem: str) -> tuple[str, Any] | None:
    for key, value in resource.items():
        if key.startswith(stem) and len(key) > len(stem) and key[len(stem)].isupper():
            return key, value
    return None


def _start(value: Any, key: str) -> Any:
    """The start of a choice value for ordering: a dateTime, or a Period's start."""
    if key.endswith("DateTime"):
        return value
    if key.endswith("Period") and isinstance(value, dict):
        return value.get("start")
    return None


def _condition(r: dict[str, Any], expr: str, version: str) -> list[Issue]:
    issues: list[Issue] = []
    clinical = r.get("clinicalStatus")
    verification = _codes(r.get("verificationStatus"))
    categories = set().union(set(), *[_codes(c) for c in _items(r.get("category"))])
    abatement = _choice(r, "abatement")
    if version == "R4" and clinical is None and "entered-in-error" not in verification \
            and "problem-list-item" in categories:
        issues.append(_issue("warning", "a problem-list Condition should have a clinicalStatus (con-3)",
                             "invariant", f"{expr}.clinicalStatus",
                             "in a case file, give the condition's `clinical_status` when the source says it "
                             "(active, resolved, remission); con-3 is a guideline, and servers take the "
                             "Condition without one"))
    if abatement is not None and not (_codes(clinical, CLINICAL_STATUS) & ABATED_OK):
        issues.append(_issue("error", "an abated Condition must have clinicalStatus inactive, resolved or "
                             "remission (con-4)", "invariant", f"{expr}.clinicalStatus",
                             "set clinicalStatus to resolved/inactive/remission or drop the abatement"))
    if version == "R4" and clinical is not None and "entered-in-error" in verification:
        issues.append(_issue("error", "clinicalStatus must be absent when verificationStatus is "
                             "entered-in-error (con-5)", "invariant", f"{expr}.clinicalStatus"))
    onset = _choice(r, "onset")
    if onset is not None and abatement is not None:
        a = interval(_start(onset[1], onset[0]))
        b = interval(_start(abatement[1], abatement[0]))
        if a and b and a[0] > b[1]:
            issues.append(_issue("error", f"onset ({_start(onset[1], onset[0])}) is after abatement "
                                 f"({_start(abatement[1], abatement[0])})", "business-rule",
                                 f"{expr}.{abatement[0]}", "swap or correct the dates"))
    return issues


def reported_vital_value(issue: Issue) -> bool:
    """Whether ``issue`` is a vital sign's text, range or yes/no value, which the converter reports at
    its line in the case file already."""
    return issue.layer == LAYER and issue.message.endswith(f"({VITAL_VALUE})") and (
        issue.expression or "").endswith((".valueString", ".valueRange", ".valueBoolean"))


def _observation(r: dict[str, Any], expr: str) -> list[Issue]:
    issues: list[Issue] = []
    value = _choice(r, "value")
    if value is not None and "dataAbsentReason" in r:
        issues.append(_issue("error", f"dataAbsentReason given together with {value[0]} (obs-6)", "invariant",
                             f"{expr}.dataAbsentReason", "give either a value or a dataAbsentReason"))
    if value is not None:
        own = _pairs(r.get("code"))
        for i, comp in enumerate(_items(r.get("component"))):
            if isinstance(comp, dict) and own & _pairs(comp.get("code")):
                issues.append(_issue("error", f"component has the Observation's own code, so {value[0]} must be "
                                     "absent (obs-7)", "invariant", f"{expr}.component[{i}].code"))
    vital = _codes(r.get("code"), LOINC) & VITAL_SIGN_CODES
    if value is not None and vital and value[0] != "valueQuantity":
        code = sorted(vital)[0]
        issues.append(_issue(
            "warning", f"LOINC {code} is a vital sign, whose Observation SHALL conform to FHIR's vital-signs "
            f"profile, and that profile's value is a Quantity, not {value[0]} ({VITAL_VALUE})", "invariant",
            f"{expr}.{value[0]}",
            "give the measured number with its UCUM unit, or code the finding itself (a text such as "
            "'normotensive' as an exam finding, not as the vital sign)" if code not in PANELS
            else "a panel's values are its components (systolic and diastolic pressure) or members"))
    for i, rng in enumerate(_items(r.get("referenceRange"))):
        if isinstance(rng, dict) and not ({"low", "high", "text"} & rng.keys()):
            issues.append(_issue("error", "referenceRange needs low, high or text (obs-3)", "invariant",
                                 f"{expr}.referenceRange[{i}]"))
    return issues


def _patient(r: dict[str, Any], expr: str) -> list[Issue]:
    issues: list[Issue] = []
    for i, contact in enumerate(_items(r.get("contact"))):
        if isinstance(contact, dict) and not ({"name", "telecom", "address", "organization"} & contact.keys()):
            issues.append(_issue("error", "a contact needs a name, telecom, address or organization (pat-1)",
                                 "invariant", f"{expr}.contact[{i}]"))
    return issues


def _datatypes(target: Target, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    for node, expr in nodes(target, ctx.version, "Period"):
        if isinstance(node, dict):
            a, b = interval(node.get("start")), interval(node.get("end"))
            if a and b and a[0] > b[1]:
                issues.append(_issue("error", f"period starts ({node['start']}) after it ends ({node['end']}) "
                                     "(per-1)", "invariant", f"{expr}.end", "swap or correct the dates"))
    for node, expr in nodes(target, ctx.version, "Range"):
        if isinstance(node, dict):
            low, high = node.get("low"), node.get("high")
            if isinstance(low, dict) and isinstance(high, dict) and low.get("code") == high.get("code"):
                lv, hv = low.get("value"), high.get("value")
                if isinstance(lv, int | float) and isinstance(hv, int | float) and lv > hv:
                    issues.append(_issue("error", f"range low ({lv}) is above high ({hv}) (rng-2)", "invariant",
                                         f"{expr}.low"))
    for node, expr in nodes(target, ctx.version, "Quantity", "Age", "Duration", "Count", "Distance",
                            "SimpleQuantity"):
        if isinstance(node, dict) and "code" in node and "system" not in node:
            issues.append(_issue("error", "a Quantity with a code needs a system (qty-3)", "invariant",
                                 f"{expr}.system", "add system: http://unitsofmeasure.org"))
    for node, expr in nodes(target, ctx.version, "Age"):
        if isinstance(node, dict):
            value = node.get("value")
            bad = ("value" in node and "code" not in node) or \
                  ("system" in node and node["system"] != "http://unitsofmeasure.org") or \
                  (isinstance(value, int | float) and value <= 0)
            if bad:
                issues.append(_issue("error", "an Age is a positive value with a UCUM time unit (age-1)",
                                     "invariant", expr))
    for node, expr in nodes(target, ctx.version, "Extension"):
        if isinstance(node, dict):
            has_value = any(k.startswith("value") for k in node)
            if has_value == bool(node.get("extension")):
                issues.append(_issue("error", "an extension has either a value or extensions, not both, not neither "
                                     "(ext-1)", "invariant", expr))
    return issues


def _contained(target: Target, ctx: Context) -> list[Issue]:
    issues: list[Issue] = []
    contained = target.resource.get("contained")
    if not isinstance(contained, list):
        return issues
    local = {n["reference"] for n, _ in nodes(target, ctx.version, "Reference")
             if isinstance(n, dict) and isinstance(n.get("reference"), str)}
    for i, res in enumerate(contained):
        if not isinstance(res, dict):
            continue
        where = f"{target.expr}.contained[{i}]"
        if res.get("contained"):
            issues.append(_issue("error", "a contained resource must not contain resources (dom-2)", "invariant",
                                 f"{where}.contained"))
        meta = res.get("meta") or {}
        if isinstance(meta, dict):
            if "versionId" in meta or "lastUpdated" in meta:
                issues.append(_issue("error", "a contained resource has no meta.versionId or meta.lastUpdated "
                                     "(dom-4)", "invariant", f"{where}.meta"))
            if meta.get("security"):
                issues.append(_issue("error", "a contained resource has no security labels (dom-5)", "invariant",
                                     f"{where}.meta.security"))
        rid = res.get("id")
        if isinstance(rid, str) and f"#{rid}" not in local and "#" not in local:
            issues.append(_issue("error", f"contained resource #{rid} is not referenced from the resource (dom-3)",
                                 "invariant", where, "reference it with #id or drop it"))
    return issues


def _dates(target: Target, ctx: Context, birth_text: Any) -> list[Issue]:
    issues: list[Issue] = []
    birth = interval(birth_text)
    now = ctx.now or datetime.now(UTC)
    for value, expr in nodes(target, ctx.version, "date", "dateTime", "instant"):
        span = interval(value)
        if span is None:
            continue
        if expr.endswith(".meta.lastUpdated"):
            continue
        if span[0] > now:
            planned = expr.endswith(".end")
            issues.append(_issue("warning" if planned else "error", f"date {value} is in the future",
                                 "business-rule", expr, "check the year" if not planned else None))
            continue
        if birth is None or expr.endswith(".birthDate"):
            continue
        if span[1] < birth[0]:
            issues.append(_issue("error", f"date {value} is before the patient's birth ({birth_text})",
                                 "business-rule", expr, "check the year, and day/month order"))
        elif (span[0] - birth[1]).days > MAX_AGE_YEARS * 366:
            issues.append(_issue("error", f"date {value} makes the patient older than {MAX_AGE_YEARS} years",
                                 "business-rule", expr, "check the year or the birth date"))
    return issues


def _subject(target: Target, ctx: Context) -> tuple[list[Issue], dict[str, Any] | None]:
    """The subject check, and the Patient the resource is about when it resolves."""
    r = target.resource
    ref = r.get("subject") if "subject" in r else r.get("patient")
    patient = None
    issues: list[Issue] = []
    if isinstance(ref, dict) and isinstance(ref.get("reference"), str) and ctx.pool is not None:
        found = ctx.pool.find(ref["reference"], base_of(target))
        if found is not None:
            if found.get("resourceType") == "Patient":
                patient = found
            elif target.type in CLINICAL and ctx.has_patient:
                issues.append(_issue("error", f"subject is a {found.get('resourceType')}, not the Patient",
                                     "business-rule", f"{target.expr}.subject.reference"))
    if target.type in CLINICAL and ctx.has_patient and not isinstance(ref, dict):
        issues.append(_issue("error", f"{target.type} has no subject", "required", f"{target.expr}.subject",
                             "reference the Patient of the bundle"))
    return issues, patient


def check_resource(target: Target, ctx: Context) -> list[Issue]:
    r, expr, rtype = target.resource, target.expr, target.type
    issues: list[Issue] = []
    if rtype not in index(ctx.version).resource_types:
        return issues  # the structure layer reports the unknown type
    if rtype not in NO_NARRATIVE and not (isinstance(r.get("text"), dict) and r["text"].get("div")):
        issues.append(_issue("warning", f"{rtype} has no narrative (dom-6)", "invariant", f"{expr}.text",
                             "add text.div so people can read the resource"))
    if rtype == "Condition":
        issues.extend(_condition(r, expr, ctx.version))
    elif rtype == "Observation":
        issues.extend(_observation(r, expr))
    elif rtype == "Patient":
        issues.extend(_patient(r, expr))
    subject_issues, patient = _subject(target, ctx)
    issues.extend(subject_issues)
    if rtype == "Patient":
        patient = r
    issues.extend(_dates(target, ctx, patient.get("birthDate") if patient else None))
    issues.extend(_datatypes(target, ctx))
    issues.extend(_contained(target, ctx))
    return issues


def check(targets: list[Target], ctx: Context) -> list[Issue]:
    """Layer entry point."""
    return each_target(targets, check_resource, ctx)
