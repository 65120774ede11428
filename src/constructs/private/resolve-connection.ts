import type { IConstruct } from 'constructs';
import { CONNECTION_FIELD_NAMES } from '../../shared';
import { EnrollmentDefaults, type EnrollmentConnection } from '../connection';
import { Messages, ValidationError } from '../errors';

/**
 * The connection a construct uses (its own props over the scope's defaults), as payload fields, and the
 * scope's drift default. Throws when no region is given anywhere.
 */
export function resolveConnection(scope: IConstruct, own: EnrollmentConnection): { connection: EnrollmentConnection; detectDrift?: boolean } {
  const defaults = EnrollmentDefaults.of(scope);
  const connection: Record<string, string> = {};
  for (const key of CONNECTION_FIELD_NAMES) {
    const value = own[key] ?? defaults[key];
    if (value !== undefined) connection[key] = value;
  }
  if (connection.region === undefined) throw new ValidationError(scope.node.path, 'region', Messages.missingRegion());
  return { connection: connection as unknown as EnrollmentConnection, detectDrift: defaults.detectDrift };
}
