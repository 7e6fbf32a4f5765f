"""`malmotor schema`: the rule file's JSON Schema, for editors (completion and live validation)."""

from __future__ import annotations

import click

from ..report.output import write_atomically
from ..schema import SchemaError, schema_text, shipped_schema_text
from .bilingual import BilingualCommand, English, language_option

SCHEMA_EN = English(
    help="""Write the JSON Schema (draft 2020-12) of the rule file's format, version 1.

    The schema is made from malmotor's own key lists and the key tables in docs/rule-format.md. Saved
    as malmotor-rules.v1.json it gives an editor (e.g. VS Code with the YAML extension) completion and
    checking while the rule file is written; see docs/rule-format.md, "Schema för editorn".

    \b
    Example:
      malmotor schema -o schema/malmotor-rules.v1.json
    """,
    options={"output": "Write the schema to FILE instead of the screen.",
             "lang": "Language of the help and the messages; the schema's descriptions are in Swedish."},
    metavars={"output": "FILE"},
)


@click.command("schema", cls=BilingualCommand, english=SCHEMA_EN, options_metavar="[FLAGGOR]")
@click.option("--output", "-o", metavar="FIL", help="Skriv schemat till FIL i stället för till skärmen.")
@language_option("Språk för hjälpen och meddelandena; schemats beskrivningar är på svenska.", expose_value=False)
def schema_command(output: str | None) -> None:
    """Skriv JSON-schemat (draft 2020-12) för regelfilens format, version 1.

    Schemat görs av malmotors egna nyckellistor och nyckeltabellerna i docs/rule-format.md. Sparat som
    malmotor-rules.v1.json ger det en editor (t.ex. VS Code med YAML-tillägget) förslag och kontroll medan
    regelfilen skrivs; se docs/rule-format.md, "Schema för editorn".

    \b
    Exempel:
      malmotor schema -o schema/malmotor-rules.v1.json
    """
    try:
        text = schema_text()
    except SchemaError:  # an installed copy, without docs/: the schema committed and shipped with it
        text = shipped_schema_text()
    if output and output != "-":
        write_atomically(output, text)
    else:
        click.echo(text, nl=False)
