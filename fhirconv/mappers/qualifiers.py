"""Severity, certainty and narrowing words at the head of a condition's name; how words at the head
of a drug's name are read.

Case reports write "severe abdominal pain", "suspected sepsis" and "massive pulmonary embolism"; the
terminologies code the disorder and FHIR says the rest in its own elements (Condition.severity,
verificationStatus) or in the code's text. When the whole name has no code and such words lead it,
the rest of the name is looked up: if it is found, the Condition takes that code, keeps the whole
name as its text, and the severity and certainty words go to severity and verification status, so
no word is lost and the concept is coded. Narrowing words ("massive", "recurrent", "perforated",
"non-bilious", "drug-induced") name a kind of the disorder: the rest's code is the broader concept,
true of the patient, and the words stay in the text (an information line says so). Words that
negate or reverse the rest ("no", "absent", "decreased", "low") are never read, nor words that
change what a name means ("functional", "early", "complete"); "non-X" is read, since a non-bilious
vomiting is a vomiting ("non-ST elevation ..." leaves "elevation ...", which names no disorder). A
name the tables know as a whole ("severe pre-eclampsia", "recurrent falls") is left alone, and so is
a name the terminologies hold inside a longer one ("severe combined immunodeficiency", "mild
cognitive impairment": the words belong to the disorder's name) and one whose words disagree with
what the case says itself (``severity: mild`` on "severe asthma").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from fhirconv.case.model import BodySite, Concept, Condition
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext
from fhirconv.mappers.neoplasms import (
    bone_metastasis_reading,
    metastasis_reading,
    neoplasm_reading,
    site_metastasis_reading,
)
from fhirconv.terminology import Match, match
from fhirconv.terminology.matching import ICD10CM, site_adjectives
from fhirconv.terminology.normalize import normalize

SEVERITY_WORDS = ("mild", "moderate", "severe")
SUSPECTED_WORDS = ("suspected", "possible", "probable", "presumed", "presumptive", "r/o", "rule-out")
# Words that name a kind of what follows, so the rest's concept is broader and still true of the
# patient ("massive pulmonary embolism" is a pulmonary embolism). Extent, time course, intensity
# without a coded severity, and complications; each read once.
NARROWING_WORDS = frozenset({
    "acute", "subacute", "chronic", "recurrent", "persistent", "intermittent", "episodic", "constant",
    "continuous", "ongoing", "progressive", "worsening", "new", "new-onset", "sudden", "sudden-onset",
    "abrupt", "abrupt-onset", "acute-onset", "gradual", "gradual-onset", "insidious", "insidious-onset",
    "early-onset", "late-onset", "longstanding", "long-standing", "transient", "prolonged",
    "refractory", "intractable", "resistant",
    "massive", "submassive", "sub-massive", "giant", "huge", "large", "small", "minimal", "slight", "trace",
    "short", "extensive", "diffuse",
    "widespread", "disseminated", "metastatic", "fulminant", "remittent", "heavy", "profuse", "copious",
    "hypoactive", "hyperactive",
    "nonexertional", "non-exertional", "classical", "septic", "frequent", "repeated", "occasional",
    "invasive", "critical",
    "purulent", "immature", "coalescent", "generalized",
    "generalised", "localized", "localised", "focal", "multifocal", "multiple", "bilateral", "both",
    "significant", "marked", "profound", "high", "high-grade", "low-grade", "intense", "excruciating",
    "gross", "painful", "painless", "symptomatic", "isolated", "idiopathic", "primary", "secondary",
    "perforated", "ruptured", "incarcerated", "strangulated", "complicated", "uncomplicated",
    "bacterial", "viral", "fungal", "nutritional", "pyogenic",
    "flaccid", "spastic", "cogwheel", "fluctuating", "nocturnal", "exertional", "postprandial",
    "pleuritic", "colicky", "crushing", "stabbing", "sharp", "dull", "burning", "throbbing", "radiating",
    "retrosternal", "substernal", "mid-sternal", "midsternal",
    "productive", "dry", "watery", "bloody", "palpable", "tender",
    "scleral",  # where jaundice is seen: a scleral icterus is an icterus
    "oliguric", "anuric", "malar", "facial", "truncal", "periorbital", "perioral", "peripheral",
    "left", "right", "left-sided", "right-sided", "sided",  # "right sided" written as two words
    "left-side", "right-side",  # "right-side ptosis"
    "unilateral", "euglycemic", "euglycaemic", "migratory",
    "migrating", "fleeting", "wandering", "witnessed", "unwitnessed", "recent", "previous", "prior",
    "postural", "tense", "atypical", "typical", "simple", "complex", "ascending", "descending",
    "superficial", "symmetric", "symmetrical", "asymmetric", "asymmetrical", "global", "upper", "lower",
    "anterior", "posterior", "inferior", "superior", "lateral", "medial", "proximal", "distal", "central",
    "spontaneous",  # a spontaneous coronary artery dissection is a coronary artery dissection
    "saddle",  # astride a bifurcation: a saddle pulmonary embolism is a pulmonary embolism
    "occlusive", "non-occlusive", "nonocclusive",  # an occlusive deep vein thrombosis is one
    "gram-positive", "gram-negative",  # the organisms' stain: a gram positive bacteremia is a bacteremia
    "inflammatory",  # an inflammatory polyarthritis is a polyarthritis
    "increasing", "decreasing",  # increasing tiredness is tiredness
    "increased", "worsened", "worse",  # an increased anxiety is an anxiety, a worsened cough a cough
    "decompensated", "compensated",  # a decompensated cirrhosis is a cirrhosis
    "catastrophic",  # a catastrophic antiphospholipid syndrome is an antiphospholipid syndrome
    "irreversible", "reversible", "mixed",  # an irreversible shock is a shock, a mixed aphasia an aphasia
    "rapid",  # rapid palpitations are palpitations ("rapid breathing" is known whole: Tachypnea)
    "uncontrolled", "poorly-controlled",  # an uncontrolled hypertension is a hypertension
    "solitary", "overt",  # a solitary neurocysticercosis is a neurocysticercosis, overt heart failure one
    "upward", "downward",  # an upward gaze palsy is a gaze palsy
    "complete",  # a congenital complete heart block is a congenital heart block
    "poorly", "controlled", "well-controlled", "known", "diagnosed", "newly-diagnosed",  # "known hypertension"
    "out-of-hospital", "in-hospital", "prehospital",  # where: an out-of-hospital cardiac arrest
    "febrile", "afebrile",  # with or without fever: a febrile urinary tract infection is one
    "normochromic", "hypochromic",  # the red cells' colour: a normocytic normochromic anaemia is a normocytic one
    "inguinal", "axillary", "submandibular",  # the nodes' region: an inguinal lymphadenitis is a lymphadenitis
    "scattered",  # scattered erythema is erythema
    "bibasal", "bibasilar",  # where the lungs crackle: bibasal crackles are crackles
    "pitting",  # a kind of oedema: pitting ankle oedema is ankle oedema
    "necrotizing", "necrotising", "gangrenous",  # a necrotizing cholecystitis is a cholecystitis
    "emphysematous",  # gas in the inflamed organ: an emphysematous pyelonephritis is a pyelonephritis
    "violaceous", "heliotrope", "flagellate", "erythematous",  # a skin sign's colour or shape: a rash
    "pruritic", "itchy", "urticarial", "vesicular", "purpuric", "papular", "pustular",
    "morbilliform",  # what a rash looks or feels like ("macular" is not: macular oedema is of the macula)
    "toxic",  # a toxic hepatitis is a hepatitis, a toxic megacolon a megacolon
    "expressive", "receptive",  # which side of language fails: an expressive aphasia is an aphasia
    "cavitating", "cavitary", "cavitated",  # a cavitating lung nodule is a lung nodule
    "incomplete",  # fewer of its criteria met: an incomplete Kawasaki disease is a Kawasaki disease
    "active",  # not latent or healed: an active pulmonary tuberculosis is a pulmonary tuberculosis
    # when, around an operation or a birth: a postoperative anaemia is an anaemia, a postpartum
    # pre-eclampsia a pre-eclampsia (names known whole, "postpartum haemorrhage", are left alone)
    "postoperative", "post-operative", "postop", "post-op", "perioperative", "peri-operative",
    "postprocedural", "post-procedural", "postpartum", "post-partum",
    "extreme", "subtle", "subclinical",  # how much: an extreme lethargy is a lethargy
    # the mechanism: an obstructive shock is a shock (obstructive sleep apnoea is known whole)
    "obstructive", "obstructing",
    "vasodilatory", "vasoplegic", "distributive",  # a vasodilatory shock is a shock
    "fast",  # "fast AF" is "rapid AF", an atrial fibrillation
    "loculated",  # walled into pockets: a loculated pleural effusion is a pleural effusion
    "regional",  # of the nodes that drain a site: a regional lymphadenopathy is a lymphadenopathy
    "tactile", "subjective",  # how a fever was known (by touch, by the patient): a tactile fever is a fever
    "tension",  # air under pressure: a tension pneumothorax is a pneumothorax (tension headache is known whole)
    "erosive",  # an erosive duodenitis is a duodenitis
    "expiratory", "inspiratory",  # when in the breath: expiratory wheeze is a wheeze
    "rebound",  # after a treatment ends: a rebound hyperkalaemia is a hyperkalaemia
    "permanent",  # how long it lasts: a permanent vision loss is a vision loss
    "horizontal", "vertical", "rotatory", "torsional",  # a nystagmus's direction: a horizontal nystagmus
    "coarse", "fine",  # a tremor's amplitude: a coarse tremor is a tremor ("fine crackles" is known whole)
    # what the anion gap is, joined into one word (:func:`_joined`): a high anion gap metabolic
    # acidosis is a metabolic acidosis
    "anion-gap", "high-anion-gap", "raised-anion-gap", "elevated-anion-gap", "increased-anion-gap",
    "wide-anion-gap", "normal-anion-gap", "non-anion-gap",
    "spiking", "cyclical", "cyclic", "biphasic",  # a fever's or a pain's pattern: a spiking fever is a fever
    "frank",  # plain to see: a frank rectal bleeding is a rectal bleeding
    "unstable", "asymptomatic",  # an unstable ventricular tachycardia is one ("unstable angina" is known whole)
    "partial", "end-expiratory",  # a partial ptosis is a ptosis, an end-expiratory wheeze a wheeze
    "temporary",  # how long it lasts: a temporary confusion is a confusion
    "sustained", "nonsustained", "non-sustained", "monomorphic", "polymorphic",  # a sustained monomorphic
    # ventricular tachycardia is a ventricular tachycardia
    "first-trimester", "second-trimester", "third-trimester",  # a first-trimester miscarriage is a miscarriage
    "loud", "explosive",  # how it sounds or comes: loud snoring is snoring, an explosive diarrhoea a diarrhoea
    "heterozygous", "homozygous", "hemizygous", "heterozygote", "homozygote",  # a heterozygous prothrombin
    # gene mutation is a prothrombin gene mutation
    "daytime", "night-time", "nighttime",  # when in the day: a daytime somnolence is a somnolence
    "axial", "clonic",  # an axial hypotonia is a hypotonia, clonic convulsions are convulsions
    "arterial",  # an arterial ischaemic stroke is an ischaemic stroke ("arterial hypertension" is known whole)
    # the electrolyte that goes with it: a hypochloraemic metabolic alkalosis is a metabolic alkalosis
    "hypochloremic", "hypochloraemic", "hyperchloremic", "hyperchloraemic", "hypokalemic", "hypokalaemic",
    "paroxysmal",  # a paroxysmal abdominal pain is one ("paroxysmal atrial fibrillation" is known whole)
    # adverbs that grade the word after them ("severely dilated left ventricle")
    "severely", "mildly", "moderately", "markedly", "significantly", "progressively", "rapidly", "slowly",
    "acutely", "chronically", "intermittently", "persistently", "grossly", "diffusely", "massively",
    "extremely", "very", "newly",
    "daily", "nightly",  # how often: a daily cough is a cough, nightly sweats are sweats
    "cellular", "humoral",  # the arm of immunity: an acute cellular rejection is a rejection
    # what a discharge looks or smells like: a whitish urethral discharge is a urethral discharge
    "whitish", "yellowish", "greenish", "mucopurulent", "foul-smelling", "malodorous",
    "tumefactive",  # mass-like on imaging: a tumefactive multiple sclerosis is a multiple sclerosis
    "relapsing",  # a relapsing nephrotic syndrome is one ("relapsing polychondritis" is known whole)
    "longitudinally",  # a longitudinally extensive transverse myelitis is a transverse myelitis
    "considerable",  # how much: a considerable weight loss is a weight loss
    "prerenal", "pre-renal",  # where the cause lies: a prerenal acute kidney injury is one
    # how a prostate cancer answers hormones: a castration-resistant prostate cancer is a prostate cancer
    "castration-resistant", "castration-sensitive", "hormone-refractory", "hormone-sensitive",
    "pressure-like",  # a pain's kind: a pressure-like substernal chest pain is a chest pain
    "purple", "purplish", "reddish",  # a rash's colour: a purple rash is a rash
    "super-refractory",  # a super-refractory status epilepticus is a status epilepticus
    "aneurysmal",  # its cause: an aneurysmal subarachnoid haemorrhage is one ("aneurysmal bone cyst" is known whole)
    "exudative",  # an exudative tonsillitis is a tonsillitis
    "asystolic",  # the rhythm: an asystolic cardiac arrest is a cardiac arrest
    "arteritic",  # its cause: an arteritic anterior ischaemic optic neuropathy is an ischaemic optic neuropathy
    # the forms of congenital adrenal hyperplasia: a simple-virilizing one is one
    "simple-virilizing", "simple-virilising", "salt-wasting", "non-classic", "nonclassic",
    "childhood", "pediatric", "paediatric",  # when in life: a childhood lupus is a lupus
    # the body water beside a low sodium: a hypotonic hyponatraemia is a hyponatraemia
    "hypotonic", "euvolemic", "euvolaemic", "hypovolemic", "hypovolaemic", "hypervolemic", "hypervolaemic",
    "hypoosmotic", "hypoosmolar", "hypoosmolal",  # hyphened too ("hypo-osmolar"): :func:`_one_of`
    "mechanical",  # the mechanism: a mechanical small bowel obstruction is a small bowel obstruction
    "paranoid", "nihilistic", "persecutory", "grandiose",  # their theme: paranoid delusions are delusions
    "binocular", "monocular",  # with both eyes or one: a binocular diplopia is a diplopia
    "upbeat", "downbeat", "gaze-evoked",  # the direction or trigger: an upbeat nystagmus is a nystagmus
    "short-term", "long-term",  # what memory: a short-term memory loss is a memory loss
    "triventricular", "tetraventricular",  # which ventricles: a triventricular hydrocephalus is a hydrocephalus
    "classic",  # as "classical": a classic Kaposi's sarcoma is a Kaposi's sarcoma
    "visceral",  # where inside: a visceral Kaposi's sarcoma is one ("visceral leishmaniasis" is known whole)
    # which wall of the heart: an anterolateral ST elevation myocardial infarction is a STEMI
    "holocranial",  # all over the head: a holocranial headache is a headache
    "collapsing",  # a collapsing focal segmental glomerulosclerosis is one
    "sporadic",  # a sporadic Burkitt's lymphoma is a Burkitt's lymphoma
    "autoimmune",  # an autoimmune pernicious anaemia is one (autoimmune hepatitis is known whole)
    "expanding",  # an expanding haematoma is a haematoma
    "drenching",  # drenching night sweats are night sweats
    "exsanguinating",  # bleeding enough to empty the vessels: an exsanguinating haematuria is a haematuria
    "established",  # an established osteoporosis is an osteoporosis
    "normofrequent",  # at a normal ventricular rate: a normofrequent atrial fibrillation is one
    "ataxic",  # an ataxic dysarthria is a dysarthria (ataxic gait is known whole)
    "bifrontal", "hemicranial", "pulsatile", "holocephalic",  # where and how a headache is felt
    "uncontrollable",  # an uncontrollable vomiting is a vomiting
    "obstructed", "reducible", "irreducible",  # an obstructed inguinal hernia is one (obstructed labour is known whole)
    "life-threatening",  # a life-threatening metabolic alkalosis is one
    "near-total",  # a near-total thyroidectomy is a thyroidectomy
    # how it looks on ultrasound: a hypoechoic thyroid nodule is a thyroid nodule
    "hypoechoic", "hyperechoic", "isoechoic", "anechoic",
    "unexplained",  # an unexplained hypoxaemia is a hypoxaemia
    "intracapsular", "subcapital",  # an intracapsular neck of femur fracture is one ("extracapsular" is not)
    "advanced", "locally",  # an advanced non-small cell lung cancer is one, a locally advanced one too
    "absolute",  # an absolute lymphocytosis is a lymphocytosis
    "off-pump", "on-pump",  # an off-pump coronary artery bypass grafting is one
    "dual-chamber", "single-chamber",  # a dual-chamber pacemaker implantation is a pacemaker implantation
    "axonal", "sensorimotor",  # an axonal sensorimotor polyneuropathy is a polyneuropathy
    "anterolateral", "anteroseptal", "anteroapical", "inferolateral", "inferoposterior", "posterolateral",
    "seropositive", "seronegative",  # with or without its antibody: a seropositive myasthenia gravis is one
    "endogenous",  # spread by the blood: an endogenous endophthalmitis is an endophthalmitis
    "segmental", "subsegmental",  # which branches: a segmental pulmonary embolism is a pulmonary embolism
    # a fracture's pattern: a comminuted fracture of the patella is a fracture of the patella (a fracture
    # not said to be displaced or not is coded displaced, so "nondisplaced" is not read)
    "comminuted", "displaced", "spiral",
    "excessive",  # an excessive vomiting is a vomiting
    "flash",  # sudden and severe: a flash pulmonary oedema is a pulmonary oedema
    "concentric",  # the wall's pattern: a concentric left ventricular hypertrophy is one
    "degenerative",  # a degenerative aortic valve stenosis is an aortic valve stenosis
    "evanescent", "salmon-pink", "photosensitive",  # how a rash comes and looks: a rash
    "necrotic", "ulcerated",  # a necrotic skin ulcer is a skin ulcer, ulcerated tophi are tophi
    "vague", "trivial",  # how much: a vague abdominal pain is an abdominal pain
    "postictal", "post-ictal",  # after a seizure: a postictal confusion is a confusion
    "intralobar", "extralobar",  # a pulmonary sequestration's kind: an intralobar one is one
    "sensory", "motor",  # which fibres: a sensory ataxia is an ataxia, a motor aphasia an aphasia
    "multibacillary", "paucibacillary",  # how many bacilli: a multibacillary leprosy is a leprosy
})
# One hyphenated word that names a kind of what follows: "non-X Y" (or "nonX Y") and "X-negative Y"
# are a Y ("non-bilious vomiting", "nonpruritic rash", "culture-negative endocarditis", "drug-induced
# hepatitis", "PTH-independent hypercalcaemia", "antibody-mediated rejection"). Not "non-epileptic":
# a non-epileptic seizure is no epileptic seizure at all.
_NARROWING_FORMS = re.compile(r"(non-(?!epileptic$)[a-z0-9]+|non(?!epileptic$)[a-z]{4,}"
                              r"|[a-z0-9]+(?:-[a-z0-9]+){0,3}-(negative|positive|associated|related|induced|"
                              r"dependent|independent|acquired|range|onset|mediated)"
                              # a murmur's loudness on the Levine scale: a 2/6 systolic murmur is a systolic murmur
                              r"|[1-6]/6|(i{1,3}|iv|v|vi)/vi)$")
# the verification statuses a "suspected" name agrees with
_UNSETTLED = (None, "provisional", "differential", "unconfirmed")


@dataclass(frozen=True, slots=True)
class Qualified:
    rest: str  # the name without the leading words
    words: str  # the leading words, as written
    severity: str | None
    suspected: bool
    narrowing: tuple[str, ...] = ()  # the narrowing words among them, as written


def split(name: str) -> Qualified | None:
    """The leading severity, certainty and narrowing words of ``name`` (at most one severity and one
    certainty word, each narrowing word once), or None."""
    found = splits(name)
    return found[-1] if found else None


# A word joined to the next by one of these is one of a pair ("upper and lower extremity paresthesia"
# is of both limbs): it is never taken off alone, or the rest would name half the pair; nor is the
# word after the conjunction when the word before it is read too ("left and right"). A word that
# only follows one ("the pelvis and left hip") is read as before.
CONJUNCTIONS = frozenset({"and", "or", "nor", "&", "/", "and/or"})


def _paired(words: list[str], i: int, read: Callable[[str], bool] = lambda w: True) -> bool:
    """Whether ``words[i]`` is a member of a pair of words that ``read`` would both take off."""
    def conj(j: int) -> bool:
        return 0 <= j < len(words) and words[j].lower() in CONJUNCTIONS
    return conj(i + 1) or (conj(i - 1) and i >= 2 and read(words[i - 2].lower().strip(",")))


# How many copies: read before a gene's change only ("heterozygous prothrombin gene mutation" is a
# prothrombin gene mutation), never before a disease, whose kind it decides (a "heterozygous sickle cell
# anaemia" is the trait, no sickle cell anaemia)
_ZYGOSITY = frozenset({"heterozygous", "homozygous", "hemizygous", "heterozygote", "homozygote"})
_GENE_CHANGE = re.compile(r"\b(?:mutations?|variants?|deletions?|duplications?|polymorphisms?|alleles?|carriers?|"
                          r"genes?|genotypes?|substitutions?|insertions?)\b", re.IGNORECASE)


def _zygosity_of_a_disease(words: list[str]) -> bool:
    """Whether ``words`` begin with a zygosity word that is not followed by a gene's change."""
    return words[0].lower().rstrip(",") in _ZYGOSITY and not _GENE_CHANGE.search(" ".join(words[1:]))


def splits(name: str) -> list[Qualified]:
    """Each way of taking leading words off ``name``, one word more each time: the longest rest
    first, so "severe retrosternal chest pain" is tried as "retrosternal chest pain" before "chest pain"."""
    words = _joined(name.split())
    severity, suspected, taken, narrowing = None, False, [], []
    found: list[Qualified] = []
    while len(words) > 1 and not _paired(words, 0):
        word = words[0].lower().rstrip(",")
        if word in SEVERITY_WORDS and severity is None:
            severity = word
        elif word in SUSPECTED_WORDS and not suspected:
            suspected = True
        elif (_one_of(word, NARROWING_WORDS) or _NARROWING_FORMS.match(word)) and not _grades_a_category(words, 0) \
                and word not in (w.lower().rstrip(",") for w in narrowing) \
                and not _zygosity_of_a_disease(words):
            narrowing.append(words[0].rstrip(","))
        else:
            break
        taken.append(words.pop(0))
        found.append(Qualified(" ".join(words), " ".join(taken), severity, suspected, tuple(narrowing)))
    return found


# When it began, said before the disorder in two words or with "of": "early onset GBS sepsis", "acute
# onset of chest pain" are a sepsis and a chest pain (read as one word, as "early-onset" is)
_ONSET = frozenset({"early", "late", "new", "recent", "sudden", "acute", "abrupt", "gradual", "insidious",
                    "rapid", "adult", "childhood", "juvenile", "neonatal", "delayed"})
# a cause written as two words before the disorder: "herpes associated", "drug induced"
_CAUSE_WORDS = frozenset({"associated", "induced", "related", "mediated"})
_CAUSE_TAIL = re.compile(r"[a-z0-9]-(?:associated|induced|related|mediated)$")
# what the anion gap is, before "anion gap": "high anion gap metabolic acidosis"
_GAP = frozenset({"high", "raised", "elevated", "increased", "wide", "normal", "non"})


def _joined(words: list[str]) -> list[str]:
    """``words`` with a leading "<when> onset [of]", "gram positive|negative", "[high] anion gap" or a
    severity's range ("mild to moderate") as one hyphenated word."""
    low = [w.lower() for w in words]
    if len(words) > 3 and low[0] in SEVERITY_WORDS and low[1] in ("to", "-") and low[2] in SEVERITY_WORDS:
        # a range ("mild to moderate dementia") is neither end of it: one word, no severity read
        return [f"{words[0]}-to-{words[2]}", *words[3:]]
    if len(words) > 2 and low[0] == "non" and low[1] != "epileptic":  # "non valvular atrial fibrillation"
        return [f"{words[0]}-{words[1]}", *words[2:]]
    if len(words) > 2 and low[0] in _ONSET and low[1] == "onset":
        joined = f"{words[0]}-{words[1]}"
        rest = words[3:] if low[2] == "of" and len(words) > 3 else words[2:]
        return [joined, *rest]
    if len(words) > 2 and low[0] == "gram" and low[1] in ("positive", "negative"):  # "gram positive bacteremia"
        return [f"{words[0]}-{words[1]}", *words[2:]]
    if len(words) > 2 and low[0] == "rule" and low[1] == "out":  # "rule out sepsis": a diagnosis considered
        return [f"{words[0]}-{words[1]}", *words[2:]]
    if len(words) > 2 and low[1] in _CAUSE_WORDS:  # "herpes associated erythema multiforme", unhyphenated
        return [f"{words[0]}-{words[1]}", *words[2:]]
    # a cause of two or three words before "-induced" ("ACE inhibitor-induced angioedema"): one word
    for i in (1, 2):
        if len(words) > i + 1 and _CAUSE_TAIL.search(low[i]):
            return ["-".join(words[:i + 1]), *words[i + 1:]]
    gap = 1 if len(words) > 3 and low[0] in _GAP else 0
    if len(words) > gap + 2 and low[gap] == "anion" and low[gap + 1] == "gap":
        return ["-".join(words[:gap + 2]), *words[gap + 2:]]
    return words


def _tokens(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).split()


def _named(name: str, whole: Match) -> bool:
    """Whether a close term of the terminologies holds the whole name as a run of its words."""
    want = _tokens(name)
    n = len(want)
    for candidate in whole.suggestions:
        for text in (candidate.term, *(c.display for c in candidate.codings)):
            have = _tokens(text)
            if any(have[i:i + n] == want for i in range(len(have) - n + 1)):
                return True
    return False


def _narrowing(word: str) -> bool:
    # a zygosity word only at the head, before a gene's change (:func:`splits`)
    return (_one_of(word, NARROWING_WORDS) and word not in _ZYGOSITY) or bool(_NARROWING_FORMS.match(word))


def _one_of(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether ``word`` is one of ``vocabulary`` as written or, hyphened, as its look-up key spells it:
    "post-prandial" is "postprandial", "sub-acute" "subacute" (a bound prefix and its word are one)."""
    return word in vocabulary or ("-" in word and normalize(word) in _keys(vocabulary))


@lru_cache(maxsize=8)
def _keys(vocabulary: frozenset[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in vocabulary)


# An adverb before one of these words names a category of its own, not a degree of one: heart
# failure with *mildly* reduced ejection fraction is not the one with reduced ejection fraction, a
# *moderately* differentiated tumour is a grade. Never set aside there.
_GRADING = frozenset({"severely", "mildly", "moderately", "markedly", "significantly", "very", "extremely"})
_CATEGORY_WORDS = frozenset({"reduced", "preserved", "differentiated"})  # not "elevated": a degree there


def _grades_a_category(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a grading adverb before a word it makes a category of (see above)."""
    return words[i].lower().strip(",") in _GRADING and i + 1 < len(words) \
        and words[i + 1].lower().strip(",") in _CATEGORY_WORDS


# Narrowing words that, inside a procedure's name and after a site's adjective, say which structure it
# is done on: a "hepatic arterial repair" is no repair of the liver (an "arterial coronary artery bypass
# graft" is a bypass graft)
_STRUCTURE_WORDS = frozenset({"arterial", "venous"})


def _site_adjective(word: str) -> bool:
    return normalize(word.strip(",")) in site_adjectives()


def _drop_inner(text: str, keep: frozenset[str] = frozenset()) -> tuple[str, tuple[str, ...]] | None:
    """``text`` without the narrowing words inside it ("projectile non-bilious vomiting", "numbness
    of right hand"), other than those of ``keep`` after a site's adjective, and the words dropped;
    None when there are none, or nothing else."""
    kept: list[str] = []
    dropped: list[str] = []
    words = text.split()
    for i, word in enumerate(words):
        bare = word.strip(",")
        joining = bare.lower() == "secondary" and words[i + 1:i + 2] == ["to"]  # "secondary to": due to
        if bare.lower() in keep and i and _site_adjective(words[i - 1]):
            kept.append(word)
        elif _narrowing(bare.lower()) and not joining and not _paired(words, i, _narrowing) \
                and not _grades_a_category(words, i):
            dropped.append(bare)
        else:
            kept.append(word)
    return (" ".join(kept), tuple(dropped)) if dropped and kept else None


def read(ctx: MapContext, c: Condition) -> tuple[Condition, str | None]:
    """``c`` with the severity and verification status its name's leading words say, and the rest
    of the name to look up; ``(c, None)`` when the name is to be looked up as it stands."""
    name = c.concept.term
    if c.concept.codes or not name or (c.subtype is not None and (
            c.subtype.codes or match("condition", f"{name} {c.subtype.label}").status != "none")):
        return c, None
    ways = splits(name)
    if ways and ((ways[-1].severity and c.severity not in (None, ways[-1].severity))
                 or (ways[-1].suspected and c.verification_status not in _UNSETTLED)):
        return c, None
    found = (level_reading(name) or condition_reading(name) or overdose_reading(name) or classed_reading(name)
             or neoplasm_reading(name) or metastasis_reading(name) or bone_metastasis_reading(name)
             or site_metastasis_reading(name)
             or organism_reading(name) or clause_reading(name)
             or _lead_then_reading(name, ways))
    if found is None:
        sited = _sited_finding(ctx, c, name, ways)
        return sited if sited[1] is not None else _said_uncoded(ctx, c, name, ways)
    narrowing = found.narrowing
    if narrowing and c.body_site is None and all(_side_of(w) for w in narrowing):
        # "swelling of left leg", "left leg pain": the side is the site's laterality, not words lost
        sited = _sited_finding(ctx, c, name, ways, whole_ok=True)
        if sited[1] is not None and sited[0].body_site is not None and sited[0].body_site.laterality:
            return sited
    if narrowing and c.verification_status == "refuted":
        # ruling out a kind is no ruling out of the broader concept: an "incarcerated inguinal hernia"
        # ruled out leaves the hernia open, so the name stays text rather than refute "Inguinal hernia"
        return c, None
    said = [f"severity '{found.severity}'"] if found.severity else []
    if found.suspected:
        said.append(f"verification status '{c.verification_status or 'provisional'}'")
    how = f", with {' and '.join(said)} from its first words" if said else ""
    if narrowing:
        how += f"{';' if said else ','} the {found.what}: {' '.join(narrowing)!r} is said {found.where}"
    ctx.warn((*c.path, "condition"), f"condition {name!r} is coded as {found.rest!r}{how}; the whole name "
             "stays as the code's text", severity="information",
             hint=("give `severity` or `verification_status` on the condition to say it yourself, or `codes` "
                   "to choose a narrower concept") if said
             else "give `codes` on the condition to choose a narrower concept" if narrowing
             else "give `codes` on the condition to choose another code")
    return replace(c, severity=c.severity or found.severity,
                   verification_status=c.verification_status or ("provisional" if found.suspected else None)), \
        found.rest


def _lead_then_reading(name: str, ways: list[Qualified]) -> Reading | None:
    """The leading words read, then the rest read as a name of its own ("severe Plasmodium vivax
    malaria": the severity, then the organism set aside, *Malaria*); both kinds of words set aside.
    None when the whole name is known ("chronic kidney disease stage 3a")."""
    if not ways or match("condition", name).status != "none":
        return None
    for lead in reversed(ways):
        inner = (organism_reading(lead.rest) or clause_reading(lead.rest) or level_reading(lead.rest)
                 or classed_reading(lead.rest))
        if inner is not None and not inner.severity and not inner.suspected:
            return replace(inner, narrowing=(*lead.narrowing, *inner.narrowing), severity=lead.severity,
                           suspected=lead.suspected)
    return None


def _said_uncoded(ctx: MapContext, c: Condition, name: str, ways: list[Qualified]) -> tuple[Condition, None]:
    """A name that stays text keeps what its first words say: "possible orchiitis" is not confirmed and
    "severe X" is severe, whether or not the rest has a code (an uncertain condition never reads as
    asserted because its words are unknown)."""
    said = ways[-1] if ways else None
    if said is None or not (said.severity or said.suspected):
        return c, None
    whole = match("condition", name, suggest=True)
    if whole.status != "none" or _named(name, whole):  # a name known whole ("severe sepsis") is no severity
        return c, None
    severity = said.severity if c.severity is None else None
    suspected = said.suspected and c.verification_status is None
    if not severity and not suspected:
        return c, None
    parts = [f"severity '{severity}'"] if severity else []
    parts += ["verification status 'provisional'"] if suspected else []
    ctx.warn((*c.path, "condition"), f"condition {name!r} has {' and '.join(parts)} from its first words "
             f"({said.words!r}), though the name has no code", severity="information",
             hint="give `severity` or `verification_status` on the condition to say it yourself")
    return replace(c, severity=c.severity or severity,
                   verification_status="provisional" if suspected else c.verification_status), None


def _side_of(word: str) -> str | None:
    """The laterality a side word says (:data:`snippets.SIDES`, also "left-sided"), or None."""
    w = word.lower().rstrip(",").removesuffix("-sided")
    return s.SIDES.get(w)


def _sited_finding(ctx: MapContext, c: Condition, name: str, ways: list[Qualified],
                   whole_ok: bool = False) -> tuple[Condition, str | None]:
    """A finding at a site ("neck tenderness"), also after severity and certainty words ("severe left
    knee pain"): the finding coded, the site in the condition's body site (:mod:`sited_names`); a side
    set aside before it ("right-sided pelvic swelling") is the site's laterality."""
    from fhirconv.mappers import sited_names

    if not whole_ok and match("condition", name).status != "none":
        return c, None  # a name known whole ("lower extremity edema")
    own = c.body_site  # the item's own site, as precise as the name's or more: it stays
    got, q = None, None
    candidates = [(name, None), *((w.rest, w) for w in ways)]
    organism = _organism_set_aside(name)  # "MRSA septic arthritis of hip": the finding at its site
    if organism is not None:
        candidates.append((organism[0], Qualified(organism[0], organism[1], None, False, (organism[1],))))
    for rest, way in candidates:
        got = sited_names.read(rest)
        if got is not None:
            q = way
            break
    if got is None or (q is not None and q.narrowing and c.verification_status == "refuted"):
        return c, None  # ruling out a kind of the finding is no ruling out of the finding
    sides = {side for w in (q.narrowing if q is not None else ()) if (side := _side_of(w))}
    if len(sides) == 1 and got.site.laterality is None:
        got = replace(got, site=replace(got.site, laterality=sides.pop()))
        q = replace(q, narrowing=tuple(w for w in q.narrowing if not _side_of(w)))  # type: ignore[arg-type]
    said = [f"severity '{q.severity}'"] if q is not None and q.severity else []
    if q is not None and q.suspected:
        said.append(f"verification status '{c.verification_status or 'provisional'}'")
    how = f", with {' and '.join(said)} from its first words" if said else ""
    if q is not None and q.narrowing:  # a kind of the finding ("pitting oedema of both legs")
        how += f"{';' if said else ','} the broader concept: {' '.join(q.narrowing)!r} is said in the text only"
    where = "the item's own body_site" if own is not None else f"its body site {got.site_words!r}"
    ctx.warn((*c.path, "condition"), f"condition {name!r} is coded as {got.code_text!r} with {where}{how}; "
             "the whole name stays as the code's text", severity="information",
             hint="give `body_site` and `codes` on the condition to say it yourself")
    return replace(c, body_site=own or got.site, severity=c.severity or (q.severity if q else None),
                   verification_status=c.verification_status or ("provisional" if q and q.suspected else None)), \
        got.code_text


@dataclass(frozen=True, slots=True)
class Reading:
    """How a name with no code of its own is read: the words looked up instead, and what was set
    aside (severity and certainty words go to their own elements; narrowing words stay in the text)."""

    rest: str
    narrowing: tuple[str, ...] = ()
    severity: str | None = None
    suspected: bool = False
    what: str = "broader concept"  # what the rest names: the broader concept, or the drug's ingredient
    where: str = "in the text only"  # where the words set aside go

    def says(self) -> str:
        """What the information line and ``fhirconv terms search`` tell of the words set aside."""
        parts = [f"severity {self.severity!r}"] if self.severity else []
        if self.suspected:
            parts.append("not confirmed")
        if self.narrowing:
            parts.append(f"{self.what}, {' '.join(self.narrowing)!r} {self.where}")
        return "; ".join(parts)


def condition_reading(name: str) -> Reading | None:
    """How a condition's name with no code is read, from its words alone (the case's own severity
    and verification status may still keep :func:`read` from taking it); None: as it stands."""
    ways = splits(name)
    if not ways and _drop_inner(name) is None:
        return None
    whole = match("condition", name, suggest=True)
    if whole.status != "none":
        return None
    found = _longest("condition", [(w.rest, w) for w in ways], (name, Qualified(name, "", None, False)))
    if found is None:
        return None
    rest, q, inner = found
    if (q.narrowing or inner) and normalize(rest) in _GENERIC_CONDITIONS:
        return None  # "metastatic disease": the words set aside were all it said
    if normalize(rest) in _ASTHENIA and any(normalize(w) in _PART_OF_BODY for w in (*q.narrowing, *inner)):
        return None  # "proximal weakness" is a muscle's, not the asthenia the code names
    # A severity or certainty word that belongs to a disorder's name ("severe combined
    # immunodeficiency", "mild cognitive impairment") is not the patient's severity; narrowing words
    # alone only leave a broader concept, which is true either way ("bacterial sepsis" is a sepsis).
    if (q.severity or q.suspected) and _named(name, whole):
        return None
    return Reading(rest, (*q.narrowing, *inner), q.severity, q.suspected)


# "elevated creatine kinase", "raised serum prolactin", "low cortisol level": SNOMED CT names such
# findings "Increased X level" and "Decreased X level"
_LEVEL = re.compile(r"^(?P<way>elevated|raised|increased|high|low|decreased|reduced)\s+(?:(?:serum|plasma|blood)\s+)?"
                    r"(?P<what>.+?)(?:\s+(?:levels?|concentrations?))?$", re.IGNORECASE)


# How SNOMED CT names such findings besides "Increased X level": "Serum creatinine raised", "Raised
# serum calcium level", "Hemoglobin low", "Alkaline phosphatase raised"
_RAISED = ("increased {w} level", "serum {w} raised", "raised serum {w} level", "{w} raised", "raised {w} level",
           "blood {w} raised")
_LOWERED = ("decreased {w} level", "serum {w} low", "low serum {w} level", "{w} low", "low {w} level", "blood {w} low")


def level_reading(name: str) -> Reading | None:
    """A substance's level said raised or lowered, when only SNOMED CT's name of the finding ("Increased
    (Decreased) X level", "Serum X raised", "X low") has a code: the same finding in its words,
    nothing set aside; the substance as written or as its test's row names it ("CK" is creatine
    kinase), and only when the names that have a code all name one finding."""
    found = _LEVEL.match(name.strip())
    if found is None or match("condition", name).status != "none":
        return None
    test = match("observation", found["what"]).concept
    names = dict.fromkeys([found["what"], *([test.term] if test is not None else [])])
    ways = _RAISED if found["way"].lower() in ("elevated", "raised", "increased", "high") else _LOWERED
    hits = {}
    for what in names:
        for way in ways:
            rest = way.format(w=what)
            found_rest = match("condition", rest)
            if found_rest.concept is not None and found_rest.status == "found":
                hits.setdefault(tuple(c.code for c in found_rest.concept.codings), rest)
    return Reading(next(iter(hits.values()))) if len(hits) == 1 else None


# A class, type, grade or stage said with the disorder ("type B aortic dissection", "dengue
# haemorrhagic fever grade I", "type 2 respiratory failure"): a kind of it, so the rest is broader and
# true. The stage of a cancer is said in Condition.stage when the case gives one; here it stays in the text.
_CLASSED = re.compile(r"(?:^|\s)(?:type|grade|class|stage)\s+(?:[0-9]+[a-c]?|[ivx]+[a-c]?|[a-e])(?=\s|$)",
                      re.IGNORECASE)


def classed_reading(name: str) -> Reading | None:
    """A disorder named with its class, type, grade or stage, when only the rest has a code."""
    found = _CLASSED.search(name)
    if found is None or match("condition", name).status != "none":
        return None
    rest = " ".join((name[:found.start()] + " " + name[found.end():]).split())
    if not rest:
        return None
    if found.start() == 0:  # "stage 3b chronic kidney disease": ICD-10-CM says the stage after the name
        moved = f"{rest} {found.group().strip()}"
        if match("condition", moved).status == "found":
            return Reading(moved)
    if match("condition", rest).status != "found":
        return None
    return Reading(rest, (found.group().strip(),))


# A streptococcus named by its Lancefield group ("group A Streptococcus", "group A beta-hemolytic
# streptococcal"): a kind of streptococcus.
_GROUPED = re.compile(r"\bgroup [a-g](?: beta[- ]ha?emolytic)?(?= streptococc)", re.IGNORECASE)


# A species epithet the Global Patient Set does not list, after a genus it does ("Streptococcus
# intermedius"): a lower-case Latin word, not a disorder's ("meningitis", "sepsis", "bacteremia").
_EPITHET = re.compile(r"(?![a-z]*(?:itis|osis|asis|esis|isis|ysis|emia|ia|oma|algia)$)"
                      r"[a-z]{2,}(?:us|is|i|ae|um|ens|ans|es|a)")
# Words before an organism that say which strain by what it resists ("methicillin-resistant", "MDR")
_STRAIN = re.compile(r"(?:[a-z]+-(?:resistant|susceptible|sensitive)|mdr|xdr|multi-?drug-resistant)$", re.I)
_CAUSE_AFTER = re.compile(r"^(?P<rest>.+?) (?:due to|caused by|secondary to) (?P<organism>.+)$", re.I)


def organism_reading(name: str) -> Reading | None:
    """A disorder named with its organism, when the whole name has no code: a species or a
    streptococcus's group whose genus has a code with the disorder ("Legionella pneumophila
    pneumonia" is *Legionella pneumonia*, "group A Streptococcus pharyngitis" *Streptococcal
    pharyngitis*: a -coccus genus also as its adjective); else the disorder alone, when the words
    before it, or after its "due to", name an organism ("MRSA bacteremia", "Pseudomonas pneumonia",
    "E. coli pyelonephritis" are a bacteremia, a pneumonia, a pyelonephritis). A broader concept, the
    organism said in the text. Organisms are those the terminologies name
    (:mod:`fhirconv.terminology.organisms`), and a Latin epithet after a genus they name."""
    if match("condition", name).status != "none":
        return None
    return _genus_reading(name) or _organism_dropped(name)


def _genus_reading(name: str) -> Reading | None:
    words = name.split()
    ways: list[tuple[list[str], int, str]] = []  # (the words, where the genus is, what is set aside)
    for i in range(len(words) - 1):
        if _species(words[i], words[i + 1]):
            ways.append((words[:i + 1] + words[i + 2:], i, words[i + 1]))
    grouped = _GROUPED.search(name)
    if grouped:
        rest = (name[:grouped.start()] + name[grouped.end():]).split()
        at = next((i for i, w in enumerate(rest) if w.lower().startswith("streptococc")), None)
        if at is not None:
            ways.append((rest, at, grouped.group()))
    for rest, at, aside in ways:
        genus = rest[at]
        tries = [rest]
        if genus.lower().endswith("coccus"):
            tries.append([*rest[:at], genus[:-2].lower() + "al", *rest[at + 1:]])
        for words_ in tries:
            text = " ".join(words_)
            if len(words_) > 1 and _caused_found(text):
                return Reading(text, (aside,))
    return None


def _species(genus: str, epithet: str) -> bool:
    """Whether ``genus epithet`` names a species: one the GPS names, or a Latin epithet (a serovar's
    capital too: "Salmonella Typhi") after a genus the terminologies name."""
    from fhirconv.terminology.organisms import genera, organisms

    return (genus.lower(), epithet.lower()) in organisms() or (
        genus.lower() in genera() and bool(_EPITHET.fullmatch(epithet[:1].lower() + epithet[1:])))


def _is_organism(words: list[str]) -> bool:
    from fhirconv.terminology.organisms import initials, key, phrases

    while len(words) > 1 and _STRAIN.match(words[0]):
        words = words[1:]
    while len(words) > 2 and _STRAIN.match(f"{words[0]}-{words[1]}".replace("--", "-")):
        words = words[2:]  # "methicillin resistant", "multi-drug resistant"
    if len(words) == 1 and words[0].isupper() and words[0] in initials():
        return True
    return key(" ".join(words)) in phrases() or (len(words) == 2 and _species(*words))


def _organism_set_aside(name: str) -> tuple[str, str] | None:
    """(the rest, the organism's words) of a name that starts with an organism or ends with "due to"
    one ("MRSA septic arthritis of hip"), whatever the rest; None when it names none."""
    after = _CAUSE_AFTER.match(" ".join(name.split()))
    if after and _is_organism(after["organism"].split()):
        return after["rest"], name[len(after["rest"]):].strip()
    words = name.split()
    for k in range(min(len(words) - 1, 6), 0, -1):  # the longest organism first
        if _is_organism(words[:k]):
            return " ".join(words[k:]), " ".join(words[:k])
    return None


def organism_named(words: str) -> str | None:
    """The organism ``words`` name, first or alone ("Staphylococcus aureus bacteraemia", "E. coli"),
    or None."""
    said = words.split()
    if said and _is_organism(said):
        return words
    found = _organism_set_aside(words)
    return found[1] if found else None


def _organism_dropped(name: str) -> Reading | None:
    found = _organism_set_aside(name)
    return Reading(found[0], (found[1],)) if found and _caused_found(found[0]) else None


# Words that join a disorder to what goes with it, causes it or follows from it: "atrial fibrillation
# with rapid ventricular response", "seizures secondary to hyponatraemia", "respiratory failure
# requiring intubation". The disorder before them is true of the patient whatever follows.
_CLAUSE = re.compile(r"\s(?:with|without|due to|caused by|secondary to|associated with|complicated by|"
                     r"following|after|requiring|radiating to|radiating into|radiating down)\s", re.IGNORECASE)


# How long it lasted, after the disorder: "fever for five days", "cough of two weeks' duration",
# "headache lasting 3 days", "vomiting x 2 days" (the onset belongs in the condition's `onset`).
_DURATION = re.compile(r"\s(?:(?:for|over|since|x|lasting|of)\s(?:the\s)?(?:past\s|last\s|previous\s)?"
                       r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|many|a)\s"
                       r"(?:hours?|days?|weeks?|months?|years?)(?:'|’)?(?:\s(?:duration|ago))?"
                       # a flare of the disorder is the disorder: "gout flare", "lupus flare-up", "MS relapse"
                       r"|(?:flare(?:-up)?|flare up|exacerbation|attack|episode|relapse)s?"
                       # a cause not known is no narrower disorder: "sepsis of unknown origin" is a sepsis
                       r"|of\s(?:unknown|undetermined|uncertain|unclear)\s(?:origin|etiology|aetiology|cause|source))$",
                       re.IGNORECASE)


# An inability, which "without" what helps turns into an ability with it
_UNABLE = re.compile(r"(?:unable|not able|inability|cannot|can't|could not|couldn't|impossible)\b", re.IGNORECASE)


# For procedures: "PCI with drug-eluting stent", "intubation using video laryngoscopy", "biopsy under
# ultrasound guidance": the procedure before the words is what was done.
_PROCEDURE_CLAUSE = re.compile(r"\s(?:with|using|via|under)\s", re.IGNORECASE)


def procedure_clause(name: str) -> Reading | None:
    """A procedure said with how it was done, when the whole name has no code: the procedure before
    the joining words, the rest in the text (as :func:`clause_reading` for a disorder)."""
    return _clause("procedure", name, _PROCEDURE_CLAUSE)


def clause_reading(name: str) -> Reading | None:
    """A disorder said with what goes with it or what caused it, when the whole name has no code:
    the disorder before the joining words, the broader concept, the rest said in the text (the
    longest disorder first: "X with Y with Z" is tried as "X with Y", then "X"); likewise a disorder
    said with how long it lasted ("fever for five days"). A cause the case gives as a condition of
    its own is linked by ``due_to``."""
    return _clause("condition", name, _CLAUSE, _DURATION)


def _clause(kind: str, name: str, joins: re.Pattern[str], tail: re.Pattern[str] | None = None) -> Reading | None:
    name = " ".join(name.split())
    cuts = [m.start() for m in joins.finditer(name)]
    lasted = tail.search(name) if tail is not None else None
    if lasted:
        cuts = sorted({*(c for c in cuts if c < lasted.start()), lasted.start()})
    if not cuts or match(kind, name).status != "none":
        return None
    for cut in reversed(cuts):
        head = name[:cut]
        if normalize(head) in _GENERIC_CONDITIONS:
            continue  # "problems with walking": a code for any problem says nothing the words did
        if _UNABLE.match(head) and name[cut:].split()[0].lower() == "without":
            continue  # "unable to walk without a walking stick" walks with one: no *Unable to walk*
        caused = kind == "condition" and _CAUSAL.match(name[cut:])
        if match(kind, head).status == "found" and (not caused or _caused_found(head)):
            return Reading(head, (name[cut:].strip(),))
    return None


_CAUSAL = re.compile(r"\s(?:due to|caused by|secondary to)\s", re.IGNORECASE)
# a cause named in one hyphenated word: "drug-induced hepatitis", "HIV-associated nephropathy"
_CAUSE_FORM = re.compile(rf"^[a-z0-9]+(?:-[a-z0-9]+)?-(?:{'|'.join(sorted(_CAUSE_WORDS))})$")


def _caused_found(text: str) -> bool:
    """Whether ``text``, a disorder whose cause the name also says, has one concept with a coding that
    is no ICD-10-CM residual category (:func:`~fhirconv.terminology.icd10cm.is_residual`): *Sacroiliitis,
    not elsewhere classified* alone is no code for a brucella sacroiliitis."""
    from fhirconv.terminology.icd10cm import is_residual

    found = match("condition", text)
    return found.status == "found" and any(
        c.system != ICD10CM or not is_residual(c.display or "") for c in found.concept.codings)


# Narrowing words that name a kind of cause, an infection: ICD-10-CM files a pyogenic sacroiliitis apart
# from *Sacroiliitis, not elsewhere classified*
_INFECTIVE = frozenset({"bacterial", "viral", "fungal", "pyogenic", "septic", "purulent", "suppurative",
                        "infective", "infectious", "tuberculous", "parasitic"})


def cause_set_aside(name: str, rest: str) -> bool:
    """Whether reading ``name`` as ``rest`` set aside words that name the disorder's cause: an organism
    ("Pseudomonas pneumonia"), a kind of infection ("pyogenic sacroiliitis"), a cause after "due to",
    "caused by" or "secondary to", or a hyphenated cause ("drug-induced hepatitis")."""
    kept = {w.lower().strip(",") for w in rest.split()}
    aside = [w.lower().strip(",") for w in _joined(name.split()) if w.lower().strip(",") not in kept]
    if any(_CAUSE_FORM.match(w) or w in _INFECTIVE for w in aside) \
            or _CAUSAL.search(f" {name} ") and not _CAUSAL.search(f" {rest} "):
        return True
    organism = _genus_reading(name) or _organism_dropped(name)
    return organism is not None and organism.rest == rest


_OVERDOSE = re.compile(r"^(?:(?P<before>.+?)\s+(?:overdose|overdosage)|(?:overdose|overdosage) (?:of|with) "
                       r"(?P<after>.+))$", re.IGNORECASE)
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
_OVERDOSE_HOW = {"intentional": "intentional", "deliberate": "intentional", "accidental": "accidental",
                 "unintentional": "accidental"}


def overdose_reading(name: str) -> Reading | None:
    """An overdose of a named drug ("lithium overdose", "overdose of codeine"), when the words have no
    code of their own: *Drug overdose*, the drug said in the text (an overdose names the drug taken,
    which FHIR's Condition has no element for). Only drugs with an RxNorm ingredient code are read."""
    found = _OVERDOSE.match(" ".join(name.split()))
    if found is None or match("condition", name).status != "none":
        return None
    drug = (found["before"] or found["after"]).strip()
    # how it was taken, said before the drug: "intentional amlodipine overdose" is an intentional drug
    # overdose where the terminologies have one, else the drug overdose the rest says
    how, _, rest = drug.partition(" ")
    how = how.lower()
    if how in _OVERDOSE_HOW and rest:
        drug = rest
    known = match("medication", drug)
    if known.concept is None or not any(c.system == RXNORM for c in known.concept.codings):
        return None
    said = f"{_OVERDOSE_HOW[how]} drug overdose" if how in _OVERDOSE_HOW and rest else "drug overdose"
    for target in dict.fromkeys((said, "drug overdose")):
        if match("condition", target).status == "found":
            return Reading(target, (drug,) if target == said else (how, drug))
    return None


def _longest(kind: str, ways: list[tuple[str, Any]], whole: tuple[str, Any] | None,
             inside: bool = True) -> tuple[str, Any, tuple[str, ...]] | None:
    """The first of ``ways`` (rests after leading words, longest first) the tables know; else, with
    ``inside``, the first of the whole name and those rests that they know once the narrowing words
    inside it are dropped: (the text to code, its way, the inner words dropped)."""
    for rest, way in ways:
        if match(kind, rest).status == "found":
            return rest, way, ()
    for rest, way in ([whole] if whole else []) + ways if inside else ():
        inner = _drop_inner(rest, _STRUCTURE_WORDS if kind == "procedure" else frozenset())
        if inner is not None and match(kind, inner[0]).status == "found":
            return inner[0], way, inner[1]
    return None


# Words before a drug's name that say how or why it is given, not what it is: "intravenous
# antibiotics" are antibiotics. The drug keeps them in its text; the route and the intent have their
# own fields in the case.
DRUG_WORDS = frozenset({
    "broad-spectrum", "empiric", "empirical", "oral", "intravenous", "iv", "i.v.", "parenteral",
    "subcutaneous", "intramuscular", "inhaled", "nebulised", "nebulized", "topical", "sublingual",
    "high-dose", "low-dose", "pulse", "prophylactic", "long-acting", "short-acting", "rapid-acting",
    "systemic", "supplemental", "additional", "further", "continued", "adjuvant", "neoadjuvant",
    "dual",  # dual antiplatelet therapy is antiplatelet therapy, two drugs of the class
    "high-intensity", "moderate-intensity", "low-intensity",  # a high-intensity statin is a statin
    "regular",  # regular (soluble) insulin is an insulin
    "high-flow", "low-flow", "normobaric",  # high-flow and normobaric oxygen are oxygen
    "hypertonic", "isotonic",  # hypertonic saline is sodium chloride, in another strength
    "high", "low", "flow",  # "high flow oxygen", as "high-flow oxygen"
    # routes of the eye and the ear: intravitreal antibiotics are antibiotics
    "intravitreal", "intracameral", "subconjunctival", "intratympanic", "otic", "ophthalmic", "intrathecal",
})
# A strength before a drug's name ("3% hypertonic saline", "0.9% saline", "50% dextrose"): the same drug.
_LEADING_STRENGTH = re.compile(r"\d+(?:\.\d+)?\s?(?:%|mg|g|mcg|µg|ug|ml|iu|units?)$", re.IGNORECASE)
# Release forms after a drug's name ("metoprolol XL", "nifedipine SR"): the ingredient is the same.
RELEASE_WORDS = frozenset({"xl", "er", "sr", "cr", "xr", "la", "mr", "cd", "ir", "dr", "ec"})
# Words before a procedure's name that say when, how urgently, by which approach or on which side it
# was done: an "emergency laparotomy" is a laparotomy, a "laparoscopic appendectomy" an appendectomy.
PROCEDURE_WORDS = frozenset({
    "emergency", "emergent", "urgent", "elective", "planned", "repeat", "repeated", "serial", "staged",
    "bedside", "chronic", "intermittent", "daily", "regular", "scheduled", "redo", "prophylactic",
    "maintenance",  # why it goes on: a maintenance hemodialysis is a hemodialysis
    "diagnostic", "surgical", "operative", "laparoscopic", "open", "robotic", "robot-assisted",
    "percutaneous", "endoscopic", "minimally-invasive", "bilateral", "left", "right", "left-sided",
    "right-sided", "unilateral", "successful", "uncomplicated", "initial", "subsequent", "further",
    "anteroposterior", "posteroanterior", "antero-posterior", "postero-anterior",  # the view of a radiograph:
    # "anteroposterior x-ray of the neck"
    "transabdominal", "transrectal", "transcutaneous",  # the approach: a "transabdominal ultrasound" is an ultrasound
    "trans-abdominal", "trans-rectal", "trans-cutaneous",
    "noncontrast", "non-enhanced", "nonenhanced", "unenhanced",  # without contrast: a noncontrast CT is a CT
    "exploratory", "multislice", "multi-slice", "multidetector", "contrast-enhanced",  # a multislice CT is a CT
    "stereotactic", "image-guided", "navigated",  # how the target was found: a stereotactic craniotomy is a craniotomy
    "frontal", "temporal", "parietal", "occipital", "frontotemporal", "temporoparietal", "pterional",
    "suboccipital",  # the skull region opened: a left temporal craniotomy is a craniotomy
    "electrical", "synchronized", "synchronised", "intravenous", "iv", "intra-arterial", "mechanical",
    "catheter-directed",  # how energy or a drug is given: an electrical cardioversion is a cardioversion
    "two-dimensional", "2d", "2-d", "three-dimensional", "3d", "3-d",  # a two-dimensional echocardiography
    "plain", "selective", "conventional",  # a plain abdominal radiograph, a selective mesenteric angiography
    # the aim that shapes how it is done (read for procedures only): a functional endoscopic sinus
    # surgery is a sinus surgery, a functional MRI an MRI
    "functional",
    "systemic",  # given into the circulation: a systemic thrombolysis is a thrombolysis
    "bioprosthetic",  # the valve's kind: a bioprosthetic aortic valve replacement is an aortic valve replacement
    "temporary", "transvenous",  # a temporary transvenous pacing is a pacing
    "point-of-care",  # where it was done: a point-of-care echocardiogram is an echocardiogram
    "punch", "video",  # how it was done: a punch biopsy of skin is a biopsy of skin, a video EEG an EEG
    "dilated",  # with the pupil dilated: a dilated fundus examination is a fundus examination
    "living", "deceased", "cadaveric", "living-donor", "deceased-donor", "donor",  # a living donor kidney transplant
    # the aim or the dose of a treatment: an adjuvant radiotherapy is a radiotherapy, an intensive
    # physiotherapy a physiotherapy (the intent of a drug treatment has its own element)
    "adjuvant", "neoadjuvant", "neo-adjuvant", "palliative", "curative", "salvage", "intensive",
    "indwelling",  # an indwelling Foley catheterisation is a catheterisation
    "high-resolution", "thin-section", "low-dose",  # how a CT is taken: a high-resolution CT is a CT
    # which of a series, or when, as for a test: a follow-up CT scan is a CT scan
    "follow-up", "followup", "second", "third", "routine", "preoperative", "pre-operative", "postoperative",
    "post-operative",
    # the specialty that gives it: a psychiatry consultation is a consultation
    "psychiatry", "psychiatric", "nephrology", "neurology", "neurological", "neurosurgery", "neurosurgical",
    "oncology", "oncological", "endocrinology", "cardiology", "rheumatology", "dermatology",
    "gastroenterology", "hematology", "haematology", "pulmonology", "urology", "ophthalmology", "geriatric",
    "rheumatologic", "rheumatological", "orthopedic", "orthopaedic", "gastroenterologic", "gastroenterological",
    "gynecology", "gynaecology", "gynecological", "gynaecological", "otolaryngology", "hepatology", "infectiology",
    "pediatric", "paediatric", "endocrinological", "nephrological", "dermatological", "hematological",
    "haematological", "urological", "ophthalmological", "ophthalmologic",
})
# What is left of a condition's name when the words set aside were all it said ("metastatic disease",
# "chronic illness"): a code for any disease says nothing the words did; nor does *Injury, unspecified*
# (T14.90XA, an injury of no body region) for a "severe diffuse axonal injury", a brain injury
_GENERIC_CONDITIONS = frozenset({"disease", "illness", "disorder", "condition", "syndrome", "problem", "lesion",
                                 "injury", "injuries", "trauma"})
# A name whose code means the whole body's state, which the words set aside make a part's: ICD-10-CM's
# *Weakness* (R53.1) is an asthenia and excludes a muscle's weakness (M62.8-), so a "proximal",
# "ascending" or "left" weakness is no R53.1
_ASTHENIA = frozenset({"weakness"})
# words that make it a part's or a pattern of muscles ("progressive" or "generalized" keep it the body's)
_PART_OF_BODY = frozenset(normalize(w) for w in (
    "left", "right", "left-sided", "right-sided", "unilateral", "bilateral", "proximal", "distal", "ascending",
    "descending", "flaccid", "spastic", "symmetric", "symmetrical", "asymmetric", "asymmetrical", "upper", "lower",
    "peripheral", "truncal", "facial", "focal", "axial", "bulbar", "segmental"))
# What is left of a procedure's name when its leading words were all it said ("laparoscopic surgery",
# "emergency operation"): a code for any surgery says nothing the words did, so there is no reading.
_GENERIC_PROCEDURES = frozenset({"surgery", "operation", "procedure", "surgical procedure", "intervention",
                                 "treatment", "therapy", "care", "management"})
_GUIDED = re.compile(r"[a-z0-9]+-(guided|assisted)$")  # "ultrasound-guided drainage", "video-assisted ..."
# Words before a test's name that say when it was taken or which of a series it was: a "repeat
# troponin I" and an "admission haemoglobin" measure what a troponin I and a haemoglobin measure.
# Not read: words that name another test in LOINC ("fasting glucose", "postprandial glucose",
# "24-hour urine protein"), or the place or method ("bedside", "point-of-care").
TEST_WORDS = frozenset({
    "baseline", "repeat", "repeated", "serial", "admission", "admitting", "presenting", "initial", "first",
    "second", "third", "subsequent", "follow-up", "followup", "latest", "last", "previous", "prior",
    "recent", "daily", "discharge", "pre-operative", "preoperative", "post-operative", "postoperative",
    "pre-treatment", "post-treatment", "peak", "trough", "nadir", "maximum", "minimum", "highest",
    "lowest", "urgent", "routine",
    "pretreatment", "posttreatment", "intraoperative", "intra-operative", "perioperative", "pre-op", "post-op",
})
# ... and after it: "troponin I on admission", "creatinine at baseline"
_TEST_TAIL = re.compile(r"\s*[,(]?\s*\b(?:on|at|upon)\s+(admission|presentation|baseline|discharge|arrival|"
                        r"follow-up|followup)\)?$", re.IGNORECASE)


def named(ctx: MapContext, concept: Concept, kind: str, path: tuple) -> dict[str, Any] | None:
    """The CodeableConcept of a disorder or finding named outside a Condition (a relative's
    condition, an allergic reaction, a coded result): narrowing and severity words are read as for a
    Condition, and stay in the text (these elements have no severity of their own to take them)."""
    rest = _head(ctx, kind, concept, path, NARROWING_WORDS | frozenset(SEVERITY_WORDS),
                 "give `codes` to choose a narrower concept", _NARROWING_FORMS)
    cc = s.codeable(ctx, Concept(rest) if rest else concept, kind, path, text=concept.term if rest else None)
    if rest and concept.term:
        from fhirconv.mappers.condition import without_narrowing_excluded

        cc = without_narrowing_excluded(ctx, cc, concept.term, rest, path)
    return cc


def drug(ctx: MapContext, concept: Concept, path: tuple) -> str | None:
    """The drug name without its leading administration words, when the whole name has no code and
    the rest has one (an information line tells the user); None to look the name up as it stands."""
    hint = "give `route` or `intent` on the medication to say it in its own element, or `codes` to choose the drug"
    rest = _head(ctx, "medication", concept, path, DRUG_WORDS, hint, _LEADING_STRENGTH)
    if rest is not None or concept.codes:
        return rest
    found = _release(concept.term or "")
    if found is None:
        found = _given_as(concept.term or "")
        return tell(ctx, path, f"medication {concept.term!r}", found, "the drug", hint) if found else None
    more = "".join(f" and {w!r}" for w in found.narrowing[1:])
    ctx.warn(path, f"medication {concept.term!r} is coded as {found.rest!r}, its ingredient: the release form "
             f"{found.narrowing[0]!r}{more} {'are' if more else 'is'} said in the text only", severity="information",
             hint=hint)
    return found.rest


# Words after a drug's name that say how it is given or taken ("insulin infusion", "methylprednisolone
# pulse", "salbutamol nebulizer", "heparin drip"): the drug is the same.
GIVEN_AS_WORDS = frozenset({"infusion", "infusions", "drip", "bolus", "boluses", "pulse", "pulses", "nebulizer",
                            "nebuliser", "nebulizers", "nebulisers", "nebulization", "nebulisation", "nebs", "neb",
                            "injection", "injections", "tablet", "tablets", "capsule", "capsules", "therapy",
                            "treatment", "course", "courses", "regimen", "inhaler", "spray", "patch", "drops"})
# and words that only say it is a drug ("neuroleptic medication", "antimalarial drugs", "a sedative agent")
DRUG_NOUNS = frozenset({"medication", "medications", "medicine", "medicines", "drug", "drugs", "agent", "agents"})


# After a drug's name, its form and where it goes ("prednisolone eye drops", "hydrocortisone cream"),
# its strength ("valacyclovir 1 g tablets", "prednisolone 1% eye drops"), its salt ("prednisolone
# acetate", "losartan potassium") and how often it is taken: the ingredient is the same drug, the
# words stay in the text.
FORM_WORDS = frozenset({"eye", "ear", "nasal", "ophthalmic", "otic", "oral", "topical", "vaginal", "rectal",
                        "eyedrops", "eye-drops", "eyedrop", "ointment", "cream", "gel", "lotion", "solution",
                        "suspension", "syrup", "elixir", "suppository", "suppositories", "powder", "sachet",
                        "sachets", "lozenge", "lozenges", "granules", "drop", "dosepak", "dosepack", "dose-pack"})
SALT_WORDS = frozenset({"acetate", "hydrochloride", "hcl", "sulfate", "sulphate", "phosphate", "succinate",
                        "citrate", "maleate", "tartrate", "bitartrate", "besylate", "besilate", "mesylate",
                        "mesilate", "fumarate", "hyclate", "monohydrate", "dihydrate", "trihydrate",
                        "hemihydrate", "bromide", "propionate", "dipropionate", "valerate", "furoate",
                        "acetonide", "sodium", "potassium", "calcium", "magnesium", "disodium",
                        "lactate", "decanoate", "enanthate", "palmitate", "pamoate"})
# Substances named like a salt that are another substance: creatine phosphate (phosphocreatine) is no
# creatine, pyridoxal phosphate no pyridoxal.
_NOT_SALTS = frozenset({"creatine phosphate", "pyridoxal phosphate", "glucose phosphate", "fructose phosphate",
                        "thiamine pyrophosphate", "adenosine phosphate"})
# An element or an ion is no drug a salt word qualifies: its "salt" is another substance
_ELEMENTS = frozenset({"iodine", "calcium", "sodium", "potassium", "magnesium", "lithium", "zinc", "fluoride",
                       "chloride", "bicarbonate", "phosphate", "selenium", "copper", "chromium"})
# and how often it is taken ("aspirin 81 mg daily", "ceftriaxone 2 g twice daily", "morphine prn")
FREQUENCY_WORDS = frozenset({"daily", "once", "twice", "thrice", "bid", "b.i.d.", "tid", "t.i.d.", "qid", "q.i.d.",
                             "od", "bd", "tds", "qds", "qd", "prn", "nightly", "weekly", "monthly", "hourly",
                             "stat", "nocte", "mane"})
_STRENGTH = re.compile(r"(\d+(\.\d+)?)?(%|mg|g|mcg|µg|ug|ml|iu|units?|mg/ml|mcg/ml|mg/g|q\d+h)", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(\.\d+)?")


def _after_drug(word: str) -> bool:
    w = word.lower().strip(".,")
    return (w in GIVEN_AS_WORDS or w in DRUG_NOUNS or w in FORM_WORDS or w in SALT_WORDS or w in FREQUENCY_WORDS
            or bool(_STRENGTH.fullmatch(w))
            or bool(_NUMBER.fullmatch(w)))


def _given_as(name: str) -> Reading | None:
    """A drug named with how it is given after it (its form, strength or salt too), and with
    administration words before it ("IV methylprednisolone pulse", "insulin infusion", "prednisolone
    acetate 1% eye drops"), when only the drug has a code."""
    words = name.split()
    tail: list[str] = []
    while len(words) > 1 and _after_drug(words[-1]):
        tail.insert(0, words.pop())
    head: list[str] = []
    while len(words) > 1 and words[0].lower().rstrip(",") in DRUG_WORDS:
        head.append(words.pop(0))
    if not tail or match("medication", name).status != "none":
        return None
    if f"{words[-1]} {tail[0]}".lower() in _NOT_SALTS:
        return None
    rest = " ".join(words)
    if rest.lower() in _ELEMENTS and any(w.lower() in SALT_WORDS for w in tail):
        return None  # "iodine potassium" is potassium iodide (Lugol's), no iodine alone
    if match("medication", rest).status != "found":
        return None
    return Reading(rest, tuple(w for w in (" ".join(head), " ".join(tail)) if w), what="the drug")


# Release forms written out, in one word or two ("metoprolol extended-release", "nifedipine sustained
# release"): the first word, before "release", "acting" or "coated"
_RELEASE_SPELLED = re.compile(r"\s+((?:extended|sustained|modified|controlled|delayed|immediate|slow|prolonged)"
                              r"[- ]release|long[- ]acting|enteric[- ]coated)$", re.IGNORECASE)


# ... said before the drug, as prescriptions often do
_RELEASE_FIRST = re.compile(r"^((?:extended|sustained|modified|controlled|delayed|immediate|slow|prolonged)"
                            r"[- ]release|long[- ]acting|enteric[- ]coated)\s+", re.IGNORECASE)


def _release(name: str) -> Reading | None:
    """A drug named with its release form ("metoprolol XL", "metoprolol succinate extended-release",
    "controlled-release morphine") read as its ingredient (its salt set aside too), when only that
    has a code."""
    words = name.split()
    spelled = _RELEASE_SPELLED.search(name)
    first = _RELEASE_FIRST.match(name)
    if spelled is not None:
        form, words = spelled.group(1), name[:spelled.start()].split()
    elif first is not None:
        form, words = first.group(1), name[first.end():].split()
    elif len(words) >= 2 and words[-1].lower().strip(".") in RELEASE_WORDS:
        form, words = words[-1], words[:-1]
    else:
        return None
    if not words or match("medication", name).status != "none":
        return None
    rest = " ".join(words)
    if match("medication", rest).status == "found":
        return Reading(rest, (form,), what="ingredient")
    inner = _given_as(rest)  # its salt or form said too: "metoprolol succinate extended-release"
    return Reading(inner.rest, (form, *inner.narrowing), what="ingredient") if inner is not None else None


def instead(ctx: MapContext, kind: str, name: str, other: str, path: tuple, said: str, hint: str) -> str | None:
    """``other`` to look up in place of ``name`` when only ``other`` has a code (a drug named with its
    route, a disorder with its site, a drug without its release form); the user is told, with
    ``said`` after "is coded as ...". None when ``name`` has a code itself or ``other`` has none."""
    if match(kind, name).status != "none" or match(kind, other).status != "found":
        return None
    ctx.warn(path, f"{kind} {name!r} is coded as {other!r}{said}", severity="information", hint=hint)
    return other


def procedure(ctx: MapContext, concept: Concept, path: tuple, has_site: bool = False) -> str | None:
    """The procedure name without its leading words of timing, approach or side, as :func:`drug`,
    or without what follows "with", "using", "via" or "under" (:func:`procedure_clause`). The hint
    asks for ``body_site`` only when a side was set aside and the item gives no site."""
    hint = "give `codes` to choose a narrower procedure"
    if concept.codes or not concept.term:
        return None
    found = _head_reading("procedure", concept.term, PROCEDURE_WORDS, _GUIDED)
    if found is not None:
        if not has_site and any(_side_of(w) or w.lower() == "unilateral" for w in found.narrowing):
            hint = "give `body_site` for the side, or `codes` to choose a narrower procedure"
        return tell(ctx, path, f"procedure {concept.term!r}", found, "the broader concept", hint)
    found = procedure_clause(concept.term)
    return tell(ctx, path, f"procedure {concept.term!r}", found, "the broader concept", hint) if found else None


def _head(ctx: MapContext, kind: str, concept: Concept, path: tuple, vocabulary: frozenset[str],
          hint: str, form: re.Pattern[str] | None = None) -> str | None:
    found = _head_reading(kind, concept.term, vocabulary, form) if not concept.codes else None
    if found is None:
        return None
    return tell(ctx, path, f"{kind} {concept.term!r}", found, "the broader concept", hint)


def tell(ctx: MapContext, path: tuple, named: str, found: Reading, what: str, hint: str) -> str:
    """Tell the user, in an information line, that ``named`` is coded as ``found.rest`` (``what`` that
    is) with its other words in the text only; the words to code."""
    ctx.warn(path, f"{named} is coded as {found.rest!r}, {what}: {' '.join(found.narrowing)!r} is said in the "
             "text only", severity="information", hint=hint)
    return found.rest


# Words before a body site that say which part of it ("mid left anterior descending artery", "distal
# femur", "lower leg"): the rest is the whole site, broader and still true of where it is.
SITE_WORDS = frozenset({"mid", "middle", "proximal", "distal", "upper", "lower", "inner", "outer", "anterior",
                        "posterior", "medial", "lateral", "superior", "inferior", "central", "peripheral"})
# ("whole body" is not "body": the tables' *Body structure* is the top of the hierarchy, not the body)


def site_reading(name: str) -> Reading | None:
    """A body site named with the part of it ("mid left anterior descending artery"), when only the
    rest has a code: the rest, the words said in the text (its side is read before, by
    :func:`fhirconv.mappers.snippets.sided_site`)."""
    found = _head_reading("body-site", name, SITE_WORDS)
    if found is not None and re.match(r"(?:to|from)\b", found.rest, re.IGNORECASE):
        return None  # "posterior to the head of the pancreas" is beside it, not a part of it
    return replace(found, what="the whole site") if found is not None else None


def _head_reading(kind: str, name: str | None, vocabulary: frozenset[str],
                  form: re.Pattern[str] | None = None) -> Reading | None:
    if not name:
        return None
    words = name.split()
    taken: list[str] = []
    ways: list[tuple[str, tuple[str, ...]]] = []  # each rest with the words taken for it, longest first
    while len(words) > 1 and not _paired(words, 0) and (
            _one_of(w := words[0].lower().rstrip(","), vocabulary) or (form and form.match(w))) \
            and not _zygosity_of_a_disease(words):
        taken.append(words.pop(0).rstrip(","))
        ways.append((" ".join(words), tuple(taken)))
    # inside the name too, for what is not a drug: "repair of incarcerated hernia" is a hernia repair
    inside = kind != "medication"
    if not ways and not (inside and _drop_inner(name)) or match(kind, name).status != "none":
        return None
    found = _longest(kind, ways, (name, ()), inside)
    if found is None:
        return None
    rest, taken_for, inner = found
    if kind == "procedure" and normalize(rest) in _GENERIC_PROCEDURES:
        return None
    if kind == "finding" and normalize(rest) in _GENERIC_CONDITIONS:
        return None  # "progressive disease" is a response to treatment, no finding of *Disease*
    return Reading(rest, (*taken_for, *inner))


def test(ctx: MapContext, concept: Concept | None, unit: str | None, path: tuple) -> str | None:
    """A test's name without the words of when it was taken ("repeat troponin I", "creatinine at
    baseline"), when the whole name has no code and the rest has one for the value's unit (an
    information line tells the user); None to look the name up as it stands."""
    if concept is None or concept.codes or not concept.term:
        return None
    found = _test_reading(concept.term, unit)
    if found is None:
        found = culture_reading(concept.term)
        if found is not None:
            return tell(ctx, path, f"observation {concept.term!r}", found, "the culture of an unspecified specimen",
                        "give `codes` with the LOINC code of the culture of that specimen")
        found = pathology_reading(concept.term)
        if found is None:
            return None
        return tell(ctx, path, f"observation {concept.term!r}", found, found.what,
                    "give `codes` to choose another code")
    ctx.warn(path, f"observation {concept.term!r} is coded as {found.rest!r}: {' '.join(found.narrowing)!r} says "
             "when it was taken, in the text only", severity="information",
             hint="give the time as the observation's `date`, or `codes` to choose the test")
    return found.rest


# Specimens a culture is taken from, as case reports name them ("CSF culture", "pus culture").
SPECIMENS = frozenset({
    "csf", "cerebrospinal fluid", "sputum", "wound", "wound swab", "stool", "pus", "abscess", "ascitic fluid",
    "peritoneal fluid", "pleural fluid", "synovial fluid", "joint fluid", "joint aspirate", "bone", "tissue",
    "bronchial secretions", "bronchial aspirate", "bronchoalveolar lavage", "bronchoalveolar lavage fluid", "bal",
    "bal fluid", "tracheal aspirate",
    "endotracheal aspirate", "catheter tip", "skin swab", "nasal swab", "ear swab", "eye swab", "vaginal swab",
    "cervical swab", "bile", "pericardial fluid", "bone marrow", "lymph node", "biopsy", "fluid",
    "vitreous", "vitreous fluid", "aqueous", "aqueous humor", "aqueous humour", "conjunctival swab",
    "throat swab", "corneal scraping", "middle ear fluid", "swab", "swabs"})


# The words of a pathology study, and of its outcome ("kidney biopsy histopathology findings")
_PATHOLOGY = (r"(?:histopathology|histopathological examination|histopathologic examination|histology|"
              r"histological examination|histologic examination|pathology|pathological examination|"
              r"pathologic examination|light microscopy)")
_OUTCOME = r"(?: (?:results?|findings?|reports?))?"
_PATHOLOGY_NAME = re.compile(
    rf"(?P<before>.+?) {_PATHOLOGY}{_OUTCOME}|{_PATHOLOGY}{_OUTCOME} (?:of|on) (?:the )?(?P<after>.+)|"
    rf"(?P<biopsy>.+? biops(?:y|ies)){_OUTCOME}")
# What a pathology study examines: a specimen or a growth ("the resected specimen", "kidney biopsy",
# "tumour") ...
_SPECIMEN = re.compile(r"\b(?:biops(?:y|ies)|specimens?|tissues?|resections?|samples?|scrapings?|curettings?|"
                       r"tumou?rs?|mass(?:es)?|lesions?|polyps?|nodules?|cysts?)$")
# ... or an organ, as removed ("resected esophagus"): other words before "pathology" name another study
# ("molecular pathology", "clinical pathology")
_REMOVED = re.compile(r"^(?:(?:the|resected|excised|removed|surgical|operative|biopsied)\s+)+")
# Words of another test done on a specimen ("culture of skin biopsy", "immunostaining of the biopsy",
# "mast cells in skin biopsy", a fine-needle aspirate's cytology): no pathology study
_OTHER_TEST = re.compile(r"\b(?:cultures?|immuno\w*|fluorescen\w*|stain\w*|virus|antigens?|cells?|pcr|"
                         r"conduction|study|dna|rna|genes?|genetic|mutations?|sequencing|hybridi[sz]ation|fish|"
                         r"electron|flow|cytometry|counts?|deposits?|course|in|fine[ -]needle)\b")


def pathology_reading(name: str) -> Reading | None:
    """A biopsy's, a specimen's or an organ's pathology named with it ("kidney biopsy histopathology",
    "histology of the liver biopsy", "lymph node histology", "histopathology of resected esophagus",
    "skin biopsy" as an observation), when the words have no code: LOINC's *Pathology study*, what
    was examined said in the text."""
    from fhirconv.mappers import sited_names

    text = " ".join(name.lower().split())
    found = _PATHOLOGY_NAME.fullmatch(text)
    if found is None or match("observation", name).status != "none" \
            or match("observation", "histopathology").status != "found":
        return None
    examined = (found["before"] or found["after"] or found["biopsy"]).strip(" ,")
    organ = _REMOVED.sub("", examined)
    if _OTHER_TEST.search(examined) or (
            not _SPECIMEN.search(examined) and (not organ or sited_names.site_of(organ) is None)):
        return None
    # the organ's own biopsy report: "bone marrow histology", "bone marrow biopsy pathology"
    biopsy = organ if organ.endswith(" biopsy") else f"{organ} biopsy"
    if not found["biopsy"] and match("observation", biopsy).status == "found":
        return Reading(biopsy, (examined,), what="the biopsy's pathology report")
    return Reading("histopathology", (examined,), what="the pathology study")


def culture_reading(name: str) -> Reading | None:
    """A culture named by its specimen ("CSF culture", "culture of pus"), when the words have no code
    of their own: the culture of an unspecified specimen (LOINC states the specimen in the code only
    for some), the specimen said in the text."""
    text = " ".join(name.lower().split())
    found = re.fullmatch(r"(?:(?P<before>.+?) cultures?|cultures? of (?:the )?(?P<after>.+))", text)
    if found is None:
        return None
    specimen = (found["before"] or found["after"]).strip()
    if specimen not in SPECIMENS or match("observation", name).status != "none":
        return None
    if match("observation", "culture").status != "found":
        return None
    return Reading("culture", (name.split(" culture")[0] if found["before"] else specimen,), what="the culture")


def _test_reading(name: str, unit: str | None) -> Reading | None:
    from fhirconv.terminology import match_with_unit

    whole = match_with_unit("observation", name, unit)
    if whole.status != "none" or whole.unit_mismatch is not None:
        return None
    rest, said = name.strip(), []
    tail = _TEST_TAIL.search(rest)
    if tail:
        said.append(rest[tail.start():].strip(" ,()"))
        rest = rest[:tail.start()].strip()
    words = rest.split()
    while len(words) > 1 and not _paired(words, 0) and words[0].lower().rstrip(",") in TEST_WORDS:
        said.insert(len(said) - (1 if tail else 0), words.pop(0).rstrip(","))
    rest = " ".join(words)
    if not said or not rest or match_with_unit("observation", rest, unit).status != "found":
        return None
    return Reading(rest, tuple(said), what="the test itself")


def _sited_reading(kind: str, name: str) -> Reading | None:
    from fhirconv.mappers import sited_names

    sited = sited_names.read(name, kind)
    if sited is None:
        return None
    side = f"{sited.site.laterality} " if sited.site.laterality else ""
    return Reading(sited.code_text, (f"{side}{sited.site.site.term}",),
                   what="the finding" if kind == "condition" else "the procedure", where="as its body site")


def _sited_procedure_reading(name: str) -> Reading | None:
    got, taken = _sited_after_words(name)
    if got is None or not taken:
        return None
    side = f"{got.site.laterality} " if got.site.laterality else ""
    return Reading(got.code_text, (*taken, f"{side}{got.site.site.term}"), what="the procedure",
                   where="in the text and as its body site")


def sited_procedure(ctx: MapContext, concept: Concept, path: tuple,
                    own_site: bool = False) -> tuple[str, BodySite] | None:
    """A procedure named with where it was done ("renal biopsy", "CT scan of the abdomen"), when the
    whole name has no code: the procedure to code and its site (:mod:`sited_names`); the user is told."""

    if concept.codes or not concept.term:
        return None
    got, taken = _sited_after_words(concept.term)
    if got is None:
        return None
    also = f"; {' '.join(taken)!r} is said in the text only" if taken else ""
    where = ("the item's own `body_site` as its site" if own_site
             else f"its body site {got.site_words!r}")
    ctx.warn(path, f"procedure {concept.term!r} is coded as {got.code_text!r} with {where}{also}; the whole "
             "name stays as the code's text", severity="information",
             hint="give `body_site` and `codes` on the procedure to say it yourself")
    return got.code_text, got.site


def _sited_after_words(name: str) -> tuple[Any, tuple[str, ...]]:
    """A procedure named with its site (:mod:`sited_names`), also after leading words of approach or
    timing ("stereotactic brain biopsy", "percutaneous kidney biopsy"): the reading and the words
    taken off; (None, ()) when there is none."""
    from fhirconv.mappers import sited_names

    words = name.split()
    taken: list[str] = []
    while True:
        got = sited_names.read(" ".join(words), "procedure")
        if got is not None or len(words) < 3:
            return got, tuple(taken)
        w = words[0].lower().rstrip(",")
        if w not in PROCEDURE_WORDS and not _GUIDED.match(w):
            return None, ()
        taken.append(words.pop(0))


def reading(kind: str, name: str) -> Reading | None:
    """How convert reads ``name`` of ``kind`` when the words have no code as they stand (the same
    rules as the mappers, from the words alone): what ``fhirconv terms search`` shows first."""
    if kind == "condition":
        return (level_reading(name) or condition_reading(name) or overdose_reading(name) or classed_reading(name)
                or neoplasm_reading(name) or metastasis_reading(name) or bone_metastasis_reading(name)
                or site_metastasis_reading(name)
                or organism_reading(name) or clause_reading(name)
                or _sited_reading(kind, name))
    if kind == "finding":
        return _head_reading(kind, name, NARROWING_WORDS | frozenset(SEVERITY_WORDS), _NARROWING_FORMS)
    if kind == "procedure":
        return (_head_reading(kind, name, PROCEDURE_WORDS, _GUIDED) or procedure_clause(name)
                or _sited_reading(kind, name) or _sited_procedure_reading(name))
    if kind == "medication":
        return _head_reading(kind, name, DRUG_WORDS, _LEADING_STRENGTH) or _release(name) or _given_as(name)
    if kind == "observation":
        return _test_reading(name, None) or culture_reading(name) or pathology_reading(name)
    if kind == "body-site":
        sided = s.sided_site(BodySite(Concept(name)))
        if sided.laterality and match(kind, sided.site.term or "").status == "found":
            return Reading(sided.site.term or "", (name.split()[0],), what="the site", where="as its laterality")
        return site_reading(sided.site.term or name)
    return None
