/**
 * What `adapter read <kind>` prints: one flat JSON object of strings (the `external` data source protocol),
 * with exactly the keys of the kind's descriptor (`result`), "" for values AWS did not return. Booleans are
 * "true"/"false", numbers decimal, timestamps ISO-8601 UTC, lists and objects JSON-encoded strings.
 */
import { KINDS, type ResourceKind } from './kinds';

/** The keys `adapter read <kind>` prints, in order (derived from the descriptors). */
export const READ_RESULT_FIELDS = Object.fromEntries(Object.entries(KINDS).map(([kind, d]) => [kind, Object.keys(d.result)])) as unknown as {
  readonly [K in ResourceKind]: readonly (keyof (typeof KINDS)[K]['result'] & string)[];
};
