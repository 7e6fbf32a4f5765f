"""Reading files: rule files and measures (YAML, CSV) into the typed model, every mistake at file:line."""
