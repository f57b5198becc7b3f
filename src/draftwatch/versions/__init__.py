"""Where texts come from: ingest (one module per format), the snapshot file format, the store,
git (the only GitPython home) and references. Imports only the model and errors."""
