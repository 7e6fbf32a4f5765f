"""The HTML report without a browser: what the page holds, escaping, colours and their contrast,
self-containment and determinism. tests/test_html_browser.py looks at the same page in Chromium."""

from __future__ import annotations

from html.parser import HTMLParser
import re

from click.testing import CliRunner
from hypothesis import given, strategies as st
import pytest

import malmotor
from malmotor.cli.main import main
from malmotor.report import palette
from malmotor.report.history import histories
from malmotor.report.html import render_html
from malmotor.report.render import render

from .conftest import ROOT, SEED_MEASURES, SEED_RULES
from .test_docs import RULE_DOC, the_block

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

# Every text a rule or measures file gives, with a payload in it: the scorecard, the nodes, the indicators,
# a dimension and a group, a status of the status scale (so a value), the legend's words, a symbol and a colour.
EVIL_RULES = f"""\
malmotor: 1
styrkort: '{SCRIPT} styrkort'
teckenförklaring:
  uppfyllt: {{text: '{SCRIPT}', symbol: "<b>", färg: '#ff0000;}}</style>{SCRIPT}'}}
  ej uppfyllt: {{text: '{IMG}', symbol: "▲", färg: röd}}
statusskala: [ej påbörjad, '{SCRIPT}', genomförd]
grupper:
  '{IMG}': ['{SCRIPT}', 'b']
perspektiv:
  - namn: '{IMG} perspektiv'
    strategiska mål:
      - namn: '{SCRIPT} strategiskt'
        mål:
          - namn: '{IMG} mål'
            indikatorer:
              - id: a
                namn: '{SCRIPT} indikator'
                enhet: "%"
                riktning: högre är bättre
                mål: minst 90 %
              - id: b
                namn: '{IMG} milstolpe'
                mål: Genomförd
"""
EVIL_2018 = "period: 2018\nvärden:\n  a: 80 %\n  b: ej påbörjad\n"
EVIL_2019 = f"""\
period: 2019
värden:
  a:
    totalt: 95 %
    '{IMG}':
      '{SCRIPT}': 91 %
      b: 85 %
  b: '{SCRIPT}'
"""


def evil_files(write) -> list[str]:
    return [str(write("evil.yaml", EVIL_RULES)), str(write("e2018.yaml", EVIL_2018)),
            str(write("e2019.yaml", EVIL_2019))]


def seed_html(lang: str = "sv", *, with_history: bool = True) -> tuple[malmotor.EvaluationResult, str]:
    """The bundled example's page, as `malmotor evaluate --format html` makes it."""
    scorecard = malmotor.load_scorecard(SEED_RULES)
    measures = malmotor.load_measures(SEED_MEASURES)
    decisions = malmotor.load_assessments([ROOT / "assessments" / "lansteknik-2018.yaml"], scorecard)
    result = malmotor.evaluate(scorecard, measures, "2018", lang=lang, assessments=decisions)
    return result, render_html(result, histories(scorecard, measures, result) if with_history else None)


class _Page(HTMLParser):
    """The elements and the text of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.attribute_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.attribute_text += [value or "" for _, value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def parsed(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def with_class(page: _Page, name: str) -> list[dict]:
    return [attrs for _, attrs in page.tags if name in (attrs.get("class") or "").split()]


@pytest.fixture(scope="module")
def seed():
    return {lang: seed_html(lang) for lang in ("sv", "en")}


def test_the_page_holds_every_row_with_its_symbol_word_and_arrow(seed):
    result, page = seed["sv"]
    found = parsed(page)
    text = " ".join(found.text)
    assert len(with_class(found, "row-indicator")) == 22
    assert len(with_class(found, "row-group")) == 5 and len(with_class(found, "row-gap")) == 2
    for row in result.indicators:
        assert row.name in text or row.group in text
        assert row.symbol in text and row.level_text in text and row.arrow in text and row.trend_text in text
    for column in ("Mått för måluppfyllelse", "Värde", "Måluppfyllelse", "Utveckling", "Förklaring"):
        assert column in text
    assert found.tags.count(("details", {})) == 22 + 5 + 2  # every explanation can be opened
    assert "Sammanfattning" in text and result.summaries[0].text in text
    assert "Antal indikatorer: uppfyllt 9, delvis uppfyllt 3, ej uppfyllt 8, ej bedömt 2, totalt 22" in text


def test_perspectives_goals_and_the_roll_up(seed):
    result, page = seed["sv"]
    found = parsed(page)
    assert len(with_class(found, "perspective")) == 5
    headings = [attrs for tag, attrs in found.tags if tag == "tbody" and "heading" in attrs.get("class", "")]
    assert len(headings) == 9 + 22  # strategic goals and goals
    rollup = found.tags.index(("section", {"class": "rollup"}))
    assert sum(1 for tag, _ in found.tags[rollup:] if tag == "tr") == 1 + len(result.nodes)
    text = " ".join(found.text)
    assert "Sammanvägning" in text and "Metod: majoritet → uppfyllt." in text


def test_a_manual_assessment_is_marked_with_its_motivation(seed):
    result, page = seed["sv"]
    row = result.by_id()["it-sakerhetsincidenter"]
    text = " ".join(" ".join(parsed(page).text).split())
    assert "Manuell bedömning (Divisionsledningen Länsteknik, 2019-02-15)" in text
    assert " ".join(row.manual.motivation.split()) in text
    assert "▲*" in text and "* manuell bedömning" in text and "Beräknat: ▲ ej uppfyllt" in text
    assert len(with_class(parsed(page), "row-manual")) == 1


def test_english(seed):
    result, page = seed["en"]
    text = " ".join(parsed(page).text)
    assert '<html lang="en">' in page
    for words in ("Target", "Fulfilment", "Trend", "Explanation", "Summary", "Legend", "Roll-up", "Manual assessment",
                  "■ fulfilled", "↓ worsened", "Indicator count: fulfilled 9"):
        assert words in text or words in " ".join(text.split())


def test_the_sparkline_shows_every_period_the_target_and_the_judged_one(seed):
    _, page = seed["sv"]
    found = parsed(page)
    sick = [attrs["aria-label"] for tag, attrs in found.tags if tag == "svg" and "3,8 %" in attrs.get("aria-label", "")
            and "Mål: högst 3 %" in attrs["aria-label"]]
    assert sick[0] == "Värden: 2017: 3,4 %; 2018: 3,8 %. Mål: högst 3 %. Bedömd period: 2018."
    assert len(with_class(found, "spark")) == 22 + 5 - 1  # every row with a value (hälsofrämjande has none)
    assert len(with_class(found, "goal")) >= 15 and len(with_class(found, "judged")) == 22 + 5 - 1
    without = parsed(seed_html(with_history=False)[1])
    assert not with_class(without, "spark") and len(with_class(without, "row-indicator")) == 22


def test_the_page_is_self_contained_and_runs_nothing(seed):
    for _, page in seed.values():
        found = parsed(page)
        assert {tag for tag, _ in found.tags} <= {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2",
                                                  "section", "p", "strong", "ul", "li", "span", "table", "thead",
                                                  "tbody", "tr", "th", "td", "details", "summary", "div", "svg", "line",
                                                  "polyline", "circle", "em", "br"}
        assert not any(name.startswith("on") or name in ("src", "href") for _, attrs in found.tags for name in attrs)
        assert "url(" not in page and "@import" not in page and "//" not in page.replace(
            'xmlns="http://www.w3.org/2000/svg"', "")
        assert ("meta", {"http-equiv": "Content-Security-Policy",
                         "content": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"}) in found.tags


def test_the_print_stylesheet(seed):
    _, page = seed["sv"]
    style = page[page.index("<style>"):page.index("</style>")]
    assert re.search(r"@media print \{\s*@page \{ size: A4;", style)
    assert "section.perspective + section.perspective, section.rollup { break-before: page; }" in style
    assert "tbody.indicator, tr { break-inside: avoid;" in style
    assert "@media (max-width: 40rem)" in style  # the layout of a narrow screen (360 px)


def test_the_same_input_gives_the_same_page_and_no_timestamp():
    runner = CliRunner()
    pages = [runner.invoke(main, ["evaluate", "--format", "html"], catch_exceptions=False) for _ in range(2)]
    assert pages[0].exit_code == 0 and pages[0].stdout == pages[1].stdout
    assert pages[0].stdout.startswith("<!DOCTYPE html>") and pages[0].stdout.endswith("</html>\n")
    assert not re.search(r"\d\d:\d\d|20[2-9]\d-\d\d-\d\d", pages[0].stdout)  # the only dates are the file's own
    assert render(seed_html(with_history=False)[0], "html") == seed_html(with_history=False)[1]


def test_every_text_from_the_files_is_escaped(write):
    result = CliRunner().invoke(main, ["evaluate", "--format", "html", *evil_files(write)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = parsed(result.stdout)
    assert {tag for tag, _ in page.tags}.isdisjoint({"script", "img", "b"})
    text = " ".join(" ".join(page.text).split())
    assert text.count(SCRIPT) >= 8 and text.count(IMG) >= 5
    for shown in (f"{SCRIPT} styrkort", f"{IMG} perspektiv", f"{SCRIPT} strategiskt", f"{IMG} mål",
                  f"{SCRIPT} indikator", f"{IMG} milstolpe", f"({IMG})", f"<b> {SCRIPT}"):
        assert shown in text
    assert SCRIPT in " ".join(page.attribute_text)  # the sparkline's label: a value, as an attribute's text
    assert "<script" not in result.stdout and "<img" not in result.stdout
    assert "#ff0000" not in result.stdout  # a colour that is not exactly #rrggbb is no colour at all


def _legend_example(write, documented_mark: str, measures: list[str]) -> str:
    rules = write("legend.yaml", the_block(RULE_DOC.read_text(encoding="utf-8"), "yaml", documented_mark))
    paths = [str(write(f"m{index}.yaml", text)) for index, text in enumerate(measures)]
    result = CliRunner().invoke(main, ["evaluate", "--format", "html", str(rules), *paths], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_four_level_legend_renders_as_declared(write):
    from .test_legend_levels import LEGEND_MARK, MEASURES_2018, MEASURES_2019
    page = _legend_example(write, LEGEND_MARK, [MEASURES_2018, MEASURES_2019])
    found = parsed(page)
    legend = " ".join(" ".join(found.text[index] for index in range(len(found.text))).split())
    assert "● målet nått ◕ ej helt nått ◑ ej nått men vi rör oss mot det ○ ej nått – ej bedömt" in legend
    for word in ("mörkgrön", "ljusgrön", "orange", "röd"):
        back, text = palette.colours(word)
        assert f".c-{back[1:]} {{ background: {back}; color: {text};" in page


def test_emoji_and_own_words_render_as_declared(write):
    rules = write("emoji.yaml", """\
        malmotor: 1
        styrkort: Emoji
        teckenförklaring:
          uppfyllt: {text: grönt ljus, engelska: green light, symbol: "🟢", färg: "#00aa00"}
          delvis uppfyllt: {text: gult ljus, symbol: "🟡", färg: gul}
          ej uppfyllt: {text: rött ljus, symbol: "🔴", färg: Red}
          förbättring: {symbol: "⬆"}
        perspektiv:
          - namn: P
            strategiska mål:
              - namn: S
                mål:
                  - namn: G
                    indikatorer:
                      - {id: a, namn: A, enhet: "%", riktning: högre är bättre, mål: minst 90 %}
        """)
    now = write("now.yaml", "period: 2019\nvärden:\n  a: 95 %\n")
    before = write("before.yaml", "period: 2018\nvärden:\n  a: 60 %\n")
    result = CliRunner().invoke(main, ["evaluate", "--format", "html", str(rules), str(before), str(now)],
                                catch_exceptions=False)
    text = " ".join(" ".join(parsed(result.stdout).text).split())
    assert "🟢 grönt ljus 🟡 gult ljus 🔴 rött ljus" in text and "⬆ förbättring" in text
    assert ".c-00aa00 { background: #00aa00; color: #000000;" in result.stdout  # black reads better on it
    assert f".c-{palette.PALETTE['röd'][1:]} " in result.stdout  # "Red", in English and capitals


@pytest.mark.parametrize("word", sorted(palette.PALETTE))
def test_every_palette_colour_has_text_with_aa_contrast(word):
    back, text = palette.colours(word)
    assert palette.contrast(back, text) >= palette.AA


@given(st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True))
def test_any_hex_colour_gets_text_with_aa_contrast(colour):
    back, text = palette.colours(colour)
    assert back == colour.lower() and palette.contrast(back, text) >= palette.AA


def test_colour_words_in_other_spellings_and_unknown_ones():
    assert palette.background("Grön") == palette.background("green") == palette.background("gron") == "#2e7d32"
    assert palette.background("mörk grå") is None and palette.colours("lavendel") is None
    assert palette.colours(None) is None and palette.background("#ABCDEF") == "#abcdef"
    assert palette.background("#abc") is None and palette.background("url(x)") is None
    assert round(palette.contrast("#000000", "#ffffff"), 1) == 21.0


def test_the_documented_palette_is_the_palette():
    doc = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| `(#[0-9a-f]{6})` \| (svart|vit) \| ([\d.]+):1 \|$", doc, re.M)
    assert {word: back for word, back, _, _ in rows} == palette.PALETTE
    for word, back, text, ratio in rows:
        colour = palette.text_on(back)
        assert (text == "svart") == (colour == palette.BLACK)
        assert f"{palette.contrast(back, colour):.1f}" == ratio


def test_the_python_example_in_reports_md_runs(monkeypatch):
    doc = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    block = the_block(doc, "python")
    monkeypatch.chdir(ROOT)
    names: dict = {}
    exec(compile(block, "docs/reports.md", "exec"), names)
    assert names["page"].startswith("<!DOCTYPE html>") and 'class="spark"' in names["page"]


def test_a_symbol_that_is_the_word_is_shown_once(write):
    rules = write("words.yaml", """\
        malmotor: 1
        styrkort: Ord
        teckenförklaring:
          uppfyllt: {text: Uppfyllt, symbol: Uppfyllt, färg: grön}
        perspektiv:
          - namn: P
            strategiska mål:
              - namn: S
                mål:
                  - namn: G
                    indikatorer:
                      - {id: a, namn: A, enhet: "%", riktning: högre är bättre, mål: minst 90 %}
        """)
    now = write("now.yaml", "period: 2019\nvärden:\n  a: 95 %\n")
    result = CliRunner().invoke(main, ["evaluate", "--format", "html", str(rules), str(now)], catch_exceptions=False)
    text = " ".join(" ".join(parsed(result.stdout).text).split())
    assert "Uppfyllt Uppfyllt" not in text and text.count("Uppfyllt") >= 2  # the legend and the row
