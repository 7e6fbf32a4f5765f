"""A national-comparison-sized case: one KPI set applied to many units, per gender, as files on disk.

    python benchmarks/many_units.py OUT_DIR --keys 100000          # rules.yaml, matvarden-2017.csv, matvarden-2018.csv

Writes a rule file of `INDICATORS` KPIs (thresholds with delvis, Öka/Minska, Ingen ökning, a milestone,
a gap between women and men, `sammanvägning` so that every unit gets roll-up rows and summaries) and
one CSV file per year with a value for every indicator, unit and gender: three keys (the indicator's
own row, kvinnor, män) per indicator and unit, so `--keys 1000000` gives about 16 700 units. The values
are drawn from a fixed seed: the same arguments give byte-identical files. `tests/test_scale.py` uses the
same generator at a small size; `docs/scaling.md` the figures measured with it.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

RULES = """\
malmotor: 1
styrkort: Nationell jämförelse
grupper:
  kön:
hierarki: [perspektiv, mål]
sammanvägning: majoritet
perspektiv:
  - namn: Medarbetare
    mål:
      - namn: Friska medarbetare
        indikatorer:
          - {{id: sjukfranvaro, namn: Sjukfrånvaro, enhet: "%", riktning: lägre är bättre, mål: högst 6 %,
             delvis: högst 7 %, skillnad mellan kvinnor och män: högst 2 procentenheter}}
          - {{id: langtidssjuka, namn: Långtidssjukskrivna, enhet: "%", riktning: lägre är bättre, mål: Minska}}
          - {{id: personalomsattning, namn: Personalomsättning, enhet: "%", riktning: lägre är bättre,
             mål: Ingen ökning}}
      - namn: Kompetens
        indikatorer:
          - {{id: utbildade, namn: Andel utbildad personal, enhet: "%", mål: minst 80 %, delvis: minst 70 %}}
          - {{id: kompetensplan, namn: Kompetensförsörjningsplan, mål: Genomförd}}
  - namn: Verksamhet
    mål:
      - namn: God service
        indikatorer:
{service}
  - namn: Ekonomi
    mål:
      - namn: Ekonomi i balans
        indikatorer:
          - {{id: resultat, namn: Resultat före extraordinära poster, enhet: "%", mål: minst 2 %,
             delvis: minst 0 %, decimaler: 1}}
          - {{id: kostnad, namn: Nettokostnadsavvikelse, enhet: "%", riktning: lägre är bättre, mål: Minska}}
"""
SERVICE = ("          - {{id: {id}, namn: {name}, enhet: \"%\", mål: minst {target} %, delvis: minst {partial} %,"
           " värdeområde: 0–100}}")
SERVICE_COUNT = 13  # with the 7 above: 20 indicators
INDICATORS = 7 + SERVICE_COUNT
KEYS_PER_UNIT = 3 * INDICATORS  # totalt, kvinnor, män
GROUPS = (("", 0.0), ("K", 0.6), ("M", -0.6))  # the group column and its offset from the total
HEADER = "indikator;period;enhet;grupp;värde\n"
STATUSES = ("ej påbörjad", "påbörjad", "delvis genomförd", "genomförd")


def service_ids() -> list[str]:
    return [f"tjanst{number:02d}" for number in range(1, SERVICE_COUNT + 1)]


def rules_text() -> str:
    lines = [SERVICE.format(id=ident, name=f"Nöjdhet med tjänst {number}", target=70 + number, partial=60 + number)
             for number, ident in enumerate(service_ids(), start=1)]
    return RULES.format(service="\n".join(lines))


SYLLABLES = ("al", "by", "dal", "e", "fors", "gå", "hol", "in", "ja", "kö", "lun", "ma", "nor", "o", "pi", "rå",
             "sta", "tun", "u", "va", "ys", "ös", "ham", "ber", "vik", "sund", "ne", "ri", "sö", "ång")


def unit_name(number: int) -> str:
    """`Ösbergby 12`: names that look like names (a few per hundred look alike, as real ones do) and that
    never repeat; the number keeps them unique past the syllables' combinations."""
    a, b, c = number % 30, number // 30 % 30, number // 900 % 30
    return f"{SYLLABLES[a]}{SYLLABLES[b]}{SYLLABLES[c]}".capitalize() + f" {number}"


def units_for(keys: int) -> int:
    """How many units give about `keys` keys (at least one)."""
    return max(1, round(keys / KEYS_PER_UNIT))


def _percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


def rows_for(unit: str, year: int, draw: random.Random) -> list[str]:
    """One year's values of one unit: every indicator, for the total and both genders."""
    rows = []
    numeric = [("sjukfranvaro", 6.0, 1.5), ("langtidssjuka", 2.5, 0.8), ("personalomsattning", 9.0, 2.0),
               ("utbildade", 78.0, 8.0), ("resultat", 1.5, 2.0), ("kostnad", 0.0, 3.0)]
    numeric += [(ident, 70.0 + number, 10.0) for number, ident in enumerate(service_ids(), start=1)]
    for ident, centre, spread in numeric:
        total = round(draw.gauss(centre, spread), 1)
        if ident in ("utbildade",) or ident.startswith("tjanst"):
            total = min(100.0, max(0.0, total))
        for group, offset in GROUPS:
            value = total + offset if ident != "resultat" else total
            if ident in ("utbildade",) or ident.startswith("tjanst"):
                value = min(100.0, max(0.0, value))
            text = "saknas" if draw.random() < 0.02 else _percent(value)
            rows.append(f"{ident};{year};{unit};{group};{text}\n")
    status = STATUSES[draw.randrange(len(STATUSES))]
    for group, _ in GROUPS:
        rows.append(f"kompetensplan;{year};{unit};{group};{status}\n")
    return rows


def write_case(folder: Path, keys: int, seed: int = 2018,
               years: tuple[int, ...] = (2017, 2018)) -> tuple[Path, list[Path]]:
    """The rule file and one measures file per year in `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rules = folder / "regler.yaml"
    rules.write_text(rules_text(), encoding="utf-8")
    paths = []
    for year in years:
        draw = random.Random(f"{seed}-{year}")
        path = folder / f"matvarden-{year}.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            stream.write(HEADER)
            for number in range(1, units_for(keys) + 1):
                stream.writelines(rows_for(unit_name(number), year, draw))
        paths.append(path)
    return rules, paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--keys", type=int, default=100_000, help="about how many keys (default 100 000)")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    rules, paths = write_case(args.folder, args.keys, args.seed)
    print(rules, *paths, f"({units_for(args.keys)} units, {units_for(args.keys) * KEYS_PER_UNIT} keys)")


if __name__ == "__main__":
    main()
