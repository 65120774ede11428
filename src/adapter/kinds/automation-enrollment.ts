/** `automation-enrollment`: the account's Compute Optimizer Automation enrollment. */
import type { ReadResult } from '../../shared';
import { deriveClientToken } from '../client-token';
import { iso, str } from '../context';
import { getEnrollmentConfiguration, updateEnrollmentConfiguration, type EnrollmentConfiguration } from '../services/automation';
import type { PollVerdict } from '../wait';
import { writeKind } from './handler';

type Result = ReadResult<'automation-enrollment'>;

function toResult(o: EnrollmentConfiguration): Result {
  return {
    status: str(o.status),
    statusReason: str(o.statusReason),
    organizationRuleMode: str(o.organizationRuleMode),
    lastUpdatedTimestamp: iso(o.lastUpdatedTimestamp),
  };
}

function judge(desired: string) {
  return (o: EnrollmentConfiguration): PollVerdict => {
    if (o.status === 'Failed') {
      return { failed: `Compute Optimizer Automation enrollment is Failed: ${o.statusReason || 'AWS gave no reason'}; fix the cause and re-run apply` };
    }
    if (o.status === desired) return { done: true };
    return { done: false, progress: `Compute Optimizer Automation enrollment is ${o.status ?? 'unknown'}, waiting for ${desired}…` };
  };
}

export const automationEnrollmentHandler = writeKind({
  kind: 'automation-enrollment',
  read: async (_payload, ctx) => toResult(await getEnrollmentConfiguration(ctx)),
  result: toResult,
  convergence: (payload, desired, ctx) => ({
    kind: payload.kind,
    title: 'Compute Optimizer Automation enrollment',
    desired,
    timeoutSeconds: payload.timeoutSeconds,
    observe: () => getEnrollmentConfiguration(ctx),
    settledAlready: (o) => {
      if (!o.optInRequired) return false;
      if (desired !== 'Inactive') throw o.optInRequired;
      ctx.log('automation-enrollment: Compute Optimizer is not Active, so Automation is already off; nothing to change');
      return true;
    },
    inFlight: (o) => (o.status === 'Pending' ? 'Compute Optimizer Automation enrollment is Pending…' : undefined),
    differs: (o) => o.status !== desired,
    change: async (o) => {
      // The same declaration over the same observed state reuses its token, so a retried apply is deduplicated.
      const clientToken = deriveClientToken(payload, { desired, observedStatus: str(o.status), observedLastUpdated: o.lastUpdatedTimestamp });
      const updated = await updateEnrollmentConfiguration(ctx, desired, clientToken, {
        lastStatusChange: o.status === 'Inactive' ? o.lastUpdatedTimestamp : undefined,
      });
      const after = { ...o, ...updated };
      return after.status === desired ? after : undefined;
    },
    judge: judge(desired),
  }),
});
