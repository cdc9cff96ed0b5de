"""'Var denne side nyttig?': citizens' answers per page and language, the editors' report and the SDG export."""
