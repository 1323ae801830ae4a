"""The integration manifest: YAML loaded with positions, validated (schema + semantics), parsed to dataclasses."""
