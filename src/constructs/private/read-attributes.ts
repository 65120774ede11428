import { Fn, IResolvable, Op, Token } from 'cdktf';
import type { ReadPart } from './external';

/**
 * Typed views of `adapter read` results, built from cdktf's own expressions so they compose with `Fn.*`,
 * `TerraformIterator`, locals, outputs and other resources' arguments like any attribute. The adapter prints
 * "" for values AWS did not return, so numbers, booleans and lists become null instead of failing
 * tonumber()/tobool()/jsondecode() at plan time.
 */
function orNull(read: ReadPart, key: string, convert: (raw: IResolvable) => IResolvable): IResolvable {
  const raw = read.resultReference(key);
  // "" on the left: cdktf renders an empty right-hand operand as `undefined`.
  return Fn.conditional(Op.eq('', raw), Token.nullValue(), convert(raw));
}

export function numberResult(read: ReadPart, key: string): number {
  return Token.asNumber(orNull(read, key, (raw) => Fn.tonumber(raw) as unknown as IResolvable));
}

export function booleanResult(read: ReadPart, key: string): IResolvable {
  return orNull(read, key, (raw) => Fn.tobool(raw) as unknown as IResolvable);
}

export function jsonResult(read: ReadPart, key: string): IResolvable {
  return orNull(read, key, (raw) => Fn.jsondecode(Token.asString(raw)) as IResolvable);
}
