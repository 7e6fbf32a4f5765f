"""Many units: one rule file applied to every unit of the measures, chunk by chunk, on every core or a cluster.

A national comparison applies one KPI set to hundreds of municipalities; a region follows up one scorecard
for every unit every month. The whole chain (interpret the values, facts, durable, verdicts, sentences, and
for the command line the output's text) runs per chunk of units in worker processes, and the results come
back in the run's order of units whatever order the chunks finish in (docs/scaling.md):

* `plan`: the units of a run, in the order of the results, and how they are divided into chunks;
* `packing`: measured values as small tuples, so that what goes to a worker stays small;
* `chunk`: what a worker does with one chunk;
* `driver`: chunks to an executor and back in order, a crash or a hang made a clear EngineError;
* `executors`: the local process pool, and a Dask cluster (`dask:ADDRESS`);
* `units`: the library's `evaluate_units`, an iterator of one result per unit;
* `files`: the measures files of the command line read piece by piece, never all values at once;
* `sink`: the command line's output written unit by unit, to a file whole or not at all.
"""

from .units import UnitResults, evaluate_units

__all__ = ["UnitResults", "evaluate_units"]
