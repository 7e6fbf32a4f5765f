"""`malmotor check --lang en` words target phrases, legends, the hierarchy and group gaps in English
(targets.py, legendsection.py, hierarchy.py, gapsection.py), and the Swedish default is unchanged. What is
written in the rule file ('Öka', 'ej uppfyllt', 'majoritet', 'kvinnor') stays as written, quoted."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from malmotor.cli.main import main

from .conftest import RULE_FILE_HEAD, rule_file


def check(tmp_path, text: str, *options: str) -> str:
    path = tmp_path / "regler.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", *options, str(path)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return result.output.replace(str(path), "regler.yaml")


LOOKALIKE = rule_file("- id: a\n  namn: A\n  mål: '=> 40 %'\n")
LEVELS_WITH_A_GAP = """\
malmotor: 1
styrkort: Test
teckenförklaring:
  nivåer:
    - {text: nått, symbol: "●", gäller: uppfyllt}
    - {text: delvis, symbol: "◐", gäller: delvis uppfyllt}
    - {text: ej 1, symbol: "1", gäller: ej uppfyllt, andel: minst 50 %}
    - {text: ej 2, symbol: "2", gäller: ej uppfyllt, andel: under 40 %}
perspektiv:
  - namn: P
    strategiska mål:
      - namn: S
        mål:
          - namn: G
            indikatorer:
              - {id: a, namn: A, enhet: "%", riktning: högre är bättre, mål: minst 90 %}
"""
GROUPS = "styrkort: Test\ngrupper:\n  kön:\n  verksamhetsområde: [VO Drift, Vård och omsorg]\n"


@pytest.mark.parametrize("text, message, hint", [
    (LOOKALIKE,
     "regler.yaml:12:17: okänt-gränsvärde: The target '=> 40 %' looks like a threshold but cannot be read: the signs "
     "'=>' are not accepted.",
     "Did you mean '>= 40 %'? Write only the word for the direction, the number with a decimal comma, and the unit, "
     "e.g. '3,5 %', 'minst 80 %', 'över 40 %' or 'maximalt 3 arbetsveckor'. The signs accepted are '≥' and '>=' "
     "('minst'), '≤' and '<=' ('högst'), '>' ('över') and '<' ('under')."),
    (rule_file("- id: a\n  namn: A\n  mål: Inte genomförd\n"),
     "regler.yaml:12:17: nekande-mål: The target 'Inte genomförd' is negative: a target must state the status to be "
     "reached, not one that must not be reached.",
     "Write the status to be reached, e.g. 'Genomförd' or 'Påbörjad'. If something is to be phased out, write e.g. "
     "'Avveckling genomförd'. The status scale, lowest first: 'ej påbörjad', 'påbörjad', 'delvis genomförd', "
     "'genomförd'."),
    (LEVELS_WITH_A_GAP,
     "regler.yaml:7: nivå-lucka: No level in the legend covers 'ej uppfyllt' for the share 40–50 %.",
     "Add a level for it, or move a bound so that the levels meet: '80–90 %' means from 80 % to below 90 %, and "
     "'minst 90 %' starts there. Shares are written 'minst 80 %', 'under 80 %' or '80–100 %' (from 80 % to below "
     "100 %); the trend as 'förbättring' or 'inte förbättring'."),
    (RULE_FILE_HEAD.replace("styrkort: Test\n", "styrkort: Test\nsammanvägning: majoritett\n")
     + "              - {id: a, namn: A, mål: Öka}\n",
     "regler.yaml:3:1: okänd-sammanvägning: The roll-up method 'majoritett' does not exist.",
     "Did you mean 'majoritet'? The methods are: 'alla', 'majoritet', 'sämsta', 'andel', 'viktat'."),
    (RULE_FILE_HEAD.replace("styrkort: Test\n", GROUPS)
     + "              - id: a\n                namn: A\n                enhet: '%'\n                mål: högst 3 %\n"
       "                skillnad mellan kvinor och män: högst 1 procentenhet\n",
     "regler.yaml:17:17: okänd-grupp: The group 'kvinor' in the gap 'mellan kvinor och män' is not listed in "
     "'grupper'.",
     "Did you mean 'kvinnor'? The groups in the rule file are: 'kvinnor', 'män', 'VO Drift', 'Vård och omsorg'."),
])
def test_english_message_and_hint(tmp_path, text, message, hint):
    output = check(tmp_path, text, "--lang", "en")
    assert output.splitlines()[0] == message
    assert f"    {hint}\n" in output
    assert output.endswith("1 error in 1 file.\n")


def test_the_accepted_forms_in_english_quote_every_form(tmp_path):
    output = check(tmp_path, rule_file("- id: a\n  namn: A\n  mål: Öka med mycket\n"), "--lang", "en")
    assert output.splitlines()[0] == "regler.yaml:12:17: okänt-mål: The target 'Öka med mycket' is not recognised."
    assert "    Accepted forms:\n      'Öka', 'Minska', 'Ska öka', 'ska minska'  (better than the previous period)\n" \
        in output
    assert "      'Inget mål', 'Målvärde saknas', '-'  (a measure without a target: the value and the arrow are " \
        "reported but not judged)\n" in output
    assert "Godkända former" not in output


def test_swedish_stays_the_default(tmp_path):
    output = check(tmp_path, LOOKALIKE)
    assert output.splitlines()[0] == ("regler.yaml:12:17: okänt-gränsvärde: Målet '=> 40 %' ser ut som ett gränsvärde "
                                      "men kan inte läsas: tecknen '=>' godtas inte.")
    assert "    Menade du '>= 40 %'? Skriv bara ordet för riktningen, talet med decimalkomma och enheten, t.ex. " \
        "'3,5 %', 'minst 80 %', 'över 40 %' eller 'maximalt 3 arbetsveckor'. Tecknen som godtas är ≥ och >= " \
        "(minst), ≤ och <= (högst), > (över) och < (under).\n" in output
    assert output.endswith("1 fel i 1 fil.\n")
