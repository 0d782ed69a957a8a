"""The typed case model that mappers read: plain frozen dataclasses, no I/O, no FHIR.

Every item keeps ``path`` (its JSON path in the case file) so later stages can point back at the
line it came from, and every date is a :class:`When` that keeps the source's wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fhirconv.case.dates import PartialDate
from fhirconv.issues import Issue

PathKey = tuple[str | int, ...]


# The sections of a case whose entries are items with an id (not the timeline's events).
ITEM_SECTIONS = ("conditions", "medications", "procedures", "observations", "encounters", "allergies",
                 "family_history", "immunizations")


@dataclass(frozen=True, slots=True)
class Code:
    system: str
    code: str
    display: str | None = None


@dataclass(frozen=True, slots=True)
class Concept:
    """A term, with codes when the case gives them; mappers look the term up otherwise."""

    term: str | None
    codes: tuple[Code, ...] = ()

    @property
    def label(self) -> str:
        if self.term:
            return self.term
        first = self.codes[0]
        return first.display or f"{first.system}|{first.code}"


@dataclass(frozen=True, slots=True)
class When:
    """A resolved date: ``date`` is None when the source gives no date (``text`` says why)."""

    date: PartialDate | None
    expr: str | None = None
    text: str | None = None
    approximate: bool = False
    derivation: str | None = None  # "7 years before relapse-5 (2011-06)"
    assumed: bool = False  # the date rests on one the user set (--set-date), not on the source
    # for a date relative to an anchor the source leaves undated: the anchor's id and words, and the
    # signed offset ("2 days before" is -2, "day"), so the output can say it in FHIR, not only in prose
    anchor: str | None = None
    anchor_label: str | None = None
    offset: int = 0
    unit: str = "day"
    upto: int | None = None  # a range's far end ("2-3 weeks after": offset 2, upto 3)

    @property
    def words(self) -> str | None:
        """The expression as people say it: "about 2 days before “hospital admission”", not the anchor's id."""
        if self.expr and self.anchor and self.anchor_label and self.expr.endswith(self.anchor):
            return f"{self.expr[: len(self.expr) - len(self.anchor)].rstrip()} {self.anchor_label}".strip()
        return self.expr

    @property
    def derived(self) -> bool:
        return self.derivation is not None


@dataclass(frozen=True, slots=True)
class BodySite:
    site: Concept
    laterality: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float | int
    unit: str
    comparator: str | None = None
    high: float | int | None = None  # a dose given as a range ("5-10 mg/kg"): value is its low end


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    authors: tuple[str, ...] = ()
    journal: str | None = None
    year: int | None = None
    citation: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    license: str | None = None

    @property
    def link(self) -> str | None:
        """A resolvable URI for the source, to put in ``meta.source``."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.url:
            return self.url
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return None

    def cite(self) -> str:
        authors = ", ".join(self.authors)
        parts = [p for p in (authors, f'"{self.title}"', self.citation or self.journal) if p]
        text = ", ".join(parts)
        if self.doi:
            text += f", doi:{self.doi}"
        elif self.pmid:
            text += f", PMID {self.pmid}"
        return text


AGE_UNITS = {"years": "a", "months": "mo", "weeks": "wk", "days": "d"}  # case key -> UCUM


@dataclass(frozen=True, slots=True)
class Age:
    """An age at an event, in whole ``unit``s (UCUM a, mo, wk or d)."""

    value: int
    at: When
    unit: str = "a"

    @property
    def words(self) -> str:
        """``58 years``, ``18 months``, ``1 day``."""
        name = next(k for k, v in AGE_UNITS.items() if v == self.unit)
        return f"{self.value} {name if self.value != 1 else name[:-1]}"

    @property
    def years(self) -> int:
        """Whole years (what older callers read)."""
        per_year = {"a": 1, "mo": 12, "wk": 52, "d": 365}[self.unit]
        return self.value // per_year


@dataclass(frozen=True, slots=True)
class Outcome:
    """Vital status at a date, as the source says it."""

    status: str
    when: When | None
    path: PathKey
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Patient:
    sex: str
    path: PathKey
    birth_date: PartialDate | None = None
    age: Age | None = None
    deceased: bool | When | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    note: str | None = None
    outcome: Outcome | None = None


@dataclass(frozen=True, slots=True)
class StatusChange:
    id: str
    status: str
    when: When
    path: PathKey
    ordinal: int | None = None
    text: str | None = None
    dose: Quantity | None = None  # a medication's dose from this change on, when the case gives one
    frequency: Frequency | None = None


@dataclass(frozen=True, slots=True)
class Stage:
    value: Concept
    system: str | None = None
    when: When | None = None
    type: str | None = None  # clinical, pathological... (``stages``)
    tnm: tuple[tuple[str, str], ...] = ()  # ("t", "cT2"): an observation id or a category value
    path: PathKey = ()


@dataclass(frozen=True, slots=True)
class VerificationChange:
    status: str
    when: When
    path: PathKey
    id: str | None = None
    by: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    id: str
    path: PathKey
    concept: Concept
    subtype: Concept | None = None
    stage: Stage | None = None
    category: str | None = None
    body_site: BodySite | None = None
    causes: tuple[str, ...] = ()  # every id the case says it is due to, in the case's order
    onset: When | None = None
    abatement: When | None = None
    clinical_status: str | None = None
    verification_status: str | None = None
    history: tuple[StatusChange, ...] = ()
    note: str | None = None
    stages: tuple[Stage, ...] = ()
    histology: Concept | None = None
    verification_history: tuple[VerificationChange, ...] = ()
    encounter: str | None = None
    severity: str | None = None
    when_text: str | None = None  # the onset as the source words it

    @property
    def due_to(self) -> str | None:
        """The cause, when the case names exactly one (what a cause-specific code needs)."""
        return self.causes[0] if len(self.causes) == 1 else None


@dataclass(frozen=True, slots=True)
class Frequency:
    times: int
    per: str
    every: int = 1


@dataclass(frozen=True, slots=True)
class Medication:
    """One drug, or a named regimen (``regimen`` set, ``drugs`` its components)."""

    id: str
    path: PathKey
    drugs: tuple[Concept, ...]
    regimen: str | None = None
    regimen_display: str | None = None
    regimen_source: str | None = None
    regimen_read: bool = False  # the regimen was named as the item's ``drug`` ("drug: HRZE")
    dose: Quantity | None = None
    route: Concept | None = None
    frequency: Frequency | None = None
    dosage_text: str | None = None
    start: When | None = None
    end: When | None = None
    status: str | None = None
    line: int | None = None
    intent: str | None = None
    reason: tuple[str, ...] = ()  # condition ids
    when_text: str | None = None
    note: str | None = None
    duration: Quantity | None = None
    count: int | None = None  # doses, infusions or cycles in all
    as_needed: bool | Concept | None = None
    history: tuple[StatusChange, ...] = ()
    group: str | None = None
    encounter: str | None = None


@dataclass(frozen=True, slots=True)
class Procedure:
    id: str
    path: PathKey
    concept: Concept
    ordinal: int | None = None
    date: When | None = None
    start: When | None = None
    end: When | None = None
    status: str | None = None
    body_site: BodySite | None = None
    reason: tuple[str, ...] = ()  # condition ids
    when_text: str | None = None
    note: str | None = None
    dose: Quantity | None = None
    fractions: int | None = None
    modality: Concept | None = None
    technique: Concept | None = None
    part_of: str | None = None
    encounter: str | None = None


@dataclass(frozen=True, slots=True)
class Encounter:
    """A visit or stay: emergency visit, admission, ICU stay, outpatient visit."""

    id: str
    path: PathKey
    cls: str
    type: Concept | None = None
    status: str | None = None
    date: When | None = None
    start: When | None = None
    end: When | None = None
    duration: Quantity | None = None
    reason: tuple[str, ...] = ()
    part_of: str | None = None
    discharge: str | None = None
    text: str | None = None
    when_text: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Allergy:
    """An allergy or intolerance: what to (``concept``, the substance), the reaction, its status."""

    id: str
    path: PathKey
    concept: Concept
    clinical_status: str
    category: str | None = None
    type: str | None = None
    criticality: str | None = None
    reaction: Concept | None = None
    severity: str | None = None
    onset: When | None = None
    verification_status: str | None = None
    encounter: str | None = None
    when_text: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class FamilyMember:
    """A relative and what the source says of them (their conditions, whether they died)."""

    id: str
    path: PathKey
    relationship: str
    conditions: tuple[Concept, ...] = ()
    deceased: bool | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Immunization:
    """A vaccine given (or, with status not-done, not given)."""

    id: str
    path: PathKey
    concept: Concept
    date: When | None = None
    when_text: str | None = None
    status: str = "completed"
    dose_number: int | None = None
    route: Concept | None = None
    encounter: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Component:
    concept: Concept
    value: Any
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Observation:
    """One observation; a case item with a ``series`` becomes several of these."""

    id: str
    path: PathKey
    concept: Concept | None
    category: str | None = None
    response: str | None = None
    criteria: str | None = None
    value: Any = None
    unit: str | None = None
    interpretation: str | None = None
    reference_range: dict[str, Any] | None = None
    components: tuple[Component, ...] = ()
    date: When | None = None
    body_site: BodySite | None = None
    focus: str | None = None
    status: str | None = None
    note: str | None = None
    derived_from: tuple[str, ...] = ()
    encounter: str | None = None
    value_path: PathKey | None = None  # where the value is written (warnings point there)
    when_text: str | None = None  # when it was measured, as the source words it


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    name: str  # file name, for messages
    patient: Patient
    title: str | None = None
    source: Source | None = None
    timeline: dict[str, When] = field(default_factory=dict)
    conditions: tuple[Condition, ...] = ()
    medications: tuple[Medication, ...] = ()
    procedures: tuple[Procedure, ...] = ()
    observations: tuple[Observation, ...] = ()
    encounters: tuple[Encounter, ...] = ()
    allergies: tuple[Allergy, ...] = ()
    family_history: tuple[FamilyMember, ...] = ()
    immunizations: tuple[Immunization, ...] = ()
    notes: tuple[str, ...] = ()
    sequence: tuple[str, ...] = ()  # the course in order, as the source tells it (ids)
    terms: Any = field(default=None, compare=False, repr=False)  # checked terms files (userterms.UserTerms)
    source_doc: Any = field(default=None, compare=False, repr=False)  # for locating items (SourceDoc)

    @property
    def exact_numbers(self) -> bool:
        """Whether some value must be written with its own digits (fhirconv.numbers)."""
        return bool(getattr(self.source_doc, "exact_numbers", False))
    warnings: tuple[Issue, ...] = field(default=(), compare=False, repr=False)

    def condition(self, item_id: str) -> Condition | None:
        return next((c for c in self.conditions if c.id == item_id), None)

    def section_of(self, item_id: str) -> str | None:
        """``conditions``, ``medications``, ``procedures``, ``observations``, ``encounters``, ``allergies``
        ``family_history`` or ``immunizations``: where the item is."""
        for name in ITEM_SECTIONS:
            if any(i.id == item_id for i in getattr(self, name)):
                return name
        if self.medication_of_change(item_id) is not None:
            return "medications"  # a drug's status change is a MedicationStatement of its own
        return None

    def item(self, item_id: str) -> Any:
        """The item with id ``item_id``, of any section (None when there is none)."""
        return next((i for name in ITEM_SECTIONS for i in getattr(self, name) if i.id == item_id), None)

    def medication_of_change(self, change_id: str) -> Medication | None:
        """The medication whose status history has an entry ``change_id`` (each entry is a statement)."""
        return next((m for m in self.medications if any(h.id == change_id for h in m.history)), None)
