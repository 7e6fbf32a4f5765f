"""`malmotor test`: rule-file unit tests (docs/rule-tests.md), modelled on `promtool test rules`.

Exit code 0 when every case passes, 4 (`ExitCode.RULE_TESTS_FAILED`) when a case fails, 1 for a test
file that cannot be used as written (a located message, as the loaders give), 2 for a mistake on the
command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..diagnostics import Bilingual, ExitCode, MalmotorError, error
from ..load.examples import example_rules_path
from ..report.output import write_atomically
from ..ruletests import junit_xml, load_rule_tests, report_text, run_rule_tests
from .bilingual import BilingualCommand, English, language_option, pick

TEST_SUFFIX = ".test.yaml"


def bundled_tests() -> list[Path]:
    """The tests shipped beside the bundled rule files (`rules/*.test.yaml`)."""
    return sorted(example_rules_path().parent.glob(f"*{TEST_SUFFIX}"))


def _test_paths(given: tuple[str, ...]) -> list[str]:
    """The files given, a folder standing for every `*.test.yaml` beneath it."""
    paths = []
    for each in given:
        path = Path(each)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob(f"*{TEST_SUFFIX}"))
            if not found:
                raise MalmotorError([error(each, None, Bilingual(
                    f"Mappen har inga testfiler (*{TEST_SUFFIX}).",
                    f"The folder has no test files ('*{TEST_SUFFIX}')."), Bilingual(
                    f"Ange testfilerna själva, eller en mapp med filer som slutar på '{TEST_SUFFIX}'.",
                    f"Give the test files themselves, or a folder with files that end in '{TEST_SUFFIX}'."),
                    code="inga-testfiler")])
            paths += found
        else:
            paths.append(each)
    return list(dict.fromkeys(paths))


TEST_EN = English(
    help="""Run unit tests of rule files: cases with measured values in and expected levels and arrows out.

    TESTS is a test file in YAML (docs/rule-tests.md) that names its rule file and lists cases; a
    folder stands for every file *.test.yaml in it. Without arguments the tests of the bundled
    example are run. A failed case shows only what differs, expected against got, with the file's line.
    The exit code is 0 when every case passes, 4 when one fails and 1 for a broken test file.

    \b
    Examples:
      malmotor test rules/lansteknik-2018.test.yaml
      malmotor test tests/rules/ --run 'sjuk*' --junit test-results.xml --coverage
    """,
    options={
        "pattern": "Run only the cases whose name contains PATTERN, or matches it as a glob ('*sjuk*').",
        "junit": "Write the result as JUnit XML to FILE (for CI).",
        "coverage": "List per indicator the levels and arrows that its target can give but that no case reaches.",
        "lang": "Language of the help and the messages; the report of the cases is in Swedish.",
    },
    metavars={"tests": "[TESTS]...", "pattern": "PATTERN", "junit": "FILE"},
)


@click.command("test", cls=BilingualCommand, english=TEST_EN, options_metavar="[FLAGGOR]")
@click.argument("tests", nargs=-1, metavar="[TESTFIL]...")
@click.option("--run", "pattern", metavar="MÖNSTER",
              help="Kör bara fall vars namn innehåller MÖNSTER, eller matchar det som glob ('*sjuk*').")
@click.option("--junit", metavar="FIL", help="Skriv resultatet som JUnit-XML till FIL (för CI).")
@click.option("--coverage", is_flag=True,
              help="Lista per indikator de nivåer och pilar som målet kan ge men som inget fall når.")
@language_option("Språk för hjälpen och meddelandena; rapporten över fallen är på svenska.", expose_value=False)
def test_command(tests: tuple[str, ...], pattern: str | None, junit: str | None, coverage: bool) -> None:
    """Kör enhetstester för regelfiler: fall med mätvärden in och väntade nivåer och pilar ut.

    TESTFIL är en testfil i YAML (docs/rule-tests.md) som namnger sin regelfil och listar fall; en
    mapp står för alla filer *.test.yaml i den. Utan argument körs testerna för det medföljande
    exemplet. Ett underkänt fall visar bara det som skiljer, väntat mot fått, med filens rad.
    Koden blir 0 när alla fall är godkända, 4 när något är underkänt och 1 för en trasig testfil.

    \b
    Exempel:
      malmotor test rules/lansteknik-2018.test.yaml
      malmotor test tests/regler/ --run 'sjuk*' --junit testresultat.xml --coverage
    """
    from .main import print_text  # main imports this module at its end

    paths = _test_paths(tests) if tests else [str(path) for path in bundled_tests()]
    files = load_rule_tests(paths)
    outcome = run_rule_tests(files, pattern)
    if pattern and not outcome.cases:
        raise click.UsageError(pick(f"Inget fall matchar --run '{pattern}'.", f"No case matches --run '{pattern}'."))
    if junit:
        inputs = [file.path for file in files] + [file.rules for file in files]
        write_atomically(junit, junit_xml(outcome), inputs=inputs)
    print_text(report_text(outcome, with_coverage=coverage))
    sys.exit(ExitCode.RULE_TESTS_FAILED if outcome.failed else ExitCode.OK)
