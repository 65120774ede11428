/**
 * Who the caller is: STS GetCallerIdentity (the account behind the credentials, whatever their source) and
 * Organizations DescribeOrganization (the organisation that account belongs to, if any). Both clients come
 * from an on-demand module (../identity-clients), so runs that never ask pay nothing for them.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
 */
import { call, type RunContext } from '../context';

type IdentityClients = typeof import('../identity-clients');
let identityClients: IdentityClients | undefined;
/** Loads the two clients on first use (the bundle embeds them; see scripts/bundle.mjs). */
function load(): IdentityClients {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (identityClients ??= require('../identity-clients') as IdentityClients);
}

export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
}

export interface OrganizationInfo {
  readonly id: string;
  readonly managementAccountId: string;
}

export async function getCallerIdentity(ctx: RunContext): Promise<CallerIdentity> {
  const { STSClient, GetCallerIdentityCommand } = load();
  const client = ctx.clients.client('sts', (config) => new STSClient(config));
  const out = await call(ctx, 'sts', 'GetCallerIdentity', () => client.send(new GetCallerIdentityCommand({})));
  return { accountId: out.Account ?? '', arn: out.Arn ?? '' };
}

/** The caller's organisation, or null when the account belongs to none (AWSOrganizationsNotInUseException). */
export async function describeOrganization(ctx: RunContext): Promise<OrganizationInfo | null> {
  const { OrganizationsClient, DescribeOrganizationCommand } = load();
  const client = ctx.clients.client('organizations', (config) => new OrganizationsClient(config));
  return call(ctx, 'organizations', 'DescribeOrganization', async () => {
    try {
      const out = await client.send(new DescribeOrganizationCommand({}));
      return { id: out.Organization?.Id ?? '', managementAccountId: out.Organization?.MasterAccountId ?? '' };
    } catch (err) {
      if ((err as { name?: string }).name === 'AWSOrganizationsNotInUseException') return null;
      throw err;
    }
  });
}
