"""What a rule file says about periods shorter than the year: forecast wording (`under året: prognos`), no
delvis at a year-end (`delvis vid årsbokslut: nej`), and an indicator's interim target (`delårsmål`)."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from ..diagnostics import Bilingual, suggestion
from ..model import InterimTargets, Target, ThresholdTarget
from ..model.period import Period, PeriodError, PeriodKind
from .sections import Problems, Section
from .targets import PhraseError, parse_target

DURING_YEAR_KEY = "under året"
YEAR_END_PARTIAL_KEY = "delvis vid årsbokslut"
INTERIM_TARGET_KEY = "delårsmål"
PRORATED = "proportionellt"
_DURING_YEAR = {"prognos": True, "utfall": False}
_YES_NO = {"ja": True, "nej": False}
_ANY_YEAR = 2000  # a period written without its year ("T1") is read in this year, then only its kind and number count


def read_during_year(top: Section, problems: Problems) -> bool:
    """`under året: prognos`: interim periods speak in forecasts; `utfall` (the default): in outcomes."""
    return _choice(top, DURING_YEAR_KEY, _DURING_YEAR, False, problems)


def read_partial_at_year_end(top: Section, problems: Problems) -> bool:
    """`delvis vid årsbokslut: nej`: at a year-end no verdict is delvis uppfyllt (it is ej uppfyllt)."""
    return _choice(top, YEAR_END_PARTIAL_KEY, _YES_NO, True, problems)


def _choice(top: Section, key: str, choices: dict[str, bool], default: bool, problems: Problems) -> bool:
    written = top.text(key, required=False)
    if written is None:
        return default
    value = choices.get(" ".join(written.split()).casefold())
    if value is None:
        line, column = top.position_of(key)
        forms = [f"'{key}: {choice}'" for choice in choices]
        problems.add(line, Bilingual(f"'{key}: {written}' känns inte igen.", f"'{key}: {written}' is not recognised."),
                     suggestion(written, list(choices)) + Bilingual("Skriv " + " eller ".join(forms) + ".",
                                                                    "Write " + " or ".join(forms) + "."),
                     code="fel-delår", column=column)
        return default
    return value


def period_key(period: Period) -> str:
    """A period without its year, whatever the year: "tertial 1", "delår 8", "månad 8"."""
    return f"{period.kind.value} {period.number}"


def read_interim_targets(section: Section, target: Target | None, unit: str | None, scale: tuple[str, ...],
                         series: tuple[str, ...], problems: Problems) -> InterimTargets | None:
    """`delårsmål: proportionellt`, or `delårsmål: {T1: minst 300 st, delår augusti: minst 800 st}`."""
    if not section.has(INTERIM_TARGET_KEY) or target is None:
        return None
    value, (line, column) = section.node[INTERIM_TARGET_KEY], section.position_of(INTERIM_TARGET_KEY)
    if not isinstance(value, CommentedMap):
        written = section.text(INTERIM_TARGET_KEY)
        if written is None:
            return None
        if " ".join(written.split()).casefold() != PRORATED:
            per_period = f"'{INTERIM_TARGET_KEY}: {{T1: minst 300 st, T2: minst 700 st}}'"
            problems.add(line, Bilingual(f"'{INTERIM_TARGET_KEY}: {written}' känns inte igen.",
                                         f"'{INTERIM_TARGET_KEY}: {written}' is not recognised."),
                         Bilingual(f"Skriv '{INTERIM_TARGET_KEY}: {PRORATED}', eller ett mål per period: {per_period}.",
                                   f"Write '{INTERIM_TARGET_KEY}: {PRORATED}', or one target per period: {per_period}."),
                         code="fel-delårsmål", column=column)
            return None
        if not isinstance(target, ThresholdTarget) or target.average is not None:
            problems.add(line, Bilingual(
                f"'{INTERIM_TARGET_KEY}: {PRORATED}' går bara för ett gränsvärde ('minst 1 200 besök').",
                f"'{INTERIM_TARGET_KEY}: {PRORATED}' works only for a threshold ('minst 1 200 besök')."),
                Bilingual("Ett mål som 'Öka' eller '80 %' delas inte upp över året; skriv ett mål per period i "
                          "stället.",
                          "A target such as 'Öka' or '80 %' is not split over the year; write one target per period "
                          "instead."),
                code="fel-delårsmål", column=column)
            return None
        return InterimTargets(prorated=True)
    periods = Section(value, Bilingual(f"'{INTERIM_TARGET_KEY}'"), None, problems, line, column)
    stated: dict[str, Target] = {}
    for written_period, phrase in periods.node.items():
        at, col = periods.position_of(written_period)
        try:
            period = Period.parse(f"{written_period} {_ANY_YEAR}")
        except PeriodError as exc:
            problems.add(at, Bilingual(f"'{written_period}' är ingen period under året.",
                                       f"'{written_period}' is not a period within the year."),
                         Bilingual("Skriv perioden utan år: T1, T2, delår augusti, kv 1, halvår 1, augusti …",
                                   "Write the period without its year: 'T1', 'T2', 'delår augusti', 'kv 1', "
                                   "'halvår 1', 'augusti' …"),
                         code="fel-delårsmål", column=col)
            continue
        if period.kind is PeriodKind.YEAR:
            problems.add(at, Bilingual(f"'{written_period}' är hela året; det målet står i 'mål'.",
                                       f"'{written_period}' is the whole year; that target is written in 'mål'."),
                         Bilingual("Skriv perioder under året: T1, T2, delår augusti, kv 1 …",
                                   "Write periods within the year: 'T1', 'T2', 'delår augusti', 'kv 1' …"),
                         code="fel-delårsmål", column=col)
            continue
        text = periods.text(written_period)
        if text is None:
            continue
        try:
            stated[period_key(period)] = parse_target(text, scale, unit, series)
        except PhraseError as exc:
            problems.add(at, exc.message, exc.hint, code=exc.code, column=col, details=exc.details)
    return InterimTargets(stated=stated) if stated else None
