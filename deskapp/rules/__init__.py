"""The desk's rules as plain functions: no database, no Textual, no process-wide language.

Each module holds one section's arithmetic (docs/ names the rule it follows); services
wrap these in transactions, and screens may call them for a preview. Every function here
takes what it needs as values and returns values, so it is tested with exact figures and
nothing else running."""
