import { IConstruct } from 'constructs';
import { notBoolean } from '../errors';
import { isUnresolved } from './wire';

/** The stable prefix of every synth-time warning the constructs record. */
export const WARNING_PREFIX = '[cdktf-aws-enrollment]';

/** Booleans must really be booleans: "false" as a string would silently mean true in JavaScript. */
export function checkBoolean(property: string, value: unknown): void {
  if (value !== undefined && !isUnresolved(value) && typeof value !== 'boolean') throw notBoolean(property, value);
}

/**
 * A synth-time warning (same metadata type as cdktf's `Annotations.addWarning`, so `cdktf synth` prints it),
 * recorded without a stack trace: traces hold absolute paths of the machine that synthesized, which would
 * make cdktf.out/manifest.json differ from one checkout to the next.
 */
export function warn(scope: IConstruct, message: string): void {
  scope.node.addMetadata('@cdktf/warn', message);
}
