import type { IConstruct } from 'constructs';
import { Messages, ValidationError, pathOf } from '../errors';
import { isUnresolved } from './validate';

/** The stable prefix of every synth-time warning the constructs record. */
export const WARNING_PREFIX = '[cdktf-aws-enrollment]';

/** Booleans must really be booleans: "false" as a string would silently mean true in JavaScript. */
export function checkBoolean(scope: IConstruct, property: string, value: unknown, id?: string): void {
  if (value !== undefined && !isUnresolved(value) && typeof value !== 'boolean') {
    throw new ValidationError(pathOf(scope, id), property, Messages.notBoolean(property, value));
  }
}

/**
 * A synth-time warning naming the construct (same metadata type as cdktf's `Annotations.addWarning`, so
 * `cdktf synth` prints it), recorded without a stack trace: traces hold absolute paths of the machine that
 * synthesized, which would make cdktf.out/manifest.json differ from one checkout to the next.
 */
export function warn(scope: IConstruct, message: string): void {
  scope.node.addMetadata('@cdktf/warn', `${WARNING_PREFIX} ${scope.node.path}: ${message}`);
}
