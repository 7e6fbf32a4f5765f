"""Benchmark of malmotor: the durable-rules path against the plain-Python reference.

Run from the repository root:

    python benchmarks/bench.py                          # sizes 1 000, 10 000 and 100 000
    python benchmarks/bench.py --sizes 1000 --no-cli    # a quick look

For each size a synthetic scorecard (every target kind, both polarities, partial bands, dead
bands) and two periods of measures written the Swedish way ("3,8 %", "10 400", "påbörjad",
"saknas", …) are generated in memory from a fixed seed. Then, with time.perf_counter, best of
N runs:

* `decide.inputs.gather_inputs` (once; reported on its own, it is shared by both paths),
* the durable path, `decide.assess.decide_with_durable` (facts, a worker process, durable's C
  core), split into building the facts (`decide.assess.build_facts`), the worker round trip,
  the engine alone inside a child process and the cost of an empty worker,
* the reference path, `reference.decide` for every key,
* the full `pipeline.evaluate` (`present(assess(...))`: durable, explanations, typed results),
* for comparison, the same ruleset and facts through durable's own Python `Host` layer,
* keys: `assess` on the scorecard as generated, and on the same scorecard declaring the
  dimension kön (kvinnor, män) with values for both groups, so three keys per indicator; keys/s
  of both, and the number of rules and facts `assess` hands to the worker,

and it checks that durable and the reference give the same two rule names for every key
(with groups too). Without groups there is one key per indicator, so keys/s = indicators/s.
Memory: the worker's peak RSS (`EngineRun.peak_kib`), the engine's own growth inside a child,
and the benchmark process's peak RSS. Finally the seed example through the `malmotor evaluate`
console script, wall time including interpreter start-up.

Figures are printed as a plain-text table; nothing is asserted about timings.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
import traceback
import uuid
from collections import Counter
from decimal import Decimal
from pathlib import Path
from time import perf_counter

from malmotor.decide import assess as assess_module
from malmotor.decide import engine
from malmotor.decide import isolation
from malmotor.decide import reference
from malmotor.decide import rulebook

# `malmotor.evaluate` is the function (malmotor/__init__.py re-exports it), so the functions are
# imported by name from the modules that define them.
from malmotor.decide.assess import assess, build_facts, decide_with_durable
from malmotor.decide.inputs import gather_inputs
from malmotor.pipeline import evaluate
from malmotor.load.legend import DEFAULT_LEGEND
from malmotor.model import (
    CAPABILITY_SCALE,
    DEFAULT_STATUS_SCALE,
    Baseline,
    CapabilityTarget,
    ChangeTarget,
    Dimension,
    Group,
    Indicator,
    Key,
    MeasuredValue,
    Measures,
    MilestonePart,
    MilestoneTarget,
    NewMeasureTarget,
    NoWorseTarget,
    PartialBound,
    PartialRatio,
    PartialStatus,
    Period,
    Polarity,
    Scorecard,
    Node,
    ThresholdTarget,
    TrendSettings,
    UnchangedTarget,
    implied_polarity,
)
from malmotor.model import PREVIOUS as PREVIOUS_PERIOD  # the Baseline "föregående period"
from malmotor.load.targets import PhraseError, parse_partial, parse_target

PERIOD, PREVIOUS = Period.year_of(2018), Period.year_of(2017)
FILES = {PREVIOUS: "syntetisk-2017.yaml", PERIOD: "syntetisk-2018.yaml"}
BASE_PREVIOUS_YEAR = Baseline(rule="named", period=PREVIOUS)  # "i jmf med 2017", "jämför med: 2017"
GENDER = Dimension(name="kön", groups=("kvinnor", "män"))
FLOOR_RATE, FLOOR_SIZE, FLOOR_CLI = 15_000, 10_000, 1.0
HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
SCALE = DEFAULT_STATUS_SCALE  # ej påbörjad, påbörjad, delvis genomförd, genomförd


# --- Synthetic scorecards ----------------------------------------------------------------------

class Profile:
    """A kind of quantity: its unit as written, its plausible range and how many decimals."""

    def __init__(self, unit, low, high, places, value_range, names, bound_places=None):
        self.unit, self.places, self.names = unit, places, names
        self.low, self.high = Decimal(low), Decimal(high)
        self.value_range = (self.low, self.high) if value_range else None
        self.step = Decimal(1).scaleb(-places)
        self.bound_step = Decimal(1).scaleb(-(places if bound_places is None else bound_places))


PROFILES = (
    Profile("%", 0, 100, 1, True, ["Sjukfrånvaro", "Andel heltidsanställda", "Svarsfrekvens i enkäten",
                                   "Andel ärenden klara i tid", "Personalomsättning", "Ekonomi i balans"],
            bound_places=0),
    Profile("st", 0, 400, 0, False, ["Antal driftavbrott", "Antal avvikelser", "Antal IT-säkerhetsincidenter",
                                     "Antal klagomål"]),
    Profile("mnkr", -20, 60, 2, False, ["Resultat mot budget", "Konsultberoende", "Kostnad för inhyrd personal"],
            bound_places=1),
    Profile("p", 40, 200, 0, False, ["Jämix-index", "Hållbart medarbetarengagemang", "Ledarskapsindex"]),
    Profile("dagar", 0, 60, 1, False, ["Handläggningstid", "Ledtid för beställningar", "Väntetid"],
            bound_places=0),
    Profile(None, 1, 6, 2, True, ["Kundnöjdhet (skala 1–6)", "Nöjdhet med IT-stödet (skala 1–6)"],
            bound_places=1),
    Profile("kr", 1000, 60000, 0, False, ["Kostnad per ärende", "Extra tid", "Kostnad per arbetsplats"]),
)

ID_WORDS = ("sjukfrånvaro", "kundnöjdhet", "driftavbrott", "ärenden", "styrmodell", "inköp", "heltid",
            "jämix", "ekonomi", "förstudie", "säkerhet", "utbildning")
PERSPECTIVES = ("Medborgare", "Verksamhet", "Medarbetare", "Ekonomi")
# (phrase, subject, required status) for single milestones, as targets.parse_target reads them
SINGLE_MILESTONES = (
    ("Genomförd", None, "genomförd"), ("Implementerat", None, "genomförd"), ("Rutin finns", "Rutin", "genomförd"),
    ("Windows 10 infört", "Windows 10", "genomförd"), ("Påbörjad", None, "påbörjad"),
    ("Arbetet påbörjat", "Arbetet", "påbörjad"), ("Delvis genomförd", None, "delvis genomförd"),
)
PART_SUBJECTS = ("förstudie", "aktiviteter", "upphandling", "utbildning", "utvärdering", "införande")
PART_WORDS = {"genomförd": ("genomförd", "är genomförd", "klar"), "påbörjad": ("påbörjade", "är påbörjade", "påbörjad"),
              "delvis genomförd": ("delvis genomförd",)}
MISSING_TEXTS = ("saknas", "Saknas", "–", "uppgift saknas")
NOT_MEASURABLE_TEXTS = ("kan inte mätas", "ej mätbart")
MINUS = ("−", "-")


def sv_number(value: Decimal, places: int, rng: random.Random) -> str:
    """`Decimal('-10400.5')` → `−10 400,5`: decimal comma, space between thousands."""
    quantised = value.quantize(Decimal(1).scaleb(-places))
    whole, _, fraction = f"{abs(quantised):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = " ".join([whole, *groups]) + ("," + fraction if fraction else "")
    return (rng.choice(MINUS) if quantised < 0 else "") + text


def places_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if exponent < 0 else 0


def sv_quantity(value: Decimal, profile: Profile, rng: random.Random, places: int | None = None) -> str:
    number = sv_number(value, profile.places if places is None else places, rng)
    if profile.unit is None:
        return number
    unit = profile.unit
    if unit == "mnkr" and rng.random() < 0.1:
        unit = "Mnkr"  # units compare case-insensitively
    return f"{number}{'' if unit == 'p' and rng.random() < 0.3 else ' '}{unit}"


class Generator:
    """Builds one scorecard and its measures; every choice comes from one seeded Random.

    With `dimension` the scorecard declares it and every indicator also gets values for each of
    its groups. Those are drawn from a second Random, so the scorecard and the indicators' own
    values are exactly those generated without the dimension."""

    def __init__(self, size: int, seed: int, dimension: Dimension | None = None) -> None:
        self.size = size
        self.rng = random.Random(seed * 1_000_003 + size)
        self.dimension = dimension
        self.group_rng = random.Random(seed * 1_000_003 + size + 500_009)
        self.group: str | None = None  # the group whose values are being generated
        self.values: list[MeasuredValue] = []
        self.lines = {PREVIOUS: 4, PERIOD: 4}

    # values ------------------------------------------------------------------------------------
    def _rows(self, emit) -> None:
        """emit() the values of the indicator's own row, then, with a dimension, of each group's."""
        emit()
        if self.dimension is None:
            return
        own = self.rng
        self.rng = self.group_rng
        try:
            for group in self.dimension.groups:
                self.group = group
                emit()
        finally:
            self.rng, self.group = own, None

    def _measure(self, indicator_id: str, period: Period, text: str, part: str | None = None) -> None:
        self.lines[period] += 1
        self.values.append(MeasuredValue(indicator=indicator_id, period=period, text=text, part=part,
                                         dimension=self.dimension.name if self.group else None, group=self.group,
                                         file=FILES[period], line=self.lines[period]))

    def _special(self, indicator_id: str, period: Period, part: str | None = None) -> bool:
        """Sometimes no value at all, sometimes 'saknas', rarely 'kan inte mätas'."""
        r = self.rng.random()
        if r < 0.03:
            return True  # absent from the file
        if r < 0.06:
            self._measure(indicator_id, period, self.rng.choice(MISSING_TEXTS), part)
            return True
        if r < 0.07:
            self._measure(indicator_id, period, self.rng.choice(NOT_MEASURABLE_TEXTS), part)
            return True
        return False

    def _number(self, indicator_id: str, period: Period, value: Decimal, profile: Profile,
                absent: float = 0.0) -> None:
        if self.rng.random() < absent or self._special(indicator_id, period):
            return
        self._measure(indicator_id, period, sv_quantity(value, profile, self.rng))

    def _clip(self, value: Decimal, profile: Profile) -> Decimal:
        return min(max(value, profile.low), profile.high).quantize(profile.step)

    def _uniform(self, profile: Profile, low: Decimal | None = None, high: Decimal | None = None,
                 step: Decimal | None = None) -> Decimal:
        step = step or profile.step
        low, high = low if low is not None else profile.low, high if high is not None else profile.high
        return low + step * self.rng.randint(0, int((high - low) / step))

    def _previous(self, current: Decimal, band: Decimal, profile: Profile) -> Decimal:
        """A comparison value placed so that dead-band edges are hit often."""
        step, r = profile.step, self.rng.random()
        width = max(step * 10, (profile.high - profile.low) * Decimal("0.05")).quantize(step)
        if r < 0.15:
            delta = Decimal(0)
        elif r < 0.35:
            delta = band * self.rng.choice((1, -1))
        elif r < 0.50:
            delta = (band + step) * self.rng.choice((1, -1))
        else:
            delta = step * self.rng.randint(-int(width / step), int(width / step))
        return self._clip(current - delta, profile)

    def _band(self, profile: Profile) -> Decimal:
        if self.rng.random() < 0.4:
            return Decimal(0)
        return (profile.step * self.rng.choice((1, 2, 5, 10))).normalize() if profile.places else \
            Decimal(self.rng.choice((1, 2, 5)))

    # indicators --------------------------------------------------------------------------------
    def indicator(self, number: int) -> Indicator:
        r = self.rng.random()
        ident = f"{self.rng.choice(ID_WORDS)}-{number:06d}"
        if r < 0.30:
            return self._threshold(ident)
        if r < 0.48:
            return self._change(ident)
        if r < 0.58:
            return self._no_worse(ident)
        if r < 0.64:
            return self._unchanged(ident)
        if r < 0.76:
            return self._milestone(ident)
        if r < 0.86:
            return self._compound(ident)
        if r < 0.93:
            return self._capability(ident)
        return self._new_measure(ident)

    def _numeric(self, ident: str, target, polarity: Polarity | None, profile: Profile, partial=None,
                 band: Decimal | None = None) -> tuple[Indicator, Decimal]:
        band = self._band(profile) if band is None else band
        compare_with = BASE_PREVIOUS_YEAR if self.rng.random() < 0.1 else PREVIOUS_PERIOD
        indicator = Indicator(
            id=ident, name=f"{self.rng.choice(profile.names)}, enhet {ident[-6:]}", unit=profile.unit,
            polarity=polarity, target=target, partial=partial,
            trend=TrendSettings(compare_with=compare_with, unchanged_within=band),
            value_range=profile.value_range if self.rng.random() < 0.7 else None,
            decimals=profile.places if self.rng.random() < 0.2 else None, line=number_line(ident))
        return indicator, band

    def _threshold(self, ident: str) -> Indicator:
        profile = self.rng.choice(PROFILES)
        rng = self.rng
        operator = rng.choice((None, None, "minst", "högst"))
        polarity = (HIGHER if operator == "minst" else LOWER) if operator else rng.choice((HIGHER, LOWER))
        span = profile.high - profile.low
        bound = self._uniform(profile, profile.low + span / 10, profile.high - span / 10, profile.bound_step)
        bound = bound.quantize(profile.bound_step)
        written = sv_quantity(bound, profile, rng, places=places_of(profile.bound_step))
        word = {"minst": rng.choice(("minst ", "≥ ")), "högst": rng.choice(("högst ", "max ", "maximalt ", "≤ "))}
        phrase = (word[operator] if operator else "") + written
        target = ThresholdTarget(phrase=phrase, bound=bound, unit=profile.unit, operator=operator)
        partial, r = None, rng.random()
        if r < 0.3 and bound > 0:
            share = rng.choice((75, 80, 90, 95))
            partial = PartialRatio(text=f"minst {share} % av målet", ratio=Decimal(share) / 100)
        elif r < 0.6:
            gap = profile.bound_step * rng.randint(1, 5)
            limit = bound - gap if polarity is HIGHER else bound + gap
            if profile.value_range is None or profile.low <= limit <= profile.high:
                prefix = rng.choice(("", "minst " if polarity is HIGHER else "högst "))
                partial = PartialBound(text=prefix + sv_quantity(limit, profile, rng, places=places_of(limit)),
                                       bound=limit)
        indicator, band = self._numeric(ident, target, polarity, profile, partial)
        limit = indicator.partial_limit()

        def values() -> None:
            rng = self.rng
            r = rng.random()
            if r < 0.15:
                current = bound
            elif r < 0.25 and partial is not None and limit == limit.quantize(profile.step):
                current = limit
            elif r < 0.35:
                current = bound + profile.step * rng.choice((1, -1))
            else:
                width = max(profile.step * 10, span * Decimal("0.15"))
                current = bound + profile.step * rng.randint(-int(width / profile.step), int(width / profile.step))
            current = self._clip(current, profile)
            self._number(ident, PERIOD, current, profile)
            self._number(ident, PREVIOUS, self._previous(current, band, profile), profile)

        self._rows(values)
        return indicator

    def _relative(self, ident: str, target, polarity: Polarity) -> Indicator:
        profile = self.rng.choice(PROFILES)
        indicator, band = self._numeric(ident, target, polarity, profile)

        def values() -> None:
            current = self._uniform(profile)
            self._number(ident, PERIOD, current, profile)
            self._number(ident, PREVIOUS, self._previous(current, band, profile), profile)

        self._rows(values)
        return indicator

    def _base(self) -> tuple[str, Baseline | None]:
        if self.rng.random() < 0.3:
            return self.rng.choice((" i jmf med ", " jämfört med ")) + PREVIOUS.text, BASE_PREVIOUS_YEAR
        return "", None

    def _change(self, ident: str) -> Indicator:
        direction = self.rng.choice(("öka", "minska"))
        suffix, base = self._base()
        target = ChangeTarget(phrase=direction.capitalize() + suffix, direction=direction, base=base)
        return self._relative(ident, target, implied_polarity(target))

    def _no_worse(self, ident: str) -> Indicator:
        forbidden = self.rng.choice(("ökning", "minskning"))
        suffix, base = self._base()
        target = NoWorseTarget(phrase=f"Ingen {forbidden}{suffix}", forbidden=forbidden, base=base)
        return self._relative(ident, target, implied_polarity(target))

    def _unchanged(self, ident: str) -> Indicator:
        suffix, base = self._base()
        target = UnchangedTarget(phrase="Oförändrat" + suffix, base=base)
        return self._relative(ident, target, self.rng.choice((HIGHER, LOWER)))

    def _new_measure(self, ident: str) -> Indicator:
        profile = self.rng.choice(PROFILES)
        polarity = self.rng.choice((HIGHER, LOWER, None))
        indicator, band = self._numeric(ident, NewMeasureTarget(phrase="Nytt mått"), polarity, profile)

        def values() -> None:
            current = self._uniform(profile)
            self._number(ident, PERIOD, current, profile)
            self._number(ident, PREVIOUS, self._previous(current, band, profile), profile, absent=0.8)

        self._rows(values)
        return indicator

    def _status_text(self, status: str) -> str:
        r = self.rng.random()
        if r < 0.1:
            return status.capitalize()
        if r < 0.15 and " " in status:
            return status.replace(" ", "  ")
        return status

    def _statuses(self, ident: str, parts: tuple[str | None, ...]) -> None:
        def values() -> None:
            current = {part: self.rng.choice(SCALE) for part in parts}
            for period in (PERIOD, PREVIOUS):
                for part in parts:
                    if self._special(ident, period, part):
                        continue
                    status = current[part]
                    if period == PREVIOUS:  # mostly progress since last year, sometimes a step back
                        rank = SCALE.index(status)
                        status = SCALE[max(0, min(len(SCALE) - 1, rank - self.rng.choice((0, 0, 1, 1, 2, -1))))]
                    self._measure(ident, period, self._status_text(status), part)

        self._rows(values)

    def _milestone_indicator(self, ident: str, target: MilestoneTarget, parts: tuple[str, ...]) -> Indicator:
        # `minst <status>`: never the bottom of the scale and, for a single milestone, below the
        # required status (the loader refuses a band that can never be reached)
        choices = SCALE[1:] if len(target.parts) > 1 else SCALE[1:SCALE.index(target.parts[0].required)]
        partial = None
        if choices and self.rng.random() < 0.3:
            status = self.rng.choice(choices)
            partial = PartialStatus(text=f"minst {status}", status=status)
        name = self.rng.choice(("Styrmodell", "Inköpsprocess", "Rutin för avvikelser", "Windows 10", "Office 365"))
        return Indicator(id=ident, name=f"{name}, enhet {ident[-6:]}", target=target, partial=partial, parts=parts,
                         line=number_line(ident))

    def _milestone(self, ident: str) -> Indicator:
        phrase, subject, required = self.rng.choice(SINGLE_MILESTONES)
        target = MilestoneTarget(phrase=phrase, parts=(MilestonePart(subject=subject, required=required),))
        indicator = self._milestone_indicator(ident, target, ())
        self._statuses(ident, (None,))
        return indicator

    def _compound(self, ident: str) -> Indicator:
        names = tuple(self.rng.sample(PART_SUBJECTS, self.rng.choice((2, 2, 3))))
        parts, chunks = [], []
        for index, name in enumerate(names):
            required = self.rng.choice(("genomförd", "genomförd", "påbörjad", "delvis genomförd"))
            subject = name.capitalize() if index == 0 else name
            chunks.append(f"{subject} {self.rng.choice(PART_WORDS[required])}")
            parts.append(MilestonePart(subject=subject, required=required))
        target = MilestoneTarget(phrase=" och ".join(chunks), parts=tuple(parts))
        indicator = self._milestone_indicator(ident, target, names)
        self._statuses(ident, names)
        return indicator

    def _capability(self, ident: str) -> Indicator:
        indicator = Indicator(id=ident, name=f"Möjlighet att mäta incidenter, enhet {ident[-6:]}",
                              target=CapabilityTarget(phrase=self.rng.choice(("Möjlighet till att mäta",
                                                                              "Möjlighet till att mäta."))),
                              line=number_line(ident))

        def values() -> None:
            now = self.rng.choice(CAPABILITY_SCALE)
            for period, answer in ((PERIOD, now), (PREVIOUS, "nej" if self.rng.random() < 0.7 else now)):
                if not self._special(ident, period):
                    self._measure(ident, period, answer.capitalize() if self.rng.random() < 0.1 else answer)

        self._rows(values)
        return indicator

    # the whole scorecard -----------------------------------------------------------------------
    def build(self) -> tuple[Scorecard, Measures]:
        indicators = [self.indicator(number) for number in range(1, self.size + 1)]
        goals, position, goal_number = [], 0, 0
        while position < len(indicators):
            count = self.rng.randint(5, 15)
            goal_number += 1
            goals.append(Node(id=f"mal-{goal_number}", name=f"Mål {goal_number}: verksamheten når sina åtaganden",
                              level=2, indicators=tuple(indicators[position:position + count])))
            position += count
        strategic = [Node(id=f"strategiskt-{index // 5 + 1}", name=f"Strategiskt mål {index // 5 + 1}", level=1,
                          children=tuple(goals[index:index + 5])) for index in range(0, len(goals), 5)]
        per_perspective = -(-len(strategic) // len(PERSPECTIVES))
        chunks = [strategic[i * per_perspective:(i + 1) * per_perspective] for i in range(len(PERSPECTIVES))]
        perspectives = [Node(id=f"perspektiv-{number}", name=name, level=0, children=tuple(chunk))
                        for number, (name, chunk) in enumerate(zip(PERSPECTIVES, chunks)) if chunk]
        scorecard = Scorecard(name=f"Syntetiskt styrkort, {self.size} indikatorer",
                              source=f"syntetisk-{self.size}.yaml", legend=DEFAULT_LEGEND, status_scale=SCALE,
                              dimensions=(self.dimension,) if self.dimension else (),
                              root=Node(id="styrkort", name="syntetiskt", level=-1, children=tuple(perspectives)))
        return scorecard, Measures(values=tuple(self.values))


def number_line(ident: str) -> int:
    return 20 + 12 * int(ident[-6:])


def check_phrases(scorecard: Scorecard, limit: int = 400) -> list[str]:
    """The generated targets and bands must be what the rule-file loader makes of their phrases."""
    problems = []
    for *_, indicator in list(scorecard.rows())[:limit]:
        try:
            parsed = parse_target(indicator.target.phrase, scorecard.status_scale)
            if parsed != indicator.target:
                problems.append(f"{indicator.id}: target {indicator.target!r} but the phrase reads {parsed!r}")
            elif indicator.partial is not None:
                partial = parse_partial(indicator.partial.text, indicator.target, indicator.polarity,
                                        indicator.unit, scorecard.status_scale)
                if partial != indicator.partial:
                    problems.append(f"{indicator.id}: band {indicator.partial!r} but the text reads {partial!r}")
        except PhraseError as exc:
            problems.append(f"{indicator.id}: the loader refuses {indicator.target.phrase!r} / "
                            f"{indicator.partial!r}: {exc.message}")
    return problems


# --- Measuring --------------------------------------------------------------------------------

def best_of(runs: int, function, *args, **kwargs):
    """(best seconds, all seconds, last result)."""
    times, result = [], None
    for _ in range(runs):
        gc.collect()
        start = perf_counter()
        result = function(*args, **kwargs)
        times.append(perf_counter() - start)
    return min(times), times, result


def current_rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _child_main(connection, function, args) -> None:
    try:
        connection.send(("ok", function(*args)))
    except BaseException:  # noqa: BLE001 - everything is reported to the parent, as in isolation.py
        connection.send(("error", traceback.format_exc()))
    finally:
        connection.close()


def in_child(function, *args):
    """Run function(*args) in a forked child, like isolation.py does, and return its result."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()
    try:
        kind, payload = receiver.recv()
    except EOFError:
        kind, payload = "error", f"child died ({process.exitcode})"
    finally:
        receiver.close()
    process.join()
    if kind != "ok":
        raise RuntimeError(payload)
    return payload


def engine_alone(definition: dict, facts: list[dict]) -> tuple[float, int, int]:
    """In a child: seconds of `engine.fire` alone, RSS at start and peak RSS (KiB)."""
    start_rss = current_rss_kib()
    start = perf_counter()
    engine.fire(definition, facts)
    return perf_counter() - start, start_rss, peak_rss_kib()


def host_layer(definition: dict, facts: list[dict]) -> tuple[float, int, int, dict[str, list[str]]]:
    """In a child: the same rules and facts through durable's Python `Host` (actions, timer threads)."""
    from durable import engine as durable_engine

    start_rss = current_rss_kib()
    fired: dict[str, list[str]] = {}

    def action(name):
        def run(c):  # exactly one parameter: durable runs it synchronously
            fired[c.m._d["id"]].append(name)
        return run

    start = perf_counter()
    host = durable_engine.Host()
    ruleset = "malmotor-host"
    host.register_rulesets({ruleset: {name: {**rule, "run": action(name)} for name, rule in definition.items()}})
    sid = uuid.uuid4().hex
    for fact in facts:
        fired[fact["id"]] = []
        host.assert_fact(ruleset, {**fact, "sid": sid})
    host.delete_state(ruleset, sid)
    return perf_counter() - start, start_rss, peak_rss_kib(), fired


def split_by_aspect(fired: dict[str, list[str]]) -> dict[str, tuple[str, str] | None]:
    """By fact id (the key's label): (fulfilment rule, trend rule), or None unless one of each."""
    decisions = {}
    for fact_id, names in fired.items():
        fulfilment = [n for n in names if rulebook.RULES_BY_NAME[n].aspect == rulebook.FULFILMENT]
        trend = [n for n in names if rulebook.RULES_BY_NAME[n].aspect == rulebook.TREND]
        decisions[fact_id] = (fulfilment[0], trend[0]) if len(fulfilment) == len(trend) == 1 else None
    return decisions


def compile_time(repeats: int) -> tuple[float, float, float]:
    """In-process: (best, median) seconds of create_ruleset on the JSON ruleset, and the JSON's build time."""
    import durable_rules_engine

    start = perf_counter()
    text = json.dumps(rulebook.ruleset_definition(), ensure_ascii=False)
    build = perf_counter() - start
    times = []
    for index in range(repeats):
        start = perf_counter()
        handle = durable_rules_engine.create_ruleset(f"bench-compile-{index}", text)
        times.append(perf_counter() - start)
        durable_rules_engine.delete_ruleset(handle)
    return min(times), statistics.median(times), build


def reference_decisions(scorecard: Scorecard, inputs) -> dict[Key, tuple[str, str]]:
    indicators = scorecard.indicators()
    decisions = {}
    for key, key_inputs in inputs.items():
        indicator = indicators[key.indicator]
        decisions[key] = reference.decide(indicator, key_inputs, scorecard.status_scale_for(indicator))
    return decisions


@contextlib.contextmanager
def watching_worker():
    """Record (rules, facts) of every ruleset and fact list `assess` hands to the worker."""
    sent: list[tuple[int, int]] = []
    original = assess_module.fire_isolated

    def watched(definition, facts, *args, **kwargs):
        sent.append((len(definition), len(facts)))
        return original(definition, facts, *args, **kwargs)

    assess_module.fire_isolated = watched
    try:
        yield sent
    finally:
        assess_module.fire_isolated = original


def row_key(row) -> Key:
    """The key of a result row (IndicatorResult)."""
    group = Group(dimension=row.dimension, name=row.group) if row.group is not None else None
    return Key(indicator=row.id, group=group, org_unit=row.org_unit)


def measure_keys(size: int, args, runs: int, perspectives) -> dict:
    """The same scorecard with the kön dimension and values for both groups: assess's keys/s."""
    row: dict = {}
    start = perf_counter()
    scorecard, measures = Generator(size, args.seed, GENDER).build()
    row["keys_generate"] = perf_counter() - start
    row["keys_same_scorecard"] = scorecard.root.children == perspectives
    row["keys_values"] = len(measures.values)
    with watching_worker() as sent:
        row["keys_assess"], row["keys_assess_all"], assessment = best_of(runs, assess, scorecard, measures, PERIOD)
    row["keys_rules"], row["keys_facts"] = sent[-1]
    verdicts = assessment.verdicts
    row["keys"] = len(verdicts)
    row["keys_groups"] = Counter(verdict.key.group.name for verdict in verdicts if verdict.key.group is not None)
    indicators = scorecard.indicators()
    agree = 0
    for verdict in verdicts:  # every verdict carries the inputs it was decided on
        indicator = indicators[verdict.key.indicator]
        expected = reference.decide(indicator, verdict.inputs, scorecard.status_scale_for(indicator))
        agree += expected == (verdict.fulfilment_rule, verdict.trend_rule)
    row["keys_agree"] = agree
    row["keys_rules_fired"] = Counter(name for v in verdicts for name in (v.fulfilment_rule, v.trend_rule))
    del scorecard, measures, assessment, verdicts
    return row


def measure_size(size: int, args) -> dict:
    row: dict = {"size": size}
    runs = args.repeat or (3 if size <= 10_000 else 1)
    row["runs"] = runs
    start = perf_counter()
    scorecard, measures = Generator(size, args.seed).build()
    row["generate"] = perf_counter() - start
    row["measured_values"] = len(measures.values)
    row["phrase_problems"] = check_phrases(scorecard)

    start = perf_counter()
    inputs, warnings = gather_inputs(scorecard, measures, PERIOD)
    row["gather"] = perf_counter() - start
    row["warnings"] = len(warnings)
    row["absent_parts"] = len({(key, observation.period) for key, key_inputs in inputs.items()
                               for observation in (key_inputs.current, key_inputs.target_base, key_inputs.trend_base)
                               if observation is not None and observation.missing_part})

    definition = rulebook.ruleset_definition()
    row["durable"], row["durable_all"], durable = best_of(runs, decide_with_durable, scorecard, inputs)
    row["facts"], _, facts = best_of(runs, build_facts, scorecard, inputs)
    rss_before_fork = current_rss_kib()
    row["worker"], _, run = best_of(runs, isolation.fire_isolated, definition, facts)
    row["worker_peak"], row["rss_at_fork"] = run.peak_kib, rss_before_fork
    row["empty_worker"], _, _ = best_of(max(runs, 3), isolation.fire_isolated, definition, [])
    alone = [in_child(engine_alone, definition, facts) for _ in range(runs)]
    row["engine"] = min(seconds for seconds, _, _ in alone)
    row["engine_growth"] = max(peak - start_rss for _, start_rss, peak in alone)
    del run, alone

    row["reference"], row["reference_all"], expected = best_of(runs, reference_decisions, scorecard, inputs)
    row["agree"] = sum(durable.get(key) == value for key, value in expected.items())
    row["total"] = len(expected)
    row["mismatches"] = [(key.label(), value, durable.get(key)) for key, value in expected.items()
                         if durable.get(key) != value][:5]
    row["rules_fired"] = Counter(name for pair in expected.values() for name in pair)

    row["evaluate"], row["evaluate_all"], result = best_of(runs, evaluate, scorecard, measures, PERIOD)
    row["evaluate_agree"] = sum((r.fulfilment_rule, r.trend_rule) == expected.get(row_key(r))
                                for r in result.indicators)
    del result

    if size <= args.host_max:
        host = [in_child(host_layer, definition, facts) for _ in range(runs)]
        row["host"] = min(seconds for seconds, *_ in host)
        row["host_growth"] = max(peak - start_rss for _, start_rss, peak, _ in host)
        host_decisions = split_by_aspect(host[-1][3])
        row["host_agree"] = sum(host_decisions.get(key.label()) == value for key, value in expected.items())
        del host, host_decisions
    if size <= args.keys_max:
        with watching_worker() as sent:
            row["assess"], row["assess_all"], assessment = best_of(runs, assess, scorecard, measures, PERIOD)
        row["assess_keys"] = len(assessment.verdicts)
        row["assess_rules"], row["assess_facts"] = sent[-1]
        del assessment
    row["parent_peak"] = peak_rss_kib()
    perspectives = scorecard.root.children
    del scorecard, measures, inputs, facts, durable, expected
    gc.collect()
    if size <= args.keys_max:
        row.update(measure_keys(size, args, runs, perspectives))
        row["keys_peak"] = peak_rss_kib()
    del perspectives
    gc.collect()
    return row


def time_cli(runs: int) -> dict:
    script = Path(sys.executable).parent / "malmotor"
    commands = {
        "cli": [str(script), "evaluate"],
        "import": [sys.executable, "-c", "import malmotor.cli"],
        "python": [sys.executable, "-c", "pass"],
    }
    figures = {"script": str(script)}
    for key, command in commands.items():
        times, code = [], 0
        for _ in range(runs):
            start = perf_counter()
            done = subprocess.run(command, capture_output=True, check=False, cwd=Path.cwd())
            times.append(perf_counter() - start)
            code = code or done.returncode
        figures[key], figures[key + "_all"], figures[key + "_code"] = min(times), times, code
    return figures


# --- Output -----------------------------------------------------------------------------------

def grouped(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def kib_to_mib(value: int) -> str:
    return f"{value / 1024:,.0f} MiB".replace(",", " ")


def print_table(rows: list[dict], compile_figures, cli, args) -> None:
    width = 48
    sizes = [row["size"] for row in rows]

    def line(label: str, cells) -> None:
        print(f"{label:<{width}}" + "".join(f"{cell:>17}" for cell in cells))

    def rate(row, key):
        return grouped(row["size"] / row[key]) if key in row else "–"

    def secs(row, key):
        return f"{row[key]:.3f}" if key in row else "–"

    line("indicators", [grouped(s) for s in sizes])
    line("measured values (two periods)", [grouped(r["measured_values"]) for r in rows])
    line("runs (best of)", [str(r["runs"]) for r in rows])
    line("generate scorecard + measures, s", [secs(r, "generate") for r in rows])
    line("gather_inputs (once), s", [secs(r, "gather") for r in rows])
    line("  absent parts of compound milestones", [grouped(r["absent_parts"]) for r in rows])
    line("  warnings (5 of a kind shown, then a count)", [grouped(r["warnings"]) for r in rows])
    print()
    line("durable: decide_with_durable, s", [secs(r, "durable") for r in rows])
    line("  indicators/s", [rate(r, "durable") for r in rows])
    line("  of which build_facts, s", [secs(r, "facts") for r in rows])
    line("  of which fire_isolated (worker), s", [secs(r, "worker") for r in rows])
    line("    engine.fire alone, in a child, s", [secs(r, "engine") for r in rows])
    line("    empty worker (fork, pipe, join), s", [secs(r, "empty_worker") for r in rows])
    line("reference: reference.decide, s", [secs(r, "reference") for r in rows])
    line("  indicators/s", [rate(r, "reference") for r in rows])
    line("ratio reference/durable (indicators/s)", [f"{r['durable'] / r['reference']:.1f}x" for r in rows])
    line("evaluate() full, durable + explanations, s", [secs(r, "evaluate") for r in rows])
    line("  indicators/s", [rate(r, "evaluate") for r in rows])
    line("  explanations (evaluate - gather - durable), s",
         [f"{r['evaluate'] - r['gather'] - r['durable']:.3f}" for r in rows])
    line("durable Host layer (same rules), in a child, s", [secs(r, "host") for r in rows])
    line("  indicators/s", [rate(r, "host") for r in rows])
    line("  Host time / engine.fire alone time",
         [f"{r['host'] / r['engine']:.1f}x" if "host" in r else "–" for r in rows])
    print()
    line("agree durable = reference", [f"{grouped(r['agree'])}/{grouped(r['total'])}" for r in rows])
    line("agree evaluate() = reference", [f"{grouped(r['evaluate_agree'])}/{grouped(r['total'])}" for r in rows])
    line("agree Host layer = reference",
         [f"{grouped(r['host_agree'])}/{grouped(r['total'])}" if "host" in r else "–" for r in rows])
    line("rules fired (of the ruleset's)",
         [f"{len(r['rules_fired'])}/{len(rulebook.RULES)}" for r in rows])
    print()
    line("worker peak RSS (EngineRun.peak_kib)", [kib_to_mib(r["worker_peak"]) for r in rows])
    line("  parent RSS when the worker forks", [kib_to_mib(r["rss_at_fork"]) for r in rows])
    line("  engine's own growth (peak - start, child)", [kib_to_mib(r["engine_growth"]) for r in rows])
    line("Host layer's own growth (peak - start)",
         [kib_to_mib(r["host_growth"]) if "host" in r else "–" for r in rows])
    line("benchmark process peak RSS (so far)", [kib_to_mib(r["parent_peak"]) for r in rows])
    print()
    if any("keys" in r for r in rows):
        def keyed(r, text):
            return text if "keys" in r else "–"

        groups = ", ".join(GENDER.groups)
        print(f"keys: the same scorecard with the dimension {GENDER.name} ({groups}) and values for both groups")
        line("same scorecard as above", [keyed(r, "yes" if r.get("keys_same_scorecard") else "NO") for r in rows])
        line("measured values (two periods, all rows)", [keyed(r, grouped(r.get("keys_values", 0))) for r in rows])
        line("keys (indicators + group rows)", [keyed(r, grouped(r.get("keys", 0))) for r in rows])
        line("  of which group rows", [keyed(r, " + ".join(grouped(r["keys_groups"][g]) for g in GENDER.groups))
                                       for r in rows])
        line("  keys per indicator", [keyed(r, f"{r.get('keys', 0) / r['size']:.2f}") for r in rows])
        line("rules sent to the worker, without / with groups",
             [f"{r['assess_rules']} / {r['keys_rules']}" if "keys" in r else "–" for r in rows])
        line("facts sent to the worker, without groups", [keyed(r, grouped(r.get("assess_facts", 0))) for r in rows])
        line("facts sent to the worker, with groups", [keyed(r, grouped(r.get("keys_facts", 0))) for r in rows])
        line("assess(), without groups, s", [secs(r, "assess") for r in rows])
        line("  keys/s", [grouped(r["assess_keys"] / r["assess"]) if "assess" in r else "–" for r in rows])
        line("assess(), with groups, s", [secs(r, "keys_assess") for r in rows])
        line("  keys/s", [grouped(r["keys"] / r["keys_assess"]) if "keys" in r else "–" for r in rows])
        line("  time with / time without groups",
             [f"{r['keys_assess'] / r['assess']:.2f}x" if "keys" in r else "–" for r in rows])
        line("  keys/s with / keys/s without groups",
             [f"{(r['keys'] / r['keys_assess']) / (r['assess_keys'] / r['assess']):.2f}x" if "keys" in r else "–"
              for r in rows])
        line("agree assess() with groups = reference",
             [f"{grouped(r['keys_agree'])}/{grouped(r['keys'])}" if "keys" in r else "–" for r in rows])
        line("rules fired (of the ruleset's)",
             [f"{len(r['keys_rules_fired'])}/{len(rulebook.RULES)}" if "keys" in r else "–" for r in rows])
        line("benchmark process peak RSS (so far)", [kib_to_mib(r["keys_peak"]) if "keys" in r else "–"
                                                     for r in rows])
        print()
    best, median, build = compile_figures
    print(f"compile: durable_rules_engine.create_ruleset, {len(rulebook.RULES)} rules: best {best * 1000:.2f} ms, "
          f"median {median * 1000:.2f} ms of {args.compile_repeats} (ruleset_definition + json.dumps: "
          f"{build * 1000:.2f} ms)")
    if cli:
        codes = {cli[k + "_code"] for k in ("cli", "import", "python")}
        print(f"seed CLI: {cli['script']} evaluate, wall time best of {args.cli_runs}: {cli['cli']:.3f} s "
              f"(all: {', '.join(f'{t:.2f}' for t in cli['cli_all'])}); "
              f"python -c 'import malmotor.cli': {cli['import']:.3f} s; python -c pass: {cli['python']:.3f} s"
              + ("" if codes == {0} else f"; EXIT CODES {sorted(codes)}"))
    print()
    for row in rows:
        for problem in row["phrase_problems"]:
            print("generator problem:", problem)
        for key, expected, got in row["mismatches"]:
            print(f"MISMATCH at {row['size']}: {key}: reference {expected}, durable {got}")
        if "keys" in row and row["keys_agree"] != row["keys"]:
            print(f"MISMATCH at {row['size']} with groups: {row['keys'] - row['keys_agree']} keys where assess() "
                  "and the reference differ")
        if "keys" in row and not row["keys_same_scorecard"]:
            print(f"at {row['size']}: the scorecard generated with groups differs from the one without")
        never = [rule.name for rule in rulebook.RULES if rule.name not in row["rules_fired"]]
        if never:
            print(f"at {grouped(row['size'])}: rules that never fired: {', '.join(never)}")
    floor_row = next((r for r in rows if r["size"] == FLOOR_SIZE), None)
    if floor_row:
        speed = FLOOR_SIZE / floor_row["durable"]
        print(f"floor: durable >= {grouped(FLOOR_RATE)} indicators/s at {grouped(FLOOR_SIZE)} indicators: "
              f"{grouped(speed)}/s -> {'met' if speed >= FLOOR_RATE else 'NOT met'} (runs: "
              + ", ".join(f"{t:.3f} s" for t in floor_row["durable_all"]) + ")")
    if cli:
        print(f"floor: seed CLI < {FLOOR_CLI:.0f} s wall time: {cli['cli']:.3f} s -> "
              f"{'met' if cli['cli'] < FLOOR_CLI else 'NOT met'}")


def cpu_jiffies() -> tuple[int, int]:
    """(all CPU time, stolen CPU time) since boot, from /proc/stat, in clock ticks."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    return sum(fields[:8]), fields[7]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000],
                        help="numbers of indicators (default: 1000 10000 100000)")
    parser.add_argument("--seed", type=int, default=2018, help="random seed of the generator (default: 2018)")
    parser.add_argument("--repeat", type=int, default=0,
                        help="runs per measurement, best is kept (default: 3 up to 10 000 indicators, else 1)")
    parser.add_argument("--host-max", type=int, default=100_000,
                        help="largest size also run through durable's Host layer (default: 100000; 0: never)")
    parser.add_argument("--keys-max", type=int, default=100_000,
                        help="largest size also assessed with the kön dimension and values for both groups "
                             "(default: 100000; 0: never)")
    parser.add_argument("--compile-repeats", type=int, default=50, help="create_ruleset calls timed (default: 50)")
    parser.add_argument("--cli-runs", type=int, default=5, help="runs of the seed CLI, best is kept (default: 5)")
    parser.add_argument("--no-cli", action="store_true", help="skip timing the seed CLI")
    parser.add_argument("--cpu", type=int, default=None,
                        help="pin the benchmark and its worker processes to this one CPU (default: no pinning)")
    args = parser.parse_args(argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})

    print(f"malmotor benchmark: Python {platform.python_version()} on {platform.platform()}, "
          f"{os.cpu_count()} CPUs (usable: {sorted(os.sched_getaffinity(0))}), seed {args.seed}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"started {time.strftime('%Y-%m-%d %H:%M:%S')}")
    print()
    total_before, steal_before = cpu_jiffies()
    compile_figures = compile_time(args.compile_repeats)
    rows = []
    for size in args.sizes:
        sys.stdout.flush()
        print(f"... {grouped(size)} indicators", file=sys.stderr, flush=True)
        rows.append(measure_size(size, args))
    cli = None if args.no_cli else time_cli(args.cli_runs)
    print_table(rows, compile_figures, cli, args)
    total_after, steal_after = cpu_jiffies()
    stolen = (steal_after - steal_before) / max(1, total_after - total_before)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"CPU time stolen by the hypervisor during the run: {stolen:.1%}")


if __name__ == "__main__":
    main()
