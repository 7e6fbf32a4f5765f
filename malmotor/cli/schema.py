"""`malmotor schema`: the rule file's JSON Schema, for editors (completion and live validation)."""

from __future__ import annotations

import click

from ..report.output import write_atomically
from ..schema import SchemaError, schema_text, shipped_schema_text


@click.command("schema", options_metavar="[FLAGGOR]")
@click.option("--output", "-o", metavar="FIL", help="Skriv schemat till FIL i stället för till skärmen.")
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
