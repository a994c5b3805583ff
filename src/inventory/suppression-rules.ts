/** A policy rule id: upper-case prefix, dash, three digits (`POWER-002`). Packs declare them, suppressions name them. */
export const RULE_ID = /^[A-Z][A-Z0-9]*-\d{3}$/;

/** Shortest reason a suppression may give, as in cdk-nag. */
export const MIN_REASON_LENGTH = 10;
