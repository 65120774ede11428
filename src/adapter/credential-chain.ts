/**
 * The parts of the AWS credential chain the adapter loads only on demand: the full Node.js chain
 * (profiles, SSO, web identity, container and instance metadata) and STS AssumeRole for `roleArn`.
 * scripts/bundle.mjs compiles this module separately and embeds it so it is parsed only when required.
 */
export { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
