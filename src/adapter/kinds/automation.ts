/**
 * Compute Optimizer Automation: the account's enrollment configuration (read/apply/destroy), through our
 * own client (../automation-client.ts) until AWS publishes an SDK client.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_automation_UpdateEnrollmentConfiguration.html
 */
import { DEFAULT_TIMEOUT_SECONDS, type AutomationEnrollmentPayload, type ReadResult, type DeclarableStatus } from '../../shared';
import {
  ComputeOptimizerAutomationClient,
  GetEnrollmentConfigurationCommand,
  UpdateEnrollmentConfigurationCommand,
  type GetEnrollmentConfigurationResponse,
} from '../automation-client';
import { deriveClientToken } from '../client-token';
import { AwsFailure } from '../errors';
import { waitUntilSettled, type PollVerdict } from '../wait';
import { call, iso, str, type RunContext } from './context';

type AutomationResult = ReadResult<'automation-enrollment'>;

// The one line to change when @aws-sdk/client-compute-optimizer-automation exists.
const client = (ctx: RunContext) => ctx.clients.client('automation', (config) => new ComputeOptimizerAutomationClient(config));

/** What Automation reports while Compute Optimizer itself is not Active (OptInRequiredException). */
const NOT_OPTED_IN_REASON = 'Compute Optimizer is not Active for this account, so Automation is not available';

interface Observation extends GetEnrollmentConfigurationResponse {
  /** Set when Automation answered OptInRequiredException. */
  optInRequired?: AwsFailure;
}

async function getEnrollmentConfiguration(ctx: RunContext): Promise<Observation> {
  try {
    return await call(ctx, 'automation', 'GetEnrollmentConfiguration', () =>
      client(ctx).send(new GetEnrollmentConfigurationCommand({})),
    );
  } catch (err) {
    // Plans must be able to read Automation before Compute Optimizer is enrolled (both may be planned in the
    // same run); Automation is then simply not enrolled.
    if (err instanceof AwsFailure && /OptInRequiredException/.test(err.message)) {
      return { status: 'Inactive', statusReason: NOT_OPTED_IN_REASON, optInRequired: err };
    }
    throw err;
  }
}

function toResult(o: Observation): AutomationResult {
  return {
    status: str(o.status),
    statusReason: str(o.statusReason),
    organizationRuleMode: str(o.organizationRuleMode),
    lastUpdatedTimestamp: iso(o.lastUpdatedTimestamp),
  };
}

export async function readAutomationEnrollment(_payload: AutomationEnrollmentPayload, ctx: RunContext): Promise<AutomationResult> {
  return toResult(await getEnrollmentConfiguration(ctx));
}

function judge(desired: string) {
  return (o: Observation): PollVerdict => {
    if (o.status === 'Failed') {
      return { failed: `Compute Optimizer Automation enrollment is Failed: ${o.statusReason || 'AWS gave no reason'}; fix the cause and re-run apply` };
    }
    if (o.status === desired) return { done: true };
    return { done: false, progress: `Compute Optimizer Automation enrollment is ${o.status ?? 'unknown'}, waiting for ${desired}…` };
  };
}

async function converge(payload: AutomationEnrollmentPayload, desired: DeclarableStatus, ctx: RunContext): Promise<AutomationResult> {
  const timeoutSeconds = payload.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const poll = () => getEnrollmentConfiguration(ctx);
  let observed = await poll();
  if (observed.optInRequired) {
    if (desired === 'Inactive') {
      ctx.log('automation-enrollment: Compute Optimizer is not Active, so Automation is already off; nothing to change');
      return toResult(observed);
    }
    throw observed.optInRequired;
  }
  if (observed.status === 'Pending') {
    observed = await waitUntilSettled(
      { what: 'the Automation change in progress to settle', timeoutSeconds, poll, log: ctx.log, judge: (o) => (o.status === 'Pending' ? { done: false, progress: 'Compute Optimizer Automation enrollment is Pending…' } : { done: true }) },
      observed,
    );
  }
  if (observed.status !== desired) {
    const { connection } = ctx.clients;
    const clientToken = deriveClientToken({
      kind: payload.kind,
      region: connection.region,
      endpoint: connection.endpoint,
      roleArn: connection.roleArn,
      profile: connection.profile,
      desiredStatus: desired,
      observedStatus: str(observed.status),
      observedLastUpdated: observed.lastUpdatedTimestamp,
    });
    const updated = await call(
      ctx,
      'automation',
      'UpdateEnrollmentConfiguration',
      () => client(ctx).send(new UpdateEnrollmentConfigurationCommand({ status: desired, clientToken })),
      { lastStatusChange: observed.status === 'Inactive' ? observed.lastUpdatedTimestamp : undefined },
    );
    observed = { ...observed, ...updated };
    if (observed.status === 'Pending' || observed.status !== desired) observed = await poll();
  } else {
    ctx.log(`automation-enrollment: already ${desired}; nothing to change`);
  }
  const settled = await waitUntilSettled(
    { what: `Compute Optimizer Automation enrollment to become ${desired}`, timeoutSeconds, poll, log: ctx.log, judge: judge(desired) },
    observed,
  );
  return toResult(settled);
}

export async function applyAutomationEnrollment(payload: AutomationEnrollmentPayload, ctx: RunContext): Promise<AutomationResult> {
  return converge(payload, payload.status, ctx);
}

export async function destroyAutomationEnrollment(payload: AutomationEnrollmentPayload, ctx: RunContext): Promise<AutomationResult | undefined> {
  if ((payload.removalPolicy ?? 'retain') === 'retain') {
    ctx.log('automation-enrollment: removalPolicy is "retain"; leaving the Automation enrollment as it is');
    return undefined;
  }
  return converge(payload, 'Inactive', ctx);
}
