"""Words of rounds 69 to 73's case reports (cardiology, neurology, general paediatrics; adult and
paediatric infection, haematology; obstetrics, ophthalmology and ENT, urology and transplantation;
geriatrics, allergy, solid tumours; pulmonology, toxicology, paediatric cardiology and neonates),
written by people who had not read the tables: the rows and readings their review added."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    # adjectives of a sign said of the patient: "tachycardic" is tachycardia
    ("condition", "tachycardic", ["3424008", "R00.0"]),
    ("condition", "tachypneic", ["271823003", "R06.82"]),
    ("condition", "hypoxic", ["389086002"]),
    ("condition", "hypotensive", ["45007003", "I95.9"]),
    ("condition", "shivers", ["248456009"]),
    ("condition", "muscle soreness", ["68962001", "M79.10"]),
    ("condition", "disorientation in time and space", ["62476001", "R41.0"]),
    ("condition", "AL amyloidosis", ["23132008", "E85.81"]),
    ("condition", "encephalopathy", ["81308009", "G93.40"]),  # *Disorder of brain*, whose synonym it is
    ("condition", "teething", ["8004003", "K00.7"]),
    ("condition", "human granulocytic anaplasmosis", ["A79.82"]),
    ("condition", "cold agglutinin autoimmune hemolytic anemia", ["D59.12"]),
    ("finding", "Nocardia abscessus", ["414863003"]),
    ("finding", "Chlamydia psittaci", ["14590003"]),
    ("finding", "group A beta haemolytic streptococci", ["80166006"]),
    ("observation", "urine arsenic", ["5586-3"]),
    ("observation", "rifampicin susceptibility", ["18974-6"]),
    ("observation", "isoniazid susceptibility", ["18934-0"]),
    ("observation", "fluoroquinolone susceptibility", ["100053-8"]),
    ("observation", "Anaplasma phagocytophilum IgG", ["23877-4"]),
    ("observation", "IGFBP3", ["2483-6"]),
    ("observation", "bone age", ["123980006"]),
    ("observation", "breath sounds", ["52653008"]),
    ("observation", "clotting profile", ["3116009"]),
    ("observation", "thoracic examination", ["10207-9"]),
    ("procedure", "median sternotomy", ["359672006"]),
    ("procedure", "intra-aortic balloon pump", ["16965008"]),
    ("procedure", "removal of intraaortic balloon pump", ["40267005"]),
    ("procedure", "VA-ECMO", ["786451004"]),
    ("procedure", "venovenous extracorporeal membrane oxygenation", ["786453001"]),
    ("procedure", "continuous positive airway pressure ventilation", ["47545007"]),
    ("procedure", "color Doppler sonography", ["765172009"]),
    # round 71
    ("condition", "sleepy", ["271782001"]),
    ("condition", "colo-vesical fistula", ["28626004"]),
    ("condition", "non-insulin-dependent diabetes", ["44054006"]),  # type 2, not the broader diabetes
    ("condition", "IDDM", ["46635009"]),
    ("procedure", "cortical mastoidectomy", ["265306005"]),
    ("procedure", "kidney graft biopsy", ["1293269004"]),
    ("procedure", "oophoropexy", ["61404002"]),
    ("procedure", "ovarian detorsion", ["61473007"]),
    ("procedure", "delivery", ["236973005"]),
    ("procedure", "emergency LSCS", ["236985002"]),
    ("condition", "renal allograft rejection", ["236570004", "T86.11"]),
    ("condition", "cardiac allograft rejection", ["233933006", "T86.21"]),
    ("condition", "pallor", ["398979000", "R23.1"]),
    # rounds 72 and 73
    ("condition", "cardiopulmonary arrest", ["410430005"]),  # *Cardiorespiratory arrest*, not *Cardiac arrest*
    ("condition", "cardiac arrest", ["410429000"]),
    ("condition", "sleep apnoea syndrome", ["73430006", "G47.30"]),
    ("condition", "infant of diabetic mother", ["21584002", "P70.1"]),
    ("condition", "organophosphate poisoning", ["T60.0X1A"]),
    ("condition", "increased salivation", ["53827007", "K11.7"]),
    ("condition", "non-small cell lung adenocarcinoma", ["254626006", "C34.90"]),
    ("medication", "Versed", ["26800000", "6960"]),  # midazolam
    ("procedure", "insertion of grommet", ["284532000"]),
    # rounds 76 and 77
    ("condition", "tetraparesis", ["91327001"]),
    ("condition", "near drowning", ["T75.1XXA"]),
    ("condition", "electrical injury", ["T75.4XXA"]),
    ("condition", "sickle cell crisis", ["D57.00"]),
    ("condition", "vaso-occlusive crisis", ["D57.00"]),
    ("condition", "snakebite", ["T63.001A"]),  # the Index's reading: the toxic effect of the venom
    ("condition", "snake envenomation", ["T63.001A"]),
    ("condition", "cobra bite", []),  # a named snake has its own venom code, not read here
    ("observation", "plantar reflex", ["91365008"]),
    # rounds 78 and 79
    ("procedure", "orchiopexy", ["85419002"]),
    ("procedure", "scleral buckle", ["26786002"]),
    ("condition", "intestinal malrotation", ["29980002"]),
    ("condition", "cerebrovascular insult", ["230690007"]),
    ("condition", "lumbar pain", ["279039007", "M54.50"]),
    ("condition", "decreased vision", ["397540003"]),
    ("finding", "Acanthamoeba", ["50875003"]),
    # rounds 80 and 81
    ("condition", "insulinoma", []),  # the Index codes it by behaviour, which the word does not say
    ("condition", "Wilms' tumour", ["302849000", "C64.9"]),
    ("condition", "pulmonary arteriovenous malformation", ["Q25.72"]),
    ("condition", "transverse myelitis", []),  # G37.3 says acute, which it need not be
    ("condition", "Graves' orbitopathy", ["276177000"]),
    ("procedure", "venesection", ["127606004"]),
    # rounds 82 and 83
    ("condition", "fall at home", ["161898004"]),
    ("condition", "kidney stone disease", ["95570007"]),
    ("condition", "neonatal drug withdrawal syndrome", ["P96.1"]),
    ("procedure", "laryngoscopy", ["28760000"]),
    ("observation", "blood alcohol level", []),  # whole blood or, as hospitals measure it, serum
])
def test_round69_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


@pytest.mark.parametrize("term,expected", [
    # a substance that is no drug: its toxicity is ICD-10-CM's toxic effect, accidental when unsaid
    ("arsenic toxicity", ["T57.0X1A"]),
    ("lead toxicity", ["T56.0X1A"]),
    # a drug's toxicity may be a poisoning or an adverse effect of a correct dose: not guessed
    ("digoxin toxicity", []),
])
def test_toxicity_of_a_substance(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == expected


@pytest.mark.parametrize("name,code", [
    ("erythematous nonpruritic rash", "271807003"),  # "non" joined to its word, as "non-pruritic"
    ("nonbilious projectile vomiting", "8579004"),
    ("daily cough", "49727002"),  # how often: a daily cough is a cough
    ("acute antibody-mediated rejection of kidney transplant", "236570004"),
    ("acute cellular rejection of kidney transplant", "236570004"),
    ("mechanical small bowel obstruction", "281255004"),
    ("paranoid delusions", "2073000"),
    ("binocular diplopia", "24982008"),
    ("short-term memory loss", "R41.3"),
    # rounds 84 to 105
    ("solitary neurocysticercosis", "B69.0"),
    ("overt heart failure", "84114007"),
    ("upward gaze palsy", "1534008"),
    ("vertical gaze palsy", "1534008"),
    ("horizontal nystagmus", "563001"),
    ("congenital complete heart block", "46619002"),
    # rounds 106 onwards
    ("triventricular hydrocephalus", "230745008"),
    ("classic Kaposi sarcoma", "109385007"),
    ("visceral Kaposi's sarcoma", "109385007"),
    ("obstructing renal stones", "95570007"),
    ("submassive pulmonary embolism", "59282003"),
    ("anterolateral ST elevation myocardial infarction", "401303003"),
    ("recurrent febrile periods", "386661006"),
    ("purulent flexor tenosynovitis", "67801009"),
    ("right-side ptosis", "11934000"),
    ("holocranial headache", "25064002"),
    ("axonal sensorimotor polyneuropathy", "42345000"),
    ("collapsing focal segmental glomerulosclerosis", "236403004"),
    # a cause of two or three words before "-induced" or "-associated"
    ("ACE inhibitor-associated angioedema", "41291007"),
    ("immune checkpoint inhibitor-related colitis", "64226004"),
    ("sporadic Burkitt's lymphoma", "C83.70"),
    ("absolute lymphocytosis", "67023009"),
    ("advanced non-small cell lung cancer", "254637007"),
    ("locally advanced breast cancer", "254837009"),
    ("autoimmune pernicious anemia", "84027009"),
    ("intracapsular subcapital neck of femur fracture", "5913000"),
    ("expanding hematoma", "385494008"),
    ("unexplained hypoxemia", "389087006"),
    ("drenching night sweats", "42984000"),
    ("established osteoporosis", "64859006"),
    ("hypoechoic thyroid nodule", "237495005"),
    ("obstructed right inguinal hernia", "236021006"),
    ("life-threatening metabolic alkalosis", "1388004"),
    ("nihilistic delusions", "2073000"),
    ("non valvular atrial fibrillation", "49436004"),  # "non" joined to its word, as "nonvalvular"
    ("normofrequent atrial fibrillation", "49436004"),
    ("severe ataxic dysarthria", "8011004"),
    ("bifrontal throbbing headache", "25064002"),
    ("uncontrollable vomiting", "422400008"),
    ("whitish urethral discharge", "9957009"),
    ("foul-smelling vaginal discharge", "271939006"),
    ("tumefactive multiple sclerosis", "24700007"),
    ("relapsing nephrotic syndrome", "52254009"),
    ("considerable weight loss", "89362005"),
    ("prerenal acute kidney injury", "14669001"),
    ("castration-resistant prostate cancer", "399068003"),
    ("pressure-like substernal chest pain", "4568003"),
    ("purple rash", "271807003"),
    ("super-refractory status epilepticus", "230456007"),
    ("aneurysmal subarachnoid hemorrhage", "21454007"),
    ("exudative tonsillitis", "90176007"),
    ("asystolic cardiac arrest", "410429000"),
    ("arteritic anterior ischaemic optic neuropathy", "14357004"),
    ("simple-virilizing congenital adrenal hyperplasia", "E25.0"),
    ("childhood systemic lupus erythematosus", "55464009"),
    ("hypotonic hyponatremia", "89627008"),
])
def test_words_that_narrow(name: str, code: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert cond["code"]["text"] == name
    assert code in [c["code"] for c in cond["code"]["coding"]]


def test_nonepileptic_is_not_an_epileptic_seizure() -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": "nonepileptic seizure"})
    assert "coding" not in cond["code"]


def test_petechiae_named_with_their_site() -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": "petechiae on the soft palate"})
    assert [c["code"] for c in cond["code"]["coding"]] == ["271813007"]
    assert [c["code"] for c in cond["bodySite"][0]["coding"]] == ["49460000"]


def test_a_doppler_study_named_with_its_site() -> None:
    proc, _ = one_item("Procedure", "procedures", {"procedure": "colour doppler of the right leg"})
    assert [c["code"] for c in proc["code"]["coding"]] == ["765172009"]
    assert [c["code"] for c in proc["bodySite"][0]["coding"]] == ["61685007"]


def test_creatine_phosphate_is_not_creatine() -> None:
    """Phosphocreatine is another substance, not a salt of creatine: it stays text."""
    med, _ = one_item("MedicationStatement", "medications", {"drug": "creatine phosphate sodium"})
    assert "coding" not in med["medicationCodeableConcept"]
    med, _ = one_item("MedicationStatement", "medications", {"drug": "codeine phosphate"})
    assert [c["code"] for c in med["medicationCodeableConcept"]["coding"]] == ["2670"]


@pytest.mark.parametrize("name,subtype,code", [
    ("classical Hodgkin lymphoma", "nodular sclerosis", "C81.10"),  # not C81.70, classical HL NOS
    ("babesiosis", "Babesia microti", "B60.01"),
])
def test_a_subtype_said_before_the_name_gives_its_own_code(name: str, subtype: str, code: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name, "subtype": subtype})
    assert [c["code"] for c in cond["code"]["coding"]] == [code]
    assert cond["code"]["text"] == f"{name}, {subtype}"
