"""Measured values as written in the measures files, each remembering its file and line."""

from decimal import Decimal
from typing import Literal

from .period import Period
from ..diagnostics import Bilingual, where
from .frozen import Frozen


class KoladaRef(Frozen):
    """Where a value stands in an answer from Kolada's API: the KPI, the municipality (or region) or
    organisational unit, and the gender. The rule file says which indicator the KPI is (`kolada:`)
    and, in `enheter`, what the unit is called; until then the value is known by these ids."""

    kpi: str  # "N00945"
    unit_id: str  # "1860" (a municipality or region), "V15E144001301" (an organisational unit)
    unit_kind: Literal["municipality", "ou"] = "municipality"
    gender: Literal["T", "K", "M"] = "T"

    def describe(self) -> str:
        """`Kolada N00945, kommun/region 1860, kön K` (English: `…, municipality/region 1860, gender K`): for
        messages about the value."""
        kind, kind_en = ("kommun/region", "municipality/region") if self.unit_kind == "municipality" else \
            ("enhet", "unit")
        gender, gender_en = ("", "") if self.gender == "T" else (f", kön {self.gender}", f", gender {self.gender}")
        return Bilingual(f"Kolada {self.kpi}, {kind} {self.unit_id}{gender}",
                         f"Kolada {self.kpi}, {kind_en} {self.unit_id}{gender_en}")


class MeasuredValue(Frozen):
    """One value as written in a measures file, with where it was written.

    The group is kept as written (`K`, `kvinnor`); which dimension it belongs to and what it is
    called in the rule file are settled against the rule file, when the value is interpreted."""

    indicator: str
    period: Period
    text: str  # as written: "3,8 %", "genomförd", "saknas"
    part: str | None = None  # the part of a compound milestone
    dimension: str | None = None  # as written under the indicator (YAML); None in a CSV `grupp` column
    group: str | None = None  # as written: "kvinnor", "K", "VO Drift"
    org_unit: str | None = None  # "enhet": the organisational unit the value belongs to
    # A comparison value, not a measured one: the series it belongs to, as written (`medel` in `jämförelse:
    # {medel: 140 000 kr}` or in the CSV column `jämförelse`); None for the key's own value.
    comparison: str | None = None
    file: str  # for a spreadsheet the workbook and the sheet: "matvarden.xlsx:Blad1"
    line: int | None = None  # for a spreadsheet the row
    column: int | None = None  # 1-based; set where a file has no lines to speak of (a sheet, Kolada's JSON)
    # A number the file typed as a number (a JSON number, a numeric cell): the value itself, exactly, so
    # that `1.125` keeps its three decimals (`text`, the number written the Swedish way, is only shown).
    number: Decimal | None = None
    number_unit: str | None = None  # "%" for a cell formatted as a percentage
    kolada: KoladaRef | None = None  # for a value from Kolada: its ids as Kolada gives them

    @property
    def where(self) -> str:
        return where(self.file, self.line, self.column)


class Measures(Frozen):
    values: tuple[MeasuredValue, ...]

    def periods(self) -> list[Period]:
        """The periods with measured values (comparison values alone make no period to judge)."""
        return sorted({value.period for value in self.values if value.comparison is None})

    def org_units(self) -> list[str]:
        """The organisational units the measured values name, as first written (`nord` and `Nord` are one);
        a unit named only by comparison values is none."""
        units: dict[str, str] = {}
        for value in self.values:
            if value.org_unit is not None and value.comparison is None:
                units.setdefault(_unit_key(value.org_unit), value.org_unit)
        return sorted(units.values(), key=lambda unit: (unit.casefold(), unit))

    def for_org_unit(self, org_unit: str, aliases: dict[str, str] | None = None) -> "Measures":
        """Only the values of one unit, however its name is capitalised or spaced; `aliases` maps
        other names of a unit (its Kolada id) to the name asked for."""
        wanted = {_unit_key(org_unit)} | {_unit_key(alias) for alias, name in (aliases or {}).items()
                                          if _unit_key(name) == _unit_key(org_unit)}
        return Measures(values=tuple(value for value in self.values
                                     if value.org_unit is not None and _unit_key(value.org_unit) in wanted))


def _unit_key(name: str) -> str:
    return " ".join(name.split()).casefold()
