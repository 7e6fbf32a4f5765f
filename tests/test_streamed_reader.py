"""The reader of many units' CSV files (scale/files.py) against the usual reader (load/measuresfile.py), on
files drawn at random: whatever it reads, it reads as the usual reader does (the same values, in each chunk in
the files' order, the same units counted); whatever the usual reader has a problem with, it leaves to it
(NotStreamable), but for a value given twice, which the chunks find as the usual reader does."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter

import pytest

import malmotor
from malmotor.model import MeasuredValue
from malmotor.load.measuresfile import read_measures
from malmotor.model.period import Period
from malmotor.scale import files as files_module
from malmotor.scale.files import MeasuresFiles, NotStreamable
from malmotor.scale.packing import unpack
from malmotor.scale.plan import plan_chunks
from malmotor.scale.units import _Layout

RULES = """\
malmotor: 1
styrkort: Slumpade filer
hierarki: [perspektiv, mål]
grupper:
  kön:
jämförelser:
  riket: riket
perspektiv:
  - namn: Medarbetare
    mål:
      - namn: Friska medarbetare
        indikatorer:
          - {id: sjuk, namn: Sjukfrånvaro, enhet: "%", riktning: lägre är bättre, mål: högst riket}
          - {id: plan, namn: Plan, mål: Genomförd}
"""

OPTIONAL = ("enhet", "grupp", "jämförelse", "kommentar", "del")
UNITS = ("Nord", "nord", "Syd", " Väst ", "Öst\u00a0by", "")


def _cell(draw: random.Random, text: str, delimiter: str, style: float) -> str:
    """`text` as a file may write it: padded, quoted, or as it is (`style`: how often not)."""
    kind = draw.random()
    if kind < style / 2:
        return f" {text}\t" if delimiter != "\t" else f" {text} "
    if kind < style:
        return '"' + text.replace('"', '""') + '"'
    return text


def _row(draw: random.Random, columns: list[str], delimiter: str, unit: str, style: float, faults: float) -> str:
    year = draw.choice(("2018", "2019", "2019", "T2 2019"))
    indicator = draw.choice(("sjuk", "sjuk", "plan"))
    value = draw.choice(("3,8 %", "4 %", "genomförd", "12", "påbörjad"))
    cells = {"indikator": indicator, "period": year, "värde": value, "enhet": unit,
             "grupp": draw.choice(("", "", "K", "M", "T")), "jämförelse": "riket" if draw.random() < 0.1 else "",
             "kommentar": draw.choice(("", "", "ok", "ok", "se; not", 'citat "så"') if style else ("", "ok")),
             "del": ""}
    fault = draw.random() / faults
    if fault < 1:
        cells["period"] = "förra året"
    elif fault < 2:
        cells["värde"] = ""
    elif fault < 3:
        cells["indikator"] = " "
    written = [_cell(draw, cells[name], delimiter, style) if delimiter not in cells[name] and '"' not in cells[name]
               else '"' + cells[name].replace('"', '""') + '"' for name in columns]
    line = delimiter.join(written)
    fault = draw.random() / faults
    if fault < 1:
        line += delimiter + "extra"
    elif fault < 2:
        line = line.rsplit(delimiter, 1)[0]
    elif fault < 3:
        line += '"'  # a quotation mark left open (or not: at the end of an unquoted cell it is a character)
    elif fault < 4 and "kommentar" in columns:
        line = line.replace(delimiter + "ok", delimiter + '"två\nrader"', 1)
    return line


def _file(draw: random.Random) -> bytes:
    delimiter = draw.choice((";", ";", "\t", ","))
    columns = ["indikator", "period", "värde"] + draw.sample(OPTIONAL, draw.randint(0, len(OPTIONAL)))
    draw.shuffle(columns)
    units = draw.sample(UNITS, 4)
    lines = [delimiter.join(columns) + delimiter * draw.choice((0, 0, 0, 1))]
    trailing = draw.random() < 0.1  # Excel's empty columns after the last on every row
    style, faults = draw.choice((0, 0, 0.1)), draw.choice((0.0002, 0.002, 0.01))
    for _ in range(draw.randint(1, 60)):
        unit = units[0] if draw.random() < 0.7 else draw.choice(units)  # runs of one unit, and changes
        if draw.random() < 0.03:
            lines.append(draw.choice(("", delimiter * (len(columns) - 1), "  ")))
        row = _row(draw, columns, delimiter, unit if "enhet" in columns else "", style, faults)
        lines.append(row + (delimiter if trailing else ""))
        if draw.random() < 0.1:
            units.append(units.pop(0))
    text = "\n".join(lines) + ("\n" if draw.random() < 0.9 else "")
    if draw.random() < 0.1:
        text = unicodedata.normalize("NFD", text)
    data = text.replace("\n", "\r\n") if draw.random() < 0.1 else text
    data = data.encode("utf-8")
    return (b"\xef\xbb\xbf" if draw.random() < 0.1 else b"") + data


def _streamed(scorecard, paths: list[str]):
    """The reader's counts, each chunk's values, and the values given twice that the chunks find."""
    files = MeasuresFiles(scorecard, paths)
    try:
        files.scan()
        period = files.periods[-1] if files.periods else Period.parse("2019")  # riket alone: no period of its own
        chunks = plan_chunks(files.directory, period, 7)
        files.spool(chunks)
        values, twice = [], set()
        for chunk in chunks:
            found, problems = unpack(files.packed(chunk), check_duplicates=True)
            assert all(problem.code == "dubbelt-värde" for problem in problems)
            values.append(found)
            twice.update(problems)
        return files, values, twice
    finally:
        files.close()


@pytest.mark.parametrize("block", [1 << 16, 40])
def test_random_files_are_read_as_the_usual_reader_reads_them_or_left_to_it(tmp_path, monkeypatch, block):
    monkeypatch.setattr(files_module, "_BLOCK", block)  # 40 bytes: rows cut at every block's edge
    rules = tmp_path / "regler.yaml"
    rules.write_text(RULES, encoding="utf-8")
    scorecard = malmotor.load_scorecard(rules)
    draw = random.Random(11)
    outcomes = Counter()
    for number in range(300):
        paths = []
        for each in range(draw.choice((1, 1, 2))):
            path = tmp_path / f"matvarden-{number}-{each}.csv"
            path.write_bytes(_file(draw))
            paths.append(str(path))
        measures, problems = read_measures(paths)
        duplicates = {problem for problem in problems if problem.code == "dubbelt-värde"}  # the chunks' to find
        problems = [problem for problem in problems if problem not in duplicates]
        try:
            files, chunks, twice = _streamed(scorecard, paths)
        except NotStreamable:
            outcomes["left", bool(problems)] += 1
            continue
        outcomes["read", bool(problems)] += 1
        assert not problems, (paths, problems)
        assert twice == duplicates
        place = {value: (paths.index(value.file), value.line) for value in measures.values}
        for values in chunks:  # the shared values (riket) first, then the chunk's own, each in the files' order
            shared = [value for value in values if value.comparison is not None and value.org_unit is None]
            assert values[:len(shared)] == shared
            assert values == sorted(shared, key=place.get) + sorted(values[len(shared):], key=place.get)
        for values in chunks:  # built without validation (model/trusted.py): validating them changes nothing
            for value in values:
                validated = MeasuredValue(**value.__dict__).__dict__
                assert validated == value.__dict__ and list(map(type, validated.values())) == \
                    list(map(type, value.__dict__.values()))
        once = {place[value]: value for values in chunks for value in values}  # the shared ones are in every chunk
        assert sorted(once.values(), key=place.get) == sorted(measures.values, key=place.get)
        layout = _Layout(scorecard, measures)
        assert files.directory.names == layout.directory.names
        assert +files.directory.counts == +layout.directory.counts
        assert files.periods == layout.periods
    assert outcomes["read", False] > 60 and outcomes["left", True] > 30, outcomes  # both ways, often
