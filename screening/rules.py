"""The candidacy rules one by one: what each reason reads and when it holds.

Instrument cut-offs live in their definitions (screening/definitions/) and are read from
there; the rules' own thresholds (BMI, benzodiazepine dose) sit in this module; the clinic's
(states served, minimum age, blood-pressure limits, PCL-5 cut-off) arrive as
ClinicThresholds. Each function returns reasons that quote the answers behind them. The
clinical basis and its sources: docs/clinical.md (contraindications from the Ketalar labels,
the Spravato label, Sanacora et al. 2017, CANMAT 2021, ASKP3 standards).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from screening import battery, definitions, words
from screening.definitions import auditc, gad7, pcl5, pcptsd5, phq9
from screening.findings import Answer, Finding, Kind, Reason, all_of, any_of, from_bool
from screening.schema import PREFER_NOT_TO_ANSWER, Questionnaire
from screening.scoring import Score, score

BMI_REVIEW_ABOVE = 35  # CLINICAL.md: BMI over 35, relative (one trial)
BENZO_DIAZEPAM_EQ_LIMIT_MG = 8  # over 8 mg diazepam-equivalent a day predicted non-response
# (Frontiers in Psychiatry 2020, in CLINICAL.md)

# Oral doses roughly equivalent to 10 mg diazepam (Ashton C.H., "Benzodiazepines: how they
# work and how to withdraw", 2002, table 1; the midpoint where a range is given). Keys are
# generic and common US brand names as a client might type them.
DIAZEPAM_10MG_EQUIVALENT: dict[str, float] = {
    "alprazolam": 0.5, "xanax": 0.5,
    "bromazepam": 5.5, "lexotan": 5.5,
    "chlordiazepoxide": 25, "librium": 25,
    "clobazam": 20, "onfi": 20,
    "clonazepam": 0.5, "klonopin": 0.5,
    "clorazepate": 15, "tranxene": 15,
    "diazepam": 10, "valium": 10,
    "estazolam": 1.5, "prosom": 1.5,
    "flurazepam": 22.5, "dalmane": 22.5,
    "lorazepam": 1, "ativan": 1,
    "nitrazepam": 10, "mogadon": 10,
    "oxazepam": 20, "serax": 20,
    "temazepam": 20, "restoril": 20,
    "triazolam": 0.5, "halcion": 0.5,
}

_BRANDS = {"xanax": "alprazolam", "lexotan": "bromazepam", "librium": "chlordiazepoxide",
           "onfi": "clobazam", "klonopin": "clonazepam", "tranxene": "clorazepate",
           "valium": "diazepam", "prosom": "estazolam", "dalmane": "flurazepam",
           "ativan": "lorazepam", "mogadon": "nitrazepam", "serax": "oxazepam",
           "restoril": "temazepam", "halcion": "triazolam"}

YES = frozenset({"yes"})
NO = frozenset({"no"})
NONCOMMITTAL = frozenset({PREFER_NOT_TO_ANSWER, "not-sure"})

# The medical questionnaire's sex assigned at birth, as AUDIT-C's cut-off needs it.
SEX_ITEM = ("medical", "sex-at-birth", {"female": "female", "male": "male"})


@dataclass(frozen=True)
class ResponseData:
    """One questionnaire's answers as given, under the version it was answered with."""

    version: str
    answers: Mapping[str, object]
    declined: bool = False


@dataclass(frozen=True)
class ClinicThresholds:
    """The clinic-specific thresholds (clinic settings)."""

    pcl5_cutoff: int = pcl5.DEFAULT_CUTOFF
    minimum_age: int = 18
    states_served: tuple[str, ...] = ()
    bp_rule_out: tuple[int, int] = (180, 100)
    bp_review: tuple[int, int] = (140, 90)

    @classmethod
    def from_profile(cls, profile: Any) -> ClinicThresholds:
        """From the clinic's settings (any object with the clinic profile's fields)."""
        return cls(
            pcl5_cutoff=profile.pcl5_cutoff,
            minimum_age=profile.minimum_age,
            states_served=tuple(profile.states_served),
            bp_rule_out=(profile.bp_rule_out_systolic, profile.bp_rule_out_diastolic),
            bp_review=(profile.bp_review_systolic, profile.bp_review_diastolic),
        )


@dataclass(frozen=True)
class Person:
    """Facts from the contact step, when the intake asks for them."""

    age: int | None = None
    state: str | None = None


def sex_for_scoring(answers: Mapping[str, Mapping[str, object]]) -> str | None:
    code, link_id, mapping = SEX_ITEM
    return mapping.get(str(answers.get(code, {}).get(link_id)))


def scoring_params(thresholds: ClinicThresholds,
                   answers: Mapping[str, Mapping[str, object]]) -> dict[str, object]:
    """What instrument scoring needs beyond a questionnaire's own answers."""
    return {"pcl5_cutoff": thresholds.pcl5_cutoff, "pcptsd5_cutoff": pcptsd5.DEFAULT_CUTOFF,
            "sex": sex_for_scoring(answers)}


def thresholds_used(thresholds: ClinicThresholds) -> dict[str, object]:
    """Every threshold an assessment used, stored with it: the values the scorers applied,
    read from the instruments' definitions and the clinic's settings."""
    return {
        **asdict(thresholds),
        "states_served": list(thresholds.states_served),
        "bp_rule_out": list(thresholds.bp_rule_out),
        "bp_review": list(thresholds.bp_review),
        "phq9_cutoff": phq9.CUTOFF,
        "gad7_cutoff": gad7.CUTOFF,
        "pcptsd5_cutoff": pcptsd5.DEFAULT_CUTOFF,
        "audit_c_cutoffs": {"male": auditc.CUTOFF_MEN, "female": auditc.CUTOFF_WOMEN,
                            "not given": auditc.CUTOFF_WOMEN},
        "bmi_review_above": BMI_REVIEW_ABOVE,
        "benzo_diazepam_eq_limit_mg": BENZO_DIAZEPAM_EQ_LIMIT_MG,
    }


class Evidence:
    """The answers and scores one assessment reads, with helpers to judge and quote them."""

    def __init__(self, responses: Mapping[str, ResponseData], thresholds: ClinicThresholds,
                 person: Person | None, omitted: Collection[str] = ()) -> None:
        locked = sorted(set(omitted) & set(battery.LOCKED))
        if locked:
            raise ValueError(f"every intake asks {', '.join(locked)}")
        self.responses = responses
        self.thresholds = thresholds
        self.person = person
        # Questionnaires this intake never put to the client (the clinic had turned them
        # off): what they would have told is "cannot tell", quoted as not asked.
        self.omitted = frozenset(omitted) - set(responses)
        self.answers = {code: dict(r.answers) for code, r in responses.items()}
        params = scoring_params(thresholds, self.answers)
        self.scores: dict[str, Score] = {}
        for code, response in responses.items():
            # Branching leaves a questionnaire out only when the answer it hangs on says so;
            # one given without that answer (a PCL-5 sent alone by an EHR) is scored.
            if response.declined or self.applies(code) is False:
                continue
            result = score(self._definition(code), response.answers, params)
            if result is not None:
                self.scores[code] = result

    def applies(self, code: str) -> bool | None:
        """Whether a questionnaire applies to this client: None when the answers it depends
        on are missing or were skipped."""
        source = battery.DEPENDS_ON.get(code)
        if source is not None:
            response = self.responses.get(source)
            if response is None or response.declined or not response.answers:
                return None
        return battery.is_asked(code, self.answers)

    def _definition(self, code: str) -> Questionnaire:
        return definitions.get(code, self.responses[code].version)

    def asked(self, code: str, link_id: str) -> bool | None:
        """Whether an item was put to the client. False only when a definite answer made
        branching pass it by; None (cannot tell) when its questionnaire is missing or was
        skipped, when this version lacks the item, or when the answer it hangs on was
        "not sure", "prefer not" or left out."""
        response = self.responses.get(code)
        applies = self.applies(code)
        if applies is False:
            return False
        if response is None or response.declined or applies is None:
            return None
        definition = self._definition(code)
        try:
            item = definition.item(link_id)
        except KeyError:
            return None
        if definition.is_enabled(item, response.answers):
            return True
        for cond in item.enable_when:
            upstream = self.asked(code, cond.question)
            if upstream is None:
                return None
            if upstream and response.answers.get(cond.question) in (None, "", *NONCOMMITTAL):
                return None
        return False

    def choice(self, code: str, link_id: str, met: frozenset[str],
               not_met: frozenset[str] = NO) -> Finding:
        """An item's answer judged: an item branching passed by is "not met"."""
        asked = self.asked(code, link_id)
        if asked is None:
            return Finding.CANNOT_TELL
        if not asked:
            return Finding.NOT_MET
        value = self.answers[code].get(link_id)
        if value in met:
            return Finding.MET
        if value in not_met:
            return Finding.NOT_MET
        return Finding.CANNOT_TELL

    def number(self, code: str, link_id: str) -> float | None:
        value = self.answers.get(code, {}).get(link_id)
        try:
            return float(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def screen(self, code: str, criterion: str | None = None) -> Finding:
        """A score's positive screen (or a named criterion); a questionnaire that branching
        passed by is "not met"; a missing or skipped one "cannot tell"."""
        if self.applies(code) is False:
            return Finding.NOT_MET
        result = self.scores.get(code)
        if result is None:
            return Finding.CANNOT_TELL
        return from_bool(result.criteria.get(criterion) if criterion else result.positive)

    def quote(self, code: str, link_ids: Iterable[str] | None = None) -> tuple[Answer, ...]:
        response = self.responses.get(code)
        try:
            definition = definitions.get(code, response.version if response else None)
        except KeyError:
            return ()
        if link_ids is None:
            link_ids = [item.link_id for item in definition.items]
        quoted = []
        for link_id in link_ids:
            try:
                item = definition.item(link_id)
            except KeyError:
                continue  # not in the version this client answered
            asked = self.asked(code, link_id)
            value = self.answers.get(code, {}).get(link_id)
            if code in self.omitted:
                shown = _("(not asked in this application)")
            elif response is None:
                shown = _("(questionnaire not answered)")
            elif response.declined:
                shown = _("(part skipped by the client)")
            elif asked is False:
                shown = _("(not asked)")
            elif value in (None, ""):
                shown = _("(not answered)")
            else:
                shown = item.display(value)
            quoted.append(Answer(code, link_id, str(item.text), str(shown)))
        return tuple(quoted)

    def quote_score(self, code: str) -> tuple[Answer, ...]:
        """A score quoted like an answer: total, band and cut-off, for the reason's list."""
        response = self.responses.get(code)
        try:
            title = str(definitions.get(code, response.version if response else None).title)
        except KeyError:
            return ()
        result = self.scores.get(code)
        if result is None:
            if code in self.omitted:
                shown = _("not asked in this application")
            elif response is None:
                shown = _("not answered")
            elif response.declined:
                shown = _("part skipped by the client")
            elif self.applies(code) is False:
                shown = _("not asked")
            else:
                shown = _("cannot be scored")
            return (Answer(code, "score", title, str(shown)),)
        parts = [_("total %(total)s") % {
            "total": result.total if result.total is not None else _("cannot be scored")}]
        if result.band:
            parts.append(words.band(result.band))
        if result.positive is not None:
            parts.append(_("positive screen") if result.positive else _("negative screen"))
        # The cut-off itself is on the score card; here the criteria, in words.
        parts += [f"{words.score_key(name)}: "
                  f"{_('cannot tell') if value is None else _('yes') if value else _('no')}"
                  for name, value in result.criteria.items()]
        return (Answer(code, "score", title, "; ".join(str(p) for p in parts)),)


def _reason(code: str, kind: Kind, finding: Finding, texts: Mapping[Finding, str],
            answers: tuple[Answer, ...]) -> Reason:
    return Reason(code, kind, finding, texts[finding], answers)


# --- Safety ---------------------------------------------------------------------------

SAFETY_UNANSWERED = "safety-unanswered"
# Urgent reasons: the score flags' own (same names), and safety questions left unanswered.
URGENT_CODES = battery.URGENT_FLAGS | {SAFETY_UNANSWERED}


def _safety_unanswered(ev: Evidence) -> tuple[Finding, tuple[Answer, ...]]:
    """NIMH ASQ pathway: an ASQ item (1-4) or PHQ-9 item 9 missing or refused, or either
    questionnaire skipped, is itself a reason for same-day follow-up."""
    phq9, asq = ev.scores.get("phq-9"), ev.scores.get("asq")
    gaps = (phq9 is None or phq9.criteria.get("item9", False) is None
            or asq is None or bool(asq.criteria.get("refused"))
            or any(link_id in asq.missing for link_id in ("asq-1", "asq-2", "asq-3", "asq-4")))
    return (Finding.MET if gaps else Finding.NOT_MET,
            ev.quote("phq-9", ["44260-8"]) + ev.quote("asq", ["asq-1", "asq-2", "asq-3",
                                                               "asq-4"]))


def safety_reasons(ev: Evidence) -> tuple[Reason, ...]:
    phq9 = ev.scores.get("phq-9")
    if phq9 is not None and "phq9-item9" in phq9.flags:
        item9 = Finding.MET
    elif phq9 is None or phq9.criteria.get("item9", False) is None:
        item9 = Finding.CANNOT_TELL
    else:
        item9 = Finding.NOT_MET
    asq = ev.scores.get("asq")
    asq_positive = ev.screen("asq")
    acute = ev.screen("asq", criterion="acute") if asq else Finding.CANNOT_TELL
    if asq_positive is Finding.MET and acute is Finding.CANNOT_TELL:
        acute = Finding.MET  # a positive screen whose acuity question went unanswered
    unanswered, quoted = _safety_unanswered(ev)
    return (
        _reason(SAFETY_UNANSWERED, Kind.SAFETY, unanswered, {
            Finding.MET: _("Safety questions not answered (ASQ or PHQ-9 item 9 left out or "
                           "declined): same-day safety follow-up, as for a positive screen."),
            Finding.NOT_MET: _("Every safety question was answered."),
            Finding.CANNOT_TELL: "",
        }, quoted),
        _reason("phq9-item9", Kind.SAFETY, item9, {
            Finding.MET: _("PHQ-9 item 9 above 0: thoughts of death or self-harm. Same-day "
                           "safety follow-up, whatever the total."),
            Finding.NOT_MET: _("PHQ-9 item 9: no thoughts of death or self-harm reported."),
            Finding.CANNOT_TELL: _("PHQ-9 item 9 not answered: suicide risk not screened."),
        }, ev.quote("phq-9", ["44260-8"])),
        _reason("asq-positive", Kind.SAFETY, asq_positive, {
            Finding.MET: _("ASQ positive: suicide risk. Same-day safety follow-up."),
            Finding.NOT_MET: _("ASQ negative."),
            Finding.CANNOT_TELL: _("ASQ incomplete: suicide risk screen cannot be read."),
        }, ev.quote("asq")),
        _reason("asq-acute", Kind.SAFETY, acute, {
            Finding.MET: _("ASQ acute positive: thoughts of suicide right now. The client was "
                           "told to call for help now."),
            Finding.NOT_MET: _("ASQ: no thoughts of suicide right now."),
            Finding.CANNOT_TELL: _("ASQ acuity question not answered."),
        }, ev.quote("asq", ["asq-5"])),
    )


# --- Indications ----------------------------------------------------------------------

_TRAUMA_PATTERN = {  # lazy: read when an assessment is made, in its language
    "single": gettext_lazy("single-incident"),
    "repeated": gettext_lazy("repeated or prolonged (complex)"),
    "both": gettext_lazy("both single-incident and repeated"),
}


def _symptom_texts(numbing: Finding, mood: Finding, linked: Finding) -> dict[Finding, str]:
    """Indication 3's reason, saying which answers carried it."""
    if numbing is Finding.MET:
        met = _("Trauma-linked numbing: PCL-5 items 12-14 endorsed.")
    else:
        met = _("Anxiety or low mood (GAD-7 or PHQ-9 at 10 or more) that the client connects "
                "with what they went through.")
    if mood is Finding.MET and linked is Finding.NOT_MET:
        not_met = _("GAD-7 or PHQ-9 at 10 or more, but the client does not connect it with "
                    "what they went through; no PCL-5 numbing.")
    else:
        not_met = _("No trauma-linked numbing, anxiety or depression found.")
    if mood is Finding.MET and linked is Finding.CANNOT_TELL:
        cannot_tell = _("GAD-7 or PHQ-9 at 10 or more; whether the client connects it with "
                        "what they went through is not known (not answered, not sure, or "
                        "rather not say).")
    else:
        cannot_tell = _("Trauma-linked symptoms: cannot tell from the answers.")
    return {Finding.MET: met, Finding.NOT_MET: not_met, Finding.CANNOT_TELL: cannot_tell}


def indication_reasons(ev: Evidence) -> tuple[Reason, ...]:
    cutoff = ev.thresholds.pcl5_cutoff
    childhood = any_of(ev.screen("ace"),
                       ev.choice("candidacy", "childhood-trauma", YES, NO))
    ptsd = any_of(ev.screen("pc-ptsd-5"), ev.screen("pcl-5"),
                  ev.screen("pcl-5", criterion="dsm5-rule"))
    pattern = _TRAUMA_PATTERN.get(str(ev.answers.get("candidacy", {}).get("trauma-pattern")))
    # Numbing on the PCL-5 counts on its own (the PCL-5 is anchored to the event); PHQ-9 or
    # GAD-7 at 10 or more only with the client's own link to what they went through.
    numbing = ev.screen("pcl-5", criterion="numbing")
    mood = any_of(ev.screen("phq-9"), ev.screen("gad-7"))
    linked = ev.choice("candidacy", "trauma-linked-symptoms", frozenset({"yes", "somewhat"}))
    symptoms = any_of(numbing, all_of(mood, linked))
    relief = frozenset({"little", "some"})
    not_relieved = frozenset({"never", "much"})
    prior = any_of(ev.choice("candidacy", "therapy-relief", relief, not_relieved),
                   ev.choice("candidacy", "medication-relief", relief, not_relieved))
    wish = ev.choice("candidacy", "wish-to-heal", frozenset({"yes", "sometimes"}))
    ptsd_met = _("PTSD screen positive (PC-PTSD-5, or PCL-5 at or over %(cutoff)s or meeting "
                 "the DSM-5 rule).") % {"cutoff": cutoff}
    if pattern:
        described = _("Trauma described as %(pattern)s.") % {"pattern": pattern}
        ptsd_met = f"{ptsd_met} {described}"
    return (
        _reason("childhood-trauma", Kind.INDICATION, childhood, {
            Finding.MET: _("Childhood trauma: ACE score of 1 or more, or reported adversity "
                           "before 18."),
            Finding.NOT_MET: _("No childhood adversity reported."),
            Finding.CANNOT_TELL: _("Childhood trauma: cannot tell from the answers."),
        }, ev.quote_score("ace") + ev.quote("candidacy", ["childhood-trauma"])),
        _reason("ptsd", Kind.INDICATION, ptsd, {
            Finding.MET: ptsd_met,
            Finding.NOT_MET: _("PTSD screens negative."),
            Finding.CANNOT_TELL: _("PTSD: cannot tell from the answers."),
        }, ev.quote_score("pc-ptsd-5") + ev.quote_score("pcl-5")
            + ev.quote("candidacy", ["trauma-pattern"])),
        _reason("trauma-linked-symptoms", Kind.INDICATION, symptoms,
                _symptom_texts(numbing, mood, linked),
                ev.quote("pcl-5", ["pcl5-12", "pcl5-13", "pcl5-14"]) + ev.quote_score("phq-9")
                + ev.quote_score("gad-7") + ev.quote("candidacy", ["trauma-linked-symptoms"])),
        _reason("prior-treatment", Kind.INDICATION, prior, {
            Finding.MET: _("Has tried therapy or medication without enough relief."),
            Finding.NOT_MET: _("Has not tried therapy or medication, or they helped a lot."),
            Finding.CANNOT_TELL: _("Prior treatment: cannot tell from the answers."),
        }, ev.quote("candidacy", ["therapy-relief", "medication-relief"])
            + ev.quote("psychiatric", ["therapy-duration", "medication-trials"])),
        _reason("wish-to-heal", Kind.SUPPORTING, wish, {
            Finding.MET: _("Wants to heal but finds emotions hard to reach (supporting; does "
                           "not change the tier)."),
            Finding.NOT_MET: _("Does not report difficulty reaching emotions (supporting)."),
            Finding.CANNOT_TELL: _("Difficulty reaching emotions: cannot tell (supporting)."),
        }, ev.quote("candidacy", ["wish-to-heal"])),
    )


# --- Flags: rule-out and review -------------------------------------------------------

@dataclass(frozen=True)
class ItemFlag:
    """A flag that holds when one answer is among `met` codes."""

    code: str
    kind: Kind
    questionnaire: str
    link_id: str
    text: Any  # gettext_lazy: the reader's language
    met: frozenset[str] = YES
    not_met: frozenset[str] = NO


ITEM_FLAGS: tuple[ItemFlag, ...] = (
    ItemFlag("psychosis", Kind.RULE_OUT, "psychiatric", "psychosis-history",
             gettext_lazy("Psychotic or schizophrenia-spectrum disorder, past or present.")),
    ItemFlag("hallucinations", Kind.RULE_OUT, "psychiatric", "hallucinations-now",
             gettext_lazy("Current hallucinations.")),
    ItemFlag("mania-now", Kind.RULE_OUT, "psychiatric", "mania-now",
             gettext_lazy("Current manic or mixed episode.")),
    ItemFlag("bipolar-psychosis", Kind.RULE_OUT, "psychiatric", "mania-with-psychosis",
             gettext_lazy("Bipolar disorder with psychosis.")),
    ItemFlag("pregnant", Kind.RULE_OUT, "medical", "pregnant",
             gettext_lazy("Pregnant, or may be.")),
    ItemFlag("breastfeeding", Kind.RULE_OUT, "medical", "breastfeeding",
             gettext_lazy("Breastfeeding.")),
    ItemFlag("ketamine-reaction", Kind.RULE_OUT, "medical", "ketamine-reaction",
             gettext_lazy("Prior allergy or serious adverse reaction to ketamine."),
             not_met=frozenset({"no", "never-had"})),
    ItemFlag("stroke-or-aneurysm", Kind.RULE_OUT, "medical", "stroke-or-aneurysm",
             gettext_lazy("Stroke, brain haemorrhage, aneurysm or arteriovenous malformation.")),
    ItemFlag("dissociative-misuse", Kind.RULE_OUT, "dissociatives", "dissociative-now",
             gettext_lazy("Active use of ketamine, PCP or other dissociatives (past month)."),
             met=frozenset({"once-or-twice", "weekly", "most-days"}),
             not_met=frozenset({"not-now"})),
    ItemFlag("planning-pregnancy", Kind.REVIEW, "medical", "planning-pregnancy",
             gettext_lazy("Planning a pregnancy in the coming months.")),
    ItemFlag("heart-disease", Kind.REVIEW, "medical", "heart-condition",
             gettext_lazy("Heart disease (angina, arrhythmia, heart failure or past heart "
                          "attack).")),
    ItemFlag("eclampsia", Kind.REVIEW, "medical", "eclampsia",
             gettext_lazy("History of eclampsia or pre-eclampsia.")),
    ItemFlag("liver-disease", Kind.REVIEW, "medical", "liver-disease",
             gettext_lazy("Liver disease.")),
    ItemFlag("hyperthyroidism", Kind.REVIEW, "medical", "overactive-thyroid",
             gettext_lazy("Untreated hyperthyroidism."), met=frozenset({"untreated"}),
             not_met=frozenset({"no", "treated"})),
    ItemFlag("raised-pressure", Kind.REVIEW, "medical", "head-pressure",
             gettext_lazy("Raised intracranial pressure.")),
    ItemFlag("glaucoma", Kind.REVIEW, "medical", "glaucoma",
             gettext_lazy("Glaucoma or raised intraocular pressure.")),
    ItemFlag("bladder", Kind.REVIEW, "medical", "bladder-problems",
             gettext_lazy("Bladder or cystitis problems.")),
    ItemFlag("substance-use-disorder", Kind.REVIEW, "psychiatric",
             "substance-problem-past-year",
             gettext_lazy("Substance use disorder in the past year.")),
    ItemFlag("dissociative-past-year", Kind.REVIEW, "dissociatives", "dissociative-past-year",
             gettext_lazy("Used ketamine, PCP or other dissociatives in the past year.")),
    ItemFlag("dissociative-ever", Kind.REVIEW, "dissociatives", "dissociative-ever",
             gettext_lazy("Has used ketamine, PCP or other dissociatives outside medical care at "
                          "some time: ask about it.")),
    ItemFlag("family-psychosis", Kind.REVIEW, "psychiatric", "family-psychosis",
             gettext_lazy("First-degree relative with a psychotic disorder.")),
    ItemFlag("dissociation", Kind.REVIEW, "candidacy", "dissociation",
             gettext_lazy("Reports frequent dissociation: ketamine is itself dissociative; "
                          "clinician to assess."), not_met=frozenset({"no", "sometimes"})),
    ItemFlag("gabapentinoid", Kind.REVIEW, "medications", "gabapentin-pregabalin",
             gettext_lazy("Takes gabapentin or pregabalin (may blunt the effect).")),
    ItemFlag("lamotrigine", Kind.REVIEW, "medications", "lamotrigine",
             gettext_lazy("Takes lamotrigine (may blunt the effect).")),
    ItemFlag("maoi", Kind.REVIEW, "medications", "maoi",
             gettext_lazy("Takes an MAOI (raises blood pressure).")),
    ItemFlag("stimulant", Kind.REVIEW, "medications", "stimulant",
             gettext_lazy("Takes a stimulant (raises blood pressure).")),
    ItemFlag("opioid", Kind.REVIEW, "medications", "opioid",
             gettext_lazy("Takes an opioid, tramadol included.")),
    ItemFlag("cyp-interaction", Kind.REVIEW, "medications", "enzyme-interacting",
             gettext_lazy("Takes a strong CYP3A4 / CYP2B6 inducer or inhibitor.")),
)


def _item_flag_reasons(ev: Evidence) -> list[Reason]:
    reasons = []
    for flag in ITEM_FLAGS:
        finding = ev.choice(flag.questionnaire, flag.link_id, flag.met, flag.not_met)
        text = {
            Finding.MET: flag.text,
            Finding.NOT_MET: _("Not reported: %(flag)s") % {"flag": flag.text},
            Finding.CANNOT_TELL: _("Cannot tell: %(flag)s") % {"flag": flag.text},
        }[finding]
        reasons.append(Reason(flag.code, flag.kind, finding, str(text),
                              ev.quote(flag.questionnaire, [flag.link_id])))
    return reasons


def bp_at_or_over(systolic: float | None, diastolic: float | None,
                  limits: tuple[int, int]) -> bool:
    """Either number of a reading at or over its limit (a missing half never is)."""
    return (systolic is not None and systolic >= limits[0]) or (
        diastolic is not None and diastolic >= limits[1])


def _blood_pressure(ev: Evidence, limits: tuple[int, int]) -> tuple[Finding, str]:
    systolic = ev.number("medical", "bp-systolic")
    diastolic = ev.number("medical", "bp-diastolic")
    if systolic is None and diastolic is None:
        return Finding.NOT_MET, _("no reading given; to be measured at the consultation")
    over = bp_at_or_over(systolic, diastolic, limits)
    reading = "/".join("?" if v is None else f"{v:.0f}" for v in (systolic, diastolic))
    if over:
        return Finding.MET, reading
    if systolic is None or diastolic is None:  # half a reading: the other half could be high
        return Finding.CANNOT_TELL, reading
    return Finding.NOT_MET, reading


def _vital_reasons(ev: Evidence) -> list[Reason]:
    rule_out_limits = ev.thresholds.bp_rule_out
    review_limits = ev.thresholds.bp_review
    bp_quote = ev.quote("medical", ["high-bp", "bp-treated", "bp-control", "bp-systolic",
                                    "bp-diastolic"])
    reading_high, reading = _blood_pressure(ev, rule_out_limits)
    uncontrolled = any_of(
        ev.choice("medical", "bp-control", frozenset({"uncontrolled"}),
                  frozenset({"controlled"})),
        reading_high,
    )
    reading_review = _blood_pressure(ev, review_limits)[0]
    treated = ev.choice("medical", "bp-treated", YES)
    review_bp = any_of(treated, reading_review)
    limits = f"{rule_out_limits[0]}/{rule_out_limits[1]}"
    review_text = f"{review_limits[0]}/{review_limits[1]}"
    reasons = [
        Reason("uncontrolled-hypertension", Kind.RULE_OUT, uncontrolled, {
            Finding.MET: _("Uncontrolled hypertension: known uncontrolled, or a resting "
                           "reading at or over %(limits)s (%(reading)s).")
            % {"limits": limits, "reading": reading},
            Finding.NOT_MET: _("No uncontrolled hypertension reported (reading: %(reading)s).")
            % {"reading": reading},
            Finding.CANNOT_TELL: _("Blood-pressure control: cannot tell."),
        }[uncontrolled], bp_quote),
        Reason("hypertension-review", Kind.REVIEW, review_bp, {
            Finding.MET: _("Treated hypertension or a reading at or over %(limits)s: "
                           "medical review.") % {"limits": review_text},
            Finding.NOT_MET: _("No treated hypertension or raised reading reported."),
            Finding.CANNOT_TELL: _("Hypertension treatment or reading: cannot tell."),
        }[review_bp], bp_quote),
    ]
    feet = ev.number("medical", "height-feet")
    inches = ev.number("medical", "height-inches") or 0
    pounds = ev.number("medical", "weight-pounds")
    height = (feet * 12 + inches) if feet else None
    if height and pounds:
        bmi = 703 * pounds / height**2
        finding = Finding.MET if bmi > BMI_REVIEW_ABOVE else Finding.NOT_MET
        text = _("BMI %(bmi).1f (review above %(limit)s).") % {"bmi": bmi,
                                                             "limit": BMI_REVIEW_ABOVE}
    else:
        finding, text = Finding.NOT_MET, _("BMI: height or weight not given.")
    reasons.append(Reason("bmi", Kind.REVIEW, finding, str(text),
                          ev.quote("medical", ["height-feet", "height-inches",
                                               "weight-pounds"])))
    return reasons


def diazepam_equivalent_mg(name: str, daily_mg: float) -> float | None:
    """A benzodiazepine's daily dose as diazepam mg, when the text names exactly one we
    know (brand and generic of the same drug count as one)."""
    known = {w for w in re.findall(r"[a-z]+", name.lower()) if w in DIAZEPAM_10MG_EQUIVALENT}
    drugs = {_BRANDS.get(w, w) for w in known}
    if len(drugs) != 1:
        return None
    return daily_mg * 10 / DIAZEPAM_10MG_EQUIVALENT[drugs.pop()]


def _benzodiazepine_reason(ev: Evidence) -> Reason:
    takes = ev.choice("medications", "benzodiazepine", YES)
    quoted = ev.quote("medications", ["benzodiazepine", "benzo-name", "benzo-how-often",
                                      "benzo-daily-mg"])
    if takes is not Finding.MET:
        text = {Finding.NOT_MET: _("No benzodiazepine reported."),
                Finding.CANNOT_TELL: _("Benzodiazepine use: cannot tell.")}[takes]
        return Reason("benzodiazepine", Kind.REVIEW, takes, str(text), quoted)
    name = str(ev.answers["medications"].get("benzo-name") or "")
    daily = ev.number("medications", "benzo-daily-mg")
    equivalent = diazepam_equivalent_mg(name, daily) if name and daily is not None else None
    if equivalent is None:
        text = _("Takes a benzodiazepine; the dose could not be converted to diazepam "
                 "equivalents: check it.")
    elif equivalent > BENZO_DIAZEPAM_EQ_LIMIT_MG:
        text = _("Takes a benzodiazepine at about %(eq).0f mg diazepam-equivalent a day, "
                 "over %(limit)s mg, which predicted non-response.") % {
            "eq": equivalent, "limit": BENZO_DIAZEPAM_EQ_LIMIT_MG}
    else:
        text = _("Takes a benzodiazepine at about %(eq).1f mg diazepam-equivalent a day.") % {
            "eq": equivalent}
    return Reason("benzodiazepine", Kind.REVIEW, Finding.MET, str(text), quoted)


def _person_reasons(ev: Evidence) -> list[Reason]:
    if ev.person is None:  # this intake does not collect age and state
        return []
    age, state = ev.person.age, ev.person.state
    minimum = ev.thresholds.minimum_age
    served = ev.thresholds.states_served
    age_finding = Finding.CANNOT_TELL if age is None else from_bool(age < minimum)
    if state is None:
        state_finding = Finding.CANNOT_TELL
    elif not served:  # the clinic has not configured its states yet
        state_finding = Finding.NOT_MET
    else:
        state_finding = from_bool(state not in served)
    return [
        Reason("under-minimum-age", Kind.RULE_OUT, age_finding, {
            Finding.MET: _("Under the clinic's minimum age of %(min)s.") % {"min": minimum},
            Finding.NOT_MET: _("At or over the minimum age of %(min)s.") % {"min": minimum},
            Finding.CANNOT_TELL: _("Age not given."),
        }[age_finding]),
        Reason("outside-states", Kind.RULE_OUT, state_finding, {
            Finding.MET: _("Lives outside the states the clinic serves (%(state)s).")
            % {"state": state},
            Finding.NOT_MET: _("Lives in a state the clinic serves."),
            Finding.CANNOT_TELL: _("State of residence not given."),
        }[state_finding]),
    ]


def flag_reasons(ev: Evidence) -> tuple[Reason, ...]:
    """Rule-out and review flags (told apart by their kind), in a stable order."""
    audit_c = ev.screen("audit-c")
    drugs = ev.screen("drug-screen")
    screens = [
        Reason("audit-c", Kind.REVIEW, audit_c, {
            Finding.MET: _("AUDIT-C positive: alcohol use to review."),
            Finding.NOT_MET: _("AUDIT-C negative."),
            Finding.CANNOT_TELL: _("AUDIT-C: cannot tell."),
        }[audit_c], ev.quote_score("audit-c")),
        Reason("drug-screen", Kind.REVIEW, drugs, {
            Finding.MET: _("Drug screen positive: drug use in the past year to review."),
            Finding.NOT_MET: _("Drug screen negative."),
            Finding.CANNOT_TELL: _("Drug screen: cannot tell."),
        }[drugs], ev.quote("drug-screen")),
    ]
    flags = (_person_reasons(ev) + _item_flag_reasons(ev) + _vital_reasons(ev) + screens
             + [_benzodiazepine_reason(ev)])
    return tuple(sorted(flags, key=lambda r: r.kind is not Kind.RULE_OUT))
