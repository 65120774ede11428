/**
 * Risk notes: what a change means for the organisation, in plain words, for the reviewer. Codes are stable
 * (the JSON document carries them and `--fail-on` matches them); the text is for people.
 */
import { KINDS, RemovalPolicy, Services, includesMembers, type ResourceKind } from '../shared';
import type { DeclaredState, EnrollmentAction, ObservedState, RiskNote } from './model';

/** The three services spell their statuses the same way. */
const ACTIVE = 'Active';
const INACTIVE = 'Inactive';
const PENDING = 'Pending';
const FAILED = 'Failed';

const DAY_MS = 24 * 60 * 60 * 1000;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function risksFor(
  kind: ResourceKind,
  action: EnrollmentAction,
  before: DeclaredState | null,
  after: DeclaredState | null,
  observed: ObservedState | null,
  planTimestamp: string | undefined,
  removedFromCode = false,
): RiskNote[] {
  const risks: RiskNote[] = [];
  const target = action === 'opt-out' && !after ? INACTIVE : (after?.status ?? null);
  const observedStatus = observed?.readAtPlan ? observed.status : null;
  const optingOut = action === 'opt-out' || (action === 'repair-drift' && target === INACTIVE);
  const enrolling = action === 'enroll' || (action === 'repair-drift' && target === ACTIVE);
  const declaring = after ?? before;
  const members = declaring?.includeMemberAccounts === true;

  if (optingOut) {
    if (kind === 'compute-optimizer-enrollment') {
      risks.push({
        code: 'recommendation-data-deleted',
        text: "Opting out deletes Compute Optimizer's recommendations and metrics data for this account.",
      });
      const acknowledged = (after ?? before)?.acknowledgeRecommendationDataDeletion === true;
      if (!acknowledged) {
        risks.push({ code: 'deletion-not-acknowledged', text: 'The deletion is not acknowledged in code: `acknowledgeRecommendationDataDeletion` is not true.' });
      }
    } else if (kind === 'automation-enrollment') {
      risks.push({ code: 'automation-rules-stopped', text: 'Opting out stops every Automation rule; after re-enrolling, all rules stay inactive until someone enables them again.' });
      risks.push({ code: 'reenroll-lock-24h', text: 'AWS refuses to re-enroll this account in Automation for 24 hours after the opt-out.' });
    } else if (kind === 'cost-optimization-hub-enrollment') {
      risks.push({ code: 'hub-recommendations-stop', text: 'Cost Optimization Hub stops collecting recommendations for this account.' });
    }
    if (members && includesMembers(kind)) {
      risks.push({
        code: 'members-stay-enrolled',
        text: `The member accounts stay enrolled in ${Services[KINDS[kind].service].name}: opting the management account out does not opt them out; only each member's own credentials can (a member-account stack with removal policy "opt-out").`,
      });
    }
  }
  if (enrolling && kind === 'automation-enrollment') {
    const optedOutAt = observedStatus === INACTIVE && observed?.lastUpdatedTimestamp ? Date.parse(observed.lastUpdatedTimestamp) : NaN;
    const plannedAt = planTimestamp ? Date.parse(planTimestamp) : NaN;
    if (Number.isFinite(optedOutAt) && Number.isFinite(plannedAt) && plannedAt - optedOutAt < DAY_MS) {
      const until = new Date(optedOutAt + DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
      // Only a stored Active that AWS now reports Inactive proves an opt-out; an account that was never
      // enrolled also reports Inactive, with whatever time AWS last touched it.
      const since = new Date(optedOutAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
      risks.push({
        code: 'reenroll-lock-24h',
        text:
          before?.status === ACTIVE
            ? `This account opted out of Automation less than 24 hours before the plan; AWS refuses to re-enroll it until ${until}, so apply would fail.`
            : `AWS reports Automation Inactive since ${since}, less than 24 hours before the plan: if that was an opt-out, AWS refuses to re-enroll until ${until} and apply fails.`,
      });
    } else if (before?.status === INACTIVE && !Number.isFinite(optedOutAt)) {
      risks.push({ code: 'reenroll-lock-24h', text: 'AWS refuses to re-enroll in Automation within 24 hours of an opt-out; apply fails if the opt-out was recent.' });
    }
  }
  const org = observed?.organisation;
  const optedIn = observed?.readAtPlan ? observed.numberOfMemberAccountsOptedIn : null;
  const known: string[] = [];
  if (org?.accountCount !== null && org?.accountCount !== undefined) {
    known.push(`${plural(org.accountCount, 'account')} in the organisation listing${org.activeCount !== null ? `, ${org.activeCount} active` : ''}${org.inactiveCount !== null ? `, ${org.inactiveCount} inactive` : ''}`);
  } else if (optedIn !== null) {
    known.push(`${optedIn} opted in now`);
  }
  if (org && !org.readAtPlan) known.push('the organisation listing is read during apply');
  const orgText = known.length > 0 ? known.join('; ') : 'how many is not known from this plan';
  if (includesMembers(kind) && after?.includeMemberAccounts === true && (action === 'enroll' || action === 'change-members')) {
    risks.push({ code: 'member-accounts', text: `Enrolls the organisation's member accounts (${orgText}).` });
  }
  if (includesMembers(kind) && action === 'repair-drift' && after?.includeMemberAccounts === true && target === ACTIVE && observed?.memberAccountsEnrolled === false) {
    risks.push({ code: 'member-accounts', text: `Enrolls the organisation's member accounts again: AWS reports them not enrolled (${orgText}).` });
  }
  if (includesMembers(kind) && action === 'change-members' && after?.includeMemberAccounts === false) {
    risks.push({
      code: 'member-accounts-excluded',
      text: `Stops asking AWS to include member accounts (${orgText}); members already enrolled stay enrolled, since AWS has no way to remove them through this setting.`,
    });
  }
  if (action === 'enroll' && observedStatus !== null && observedStatus === target) {
    risks.push({ code: 'already-in-state', text: `AWS already reports ${observedStatus}: apply records it and changes nothing in AWS.` });
  }
  if (action === 'stop-managing') {
    risks.push(
      removedFromCode && before?.removalPolicy === RemovalPolicy.OPT_OUT
        ? {
            code: 'aws-unchanged',
            text: `Removed from the code, so Terraform forgets it without running its removal policy "opt-out": AWS stays as it is. To opt out, declare status "Inactive" and apply before removing it.`,
          }
        : { code: 'aws-unchanged', text: `Terraform stops managing it; the removal policy is "${before?.removalPolicy ?? RemovalPolicy.RETAIN}", so AWS stays as it is.` },
    );
  }
  if (action === 'change-settings' && before?.removalPolicy !== RemovalPolicy.OPT_OUT && after?.removalPolicy === RemovalPolicy.OPT_OUT) {
    risks.push({ code: 'removal-opts-out', text: `From now on, \`terraform destroy\` of this stack opts out of ${Services[KINDS[kind].service].name}.` });
  }
  const unknown = after?.unknownFields ?? [];
  if (unknown.length > 0) {
    risks.push({ code: 'unknown-until-apply', text: `Known only during apply: ${unknown.map((f) => `\`${f}\``).join(', ')}.` });
  }
  if (observedStatus === PENDING) {
    risks.push({ code: 'pending', text: 'AWS reports Pending: an enrollment change is still in progress.' });
  }
  if (observedStatus === FAILED) {
    risks.push({ code: 'failed', text: `AWS reports Failed${observed?.statusReason ? `: ${observed.statusReason}` : ''}.` });
  }
  return risks;
}
