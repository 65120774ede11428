/**
 * The STS and Organizations clients that tell which account the caller is and its place in an organisation
 * (./account-role.ts, asked only before a change that includes member accounts). Like ./credential-chain,
 * scripts/bundle.mjs compiles this module separately and embeds it, so runs that never ask (every read, and
 * every profile or role connection that loads the chain) pay nothing for it.
 */
export { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
