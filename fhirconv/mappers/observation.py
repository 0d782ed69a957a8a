"""Case observations, condition status history and the patient's age -> FHIR Observation.

Response assessments (IMWG sCR...PD) carry ``focus`` -> the Condition and the criteria as
``method``; status-history entries (5th relapse...) become disease-status observations valued
with FHIR's condition-clinical codes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from fhirconv.case.model import Component, Concept, Observation, Quantity
from fhirconv.case.units import PRESSURE_PAIR
from fhirconv.mappers import dating, findings, genes, qualifiers
from fhirconv.mappers import snippets as s
from fhirconv.mappers.codings import with_codings
from fhirconv.mappers.condition import CLINICAL, CLINICAL_DISPLAY, without_gait
from fhirconv.mappers.context import MapContext
from fhirconv.mappers.procedure import ordinal_word
from fhirconv.numbers import as_words
from fhirconv.terminology import match, match_with_unit
from fhirconv.terminology.dimensions import says_presence
from fhirconv.terminology.matching import match_tables, presence_twin, without_how_found

SNOMED = "http://snomed.info/sct"
BP_PANEL = "85354-9"  # Blood pressure panel: FHIR's vital-signs profile wants its two components

RESOURCE_TYPE = "Observation"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CATEGORY_DISPLAY = {"laboratory": "Laboratory", "vital-signs": "Vital Signs", "exam": "Exam", "imaging": "Imaging",
                    "survey": "Survey", "procedure": "Procedure", "social-history": "Social History",
                    "therapy": "Therapy"}
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
INTERPRETATION_CODES = {"low": ("L", "Low"), "normal": ("N", "Normal"), "high": ("H", "High"),
                        "abnormal": ("A", "Abnormal"), "critical-low": ("LL", "Critical low"),
                        "critical-high": ("HH", "Critical high"), "positive": ("POS", "Positive"),
                        "negative": ("NEG", "Negative")}
RESPONSE_NAMES = {"sCR": "Stringent complete response", "CR": "Complete response",
                  "VGPR": "Very good partial response", "PR": "Partial response", "MR": "Minimal response",
                  "SD": "Stable disease", "PD": "Progressive disease"}
# Course of a condition outside IMWG response criteria (coded only where the tables cite a code).
COURSE_NAMES = {"improved": "Improved", "resolved": "Resolved", "stable": "Stable", "worsened": "Worsened",
                "recovered": "Recovered", "unchanged": "Unchanged"}


def map_observations(ctx: MapContext) -> list[dict[str, Any]]:
    out = _age(ctx)
    for c in ctx.case.conditions:
        for h in c.history:
            out.append(_status_change(ctx, c.id, c.concept.label, h))
    out += [map_observation(ctx, o) for o in ctx.case.observations]
    out += findings.more_observations(ctx, _base)
    return out


def _sign(term: str, presence: bool = False, asked: bool = False) -> Any:
    """The finding a sign's name is: a table row, or a Global Patient Set concept tagged *finding*
    (tenderness, 247348008), never an ICD-10-CM code (the ICD-10-CM coding a GPS finding's words also
    get, *Bruit* beside R09.89, is left out: an examination records the sign). A disorder only when the
    value says presence (``presence``): "double vision: absent" is *Diplopia* (a GPS disorder) valued
    *Absent*, a pertinent negative, and "hypertension: absent" (``asked``: absent or present, not a
    test's negative or positive) the condition row's SNOMED CT disorder;
    an examination's free value is never recorded under a disorder."""
    found = match_tables("finding", term).concept
    if found is not None:
        return found
    hit = match("finding", term)
    if asked:  # "hypertension: absent", asked about: the disorder's row, its SNOMED CT coding alone,
        # unless the words are also another finding's (never for a result said positive or negative:
        # "HIV: negative" is a test's result)
        row = match_tables("condition", term).concept
        sct_row = tuple(c for c in row.codings if c.system == SNOMED) if row is not None else ()
        other = {c.code for c in hit.concept.codings if c.system == SNOMED} if hit.concept is not None else set()
        if sct_row and (not other or other == {c.code for c in sct_row}):
            return replace(row, codings=sct_row)
    from fhirconv.terminology import gps_data

    gps = gps_data.index()
    # a GPS concept however the words reached it ("oral ulcers": the site's adjective as its noun)
    if hit.status != "found" or hit.concept is None or gps is None or hit.concept.origin != "SNOMED CT GPS":
        return None
    sct = tuple(c for c in hit.concept.codings if c.system == SNOMED)
    concepts = [gps.concept(c.code) for c in sct]
    tags = ("finding", "disorder") if presence else ("finding",)
    if not concepts or not all(c is not None and c.tag in tags for c in concepts):
        return None
    return replace(hit.concept, codings=sct)


# The values that say whether a sign was there: a sign recorded with one of them and no category
# ("fever: absent", the pertinent negative of a case report) is the sign's finding.
SIGN_PRESENCE = frozenset({"present", "absent", "positive", "negative"})


def _names_sign(o: Observation) -> bool:
    """An examination, or an uncategorised, social-history, imaging or procedure observation whose
    value says presence ("illicit drug use: absent", "pleural effusion: present" on a CT,
    "ST segment elevation: present" on an ECG)."""
    if o.category == "exam":
        return True
    return o.category in (None, "social-history", "imaging", "procedure") and isinstance(o.value, str) \
        and " ".join(o.value.lower().split()) in SIGN_PRESENCE


def _is_symptom(term: str, found: Any) -> bool:
    """The finding is what the condition tables give the same words (a symptom or sign, as
    ``symptoms.csv`` lists them), so that an organism or a qualifier value the finding rows also
    hold ("HIV: negative", a test's name) is never taken for a sign."""
    cond = match("condition", term).concept
    sct = {c.code for c in found.codings if c.system == SNOMED}
    return cond is not None and bool(sct) and sct == {c.code for c in cond.codings if c.system == SNOMED}


_SAYS_PRESENT = re.compile(r"\b(?:positive|present)\b", re.IGNORECASE)
_SAYS_ABSENT = re.compile(r"\b(?:negative|absent|no|not)\b", re.IGNORECASE)


def _contradicts(found: Any, value: Any) -> bool:
    """A finding whose name states its own result (*Kernig's sign positive*) is no code for the sign
    recorded with the opposite one ("Kernig sign: negative"): the Observation would say both."""
    if not isinstance(value, str):
        return False
    said = " ".join(value.lower().split())
    names = [c.display or "" for c in found.codings]
    if said in ("absent", "negative"):
        return any(_SAYS_PRESENT.search(n) for n in names)
    if said in ("present", "positive"):
        return any(_SAYS_ABSENT.search(n) for n in names)
    return False


def _exam_finding(ctx: MapContext, o: Observation) -> dict[str, Any] | None:
    """An examination recorded under the name of a sign (``observation: fever``, ``category: exam``),
    or a sign recorded present or absent without a category (``observation: fever, value: absent``),
    as social history (``observation: illicit drug use, value: absent``) or as what an imaging study
    or a procedure showed (``observation: pneumothorax, category: imaging, value: absent``),
    that no observation row knows: the sign's SNOMED CT finding is the code (a finding is a valid
    Observation.code; FHIR's own examples code signs so), also after words that name a kind of it
    (a coarse tremor is a tremor: the user is told). Only a table row counts here, never ICD-10-CM,
    and only when every coding is SNOMED CT; outside an examination, only a symptom or sign the
    condition tables know by the same words."""
    if not _names_sign(o) or o.concept is None or o.concept.codes or not o.concept.term:
        return None
    term = o.concept.term
    if match("observation", term).status != "none":
        return None
    presence, asked = _presence(o)
    found = _sign(term, presence, asked)
    if found is None and (bare := without_how_found(term)) != term:  # "wheezes on auscultation"
        found, term = _sign(bare, presence, asked), bare
    read = qualifiers.reading("finding", term) if found is None else None
    if read is not None and isinstance(o.value, str) and _SAYS_ABSENT.search(o.value) \
            and not {w.lower() for w in read.narrowing} <= _FOUND_BY:
        return None  # "central obesity: absent" denies no obesity: the broader finding's absence says more
    if read is not None and not read.severity and not read.suspected:
        found = _sign(read.rest, presence, asked)
    if found is None or any(c.system != SNOMED for c in found.codings):
        return None
    if o.category != "exam" and not _is_symptom(read.rest if read is not None else term, found):
        return None
    if _contradicts(found, o.value):
        return None
    if read is not None:
        ctx.warn((*o.path, "observation"), f"observation {term!r} is coded as the finding {read.rest!r}, the "
                 f"broader concept: {' '.join(read.narrowing)!r} is said in the text only", severity="information",
                 hint="give `codes` on the observation to choose a narrower concept")
    return s.compact({"coding": [c.to_fhir() for c in found.codings], "text": o.concept.term})


# Words of how a finding is found, not of which kind: "no palpable abdominal mass" is no abdominal mass
_FOUND_BY = frozenset({"palpable", "visible", "obvious", "apparent", "detectable", "clinical", "overt", "evident",
                       "known"})


def _presence(o: Observation) -> tuple[bool, bool]:
    """Whether the value says presence ("present", "negative" ...), and whether it says it as asked
    about (absent or present, not a test's negative or positive)."""
    said = " ".join(o.value.lower().split()) if isinstance(o.value, str) else ""
    return said in SIGN_PRESENCE, said in ("absent", "present")


def _sited_sign(ctx: MapContext, o: Observation) -> tuple[dict[str, Any], Observation] | None:
    """An examination's sign named with where it was found ("scrotal tenderness", "flank
    tenderness") that no row knows whole: the sign's SNOMED CT finding, with the site as the
    observation's body site, as a condition's finding at a site is read (:mod:`sited_names`). Not
    when the item gives its own body site, and by the same rules as :func:`_exam_finding`."""
    from fhirconv.mappers import sited_names

    if not _names_sign(o) or o.concept is None or o.concept.codes or not o.concept.term or o.body_site:
        return None
    term = o.concept.term
    if match("observation", term).status != "none":
        return None
    sited = sited_names.read(term, known_ok=True)  # ICD-10-CM's whole name is no observation's code
    if sited is None:
        return None
    found = _sign(sited.code_text, *_presence(o))
    if found is None or any(c.system != SNOMED for c in found.codings) or _contradicts(found, o.value):
        return None
    if o.category is None and not _is_symptom(sited.code_text, found):
        return None
    ctx.warn((*o.path, "observation"), f"observation {term!r} is coded as the finding {sited.code_text!r} with "
             f"its body site {sited.site_words!r}; the whole name stays as the code's text", severity="information",
             hint="give `codes` on the observation to choose a narrower concept")
    return s.compact({"coding": [c.to_fhir() for c in found.codings], "text": term}), replace(o, body_site=sited.site)


def measured_unit(value: Any, unit: str | None) -> str | None:
    """The unit of a case value: beside the number (``unit:``) or inside a quantity (``{value, unit}``)."""
    if unit:
        return unit
    return value.get("unit") if isinstance(value, dict) and "value" in value else None


# Results said in one of the words laboratories and readers report with, coded as the SNOMED CT
# qualifier values the tables hold (IPS and US Core bind a qualitative result's valueCodeableConcept
# to SNOMED CT); other words stay a string, as written.
RESULT_WORDS = frozenset({"positive", "negative", "weakly positive", "detected", "not detected", "present", "absent",
                          "reactive", "non-reactive", "nonreactive", "normal", "abnormal", "equivocal",
                          "indeterminate"})


def value_x(ctx: MapContext, value: Any, unit: str | None, path: tuple) -> dict[str, Any]:
    """value[x] from a case value: number (+UCUM unit), quantity, boolean, string, or coded term."""
    if value is None:
        return {}
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int | float):
        return {"valueQuantity": s.quantity(value=value, unit=unit)}
    if isinstance(value, str):  # a unit beside words ("120/80" in mm[Hg]) stays with them
        if not unit and " ".join(value.lower().split()) in RESULT_WORDS:
            return {"valueCodeableConcept": s.codeable(ctx, Concept(value, ()), "finding", path)}
        return {"valueString": f"{value} {unit}" if unit else value}
    if "value" in value:
        return {"valueQuantity": s.quantity(Quantity(value["value"], value["unit"], value.get("comparator")))}
    if "low" in value:  # "10-15" in the item's unit
        return {"valueRange": {"low": s.quantity(value=value["low"], unit=value["unit"]),
                               "high": s.quantity(value=value["high"], unit=value["unit"])}}
    concept = Concept(value.get("term"), ())
    if value.get("codes"):
        from fhirconv.case.build import concept as to_concept
        concept = to_concept(value)
    return {"valueCodeableConcept": qualifiers.named(ctx, concept, _value_kind(concept), path)}


def _value_kind(concept: Concept) -> str:
    """A result's value is looked up as a finding, unless only a condition's name fits it as written: a
    disorder seen on a test ("third-degree AV block" on an ECG, "pneumonia" on a chest X-ray) is the
    disorder's code, as in the condition tables."""
    term = concept.term
    if concept.codes or not term or match("finding", term).status != "none" \
            or qualifiers.reading("finding", term) is not None:
        return "finding"
    return "condition" if match("condition", term).status == "found" else "finding"


# Observation's elements in FHIR's order, so every Observation is written the same way.
ORDER = ("partOf", "status", "category", "code", "subject", "focus", "encounter", "effectiveDateTime",
         "_effectiveDateTime",
         "valueQuantity", "valueCodeableConcept", "valueString", "valueBoolean", "valueRange", "interpretation",
         "note", "bodySite",
         "method", "referenceRange", "derivedFrom", "component")


def _base(ctx: MapContext, key: str, title: str, rows: list, code: dict, when: Any, extra: dict,
          category: str | None = None, status: str = "final", notes: list | None = None,
          ext: list | None = None) -> dict[str, Any]:
    fields = {
        "status": status,
        "category": [s.fixed(CATEGORY, category, CATEGORY_DISPLAY[category])] if category else None,
        "code": code,
        "subject": ctx.patient_ref(),
        "effectiveDateTime": s.fhir_date(when),
        **dating.element(ctx, "effectiveDateTime", when),
        "note": notes,
        **extra,
    }
    body = {k: fields[k] for k in ORDER if k in fields}
    return s.resource(RESOURCE_TYPE, ctx, key, title, rows, body, ext=ext)


def _age(ctx: MapContext) -> list[dict[str, Any]]:
    age = ctx.case.patient.age
    if age is None:
        return []
    code = s.codeable(ctx, Concept("age"), "observation", ("patient", "age"), text="Age")
    # the unit in words as people say it: "1 year", "18 months"
    value = s.quantity(value=age.value, unit=age.unit, display=age.words.split(" ", 1)[1])
    born = findings.birth_note(age)
    rows = [("Age", age.words), ("Date", s.fhir_date(age.at) or age.at.text), ("Birth date", born)]
    # social-history: the category US Core's simple observations take for a patient characteristic
    return [_base(ctx, "patient/age", f"Age {age.words}", rows, code, age.at, {"valueQuantity": value},
                  category="social-history", notes=s.notes(s.date_note("Date", age.at), born))]


# Words of a coding's display that name a cancer (no SNOMED CT hierarchy is at hand offline): read in
# the terminology's display, never in the case's words
# (a word's end too: adenocarcinoma, osteosarcoma; the malignant blastomas only, not a haemangioblastoma;
# a gastrointestinal stromal tumour, which ICD-10-CM files as malignant, C49.A-)
_CANCER_WORDS = re.compile(r"(\bmalignant|carcinoma|\bcancer|lymphoma|\bleuka?emia|myeloma|sarcoma|melanoma|"
                           r"\b(?:glio|neuro|nephro|retino|medullo|hepato|pineo|pancreato)blastoma|"
                           r"mesothelioma|gastrointestinal stromal tumou?r)s?\b", re.I)  # a GIST: C49.A-
# Words of a display that name any neoplasm, benign or of uncertain behaviour too (a post-transplant
# lymphoproliferative disorder, a myelodysplastic syndrome)
_NEOPLASM_WORDS = re.compile(r"neoplas|tumou?r|\b(?!(glauc|h[a]?emat|granul|trach|scot|ather|c|st|staphyl|"
                             r"sympt)omas?\b)\w+omas?\b|\b(?!granul|xanth)\w+omatosis\b|lymphoproliferative|myelodysplastic|"
                             r"myeloproliferative|metasta", re.I)


def is_cancer(code: dict[str, Any] | None) -> bool:
    """Whether a Condition.code names a cancer: an ICD-10-CM code of a malignant or in situ neoplasm,
    as mCODE reads it, or a coding whose display names one."""
    from fhirconv.terminology.icd10cm import is_malignant

    return any((c.get("system") == s.SYSTEMS["icd10cm"] and is_malignant(c.get("code", "")))
               or _CANCER_WORDS.search(c.get("display", "")) for c in (code or {}).get("coding", []))


def _neoplasm(code: dict[str, Any]) -> bool:
    """Whether a Condition.code names a neoplasm of any behaviour: an ICD-10-CM code of chapter 2
    (C00-D49) or a display that says so."""
    return any((c.get("system") == s.SYSTEMS["icd10cm"] and "C00" <= c.get("code", "")[:3] <= "D49")
               or _NEOPLASM_WORDS.search(c.get("display", "")) for c in code.get("coding", []))


def _says_neoplasm(words: str) -> bool:
    """Whether a condition's words name a cancer or a neoplasm of any behaviour."""
    return bool(_CANCER_WORDS.search(words) or _NEOPLASM_WORDS.search(words))


def _any_neoplasm(code: dict[str, Any]) -> bool:
    """Whether a Condition.code names a cancer or a neoplasm of any behaviour."""
    return is_cancer(code) or _neoplasm(code)


def _no_cancer(ctx: MapContext, o: Observation) -> bool:
    """Whether a response's focus is a coded condition that is no cancer: the response categories (CR,
    PR ...) are then another disease's words, and LOINC 88040-1 *Response to cancer treatment* and
    NCIt's remission values (defined by signs of cancer) would say what the case does not; both are
    written as text, with a warning. An uncoded focus, or none, keeps the codes."""
    code = ctx.condition_codes.get(o.focus) if o.focus else None
    if not code or not code.get("coding") or _any_neoplasm(code):
        return False
    label = code.get("text") or o.focus
    ctx.warn((*o.path, "response"), f"response {o.response!r} is a cancer response category (LOINC 88040-1 "
             f"'Response to cancer treatment'), and its focus {label!r} is no cancer: the response and its "
             "value are written as text only",
             hint="for another disease write its course, e.g. `response: improved` (also resolved, stable, "
                  "worsened, recovered, unchanged)")
    return True


# LOINC codes defined for a cancer: *Response to cancer treatment*, *Cancer disease progression*
_CANCER_ONLY = frozenset({"88040-1", "97509-4"})


def _cancer_code_without_cancer(ctx: MapContext, o: Observation, code: dict[str, Any] | None) -> dict[str, Any] | None:
    """``code`` without a LOINC code defined for a cancer ("response to treatment" is *Response to
    cancer treatment*) when the observation's focus is a condition that is no cancer (by its codes, or by
    its words when it has none: "anti-NMDAR encephalitis"), or, with no focus, when no condition of the
    case is a cancer or a neoplasm (a fungal keratitis's response)."""
    if not code or not any(c.get("system") == findings.LOINC and c.get("code") in _CANCER_ONLY
                           for c in code.get("coding", [])):
        return code
    focus = ctx.condition_codes.get(o.focus) if o.focus else None
    if o.focus:
        if focus and focus.get("coding") and _any_neoplasm(focus):
            return code
        if not focus or not focus.get("coding"):  # an uncoded focus: its words say whether it is a cancer
            term = getattr(getattr(ctx.case.item(o.focus), "concept", None), "term", None) or ""
            if not term or _says_neoplasm(term):
                return code
    elif any(_any_neoplasm(cc) for cc in ctx.condition_codes.values() if cc) or any(
            _says_neoplasm(c.concept.term or "")
            for c in ctx.case.conditions):
        return code
    kept = [c for c in code.get("coding", []) if not (c.get("system") == findings.LOINC
                                                       and c.get("code") in _CANCER_ONLY)]
    said = (focus or {}).get("text") or o.focus
    ctx.warn((*o.path, "observation"), f"observation {o.concept.term if o.concept else o.id!r}: its LOINC code is "
             "defined for a cancer, and " + (f"its focus {said!r} is no cancer" if o.focus else
                                             "the case names no cancer") + ": written as text only",
             hint="give 'codes' on the item to say otherwise")
    return with_codings(code, kept)


def _status_change(ctx: MapContext, condition_id: str, condition_label: str, h: Any) -> dict[str, Any]:
    # LOINC 97509-4 is *Cancer disease progression*: the code of a cancer's status only; any other
    # condition's status over time is its clinical course (NCIt *Clinical course of disease*)
    cancer = is_cancer(ctx.condition_codes.get(condition_id))
    code = s.codeable(ctx, Concept("disease status" if cancer else "course of condition"), "observation",
                      (*h.path, "status"), text="Disease status" if cancer else "Course of condition")
    label = CLINICAL_DISPLAY[h.status]
    if h.ordinal:
        label = f"{label} ({ordinal_word(h.ordinal)})"
    value = {**s.fixed(CLINICAL, h.status, CLINICAL_DISPLAY[h.status]), "text": label}
    rows = [("Condition", condition_label), ("Status", label), ("Source wording", h.text),
            ("Date", s.fhir_date(h.when))]
    extra = {"focus": [ctx.ref("Condition", condition_id)], "valueCodeableConcept": value}
    return _base(ctx, h.id, f"{condition_label}: {label}", rows, code, h.when, extra,
                 notes=s.notes(h.text and f"Source wording: {h.text}", s.date_note("Date", h.when)),
                 ext=s.extensions(s.extension("ordinal", "PositiveInt", h.ordinal)))


# Below this a systolic pressure with no unit is no pressure in mm[Hg] a case reports of a living
# patient ("18/10" is centimetres of mercury)
_LOWEST_SYSTOLIC = 40
_LOWEST_SYSTOLIC_INFANT = 30  # a preterm newborn's may be 35 mmHg


def _pressure_pair(ctx: MapContext, o: Observation, code: dict[str, Any] | None) -> tuple[Observation, str | None]:
    """A blood pressure written as clinicians write it, ``"90/60 mm[Hg]"`` (or ``90/60``, ``90/60
    mmHg``), becomes its systolic and diastolic components in mm[Hg], as FHIR's vital-signs blood
    pressure profile (and US Core's) wants; the words are kept in the narrative."""
    if BP_PANEL not in findings.loinc_codes(code) or not isinstance(o.value, str) or o.components \
            or o.unit not in (None, "mm[Hg]", "cm[Hg]"):
        return o, None
    m = PRESSURE_PAIR.fullmatch(o.value)
    if m is None:
        return o, None
    systolic, diastolic = (float(x) if "." in x else int(x) for x in m.groups())
    if systolic <= diastolic:  # not a systolic over a diastolic pressure: the words stay, with their warning
        return o, None
    age = ctx.case.patient.age
    lowest = _LOWEST_SYSTOLIC if age is None or age.years >= 1 else _LOWEST_SYSTOLIC_INFANT
    if o.unit is None and systolic < lowest and not re.search(r"mm", o.value, re.IGNORECASE):
        # "18/10" is how reports in centimetres of mercury write 180/100: no unit is guessed
        ctx.warn(o.value_path or (*o.path, "value"), f"blood pressure {o.value!r} has no unit and is too low to "
                 "be in mm[Hg] (reports in cmHg write 18/10 for 180/100 mmHg): written as words",
                 hint="give `unit: cm[Hg]` (written in mm[Hg], times 10) or the values in mm[Hg]")
        return o, None
    if o.unit == "cm[Hg]":  # FHIR's blood pressure profile wants mm[Hg]: 1 cmHg is 10 mmHg exactly
        systolic, diastolic = (round(x * 10, 6) for x in (systolic, diastolic))
        systolic, diastolic = (int(x) if float(x).is_integer() else x for x in (systolic, diastolic))
    converted = " (from cm[Hg]: 1 cmHg is 10 mmHg)" if o.unit == "cm[Hg]" else ""
    ctx.warn(o.value_path or (*o.path, "value"), f"blood pressure {o.value!r} is written as its systolic ({systolic}) "
             f"and diastolic ({diastolic}) components in mm[Hg]{converted}", severity="information",
             hint="write components: [{observation: systolic blood pressure, value: ..., unit: mm[Hg]}, ...] to "
             "say it yourself")
    parts = (Component(Concept("systolic blood pressure"), systolic, "mm[Hg]"),
             Component(Concept("diastolic blood pressure"), diastolic, "mm[Hg]"))
    return replace(o, value=None, components=parts), o.value


def _one_pressure(ctx: MapContext, o: Observation, code: dict[str, Any] | None) -> dict[str, Any] | None:
    """A blood pressure given as one value ("rose to 350 mmHg") is not the blood pressure panel, which
    is a systolic and a diastolic pressure: the panel's code is not written, and the user is told."""
    one = isinstance(o.value, int | float) and not isinstance(o.value, bool) or \
        isinstance(o.value, dict) and ("value" in o.value or "low" in o.value)
    if code is None or BP_PANEL not in findings.loinc_codes(code) or o.components or not one:
        return code
    shown = _as_written(o.value) or f"{as_words(o.value)} {o.unit or ''}".strip()
    ctx.warn(o.value_path or (*o.path, "value"), f"blood pressure {shown} is one value: the "
             f"blood pressure panel (LOINC {BP_PANEL}) is a systolic and a diastolic pressure, so its code is not "
             "written", hint="name the pressure the number is (observation: systolic blood pressure, or mean "
             "arterial pressure), or write both as \"120/80\"")
    return {k: v for k, v in code.items() if k != "coding"} or None


# A result that says presence, not an amount
_PRESENCE = re.compile(r"^(?:(?:weakly|strongly|highly|very|markedly) )?(?:positive|negative|detected|not detected|"
                       r"undetected|present|absent|reactive|non-?reactive)$", re.IGNORECASE)
# LOINC properties of amounts (Quantitative scale): "[Units/volume]", "[Moles/volume]", "/100 leukocytes"
_AMOUNT = re.compile(r"\[(?:Units|Mass|Moles|#|Enzymatic activity|Arbitrary units|International units)"
                     r"(?:/[^\]]*)?\]|/100 leukocytes")


def _scale_agrees(ctx: MapContext, o: Observation, code: dict[str, Any] | None) -> dict[str, Any] | None:
    """A LOINC code that measures an amount (*Proteinase 3 Ab [Units/volume] in Serum*) is not written
    for a result that says presence ("positive"): LOINC gives presence its own codes ("[Presence]"),
    and an amount's code with the word "positive" says neither. The tables' presence test of the same
    analyte in the same specimen is written instead when there is one; otherwise the user is told."""
    value = o.value if isinstance(o.value, str) else o.value.get("term") if isinstance(o.value, dict) else None
    if code is None or not value or not _PRESENCE.match(value.strip()) or o.concept is None or o.concept.codes:
        return code
    amounts = [c for c in code.get("coding", []) if c.get("system") == findings.LOINC
               and _AMOUNT.search(c.get("display", ""))]
    if not amounts:
        return code
    twin = presence_twin("observation", [c.get("display", "") for c in amounts])
    if twin is not None:
        return {**code, "coding": [s.coding(c.system, c.code, c.display) for c in twin.codings]}
    ctx.warn(o.value_path or (*o.path, "value"), f"{o.concept.term} {value!r} says presence, but LOINC "
             f"{amounts[0]['code']} '{amounts[0]['display']}' measures an amount: its code is not written",
             hint="give the measured number with its unit, or `codes` with the test's presence code "
             "(its LOINC name says [Presence])")
    kept = [c for c in code.get("coding", []) if c not in amounts]
    return {**{k: v for k, v in code.items() if k != "coding"}, **({"coding": kept} if kept else {})} or None


def map_observation(ctx: MapContext, o: Observation) -> dict[str, Any]:
    extra: dict[str, Any] = findings.links_of(ctx, o)
    said = None
    gene_studied: dict[str, Any] | None = None
    if o.response in COURSE_NAMES:
        name = COURSE_NAMES[o.response]
        # looked up like any concept, so a user's terms file can code it (the code of the observation
        # itself; its value is the course's row in outcomes.csv)
        code = s.codeable(ctx, Concept("course of condition"), "observation", (*o.path, "response"),
                          text="Course of condition", warn=False)
        extra["valueCodeableConcept"] = s.codeable(ctx, Concept(o.response), "response", (*o.path, "response"),
                                                   text=name)
        if o.criteria:
            extra["method"] = s.text_concept(o.criteria)
        title = f"Course: {name}"
    elif o.response:
        name = RESPONSE_NAMES[o.response]
        criteria = f"{o.criteria} response criteria" if o.criteria else None
        text = f"Response to treatment{f' ({o.criteria})' if o.criteria else ''}"
        if _no_cancer(ctx, o):
            code, value = s.text_concept(text), s.text_concept(f"{name} ({o.response})")
        else:
            code = s.codeable(ctx, Concept("response to treatment"), "observation", (*o.path, "response"), text=text)
            value = s.codeable(ctx, Concept(o.response), "response", (*o.path, "response"),
                               text=f"{name} ({o.response})")
        extra["valueCodeableConcept"] = value
        if criteria:
            extra["method"] = s.text_concept(criteria)
        title = f"Response: {name} ({o.response})"
    else:
        unit = measured_unit(o.value, o.unit)
        code = without_gait(ctx, _exam_finding(ctx, o), (*o.path, "observation"))
        if code is None and (sited := _sited_sign(ctx, o)) is not None:
            code, o = sited
        if code is None and o.concept and o.concept.term and not o.concept.codes and stained(ctx, o) \
                and match("observation", f"{o.concept.term} immunohistochemistry").status == "found":
            # "CD20" (or "NSE", never the serum's) from an immunohistochemistry
            code = _stain_code(ctx, o.concept.term, "by immunohistochemistry", (*o.path, "observation"))
        if code is None and (gene_variant := genes.variant(ctx, o)) is not None:
            code, gene_studied = gene_variant  # "MEFV gene variant": the variant profiles' code and gene
        if code is None:
            concept = _by_result(o, _sided(o, unit))
            rest = qualifiers.test(ctx, concept, unit, (*o.path, "observation")) if concept is o.concept else None
            code = s.codeable(ctx, Concept(rest) if rest else concept, "observation", (*o.path, "observation"),
                              text=o.concept.term if o.concept else None, unit=unit)
            code = _in_gas_blood(ctx, o, code, unit)
            code = _cancer_code_without_cancer(ctx, o, code)
            code = _fungus_grown(ctx, o, code)
            code = _newborns_on_mother(ctx, o, code)
            code = _presence_for_an_amount(ctx, o, code)
        o, said = _pressure_pair(ctx, o, code)
        code = _one_pressure(ctx, o, code)
        code = _scale_agrees(ctx, o, code)
        extra.update(value_x(ctx, o.value, o.unit, (*o.path, "value")))
        title = s.cc_label(code) or o.id
        findings.check_value(ctx, o, code)
    if o.focus and not _staged_by(ctx, o.focus, o.id):
        extra["focus"] = [ctx.ref("Condition", o.focus)]
    if o.interpretation:
        extra["interpretation"] = [s.fixed(INTERPRETATION, *INTERPRETATION_CODES[o.interpretation])]
    if o.reference_range:
        rr = o.reference_range
        extra["referenceRange"] = [s.compact({
            "low": s.quantity(value=rr.get("low"), unit=o.unit), "high": s.quantity(value=rr.get("high"), unit=o.unit),
            "text": rr.get("text")})]
    if o.components:
        within = _panel_specimen(code, o)
        extra["component"] = [
            {"code": _component_code(ctx, o, i, c, within),
             **value_x(ctx, c.value, c.unit, (*o.path, "components", i, "value"))}
            for i, c in enumerate(o.components)]
    if gene_studied:
        extra["component"] = [gene_studied, *extra.get("component", [])]
    sites = s.body_site(ctx, o.body_site, (*o.path, "body_site"), repeats=False)
    if sites:
        extra["bodySite"] = sites[0]
    shown = next((v for k, v in extra.items() if k.startswith("value")), None)
    if isinstance(o.value, dict) and "low" in o.value:  # a range as the source writes it: "60-350"
        said, shown = _as_written(o.value), None
    ranges = [(c.concept.label, _as_written(c.value)) for c in o.components  # a component's range
              if isinstance(c.value, dict) and "low" in c.value]
    rows = [("Observation", s.cc_label(code)), ("Value", _show(shown) or said), *ranges,
            ("Date", s.date_or_words(o.date) or o.when_text), ("Method", o.criteria),
            ("Note", o.note), *findings.link_rows(ctx, o)]
    return _base(ctx, o.id, title, rows, code, o.date, extra, category=o.category, status=o.status or "final",
                 notes=s.notes(o.note, s.date_note("Date", o.date), f"When: {o.when_text}" if o.when_text else None))


# Words of a fungus grown in a culture: a yeast, a mould, the genera case reports name
_FUNGUS = re.compile(r"\b(?:yeasts?|fung\w*|moulds?|molds?|candid\w*|aspergill\w*|cryptococc\w*|mucor\w*|rhizopus|"
                     r"histoplasm\w*|fusarium|trichosporon|lachancea|saccharomyces|pneumocystis|coccidioides|"
                     r"blastomyces|scedosporium|malassezia|sporothrix|talaromyces|penicillium|geotrichum)\b",
                     re.IGNORECASE)


def _fungus_grown(ctx: MapContext, o: Observation, code: dict[str, Any] | None) -> dict[str, Any] | None:
    """A culture coded as *Bacteria identified in ...* whose result is a fungus ("difficult-to-identify
    yeast", *Candida albicans*) is the specimen's fungal culture when the tables know it (*Fungus
    identified in Blood by Culture*), else text: the code's analyte would contradict its value."""
    said = o.value if isinstance(o.value, str) else o.value.get("term") if isinstance(o.value, dict) else None
    bacterial = [c for c in (code or {}).get("coding", [])
                 if (c.get("display") or "").startswith("Bacteria identified")]
    if not bacterial or not said or not _FUNGUS.search(str(said)):
        return code
    display = bacterial[0]["display"]
    specimen = display.split(" in ", 1)[1].split(" by ", 1)[0].lower() if " in " in display else ""
    fungal = match("observation", f"fungal {specimen} culture") if specimen else None
    if fungal is not None and fungal.status == "found":
        ctx.warn((*o.path, "observation"), f"{o.concept.term!r} grew a fungus ({said!r}): coded as the "
                 f"{specimen}'s fungal culture, not its bacterial one", severity="information",
                 hint="give `codes` on the observation to say otherwise")
        return s.codeable(ctx, Concept(f"fungal {specimen} culture"), "observation", (*o.path, "observation"),
                          text=o.concept.term if o.concept else None)
    ctx.warn((*o.path, "observation"), f"LOINC {bacterial[0]['code']} {display!r} is not written: the culture "
             f"grew a fungus ({said!r})", hint="give `codes` with the fungal culture's code")
    return with_codings(code, [c for c in code.get("coding", []) if c not in bacterial])


# A value that says an amount went up or down: no answer of a test of presence
_AMOUNT_WORDS = re.compile(r"^(?:(?:markedly|slightly|further|progressively|significantly)\s+)?(?:reduced|decreased|"
                           r"increased|worsened|worsening|improved|improving|elevated|raised|rising|falling|"
                           r"diminished|lower|higher)$", re.IGNORECASE)


def _presence_for_an_amount(ctx: MapContext, o: Observation, code: dict[str, Any] | None) -> dict[str, Any] | None:
    """Text only for a test of presence (*Protein [Presence] in Urine*) whose value says an amount
    changed ("reduced", "worsened"): the code's answer is present or absent, never more or less."""
    presence = [c for c in (code or {}).get("coding", []) if c.get("system") == findings.LOINC
                and says_presence(c.get("display") or "")]
    said = " ".join(o.value.split()) if isinstance(o.value, str) else ""
    if not presence or o.concept is None or o.concept.codes or not _AMOUNT_WORDS.match(said):
        return code
    ctx.warn((*o.path, "observation"), f"LOINC {presence[0]['code']} {presence[0].get('display')!r} is not written: "
             f"it tests for presence, and the value {said!r} says an amount", hint="give the amount with its unit, "
             "or `codes` on the item with a quantitative test")
    return {"text": code.get("text") or o.concept.term}


# A measurement LOINC makes of the newborn itself (its system is the patient): the birth weight, an Apgar score
_NEWBORNS_OWN = re.compile(r"\b(?:birth weight|apgar score)\b", re.IGNORECASE)
# Words of an item that say it is of another person: the mother's baby, her delivery
_ANOTHER = re.compile(r"\b(?:bab(?:y|ies)|neonat\w*|newborns?|new-born|infants?|f[o]?etus\w*|foetus\w*|son|daughter|"
                      r"child|stillb\w*|still birth|deliver\w*|twins?)\b", re.IGNORECASE)
# Words of a condition or procedure that say the patient was pregnant or gave birth
_CHILDBEARING = re.compile(r"\b(?:pregnan\w*|gestation\w*|deliver\w*|ca?esarean|c-section|labou?r|postpartum|"
                           r"puerper\w*|primigravida|multigravida|gravida|primipara|multipara|parturi\w*)\b",
                           re.IGNORECASE)
CHILDBEARING_YEARS = 10  # below this age a birth weight or an Apgar score on the record is the child's own


def _newborns_on_mother(ctx: MapContext, o: Observation, code: dict[str, Any] | None) -> dict[str, Any] | None:
    """Text only for a birth weight or an Apgar score (LOINC 8339-4, 9272-6: the newborn's own) on the
    record of a woman who gave birth: the item's words name the baby, or the case has her pregnancy or
    delivery. The code would say the mother's own birth weight; the newborn needs its own record."""
    loinc = [c for c in (code or {}).get("coding", []) if c.get("system") == findings.LOINC
             and _NEWBORNS_OWN.search(c.get("display") or "")]
    age, patient = ctx.case.patient.age, ctx.case.patient
    if not loinc or o.concept is None or o.concept.codes or patient.sex != "female" or age is None \
            or age.value * {"a": 1, "mo": 1 / 12, "wk": 1 / 52, "d": 1 / 365}.get(age.unit, 1) < CHILDBEARING_YEARS:
        return code
    said = " ".join(x for x in (o.concept.term, o.note, o.when_text) if x)
    births = [x.concept.term for x in (*ctx.case.conditions, *ctx.case.procedures)
              if x.concept.term and _CHILDBEARING.search(x.concept.term)]
    if not _ANOTHER.search(said) and not births:
        return code
    why = f"the case has {births[0]!r}" if births else "its words name the baby"
    ctx.warn((*o.path, "observation"), f"LOINC {loinc[0]['code']} {loinc[0].get('display')!r} is not written: it is "
             f"the newborn's own measurement, and the patient is a woman of {age.words} ({why})",
             hint="give the newborn its own case, or `codes` on the item to say otherwise")
    return {"text": code.get("text") or o.concept.term}


# An item that is a blood gas analysis, and the blood its words name ("arterial blood gas", "ABG",
# "blood gases analysis", "arterial gasometry")
_BLOOD_GAS = re.compile(r"\b(?:(arterial|venous|capillary)\s+)?blood\s+gas(?:es)?\b|\b(abg|vbg|cbg)s?\b|"
                        r"\bgasometry\b|\b(arterial)\s+(?:blood\s+)?(?:sampl\w*|puncture)\b", re.IGNORECASE)
_GAS_BLOOD = {"abg": "arterial", "vbg": "venous", "cbg": "capillary"}


def _gas_blood(ctx: MapContext, o: Observation) -> tuple[str, str] | None:
    """(the blood, "" when the words do not say it; the item's words) of the blood gas analysis
    ``o`` comes from (``from:``), or None when it comes from none."""
    for key in o.derived_from:
        concept = getattr(ctx.case.item(key), "concept", None)
        term = getattr(concept, "term", None) or ""
        said = _BLOOD_GAS.search(term)
        if said:
            blood = (said[1] or said[3] or _GAS_BLOOD.get((said[2] or "").lower())
                     or ("arterial" if re.search(r"\barterial\b", term, re.IGNORECASE) else ""))
            return blood.lower(), term
    return None


def _in_gas_blood(ctx: MapContext, o: Observation, code: dict[str, Any] | None,
                  unit: str | None) -> dict[str, Any] | None:
    """The code of an analyte measured in a blood gas analysis (``from:`` an arterial blood gas):
    the analyte in that blood ("HCO3-" from an ABG is *Bicarbonate [Moles/volume] in Arterial blood*),
    never the serum's or plasma's code its name alone gets; text only when the analysis does not say
    which blood, or the tables know no code for the analyte in it."""
    if code is None or o.concept is None or o.concept.codes or not o.concept.term:
        return code
    loinc = [c for c in code.get("coding", []) if c.get("system") == findings.LOINC]
    if not loinc or not all(re.search(r"\bin (?:serum|plasma)\b", c.get("display") or "", re.IGNORECASE)
                            for c in loinc):
        return code
    gas = _gas_blood(ctx, o)
    if gas is None:
        return code
    (blood, analysis), term, path = gas, o.concept.term, (*o.path, "observation")
    # the analyte in the gas's blood, or in blood when the words do not say which (true of either), by
    # the item's words or the analyte's name in the tables ("HCO3-" is the row "bicarbonate")
    bare = re.sub(r"^(?:blood|serum|plasma)\s+", "", term, flags=re.IGNORECASE)  # "blood bicarbonate"
    found = match("observation", bare).concept
    names = dict.fromkeys([bare, *([found.term] if found is not None else [])])
    tries = [(f"{blood} {n}", f"{blood} blood") for n in names if blood]
    tries += [(f"whole blood {n}", "blood") for n in names]
    for words, said in tries:
        if match_with_unit("observation", words, unit).status == "found":
            ctx.warn(path, f"observation {term!r} comes from {analysis!r}: coded as the {term} of {said}; its "
                     "words stay as its text", severity="information", hint="give 'codes' on the item to say otherwise")
            return s.codeable(ctx, Concept(words), "observation", path, text=term, unit=unit)
    ctx.warn(path, f"observation {term!r} comes from {analysis!r}, measured in whole blood: its code for serum or "
             f"plasma ({loinc[0].get('display')}) is not written, and the tables know no code for the {term} of "
             f"{blood or 'whole'} blood", hint="give 'codes' on the item")
    return {"text": code.get("text") or term}


_GAS_PANEL = re.compile(r"^gas panel - (arterial|venous|capillary) blood$", re.IGNORECASE)


def _panel_specimen(code: dict[str, Any] | None, o: Observation) -> tuple[str, str, str] | None:
    """What the components of an observation were measured in, as (the words to put before a
    component's name, the specimen, the panel as the user is told of it): the blood of a blood gas
    panel, by its LOINC code (*Gas panel - Arterial blood*), or a body fluid the observation's own
    name says ("pleural fluid analysis", "CSF")."""
    for c in (code or {}).get("coding", []):
        gas = _GAS_PANEL.match(c.get("display") or "") if c.get("system") == findings.LOINC else None
        if gas:
            blood = gas[1].lower()
            return f"{blood} blood gas", f"{blood} blood", f"the {blood} blood gas panel"
    fluid = _FLUID.search(o.concept.term or "") if o.concept else None
    if fluid:
        return fluid[1].lower(), fluid[1].lower(), f"the {o.concept.term}"
    return None


def _component_code(ctx: MapContext, o: Observation, i: int, c: Component,
                    within: tuple[str, str, str] | None) -> dict[str, Any] | None:
    """A component's code; in a blood gas panel an analyte is the analyte in the panel's blood when
    the tables know that one, as for "arterial blood gas pH": "pH" alone names no specimen, a plain
    "bicarbonate" is the serum's and a plain "oxygen saturation" the pulse oximeter's, while the
    panel measured them in arterial blood (*pH of Arterial blood*, *Bicarbonate [Moles/volume] in
    Arterial blood*, *Oxygen saturation in Arterial blood*). So too in the analysis of a body fluid
    named by the observation ("pleural fluid analysis": its "protein" is *Protein [Mass/volume] in
    Pleural fluid*, never the serum's)."""
    path = (*o.path, "components", i, "observation")
    unit = measured_unit(c.value, c.unit)
    term = c.concept.term
    if term and not c.concept.codes and stained(ctx, o):
        return _stain_code(ctx, term, f"of {o.concept.term!r}", path)
    if within and term and not c.concept.codes:
        before, specimen, panel = within
        named = f"{before} {term}"
        if match_with_unit("observation", named, unit).status == "found":
            ctx.warn(path, f"component {term!r} of {panel} is coded as the {term} of {specimen}; the "
                     "component's words stay as its text", severity="information",
                     hint="give 'codes' on the component to say otherwise")
            return s.codeable(ctx, Concept(named), "observation", path, text=term, unit=unit)
    return s.codeable(ctx, c.concept, "observation", path, unit=unit)


# Words of an immune stain of tissue ("immunohistochemistry", "immunohistochemical staining", "IHC")
_STAIN_WORDS = re.compile(r"\b(?:immunohistochemi\w*|immunostain\w*|ihc|immunoreactivity|immunolabell?ing)\b",
                          re.IGNORECASE)


def stained(ctx: MapContext, o: Observation) -> bool:
    """Whether ``o`` is an immune stain of tissue or its panel: its own name, its method, or the item
    it comes from (``from:``) says immunohistochemistry."""
    said = [o.concept.term if o.concept else None, o.criteria]
    said += [getattr(getattr(ctx.case.item(key), "concept", None), "term", None) for key in o.derived_from]
    return any(_STAIN_WORDS.search(x) for x in said if x)


def _stain_code(ctx: MapContext, term: str, where: str, path: tuple) -> dict[str, Any] | None:
    """An antigen named alone in an immune stain ("CD20" in an immunohistochemistry panel) is the
    antigen's immune stain (*CD20 Ag [Presence] in Tissue by Immune stain*), never the serum's
    "prolactin" or the flow cytometry's "CD20"; text only when the tables know no stain of it."""
    if _STAIN_WORDS.search(term):
        return s.codeable(ctx, Concept(term), "observation", path)
    named = f"{term} immunohistochemistry"
    if match("observation", named).status == "found":
        ctx.warn(path, f"{term!r} {where} is coded as the immune stain of {term} in tissue; its words stay as "
                 "the code's text", severity="information", hint="give 'codes' to say otherwise")
    return s.codeable(ctx, Concept(named), "observation", path, text=term)


# The body fluid an observation's name says its components were measured in
_FLUID = re.compile(r"\b((?:pleural|ascitic|peritoneal|pericardial|synovial) fluid|cerebrospinal fluid|csf)\b",
                    re.IGNORECASE)


# A titre: "1:640", ">1:320"
_TITRE = re.compile(r"^\s*(?:[<>]=?\s*)?1\s*:\s*\d+\s*$")


def _by_result(o: Observation, concept: Concept | None) -> Concept | None:
    """A test whose result says which of its codes is meant: a titre ("1:256") is the test's titre
    (``VDRL`` is *Reagin Ab [Titer] in Serum by VDRL*, ``ANA`` *Nuclear Ab [Titer] in Serum*), a
    result that says presence ("reactive") the test's qualitative code, when the tables know
    "<test> titre" or "qualitative <test>" with a LOINC code of that scale."""
    if concept is None or concept.codes or not concept.term or not isinstance(o.value, str):
        return concept
    if _TITRE.match(o.value):
        words, scale = f"{concept.term} titre", "[Titer]"
    elif _PRESENCE.match(o.value.strip()):
        words, scale = f"qualitative {concept.term}", "[Presence]"
    else:
        return concept
    found = match("observation", words).concept
    if found is not None and any(scale in c.display for c in found.codings if c.system == findings.LOINC):
        return Concept(words)
    return concept


def _sided(o: Observation, unit: str | None) -> Concept | None:
    """The test named with the side and site it was measured on, when the tables know it so: LOINC
    names the side of many tests (*Intraocular pressure Right eye*), so ``intraocular pressure`` on
    the right eye is looked up as ``intraocular pressure right eye`` first, and as written otherwise."""
    site = s.sided_site(o.body_site) if o.body_site else None
    if o.concept is None or o.concept.codes or not o.concept.term or site is None or site.laterality not in (
            "left", "right") or not site.site.term:
        return o.concept
    sided = Concept(f"{o.concept.term} {site.laterality} {site.site.term}")
    return sided if match_with_unit("observation", sided.term or "", unit).concept else o.concept


def _staged_by(ctx: MapContext, condition_id: str, item_id: str) -> bool:
    """Whether the condition's stage.assessment already points to this observation (a T, N or M
    value naming it): ``focus`` back to the condition would close a reference cycle."""
    return any(value == item_id for c in ctx.case.conditions if c.id == condition_id
               for st in c.stages for _, value in st.tnm)


def _show(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if "value" in value:
            # the comparator is part of the value: "<0.01 ng/mL" is not 0.01 ng/mL
            return f"{value.get('comparator', '')}{as_words(value['value'])} {value.get('unit', '')}".strip()
        return s.cc_label(value)
    return str(value)


def _as_written(value: Any) -> str | None:
    """A case value with its unit as the source wrote it: a range's words ("60-350 mm[Hg]"), a compared
    number ("<0.01 ng/mL"); None for a plain number or words."""
    if not isinstance(value, dict):
        return None
    if "low" in value:
        return f"{value['text']} {value['unit']}"
    return _show(value) if "value" in value else None
