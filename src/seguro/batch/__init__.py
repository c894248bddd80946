"""seguro.batch: set-based jobs (monthly close, pension payroll, bulk loads).

Frames in, frames out: Polars for the arithmetic (through seguro.rules' column functions), one
engine interface (`engine`) for reading and writing PostgreSQL or SQLite. No Django app imports.
"""
