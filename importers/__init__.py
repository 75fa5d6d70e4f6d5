"""Importers: one module per source format, each turning a published document into `ParsedList` records.

An importer knows nothing of the database or of gRPC: it reads a document and returns plain records
(see `importers.records`). The store writes them; the crosswalk and the service read them back.
"""
