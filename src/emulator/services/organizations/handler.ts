/**
 * AWS Organizations (2016-11-28, awsJson1_1): DescribeOrganization, which tells a caller whether its account
 * is the management account, a member, or in no organisation. The organisation is the accounts file's.
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
 */
import { createHash } from 'node:crypto';
import type { AccountDirectory } from '../../accounts';
import { AWSOrganizationsNotInUseException, NamedAwsError } from '../../errors';
import type { JsonObject, RoutedService } from '../../framework';
import { AWS_JSON_1_1 } from '../../responses';

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128';
export const ORGANIZATIONS_SIGNING_NAME = 'organizations';

/** `o-` and 10 characters, stable for the management account (AWS picks them at random, once). */
export function organizationId(managementAccountId: string): string {
  const digest = createHash('sha256').update(`organization/${managementAccountId}`).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'o-';
  for (let i = 0; i < 10; i++) id += alphabet[digest[i] % alphabet.length];
  return id;
}

export function describeOrganization(accounts: AccountDirectory): JsonObject {
  const mgmt = accounts.management;
  const id = organizationId(mgmt.accountId);
  return {
    Organization: {
      Id: id,
      Arn: `arn:aws:organizations::${mgmt.accountId}:organization/${id}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${mgmt.accountId}:account/${id}/${mgmt.accountId}`,
      MasterAccountId: mgmt.accountId,
      MasterAccountEmail: mgmt.email ?? `${mgmt.accountId}@example.com`,
      // Deprecated in the model; what AWS still returns for an organisation without policy types enabled.
      AvailablePolicyTypes: [],
    },
  };
}

export const organizationsService: RoutedService = {
  key: 'organizations',
  targetPrefix: ORGANIZATIONS_TARGET_PREFIX,
  signingName: ORGANIZATIONS_SIGNING_NAME,
  wire: AWS_JSON_1_1,
  invalid: (v) => new NamedAwsError('InvalidInputException', 400, v.message),
  paginators: {},
  operations: {
    DescribeOrganization: (_input, ctx) => {
      if (ctx.caller.role === 'standalone') throw new AWSOrganizationsNotInUseException();
      return describeOrganization(ctx.accounts);
    },
  },
};
