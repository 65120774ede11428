import { IResolvable, Token } from 'cdktf';
import { AdapterRead } from './external';
import { expression } from './references';

/**
 * Typed views of `adapter read` results. The adapter prints "" for values AWS did not return, so numbers,
 * booleans and lists become null instead of failing tonumber()/tobool()/jsondecode() at plan time.
 */
export function numberResult(read: AdapterRead, key: string): number {
  const raw = read.result(key);
  return Token.asNumber(expression(`\${${raw} == "" ? null : tonumber(${raw})}`));
}

export function booleanResult(read: AdapterRead, key: string): IResolvable {
  const raw = read.result(key);
  return expression(`\${${raw} == "" ? null : tobool(${raw})}`);
}

export function jsonResult(read: AdapterRead, key: string): IResolvable {
  const raw = read.result(key);
  return expression(`\${${raw} == "" ? null : jsondecode(${raw})}`);
}
