"""The report's sections, in the seeds' order. Each is a function of the scope that queries the
operational data (registry, ledger, claims, attentions, budget...) and returns a Section."""
