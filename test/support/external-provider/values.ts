/**
 * Terraform values on the wire (DynamicValue): MessagePack preferred, JSON as the fallback Terraform may use.
 *
 * Unknown values arrive as MessagePack extension values (code 0, or 12 with refinements). Any extension
 * code means "unknown" and its payload is ignored, so a newer Terraform adding codes cannot break us.
 */
import { ExtData, decode, encode } from '@msgpack/msgpack';

/** Marker for a value Terraform will only know during apply. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export type TfValue = null | string | number | boolean | Unknown | TfValue[] | { [key: string]: TfValue };

export interface DynamicValueMessage {
  msgpack?: Buffer | Uint8Array | null;
  json?: Buffer | Uint8Array | null;
}

function fromMsgpack(raw: unknown): TfValue {
  if (raw instanceof ExtData) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (Array.isArray(raw)) return raw.map(fromMsgpack);
  if (raw instanceof Uint8Array) {
    // Only "dynamic" attributes carry binary (their type, as JSON); the external data source has none.
    return Buffer.from(raw).toString('utf8');
  }
  if (raw instanceof Map) {
    const out: Record<string, TfValue> = {};
    for (const [k, v] of raw) out[String(k)] = fromMsgpack(v);
    return out;
  }
  if (typeof raw === 'object') {
    const out: Record<string, TfValue> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = fromMsgpack(v);
    return out;
  }
  throw new Error(`unsupported MessagePack value of type ${typeof raw}`);
}

/** Decodes a DynamicValue; an empty message (neither encoding) is a null value. */
export function decodeDynamicValue(value: DynamicValueMessage | null | undefined): TfValue {
  if (value?.msgpack && value.msgpack.length > 0) return fromMsgpack(decode(value.msgpack));
  if (value?.json && value.json.length > 0) return JSON.parse(Buffer.from(value.json).toString('utf8')) as TfValue;
  return null;
}

/** Encodes a wholly known value as MessagePack, the encoding Terraform accepts in every response. */
export function encodeDynamicValue(value: TfValue): { msgpack: Buffer } {
  const check = (v: TfValue): void => {
    if (v === UNKNOWN) throw new Error('refusing to encode an unknown value in a response that must be wholly known');
    if (Array.isArray(v)) v.forEach(check);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(check);
  };
  check(value);
  return { msgpack: Buffer.from(encode(value)) };
}

export function isKnown(value: TfValue): boolean {
  if (value === UNKNOWN) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isKnown);
  return true;
}
