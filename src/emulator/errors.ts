/**
 * AWS error codes the emulator can answer with, one class per code. The HTTP status comes from the service
 * models (../shared/aws-models): the three services disagree (Cost Optimization Hub declares no
 * `httpStatusCode` at all, so Smithy's default applies: 400 for client errors, 500 for faults).
 */
import type { ServiceKey } from '../shared/enums';

/** The services the emulator serves: the three we manage, and the two that tell the adapter who it is. */
export type EmulatedService = ServiceKey | 'organizations' | 'sts';

/** Status per service; `default` covers errors the AWS front door raises before any service sees the call. */
type StatusTable = Partial<Record<EmulatedService, number>> & { default: number };

export abstract class AwsError extends Error {
  abstract readonly code: string;
  protected abstract readonly statuses: StatusTable;
  /** Extra members of the error body (Cost Optimization Hub's `reason` and `fields`). */
  readonly extra: Record<string, unknown> = {};

  statusFor(service: EmulatedService | undefined): number {
    return (service !== undefined ? this.statuses[service] : undefined) ?? this.statuses.default;
  }
}

// Front-door errors: AWS answers these before routing, with the same shape for every JSON service.
export class MissingAuthenticationToken extends AwsError {
  readonly code = 'MissingAuthenticationToken';
  protected readonly statuses = { default: 403 };
  constructor(message = 'Missing Authentication Token') {
    super(message);
  }
}
export class UnrecognizedClientException extends AwsError {
  readonly code = 'UnrecognizedClientException';
  protected readonly statuses = { default: 400 };
  constructor(message = 'The security token included in the request is invalid.') {
    super(message);
  }
}
/** Temporary credentials past their expiration (STS's Query protocol calls it `ExpiredToken`). */
export class ExpiredTokenException extends AwsError {
  readonly code = 'ExpiredTokenException';
  protected readonly statuses = { default: 400 };
  constructor(message = 'The security token included in the request is expired') {
    super(message);
  }
}
export class InvalidSignatureException extends AwsError {
  readonly code = 'InvalidSignatureException';
  protected readonly statuses = { default: 400 };
}
export class IncompleteSignatureException extends AwsError {
  readonly code = 'IncompleteSignatureException';
  protected readonly statuses = { default: 400 };
}
export class UnknownOperationException extends AwsError {
  readonly code = 'UnknownOperationException';
  protected readonly statuses = { default: 400 };
}
export class SerializationException extends AwsError {
  readonly code = 'SerializationException';
  protected readonly statuses = { default: 400 };
}
export class RequestEntityTooLargeException extends AwsError {
  readonly code = 'RequestEntityTooLargeException';
  protected readonly statuses = { default: 413 };
}
/** Headers over Node's limit (16 KiB). AWS's front door answers such requests without a JSON body; ours has one. */
export class RequestHeaderFieldsTooLargeException extends AwsError {
  readonly code = 'RequestHeaderFieldsTooLargeException';
  protected readonly statuses = { default: 431 };
}
/** A request whose headers or body did not arrive in time. */
export class RequestTimeoutException extends AwsError {
  readonly code = 'RequestTimeoutException';
  protected readonly statuses = { default: 408 };
}

// Service errors (statuses from each model's `error.httpStatusCode`).
export class InvalidParameterValueException extends AwsError {
  readonly code = 'InvalidParameterValueException';
  protected readonly statuses = { default: 400 };
}
export class AccessDeniedException extends AwsError {
  readonly code = 'AccessDeniedException';
  // Organizations' model gives no status either: Smithy's default, 400.
  protected readonly statuses = { default: 403, costOptimizationHub: 400, organizations: 400 };
}
export class OptInRequiredException extends AwsError {
  readonly code = 'OptInRequiredException';
  protected readonly statuses = { default: 403 };
}
export class ThrottlingException extends AwsError {
  readonly code = 'ThrottlingException';
  // Cost Optimization Hub's model gives no status (Smithy's default would be 400); the issue and every
  // other AWS JSON service throttle with 429, which the SDKs also treat as a throttle by status alone.
  protected readonly statuses = { default: 429 };
  constructor(message = 'Rate exceeded') {
    super(message);
  }
}
export class InternalServerException extends AwsError {
  readonly code = 'InternalServerException';
  protected readonly statuses = { default: 500 };
  constructor(message = 'An internal error has occurred. Try your call again.') {
    super(message);
  }
}
export class ServiceUnavailableException extends AwsError {
  readonly code = 'ServiceUnavailableException';
  protected readonly statuses = { default: 503 };
  constructor(message = 'The service is temporarily unavailable. Try your call again.') {
    super(message);
  }
}
export class IdempotentParameterMismatchException extends AwsError {
  readonly code = 'IdempotentParameterMismatchException';
  protected readonly statuses = { default: 409 };
}
export class NotManagementAccountException extends AwsError {
  readonly code = 'NotManagementAccountException';
  protected readonly statuses = { default: 400 };
}
export class ForbiddenException extends AwsError {
  readonly code = 'ForbiddenException';
  protected readonly statuses = { default: 403 };
}

export class ResourceNotFoundException extends AwsError {
  readonly code = 'ResourceNotFoundException';
  protected readonly statuses = { default: 404 };
}
/** Automation's model gives it HTTP 402. */
export class ServiceQuotaExceededException extends AwsError {
  readonly code = 'ServiceQuotaExceededException';
  protected readonly statuses = { default: 402 };
}

/** Organizations: the caller's account belongs to no organisation. */
export class AWSOrganizationsNotInUseException extends AwsError {
  readonly code = 'AWSOrganizationsNotInUseException';
  protected readonly statuses = { default: 400 };
  constructor(message = "Your account is not a member of an organization.") {
    super(message);
  }
}

/**
 * An error named by the service that raises it, with the status it sends: STS's `AccessDenied`,
 * `ValidationError`, `InvalidAction`; Organizations' `InvalidInputException`.
 */
export class NamedAwsError extends AwsError {
  protected readonly statuses: StatusTable;
  constructor(readonly code: string, status: number, message: string) {
    super(message);
    this.statuses = { default: status };
  }
}

/** One entry of Cost Optimization Hub's `ValidationException.fields`. */
export interface ValidationField {
  readonly fieldName: string;
  readonly message: string;
}
export class ValidationException extends AwsError {
  readonly code = 'ValidationException';
  protected readonly statuses = { default: 400 };
  constructor(message: string, fields: ValidationField[] = [], reason: 'FieldValidationFailed' | 'Other' = fields.length > 0 ? 'FieldValidationFailed' : 'Other') {
    super(message);
    this.extra.reason = reason;
    if (fields.length > 0) this.extra.fields = fields;
  }
}

/**
 * A constraint violation, raised by shared validation code; each service turns it into its own
 * validation error (`InvalidParameterValueException` or `ValidationException` with `fields`).
 */
export class ConstraintViolation extends Error {
  constructor(readonly fieldName: string, message: string) {
    super(message);
  }
}
