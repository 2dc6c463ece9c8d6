// Package hub is where institutions keep their innovation records valid and current: the institutions registry, accounts, sessions and API tokens, one authorization policy, the record workflow (draft, submitted, verified, returned), staleness, the append-only audit log, import batches with per-field provenance, and the merge queue of duplicates across sources.
package hub
