/**
 * Compute Optimizer Automation calls, through our own client (../automation-client.ts) until AWS publishes
 * an SDK client: the one place to change when @aws-sdk/client-compute-optimizer-automation exists.
 * @see https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_Operations_Compute_Optimizer_Automation.html
 */
import type { DeclarableStatus } from '../../shared';
import {
  ComputeOptimizerAutomationClient,
  GetEnrollmentConfigurationCommand,
  UpdateEnrollmentConfigurationCommand,
  type GetEnrollmentConfigurationResponse,
  type UpdateEnrollmentConfigurationResponse,
} from '../automation-client';
import { call, type RunContext } from '../context';
import { AwsFailure, type CallContext } from '../errors';

const client = (ctx: RunContext) => ctx.clients.client('automation', (config) => new ComputeOptimizerAutomationClient(config));

/** What Automation reports while Compute Optimizer itself is not Active (OptInRequiredException). */
export const NOT_OPTED_IN_REASON = 'Compute Optimizer is not Active for this account, so Automation is not available';

export interface EnrollmentConfiguration extends GetEnrollmentConfigurationResponse {
  /** Set when Automation answered OptInRequiredException: Compute Optimizer is not Active. */
  optInRequired?: AwsFailure;
}

/**
 * The account's Automation enrollment. Plans must be able to read it before Compute Optimizer is enrolled
 * (both may be planned in the same run): Automation is then simply not enrolled.
 */
export async function getEnrollmentConfiguration(ctx: RunContext): Promise<EnrollmentConfiguration> {
  try {
    return await call(ctx, 'automation', 'GetEnrollmentConfiguration', () => client(ctx).send(new GetEnrollmentConfigurationCommand({})));
  } catch (err) {
    if (err instanceof AwsFailure && /OptInRequiredException/.test(err.message)) {
      return { status: 'Inactive', statusReason: NOT_OPTED_IN_REASON, optInRequired: err };
    }
    throw err;
  }
}

export function updateEnrollmentConfiguration(
  ctx: RunContext,
  status: DeclarableStatus,
  clientToken: string,
  extra?: Partial<CallContext>,
): Promise<UpdateEnrollmentConfigurationResponse> {
  return call(ctx, 'automation', 'UpdateEnrollmentConfiguration', () => client(ctx).send(new UpdateEnrollmentConfigurationCommand({ status, clientToken })), extra);
}
