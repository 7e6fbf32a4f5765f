"""Property tests of the semantics over generated rule files, and a fuzzer of `malmotor check`.

The rule files and measures are generated as TEXT (Swedish YAML, as a person writes them), checked
with `malmotor.check.check` (which must accept them), loaded with the real loaders and assessed by
both engines, durable-rules and the plain-Python reference. Each example is a scorecard of a few
*families*: one target (a threshold, a range, a comparison with peers, Öka/Minska, Ingen
ökning/minskning, Oförändrat, Inget mål) written once per value of a sorted list of current values,
all against the same previous value `p`; beside each such row, one with the two periods' values
swapped (current `p`, previous the value) and one with the polarity flipped (`minst` ↔ `högst`,
`Öka` ↔ `Minska`, the `riktning` turned round). One scorecard per example keeps it to one worker
process per engine call.

The fuzzer mutates the bundled rule file and the complete example of docs/rule-format.md byte by
byte and line by line, and demands that `check` returns diagnostics, never raises.
"""

from __future__ import annotations

import random
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import malmotor
from malmotor.check import check
from malmotor.decide.assess import build_facts
from malmotor.decide.inputs import gather_inputs
from malmotor.decide.isolation import fire_isolated
from malmotor.decide.rulebook import FULFILMENT, RULES_BY_NAME, TREND, ruleset_definition
from malmotor.diagnostics import Diagnostic
from malmotor.model import Level, Trend
from malmotor.numbers import format_number

from .conftest import ROOT, SEED_RULES

U, D, E, N = Level.FULFILLED, Level.PARTLY, Level.NOT_FULFILLED, Level.NOT_ASSESSED
RANK = {E: 0, D: 1, U: 2}  # ej bedömt is apart: never ranked
ARROW_RANK = {Trend.WORSENED: 0, Trend.UNCHANGED: 1, Trend.IMPROVED: 2}
SWAPPED = {Trend.IMPROVED: Trend.WORSENED, Trend.WORSENED: Trend.IMPROVED, Trend.UNCHANGED: Trend.UNCHANGED,
           Trend.INCREASED: Trend.DECREASED, Trend.DECREASED: Trend.INCREASED}
FLIPPED = {Trend.IMPROVED: Trend.WORSENED, Trend.WORSENED: Trend.IMPROVED, Trend.UNCHANGED: Trend.UNCHANGED}
ENGINES = ("durable", "reference")
# No shrinking: an example takes a few worker processes, and shrinking one would take minutes; the
# assertion messages show the failing family's keys and every value's rules instead.
PROPERTY_SETTINGS = settings(max_examples=10, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- the generator: rule-file text and measures text -----------------------------------------------

def _text(value: Decimal) -> str:
    return format_number(value)


@dataclass
class Family:
    """One target written once per current value (`values`, sorted), all against the previous value `p`.

    `sign` is +1 for högre är bättre, -1 for lägre är bättre, 0 for no polarity: a range (nearer is
    better) or Inget mål without riktning. `keys(sign)` writes the indicator's keys for a polarity."""
    name: str
    kind: str
    sign: int
    values: list[Decimal]
    previous: Decimal
    band: Decimal
    unit: str | None
    keys: object  # Callable[[int], list[str]]
    comparison: Decimal | None = None
    range: tuple[Decimal, Decimal] | None = None
    flippable: bool = True
    monotone: bool = True
    rows: dict = field(default_factory=dict)  # (variant, index) -> indicator id

    def quantity(self, value: Decimal) -> str:
        return _text(value) + (f" {self.unit}" if self.unit else "")


NUMBERS = st.decimals(min_value=Decimal("-40"), max_value=Decimal("140"), places=1, allow_nan=False,
                      allow_infinity=False)
BANDS = st.sampled_from([Decimal(0), Decimal(0), Decimal("0.5"), Decimal(1), Decimal(2), Decimal(10)])
STEPS = st.sampled_from([Decimal("0.5"), Decimal(1), Decimal("2.5"), Decimal(10)])


def _band_keys(band: Decimal, omit_zero: bool) -> list[str]:
    if band == 0 and omit_zero:
        return []
    return [f"utveckling: {{oförändrat inom: '{_text(band)}'}}"]


def _riktning(sign: int) -> str:
    return "riktning: " + ("högre är bättre" if sign > 0 else "lägre är bättre")


KINDS = ("gräns", "intervall", "jämförelse", "förändring", "ingen", "oförändrat", "inget")


@st.composite
def families(draw, name: str, kind: str | None = None) -> Family:
    kind = kind or draw(st.sampled_from(KINDS))
    sign = draw(st.sampled_from([1, -1]))
    band = draw(BANDS)
    omit_zero = draw(st.booleans())
    unit = draw(st.sampled_from([None, None, "%"]))
    previous = _fit(draw(NUMBERS))
    u = f" {unit}" if unit else ""
    anchors: list[Decimal] = [previous]
    comparison = rng = None
    monotone, flippable = True, True
    enhet = [f"enhet: '{unit}'"] if unit else []

    if kind == "gräns":
        bound = draw(NUMBERS)
        style = draw(st.sampled_from(["riktning", "ord", "tecken", "strikt", "strikt-tecken", "lägst"]))
        with_riktning = style == "riktning" or draw(st.booleans())
        partial = draw(st.sampled_from(["ingen", "gräns", "andel"]))
        step = draw(STEPS)
        ratio = draw(st.sampled_from([Decimal(80), Decimal(90), Decimal(50)]))
        if partial == "andel" and bound <= 0:
            partial = "gräns"
        anchors += [bound, bound - step, bound + step, bound * ratio / 100, bound * 100 / ratio]

        def keys(s: int) -> list[str]:
            words = {"riktning": ("", ""), "ord": ("minst ", "högst "), "tecken": (">= ", "<= "),
                     "strikt": ("över ", "under "), "strikt-tecken": ("> ", "< "), "lägst": ("lägst ", "max ")}
            operator = words[style][0 if s > 0 else 1]
            lines = enhet + [f'mål: "{operator}{_text(bound)}{u}"']
            if with_riktning:
                lines.append(_riktning(s))
            if partial == "gräns":
                lines.append(f"delvis: {'minst' if s > 0 else 'högst'} {_text(bound - s * step)}{u}")
            elif partial == "andel":
                lines.append(f"delvis: {'minst ' if s > 0 else ''}{_text(ratio)} % av målet")
            return lines + _band_keys(band, omit_zero)
    elif kind == "intervall":
        low = draw(st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=1))
        high = low + draw(st.sampled_from([Decimal("0.5"), Decimal(5), Decimal(20)]))
        partial = draw(st.sampled_from([None, (Decimal(1), Decimal(1)), (Decimal("2.5"), Decimal(0)),
                                        (Decimal(0), Decimal(10)), (Decimal(5), Decimal(5))]))
        form = draw(st.sampled_from(["streck", "mellan"]))
        rng, sign, flippable = (low, high), 0, False
        anchors += [low, high, low - 1, high + 1] + ([low - partial[0], high + partial[1]] if partial else [])

        def keys(s: int) -> list[str]:
            written = f"{_text(low)}–{_text(high)}{u}" if form == "streck" else \
                f"mellan {_text(low)} och {_text(high)}{u}"
            lines = enhet + [f'mål: "{written}"']
            if partial:
                lines.append(f'delvis: "{_text(low - partial[0])}–{_text(high + partial[1])}{u}"')
            return lines + _band_keys(band, omit_zero)
    elif kind == "jämförelse":
        comparison = draw(NUMBERS)
        style = draw(st.sampled_from(["minst", "lägst", "strikt", "bättre"]))
        margin = draw(st.sampled_from([None, Decimal(10), Decimal(50)]))
        anchors += [comparison, comparison * Decimal("0.9"), comparison * Decimal("1.1"), comparison * Decimal("0.5"),
                    comparison * Decimal("1.5")]

        def keys(s: int) -> list[str]:
            words = {"minst": ("minst medel", "högst medel"), "lägst": ("lägst medel", "max medel"),
                     "strikt": ("över medel", "under medel"), "bättre": ("bättre än medel", "bättre än medel")}
            lines = enhet + [f"mål: {words[style][0 if s > 0 else 1]}"]
            if style == "bättre" or draw_riktning:
                lines.append(_riktning(s))
            if margin is not None:
                lines.append(f"delvis: inom {_text(margin)} % av medel")
            return lines + _band_keys(band, omit_zero)
        draw_riktning = draw(st.booleans())
    elif kind == "förändring":
        style = draw(st.sampled_from(["öka", "ska", "förbättras"]))
        anchors += [previous + band, previous - band, previous + band / 2, previous - band / 2,
                    previous + band + Decimal("0.5"), previous - band - Decimal("0.5")]

        def keys(s: int) -> list[str]:
            if style == "förbättras":
                return enhet + ["mål: Ska förbättras", _riktning(s)] + _band_keys(band, omit_zero)
            words = {"öka": ("Öka", "Minska"), "ska": ("Ska öka", "Ska minska")}
            return enhet + [f"mål: {words[style][0 if s > 0 else 1]}"] + _band_keys(band, omit_zero)
    elif kind == "ingen":
        with_riktning = draw(st.booleans())
        anchors += [previous + band, previous - band, previous + band + Decimal("0.5"),
                    previous - band - Decimal("0.5")]

        def keys(s: int) -> list[str]:
            lines = enhet + [f"mål: {'Ingen minskning' if s > 0 else 'Ingen ökning'}"]
            return lines + ([_riktning(s)] if with_riktning else []) + _band_keys(band, omit_zero)
    elif kind == "oförändrat":
        monotone = False
        anchors += [previous + band, previous - band, previous + band + 1, previous - band - 1]

        def keys(s: int) -> list[str]:
            return enhet + ["mål: Oförändrat", _riktning(s)] + _band_keys(band, omit_zero)
    else:  # inget mål, with or without riktning
        monotone = False
        if draw(st.booleans()):
            sign, flippable = 0, False
        phrase = draw(st.sampled_from(["mål: Inget mål", "mål: '-'", "mål: Målvärde saknas", None]))
        anchors += [previous + band, previous - band]

        def keys(s: int) -> list[str]:
            return enhet + ([phrase] if phrase else []) + ([_riktning(s)] if s else []) + _band_keys(band, omit_zero)

    # the edges (bounds, limits, the previous value ± the dead band) and values anywhere
    picked = draw(st.lists(st.sampled_from(anchors), min_size=1, max_size=4)) + \
        draw(st.lists(NUMBERS, min_size=1, max_size=2))
    values = sorted({_fit(value) for value in picked + [previous]})
    return Family(name=name, kind=kind, sign=sign, values=values, previous=previous, band=band, unit=unit,
                  keys=keys, comparison=comparison, range=rng, flippable=flippable, monotone=monotone)


def _fit(value: Decimal) -> Decimal:
    """At most two decimals (three would read as thousands), as exact as the generator made it."""
    value = value.quantize(Decimal("0.01")).normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


@dataclass
class Generated:
    rules: str
    measures: dict[int, str]  # period -> text
    families: list[Family]


@st.composite
def scorecard_texts(draw) -> Generated:
    """Every kind of family once, and up to three more of any kind."""
    kinds = list(KINDS) + [draw(st.sampled_from(KINDS)) for _ in range(draw(st.integers(min_value=0, max_value=3)))]
    found = [draw(families(f"f{n}", kind)) for n, kind in enumerate(kinds)]
    entries: list[str] = []
    now: list[str] = []
    before: list[str] = []
    for family in found:
        variants = [("v", family.sign), ("w", family.sign)] + ([("f", -family.sign)] if family.flippable else [])
        for variant, sign in variants:
            keys = family.keys(sign)
            for index, value in enumerate(family.values):
                ident = f"{family.name}-{variant}{index}"
                family.rows[variant, index] = ident
                entries.append(f"- id: {ident}\n  namn: {family.kind} {ident}\n" +
                               "".join(f"  {line}\n" for line in keys))
                current, previous = (family.previous, value) if variant == "w" else (value, family.previous)
                if family.comparison is not None:
                    now.append(f"  {ident}:\n    totalt: {family.quantity(current)}\n"
                               f"    jämförelse:\n      medel: {family.quantity(family.comparison)}\n")
                else:
                    now.append(f"  {ident}: {family.quantity(current)}\n")
                before.append(f"  {ident}: {family.quantity(previous)}\n")
    series = "jämförelser:\n  medel: liknande kommuner\n" if any(f.comparison is not None for f in found) else ""
    rules = ("malmotor: 1\nstyrkort: Genererat\n" + series +
             "perspektiv:\n  - namn: P\n    strategiska mål:\n      - namn: S\n        mål:\n"
             "          - namn: M\n            indikatorer:\n" +
             "".join("              " + line + "\n" for entry in entries for line in entry.splitlines()))
    measures = {2017: "period: 2017\nvärden:\n" + "".join(before), 2018: "period: 2018\nvärden:\n" + "".join(now)}
    return Generated(rules=rules, measures=measures, families=found)


@dataclass
class Judged:
    generated: Generated
    rows: dict[str, dict[str, object]]  # engine -> indicator id -> verdict
    fired: dict[str, list[str]]  # durable: fact id -> every rule fired


def _judge(generated: Generated, checked: bool = False) -> Judged:
    """Write the texts, load them with the real loaders and assess with both engines; with `checked`,
    demand first that `malmotor check` finds no error in them (the loaders would refuse one anyway)."""
    with tempfile.TemporaryDirectory() as folder:
        rules = Path(folder) / "regler.yaml"
        rules.write_text(generated.rules, encoding="utf-8")
        paths = []
        for period, text in generated.measures.items():
            paths.append(Path(folder) / f"m{period}.yaml")
            paths[-1].write_text(text, encoding="utf-8")
        if checked:
            problems = [d for d in check([rules], paths, period="2018") if d.severity != "varning"]
            assert not problems, (problems, generated.rules)
        scorecard = malmotor.load_scorecard(rules)
        measures = malmotor.load_measures(paths)
    rows = {}
    for engine in ENGINES:
        assessment = malmotor.assess(scorecard, measures, period="2018", engine=engine)
        rows[engine] = {verdict.key.indicator: verdict for verdict in assessment.verdicts}
    fired = {}
    if checked:  # durable's own firings, every rule per fact
        inputs, _ = gather_inputs(scorecard, measures, assessment.period)
        fired = fire_isolated(ruleset_definition(), build_facts(scorecard, inputs), 60).fired
    return Judged(generated, rows, fired)


def _rows(judged: Judged, engine: str, family: Family, variant: str) -> list:
    return [judged.rows[engine][family.rows[variant, index]] for index in range(len(family.values))]


def _variants(family: Family):
    """(variant, sign) of the rows judged on the values as drawn: the family's own and the flipped one."""
    yield "v", family.sign
    if family.flippable:
        yield "f", -family.sign


def _distance(family: Family, value: Decimal) -> Decimal:
    low, high = family.range
    return low - value if value < low else value - high if value > high else Decimal(0)


def _why(judged: Judged, family: Family, variant: str, engine: str) -> str:
    rows = _rows(judged, engine, family, variant)
    keys = "\n".join(family.keys(family.sign if variant != "f" else -family.sign))
    return (f"{engine}, {family.kind} ({variant}), p={family.previous}, dödband {family.band}:\n{keys}\n" +
            "\n".join(f"  {value}: {row.fulfilment_rule}, {row.trend_rule}" for value, row in zip(family.values, rows)))


# --- 1. one level per value, one fulfilment rule fired ---------------------------------------------------

@PROPERTY_SETTINGS
@given(scorecard_texts())
def test_every_value_gets_exactly_one_level_and_exactly_one_fulfilment_rule_fires(generated):
    judged = _judge(generated, checked=True)
    ids = [ident for family in generated.families for ident in family.rows.values()]
    for engine in ENGINES:
        assert sorted(judged.rows[engine]) == sorted(ids)  # one verdict per indicator, none twice
        for family in generated.families:
            for ident in family.rows.values():
                row = judged.rows[engine][ident]
                rule = RULES_BY_NAME[row.fulfilment_rule]
                assert rule.aspect == FULFILMENT and row.level is rule.outcome
                assert RULES_BY_NAME[row.trend_rule].aspect == TREND
                if family.kind == "inget":
                    assert row.fulfilment_rule == "uppfyllelse.inget_mål", ident
                else:  # a value, the previous one and the comparison value are all there: always judged
                    assert row.level in RANK, (ident, row.fulfilment_rule)
                assert row.trend is not None, (ident, row.trend_rule)  # both periods have values
    for ident in ids:  # durable itself: exactly one rule of each aspect fired per fact
        fired = judged.fired[ident]
        assert [RULES_BY_NAME[name].aspect for name in fired].count(FULFILMENT) == 1, (ident, fired)
        assert [RULES_BY_NAME[name].aspect for name in fired].count(TREND) == 1, (ident, fired)
        row = judged.rows["durable"][ident]
        assert sorted(fired) == sorted([row.fulfilment_rule, row.trend_rule])


def test_exactly_one_rule_of_each_aspect_fires_on_the_generated_scorecards_of_test_semantics():
    """The model-level generator of test_semantics (every target kind, period kind, group and unit): every
    fact gets exactly one fulfilment rule and one trend rule from durable, and the reference names them."""
    from malmotor.decide import interim
    from malmotor.decide.reference import decide

    from .test_semantics import scorecards

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(scorecards())
    def run(generated):
        scorecard, measures, judged = generated
        scorecard = interim.targets_for_period(scorecard, judged)
        inputs, _ = gather_inputs(scorecard, measures, judged)
        fired = fire_isolated(ruleset_definition(), build_facts(scorecard, inputs), 60).fired
        indicators = scorecard.indicators()
        for key, key_inputs in inputs.items():
            names = fired[key.label()]
            aspects = [RULES_BY_NAME[name].aspect for name in names]
            assert aspects.count(FULFILMENT) == 1 and aspects.count(TREND) == 1, (key.label(), names)
            indicator = indicators[key.indicator]
            assert sorted(decide(indicator, key_inputs, scorecard.status_scale_for(indicator))) == sorted(names)

    run()


# --- 2. monotonicity ---------------------------------------------------------------------------------

@PROPERTY_SETTINGS
@given(scorecard_texts())
def test_a_better_value_never_gets_a_worse_level_or_arrow(generated):
    """Under högre är bättre a larger value never gets a worse level (uppfyllt > delvis > ej uppfyllt) nor
    a worse arrow against the same previous value; the mirror under lägre är bättre. A range: nearer
    the range is better, on either side (the arrow: a smaller distance to the range is never worse)."""
    judged = _judge(generated)
    for engine in ENGINES:
        for family in generated.families:
            if not family.monotone:
                continue
            for variant, sign in _variants(family):
                rows = _rows(judged, engine, family, variant)
                why = _why(judged, family, variant, engine)
                pairs = [(a, b, x, y) for i, (a, x) in enumerate(zip(family.values, rows))
                         for b, y in list(zip(family.values, rows))[i + 1:]]  # a < b
                for a, b, x, y in pairs:
                    if sign > 0:
                        assert RANK[y.level] >= RANK[x.level] and ARROW_RANK[y.trend] >= ARROW_RANK[x.trend], why
                    elif sign < 0:
                        assert RANK[y.level] <= RANK[x.level] and ARROW_RANK[y.trend] <= ARROW_RANK[x.trend], why
                    else:  # a range: towards it from below, away from it above
                        low, high = family.range
                        if b <= high:
                            assert RANK[y.level] >= RANK[x.level], why
                        if a >= low:
                            assert RANK[x.level] >= RANK[y.level], why
                        nearer, farther = (x, y) if _distance(family, a) <= _distance(family, b) else (y, x)
                        assert ARROW_RANK[nearer.trend] >= ARROW_RANK[farther.trend], why
                        if low <= a <= high:
                            assert x.level is U, why


# --- 3. swapping the periods' values -----------------------------------------------------------------

@PROPERTY_SETTINGS
@given(scorecard_texts())
def test_swapping_the_two_periods_values_swaps_the_arrow(generated):
    """förbättring ↔ försämring, ökat ↔ minskat; oförändrat stays."""
    judged = _judge(generated)
    for engine in ENGINES:
        for family in generated.families:
            why = _why(judged, family, "v", engine) + "\nswapped:\n" + _why(judged, family, "w", engine)
            for forward, back in zip(_rows(judged, engine, family, "v"), _rows(judged, engine, family, "w")):
                assert forward.trend is not None and back.trend is SWAPPED[forward.trend], why


# --- 4. the dead band --------------------------------------------------------------------------------

@PROPERTY_SETTINGS
@given(scorecard_texts())
def test_a_change_within_the_dead_band_is_unchanged(generated):
    """|now − before| ≤ oförändrat inom: the arrow is oförändrat, Öka/Minska not fulfilled, Ingen
    ökning/minskning and Oförändrat fulfilled; beyond it (a range aside, whose arrow compares
    distances) the arrow is never oförändrat."""
    judged = _judge(generated)
    for engine in ENGINES:
        for family in generated.families:
            for variant in ("v", "w", "f") if family.flippable else ("v", "w"):
                why = _why(judged, family, variant, engine)
                for value, row in zip(family.values, _rows(judged, engine, family, variant)):
                    within = abs(value - family.previous) <= family.band
                    if within:
                        assert row.trend is Trend.UNCHANGED, why
                    elif family.kind != "intervall":
                        assert row.trend is not Trend.UNCHANGED, why
                    if family.kind == "förändring":
                        assert (row.level is E) if within else True, why
                    elif family.kind == "oförändrat":
                        assert row.level is (U if within else E), why
                    elif family.kind == "ingen" and within:
                        assert row.level is U, why


# --- 5. flipping the polarity ------------------------------------------------------------------------

@PROPERTY_SETTINGS
@given(scorecard_texts())
def test_flipping_the_polarity_flips_the_arrow(generated):
    """The same values under the opposite polarity (minst ↔ högst, över ↔ under, Öka ↔ Minska, Ingen
    ökning ↔ Ingen minskning, riktning turned round): förbättring ↔ försämring, oförändrat stays."""
    judged = _judge(generated)
    for engine in ENGINES:
        for family in generated.families:
            if not family.flippable:
                continue
            why = _why(judged, family, "v", engine) + "\nflipped:\n" + _why(judged, family, "f", engine)
            for own, flipped in zip(_rows(judged, engine, family, "v"), _rows(judged, engine, family, "f")):
                assert own.trend in FLIPPED and flipped.trend is FLIPPED[own.trend], why


# --- 6. both engines ---------------------------------------------------------------------------------

@PROPERTY_SETTINGS
@given(scorecard_texts())
def test_durable_and_the_reference_agree_on_generated_rule_files(generated):
    judged = _judge(generated, checked=True)
    durable, reference = judged.rows["durable"], judged.rows["reference"]
    assert durable.keys() == reference.keys()
    for ident, row in durable.items():
        assert row.model_dump() == reference[ident].model_dump(), ident


# --- 7. the fuzzer: `check` never raises on a mutated rule file ----------------------------------------

def _complete_example() -> bytes:
    """The rule file of docs/rule-format.md's section Komplett exempel."""
    text = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    section = text.split("\n## Komplett exempel", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S)[1].encode("utf-8")


FUZZED = {"lansteknik": SEED_RULES.read_bytes(), "komplett-exempel": _complete_example()}
TOKENS = [":", ": ", "-", "- ", "[", "]", "{", "}", "&", "&a ", "*", "*a", "!", "!!python/object:os.system ",
          "!!binary ", "<<: *a", "? ", "|", ">", "%", "@", "`", "#", '"', "'", ",", "\t", "\\", "---\n", "...\n",
          "%YAML 1.1\n", "~", "null", "0x10", "1e400", ".nan", "-.inf", "2018-02-30", "1_000", "0o17", "99" * 40]
UNICODE = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u00a0", "\u200b", "\u2028", "\u2029", "\ufeff", "\ufffd",
           "\r", "\r\n", "\t", "\v", "\f", "å", "Ö", "–", "—", "…", "\U0001f600", "\u0301", "\u202e", "ﬁ", "İ", "ß"]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random mutations, line-level or byte-level."""
    for _ in range(rng.randint(1, 4)):
        lines = data.split(b"\n")
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        operation = rng.randrange(12)
        if operation == 0:  # delete a line
            del lines[i]
        elif operation == 1:  # duplicate a line
            lines.insert(i, lines[i])
        elif operation == 2:  # swap two lines
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == 3:  # change the indentation: more, less, or a tab
            stripped = lines[i].lstrip(b" ")
            indent = len(lines[i]) - len(stripped)
            lines[i] = rng.choice([b" " * (indent + rng.randint(1, 4)), b" " * max(0, indent - rng.randint(1, 4)),
                                   b"\t" + b" " * indent, b" " * indent + b"\t", b""]) + stripped
        elif operation == 4:  # move a block of lines
            block = lines[i:i + rng.randint(1, 6)]
            del lines[i:i + len(block)]
            lines[j:j] = block
        elif operation == 5:  # truncate
            data = data[:rng.randrange(len(data) + 1)]
            continue
        elif operation == 6:  # flip a bit
            if data:
                at = rng.randrange(len(data))
                data = data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]
            continue
        elif operation == 7:  # a random byte
            at = rng.randrange(len(data) + 1)
            data = data[:at] + bytes([rng.randrange(256)]) + data[at:]
            continue
        else:  # YAML's special characters, control characters and unicode, at a random place
            text = rng.choice(TOKENS if operation < 10 else UNICODE).encode("utf-8")
            at = rng.randrange(len(data) + 1)
            if operation == 11 and rng.random() < 0.5:  # after a key's colon, where values are
                colons = [m.end() for m in re.finditer(rb": ", data)]
                at = rng.choice(colons) if colons else at
            data = data[:at] + text + data[at:]
            continue
        data = b"\n".join(lines)
    return data


YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
FUZZ_BATCHES, FUZZ_CASES = 40, 50  # 2 000 mutated files, half of each source


@pytest.mark.parametrize("batch", range(FUZZ_BATCHES))
def test_check_never_raises_on_a_mutated_rule_file(tmp_path, batch):
    from malmotor.check import render_json, render_text

    source_name = list(FUZZED)[batch % len(FUZZED)]
    rng = random.Random(f"malmotor-fuzz-{batch}")
    path = tmp_path / "regler.yaml"
    for case in range(FUZZ_CASES):
        data = _mutate(FUZZED[source_name], rng)
        path.write_bytes(data)
        where = f"{source_name}, batch {batch}, case {case}"
        try:
            found = check([path])
        except Exception as exc:  # pragma: no cover - the report of a crash
            (tmp_path / f"crash-{case}.yaml").write_bytes(data)
            raise AssertionError(f"check raised {exc!r} on a mutated {where}") from exc
        assert isinstance(found, list), where
        # a line as YAML counts them (a lone \r, U+2028 … end a line too) or as a plain split on \n does
        lines = max(data.count(b"\n"), len(YAML_BREAK.findall(data.decode("utf-8", errors="replace")))) + 1
        for diagnostic in found:
            assert isinstance(diagnostic, Diagnostic), (where, diagnostic)
            assert diagnostic.message and diagnostic.message.strip(), (where, diagnostic)
            assert diagnostic.line is None or 1 <= diagnostic.line <= lines, (where, diagnostic, lines)
        render_text(found)  # and they can be shown
        render_json(found)
