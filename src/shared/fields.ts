/**
 * Payload fields as data: each field's wire type, constraints, default and the construct property it comes
 * from. The kind descriptors (./kinds) are made of these; the codec (./payload) validates and converts with
 * them, so a field's rule and its message exist once for the constructs and the adapter alike.
 *
 * On the wire every value is a string (Terraform's `external` data source carries only strings, and the
 * destroy provisioner re-sends `self.input` as stored): booleans "true"/"false", integers decimal, lists
 * comma-separated.
 */
import { redactText } from './redact';

export type FieldSpec =
  | {
      readonly type: 'string';
      readonly pattern: RegExp;
      readonly maxLength: number;
      readonly describe: string;
      /** A value the pattern accepts: what synthesis checks in place of a reference (a token) given for a required field. */
      readonly example?: string;
    }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'boolean' }
  | { readonly type: 'integer'; readonly min: number; readonly max: number }
  | { readonly type: 'enumList'; readonly values: readonly string[] }
  /** A structured value carried as JSON text; `decode` validates it (throwing an Error that says why). */
  | { readonly type: 'json'; readonly maxLength: number; readonly describe: string; readonly decode: (text: string) => unknown };

export interface FieldDef {
  readonly spec: FieldSpec;
  /** Required for these verbs (a write kind's `status` is not needed to read). @default - optional */
  readonly requiredFor?: readonly ('read' | 'apply' | 'destroy')[];
  /** What an absent value means; the adapter and the plan review read absent fields as this. */
  readonly default?: string | number | boolean;
  /** The construct property the field comes from, when it is named differently (for messages). */
  readonly property?: string;
}

/** The TypeScript value of a decoded field. */
export type FieldValue<S extends FieldSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { type: 'integer' }
    ? number
    : S extends { type: 'enum'; values: readonly (infer V)[] }
      ? V
      : S extends { type: 'enumList'; values: readonly (infer V)[] }
        ? readonly V[]
        : S extends { type: 'json'; decode: (text: string) => infer T }
          ? T
          : string;

type Present<F> = F extends { requiredFor: readonly unknown[] } ? true : F extends { default: unknown } ? true : false;

/** Decoded fields: required ones and those with a default are always present. */
export type DecodedFields<F extends Record<string, FieldDef>> = {
  readonly [N in keyof F as Present<F[N]> extends true ? N : never]: FieldValue<F[N]['spec']>;
} & {
  readonly [N in keyof F as Present<F[N]> extends true ? never : N]?: FieldValue<F[N]['spec']>;
};

/** Bad input: the adapter exits 2 with this message; the constructs report it at synth time. */
export class PayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}

/** A value as messages show it: JSON, URL credentials redacted, cut at 80 characters. */
export function show(value: unknown): string {
  const text = redactText(JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `"a" or "b"`, `"a", "b" or "c"`. */
export function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return quoted.length <= 2 ? quoted.join(' or ') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** What a field accepts, in the words of its messages. */
export function allowedText(spec: FieldSpec): string {
  switch (spec.type) {
    case 'string':
      return spec.describe;
    case 'enum':
      return quoteList(spec.values);
    case 'boolean':
      return '"true" or "false"';
    case 'integer':
      return `a whole number from ${spec.min} to ${spec.max}`;
    case 'enumList':
      return `a comma-separated list of ${quoteList(spec.values)}`;
    case 'json':
      return spec.describe;
  }
}

/** Decodes one wire value (a string) or throws a {@link PayloadError} naming the field. */
export function decodeField(name: string, spec: FieldSpec, raw: string): unknown {
  const fail = () => new PayloadError(name, `\`${name}\` must be ${allowedText(spec)}, got ${show(raw)}`);
  switch (spec.type) {
    case 'string':
      if (raw.length > spec.maxLength || !spec.pattern.test(raw)) throw fail();
      return raw;
    case 'enum':
      if (!spec.values.includes(raw)) throw fail();
      return raw;
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw fail();
      return raw === 'true';
    case 'integer': {
      const n = /^-?[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < spec.min || n > spec.max) throw fail();
      return n;
    }
    case 'enumList': {
      const items = raw === '' ? [] : raw.split(',').map((s) => s.trim());
      if (items.some((item) => !spec.values.includes(item))) throw fail();
      return [...new Set(items)];
    }
    case 'json': {
      if (raw.length > spec.maxLength) throw new PayloadError(name, `\`${name}\` must be at most ${spec.maxLength} characters of JSON, got ${raw.length}`);
      try {
        return spec.decode(raw);
      } catch (err) {
        throw new PayloadError(name, `\`${name}\` must be ${spec.describe}: ${(err as Error).message}`);
      }
    }
  }
}

/** A decoded value in its wire form. */
export function encodeValue(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}
