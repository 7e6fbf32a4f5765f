"""The default legend (teckenförklaring) and the Swedish names rule files use for its entries.

Defaults follow the seed report: `■` uppfyllt and `●` delvis uppfyllt; `▲` and `–` are
distinct shapes so that colour is never the only signal; arrows `↑ → ↓`.
"""

from __future__ import annotations

from ..model import Legend, LegendEntry, Level, Reason, Trend

LEVEL_KEYS = {
    "uppfyllt": Level.FULFILLED,
    "delvis uppfyllt": Level.PARTLY,
    "ej uppfyllt": Level.NOT_FULFILLED,
    "ej bedömt": Level.NOT_ASSESSED,
}
TREND_KEYS = {
    "förbättring": Trend.IMPROVED,
    "oförändrat": Trend.UNCHANGED,
    "försämring": Trend.WORSENED,
    "ökat": Trend.INCREASED,
    "minskat": Trend.DECREASED,
}
REASON_KEYS = {
    "saknar värde": Reason.NO_VALUE,
    "nytt mått": Reason.NEW_MEASURE,
    "kan inte mätas": Reason.NOT_MEASURABLE,
    "saknar jämförelsevärde": Reason.NO_COMPARISON,
    "inget mål": Reason.NO_TARGET,
    "bedöms manuellt": Reason.MANUAL,
    "inga bedömda": Reason.NO_ASSESSED_CHILDREN,
}

DEFAULT_LEGEND = Legend(
    levels={
        Level.FULFILLED: LegendEntry(text="uppfyllt", text_en="fulfilled", symbol="■", colour="grön",
                                     forecast="bedöms uppfyllas", forecast_en="expected to be met"),
        Level.PARTLY: LegendEntry(text="delvis uppfyllt", text_en="partly fulfilled", symbol="●", colour="gul",
                                  forecast="bedöms delvis uppfyllas", forecast_en="expected to be partly met"),
        Level.NOT_FULFILLED: LegendEntry(text="ej uppfyllt", text_en="not fulfilled", symbol="▲", colour="röd",
                                         forecast="bedöms inte uppfyllas", forecast_en="not expected to be met"),
        Level.NOT_ASSESSED: LegendEntry(text="ej bedömt", text_en="not assessed", symbol="–", colour="grå"),
    },
    trends={
        Trend.IMPROVED: LegendEntry(text="förbättring", text_en="improved", symbol="↑", colour="grön"),
        Trend.UNCHANGED: LegendEntry(text="oförändrat", text_en="unchanged", symbol="→", colour="gul"),
        Trend.WORSENED: LegendEntry(text="försämring", text_en="worsened", symbol="↓", colour="röd"),
        # The raw direction of an indicator without target and riktning: other shapes, no colour of judgement.
        Trend.INCREASED: LegendEntry(text="ökat", text_en="increased", symbol="↗", colour="grå"),
        Trend.DECREASED: LegendEntry(text="minskat", text_en="decreased", symbol="↘", colour="grå"),
    },
    reasons={
        Reason.NO_VALUE: LegendEntry(text="saknar värde", text_en="no value", symbol=""),
        Reason.NEW_MEASURE: LegendEntry(text="nytt mått", text_en="new measure", symbol=""),
        Reason.NOT_MEASURABLE: LegendEntry(text="kan inte mätas", text_en="cannot be measured", symbol=""),
        Reason.NO_COMPARISON: LegendEntry(text="saknar jämförelsevärde", text_en="no comparison value",
                                          symbol=""),
        Reason.NO_TARGET: LegendEntry(text="inget mål", text_en="no target", symbol=""),
        Reason.MANUAL: LegendEntry(text="bedöms manuellt", text_en="assessed manually", symbol=""),
        Reason.NO_ASSESSED_CHILDREN: LegendEntry(text="inga bedömda", text_en="none assessed", symbol=""),
    },
)
