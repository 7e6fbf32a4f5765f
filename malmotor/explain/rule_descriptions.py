"""The English of every rule's description, for a trace read in English (`malmotor explain --lang en`).

The rules describe themselves in Swedish beside their conditions (decide/rulebook.py, gaps.py, rollup.py and
the year-end rule); the rule names stay as they are, values for tools. tests/test_english_cli.py checks that
every rule there has its English here.
"""

from __future__ import annotations

from ..diagnostics import Bilingual, english

DESCRIPTIONS_EN = {
    # the level of a row (decide/rulebook.py)
    "uppfyllelse.saknar_värde": "No value for the period.",
    "uppfyllelse.kan_inte_mätas": "The value is given as 'kan inte mätas' (cannot be measured).",
    "uppfyllelse.bedöms_manuellt": "The target is free text that is assessed manually: the value and the arrow "
                                   "are reported, with or without a value.",
    "uppfyllelse.nytt_mått": "New measure: the value is reported but not assessed.",
    "uppfyllelse.inget_mål": "No target: the value and the arrow are reported but not assessed.",
    "uppfyllelse.gräns.uppfyllt": "The value reaches the target.",
    "uppfyllelse.gräns.strikt.uppfyllt": "Above/below: the value is better than the bound.",
    "uppfyllelse.gräns.strikt.på_gränsen.delvis": "Above/below: the value equals the bound, which is not enough, but "
                                                  "lies within the limit for partly fulfilled.",
    "uppfyllelse.gräns.strikt.på_gränsen.ej": "Above/below: the value equals the bound, which is not enough, and "
                                              "there is no limit for partly fulfilled.",
    "uppfyllelse.gräns.delvis": "The value does not reach the target but lies within the limit for partly "
                                "fulfilled.",
    "uppfyllelse.gräns.ej": "The value reaches neither the target nor the limit for partly fulfilled.",
    "uppfyllelse.jämförelse.uppfyllt": "At least/at most the average: the value equals the comparison value or is "
                                       "better.",
    "uppfyllelse.jämförelse.strikt.uppfyllt": "Better than the average: the value is better than the comparison "
                                              "value.",
    "uppfyllelse.jämförelse.strikt.lika.delvis": "Better than the average: the value equals the comparison value, "
                                                 "which is not enough, but lies within the limit for partly "
                                                 "fulfilled.",
    "uppfyllelse.jämförelse.strikt.lika.ej": "Better than the average: the value equals the comparison value, which "
                                             "is not enough, and the limit for partly fulfilled is missing (or is "
                                             "the comparison value itself, 0).",
    "uppfyllelse.jämförelse.delvis": "The value is worse than the comparison value but lies within the limit for "
                                     "partly fulfilled.",
    "uppfyllelse.jämförelse.ej": "The value is worse than the comparison value and lies outside the limit for "
                                 "partly fulfilled.",
    "uppfyllelse.jämförelse.saknar_jämförelsevärde": "The comparison value (the average, the national figure …) for "
                                                     "the period is missing.",
    "uppfyllelse.intervall.uppfyllt": "Range: the value lies within the target range (bounds included).",
    "uppfyllelse.intervall.delvis": "Range: the value lies outside the target range but within the range for "
                                    "partly fulfilled.",
    "uppfyllelse.intervall.ej": "Range: the value lies outside the target range and outside the range for partly "
                                "fulfilled.",
    "uppfyllelse.förändring.uppfyllt": "The value has changed in the right direction by more than the dead band.",
    "uppfyllelse.förändring.ej": "The value has not changed in the right direction by more than the dead band.",
    "uppfyllelse.ingen_försämring.uppfyllt": "The value is not worse than the comparison value (beyond the dead "
                                             "band).",
    "uppfyllelse.ingen_försämring.ej": "The value is worse than the comparison value by more than the dead band.",
    "uppfyllelse.oförändrat.uppfyllt": "The value lies within the dead band around the comparison value.",
    "uppfyllelse.oförändrat.ej": "The value lies outside the dead band around the comparison value.",
    "uppfyllelse.milstolpe.uppfyllt": "Every part has reached the status the target requires.",
    "uppfyllelse.milstolpe.delvis": "At least one part has reached the limit for partly fulfilled, but not every "
                                    "part has reached the target.",
    "uppfyllelse.milstolpe.ej": "No part has reached the limit for partly fulfilled.",
    "uppfyllelse.förändring.saknar_jämförelsevärde": "The comparison value the target requires is missing.",
    "uppfyllelse.ingen_försämring.saknar_jämförelsevärde": "The comparison value the target requires is missing.",
    "uppfyllelse.oförändrat.saknar_jämförelsevärde": "The comparison value the target requires is missing.",
    # the arrow (decide/rulebook.py)
    "utveckling.saknar_värde": "No arrow: no value for the period.",
    "utveckling.kan_inte_mätas": "No arrow: the value cannot be measured.",
    "utveckling.nytt_mått": "No arrow: a new measure.",
    "utveckling.saknar_jämförelsevärde": "No arrow: the comparison value is missing.",
    "utveckling.förbättring": "Better than the comparison value by more than the dead band.",
    "utveckling.försämring": "Worse than the comparison value by more than the dead band.",
    "utveckling.oförändrat": "Within the dead band around the comparison value.",
    "utveckling.ökat": "Higher than the comparison value by more than the dead band; without a target and a "
                       "direction neither better nor worse.",
    "utveckling.minskat": "Lower than the comparison value by more than the dead band; without a target and a "
                          "direction neither better nor worse.",
    # gaps between groups and a level judged on every group (decide/gaps.py)
    "skillnad.saknar_värde": "One of the groups' values is missing for the period.",
    "skillnad.kan_inte_mätas": "No value is missing, but one of the groups' values cannot be measured.",
    "skillnad.uppfyllt": "The gap between the groups' values is at most the limit.",
    "skillnad.ej": "The gap between the groups' values is larger than the limit.",
    "grupper.inga_bedömda": "Judged on every group, but no group is assessed.",
    "grupper.alla.ej": "Judged on every group: at least one assessed group is not fulfilled.",
    "grupper.alla.delvis": "Judged on every group: no assessed group is not fulfilled, at least one is partly "
                           "fulfilled.",
    "grupper.alla.uppfyllt": "Judged on every group: every assessed group is fulfilled.",
    # the roll-up (decide/rollup.py)
    "sammanvägning.inga_bedömda": "Nothing of what is weighed together is assessed.",
    "sammanvägning.alla.uppfyllt": "Every assessed one is fulfilled.",
    "sammanvägning.alla.delvis": "Not all are fulfilled, but at least one is fulfilled or partly fulfilled.",
    "sammanvägning.alla.ej": "None is fulfilled or partly fulfilled.",
    "sammanvägning.majoritet.uppfyllt": "More than half are fulfilled.",
    "sammanvägning.majoritet.delvis": "At most half are fulfilled, but at least half are fulfilled or partly "
                                      "fulfilled.",
    "sammanvägning.majoritet.ej": "Fewer than half are fulfilled or partly fulfilled.",
    "sammanvägning.sämsta.ej": "At least one is not fulfilled.",
    "sammanvägning.sämsta.delvis": "None is not fulfilled, at least one is partly fulfilled.",
    "sammanvägning.sämsta.uppfyllt": "Every assessed one is fulfilled.",
    "sammanvägning.andel.uppfyllt": "The share fulfilled reaches the limit for fulfilled.",
    "sammanvägning.andel.delvis": "The share at least partly fulfilled reaches the limit for partly fulfilled, but "
                                  "the share fulfilled does not reach the limit for fulfilled.",
    "sammanvägning.andel.ej": "Neither the share fulfilled nor the share at least partly fulfilled reaches its "
                              "limit.",
    "sammanvägning.viktat.uppfyllt": "The weighted score (fulfilled 1, partly ½) reaches the limit for fulfilled.",
    "sammanvägning.viktat.delvis": "The weighted score reaches the limit for partly fulfilled but not the one for "
                                   "fulfilled.",
    "sammanvägning.viktat.ej": "The weighted score does not reach the limit for partly fulfilled.",
}


def described(name: str, description: str, lang: str) -> str:
    """A rule's description in `lang`: the rule's own (Swedish, or English where it carries one), or the
    English of this table."""
    if lang != "en":
        return str(description)
    if isinstance(description, Bilingual):
        return english(description)
    return DESCRIPTIONS_EN.get(name, str(description))
