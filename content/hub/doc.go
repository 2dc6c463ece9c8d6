// Package hub is where institutions keep their innovation records valid and current: the institutions registry, accounts, sessions and API tokens, one authorization policy, the record workflow (draft, submitted, verified, returned), staleness and the append-only audit log.
package hub
