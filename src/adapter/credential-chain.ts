/**
 * The parts of the adapter loaded only on demand: the full Node.js credential chain (profiles, SSO, web
 * identity, container and instance metadata), STS AssumeRole for `roleArn`, and the STS and Organizations
 * clients that tell which account the caller is and its place in an organisation (./account-role.ts, asked
 * only before a change that includes member accounts). scripts/bundle.mjs compiles this module separately
 * and embeds it so it is parsed only when required.
 */
export { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
export { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
