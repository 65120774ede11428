import { TerraformStack } from 'cdktf';
import { ResourceKind, serviceRegion } from '../../shared';
import { EnrollmentResource } from './enrollment-resource';
import { isUnresolved } from './wire';

/** The fields that decide which account and which AWS setting an enrollment controls. */
const IDENTITY = ['kind', 'region', 'profile', 'roleArn', 'endpoint'] as const;
/** The fields two enrollments of the same account must agree on, or every apply would flip AWS. */
const DECLARED = ['status', 'includeMemberAccounts'] as const;
/** What an unset field means. */
const DEFAULTS: Record<string, string> = { includeMemberAccounts: 'false' };

function declared(e: EnrollmentResource, key: (typeof DECLARED)[number]): string {
  return e.payload[key] ?? DEFAULTS[key] ?? '';
}

/** Values only Terraform knows (variables, other resources' attributes) are left for the adapter. */
function differs(a: EnrollmentResource, b: EnrollmentResource, key: (typeof DECLARED)[number]): boolean {
  const x = declared(a, key);
  const y = declared(b, key);
  return !isUnresolved(x) && !isUnresolved(y) && x !== y;
}

/**
 * Two enrollments of one kind for the same account that declare different things would undo each other on
 * every apply. Cost Optimization Hub has one endpoint (us-east-1), so its region does not tell accounts apart.
 */
export function conflictingEnrollments(self: EnrollmentResource): string[] {
  const identity = (e: EnrollmentResource) =>
    IDENTITY.map((k) => (k === 'region' ? serviceRegion(e.payload.kind as ResourceKind, { region: e.payload.region }) : (e.payload[k] ?? ''))).join('\u0000');
  const mine = identity(self);
  const others = TerraformStack.of(self)
    .node.findAll()
    .filter((c): c is EnrollmentResource => c instanceof EnrollmentResource && c !== self && identity(c) === mine);
  return others
    .filter((other) => DECLARED.some((k) => differs(self, other, k)))
    .map(
      (other) =>
        `${self.node.path} and ${other.node.path} both manage ${self.service} for the same account and connection but declare different values (${DECLARED.filter((k) => differs(self, other, k))
          .map((k) => `${k} "${declared(self, k)}" vs "${declared(other, k)}"`)
          .join(', ')}); every apply would undo the other: keep one of them`,
    );
}
