"""Reading blueprint files: YAML with positions, the schema, building the model, canonical formatting."""
