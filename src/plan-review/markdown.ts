/**
 * Markdown for a pull-request comment. GitHub rejects comments over 65,536 characters, so the renderer
 * spends a character budget: the totals line always comes first, changes before unchanged resources, and
 * whatever does not fit is counted in a closing note instead of being cut mid-table.
 */
import type { DeclaredState, EnrollmentAction, PlanSummary, ResourceSummary, RiskCode, StackSummary } from './summary';
import { ComputeOptimizerStatus, wireDefault, type ResourceKind } from '../shared';
import { ASSOCIATION_CHANGE_ACTIONS, ENROLLMENT_ACTIONS, RULE_CHANGE_ACTIONS, type AssociationChangeAction, type RuleChange, type RuleChangeAction } from './summary';
import { PREFERENCE_CHANGE_ACTIONS, type PreferenceChange, type PreferenceChangeAction } from './summary';

/** The hidden first line a workflow searches for to update its one comment instead of adding another. */
export const COMMENT_MARKER = '<!-- cdktf-aws-enrollment:plan-summary -->';

/** GitHub's limit on an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Rows of changes shown before the rest of a stack's changes fold into `<details>`. */
const VISIBLE_CHANGES = 25;
/** Characters kept free for closing tags and the omission note. */
const CLOSING_RESERVE = 600;
const MAX_CELL = 400;
const MAX_MESSAGE = 800;

export const ACTION_LABELS: Readonly<Record<EnrollmentAction, string>> = {
  enroll: 'enroll',
  'opt-out': 'opt out',
  'change-members': 'change member inclusion',
  'repair-drift': 'repair drift',
  'change-settings': 'change settings',
  'stop-managing': 'stop managing',
  undetermined: 'decided during apply',
  'no-change': 'no change',
};

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Free text inside a table cell: no pipes, no line breaks, no HTML from plan values. */
function cell(text: string, max = MAX_CELL): string {
  return clip(text.replace(/\s*\n\s*/g, ' '), max).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${clip(text, 200).replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\n/g, ' ')}\``;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function declared(d: DeclaredState | null): string {
  if (!d) return '—';
  const status = d.status ?? 'known after apply';
  // Member inclusion only means something while enrolled.
  return d.includeMemberAccounts && d.status !== ComputeOptimizerStatus.INACTIVE ? `${status}, with member accounts` : status;
}

function declaredCell(r: ResourceSummary): string {
  const before = declared(r.before);
  const after = declared(r.after);
  if (r.before && r.after && before === after) return `${cell(after)} (unchanged)`;
  return `${cell(before)} → ${cell(after)}`;
}

function observedCell(r: ResourceSummary): string {
  const o = r.observed;
  if (!o) return 'not read';
  if (!o.readAtPlan) return 'read during apply';
  const parts: string[] = [o.status ?? 'unknown'];
  if (o.numberOfMemberAccountsOptedIn !== null) parts.push(`${plural(o.numberOfMemberAccountsOptedIn, 'member account')} opted in`);
  else if (o.memberAccountsEnrolled !== null) parts.push(o.memberAccountsEnrolled ? 'member accounts enrolled' : 'member accounts not enrolled');
  const reason = o.statusReason ? ` (${clip(o.statusReason, 120)})` : '';
  return cell(parts[0] + reason + parts.slice(1).map((p) => `; ${p}`).join(''));
}

/** What an omitted payload field means (the field's default in the kind's descriptor). */
function unsetValue(kind: ResourceKind, field: string): string {
  const value = wireDefault(kind, field);
  return value !== '' ? `${value} (default)` : 'unset';
}

function riskCell(r: ResourceSummary): string {
  const notes = r.risks.map((n) => cell(n.text));
  if (r.action === 'change-settings' && r.changedFields.length > 0) {
    const changes = r.changedFields.map(
      (c) => `${code(c.field)} ${cell(c.before ?? unsetValue(r.kind, c.field), 80)} → ${cell(c.after ?? (r.after?.unknownFields.includes(c.field) ? 'known after apply' : unsetValue(r.kind, c.field)), 80)}`,
    );
    notes.unshift(`Changes ${changes.join(', ')}.`);
  }
  if (r.drift) {
    const declaredStatus = r.after?.status ?? r.before?.status;
    const observed = r.observed?.status;
    notes.unshift(
      observed && declaredStatus && observed !== declaredStatus
        ? `Re-applies the declared status ${cell(declaredStatus)} (AWS reports ${cell(observed)}); see the drift note below.`
        : 'Re-applies the declared state; see the drift note below.',
    );
  }
  return notes.length === 0 ? '—' : notes.join('<br>');
}

function actionCell(r: ResourceSummary): string {
  const label = ACTION_LABELS[r.action];
  return r.action === 'no-change' ? label : `**${label}**`;
}

const TABLE_HEADER = [
  '| Resource | Service | Scope | Declared (before → after) | Observed in AWS | Action | Risk notes |',
  '| --- | --- | --- | --- | --- | --- | --- |',
].join('\n');

function row(r: ResourceSummary): string {
  return `| ${code(r.address)} | ${cell(r.service)} | ${cell(r.scope.text)} | ${declaredCell(r)} | ${observedCell(r)} | ${actionCell(r)} | ${riskCell(r)} |`;
}

/** The one line that always appears: counts per action, drift, and resources that are not ours. */
export function totalsLine(summary: PlanSummary): string {
  const t = summary.totals;
  const actions = ENROLLMENT_ACTIONS.filter((a) => t.byAction[a] > 0).map((a) => `${t.byAction[a]} ${ACTION_LABELS[a]}`);
  const rules = RULE_CHANGE_ACTIONS.filter((a) => t.rulesByAction[a] > 0).map((a) => `${t.rulesByAction[a]} ${RULE_ACTION_LABELS[a]}`);
  const associations = ASSOCIATION_CHANGE_ACTIONS.filter((a) => t.associationsByAction[a] > 0).map((a) => `${t.associationsByAction[a]} ${ASSOCIATION_ACTION_LABELS[a]}`);
  const preferences = PREFERENCE_CHANGE_ACTIONS.filter((a) => t.preferencesByAction[a] > 0).map((a) => `${t.preferencesByAction[a]} ${PREFERENCE_ACTION_LABELS[a]}`);
  const parts = [
    `${plural(t.resources, 'enrollment resource')} in ${plural(t.stacks, 'stack')}${actions.length ? `: ${actions.join(', ')}` : ''}`,
    ...(rules.length > 0 ? [`Automation rules: ${rules.join(', ')}`] : []),
    ...(associations.length > 0 ? [`Automation member accounts: ${associations.join(', ')}`] : []),
    ...(preferences.length > 0 ? [`Preferences: ${preferences.join(', ')}`] : []),
    plural(t.driftWarnings, 'drift warning'),
    `${plural(t.otherResources, 'other resource')} not listed${t.otherResources ? ` (${t.otherChanging} changing)` : ''}`,
  ];
  return `**Total:** ${parts.join(' · ')}`;
}

class Budget {
  private used = 0;
  omittedRows = 0;
  constructor(private readonly limit: number) {}
  /** Adds `text` when it fits with the closing reserve to spare. */
  fits(text: string): boolean {
    if (this.used + text.length + 1 + CLOSING_RESERVE > this.limit) return false;
    this.used += text.length + 1;
    return true;
  }
  force(text: string): void {
    this.used += text.length + 1;
  }
}

function renderStack(stack: StackSummary, out: string[], budget: Budget, multiStack: boolean): void {
  const add = (text: string): boolean => {
    if (!budget.fits(text)) return false;
    out.push(text);
    return true;
  };
  const changes = stack.resources.filter((r) => r.action !== 'no-change');
  const unchanged = stack.resources.filter((r) => r.action === 'no-change');
  const heading = multiStack || stack.name !== '' ? `### Stack ${code(stack.name || stack.source)}` : '';
  if (heading && !add(`\n${heading}\n`)) {
    budget.omittedRows += stack.resources.length;
    return;
  }
  for (const warning of stack.warnings) add(`> **Warning:** ${cell(warning, MAX_MESSAGE)}\n`);
  const settingChanges = stack.ruleChanges.length + stack.associationChanges.length + stack.preferenceChanges.length;
  if (stack.resources.length === 0 && settingChanges > 0) {
    // Only rules, member associations or preferences change here: their tables say it all.
  } else if (stack.resources.length === 0 && stack.settingResources > 0) {
    add(`No changes: ${plural(stack.settingResources, 'declaration')} (rules, member accounts, preferences) already as declared.\n`);
  } else if (stack.resources.length === 0) {
    add('No enrollment resources in this stack.\n');
  } else if (changes.length === 0) {
    add(`No enrollment changes: ${plural(unchanged.length, 'resource')} already as declared.\n`);
  }

  const table = (rows: readonly ResourceSummary[], summaryText?: string): void => {
    if (rows.length === 0) return;
    const open = summaryText ? `<details><summary>${summaryText}</summary>\n\n${TABLE_HEADER}` : TABLE_HEADER;
    const close = summaryText ? '\n</details>\n' : '';
    if (!add(open)) {
      budget.omittedRows += rows.length;
      return;
    }
    budget.force(close);
    let shown = 0;
    for (const r of rows) {
      if (!add(row(r))) break;
      shown++;
    }
    budget.omittedRows += rows.length - shown;
    out.push(close);
  };

  table(changes.slice(0, VISIBLE_CHANGES));
  if (changes.length > VISIBLE_CHANGES) table(changes.slice(VISIBLE_CHANGES), `${plural(changes.length - VISIBLE_CHANGES, 'more change')}`);
  if (changes.length > 0 && changes.length <= VISIBLE_CHANGES) out.push('');

  if (stack.driftChecks.length > 0) {
    add(`**Drift** (AWS no longer matches the code; apply repairs it):`);
    for (const check of stack.driftChecks) {
      const message = check.messages.length ? check.messages.map((m) => cell(m, MAX_MESSAGE)).join(' / ') : `check ${check.status}`;
      add(`- ${code(check.resource ?? check.address)}: ${message}`);
    }
    out.push('');
  }
  if (stack.otherFailingChecks > 0) {
    add(`${plural(stack.otherFailingChecks, 'other check')} failed in this stack (not about enrollment; see the plan output).\n`);
  }
  table(unchanged, `${plural(unchanged.length, 'resource')} with no change`);
  ruleTable(stack, add, budget, out);
  associationTable(stack, add, budget, out);
  preferenceTable(stack, add, budget, out);
}

const ASSOCIATION_ACTION_LABELS: Readonly<Record<AssociationChangeAction, string>> = {
  associate: 'associate',
  disassociate: 'disassociate',
  'repair-drift': 'repair drift',
  'stop-managing': 'stop managing',
};

const ASSOCIATION_TABLE_HEADER = ['| Member accounts | Management account | Change | Risk notes |', '| --- | --- | --- | --- |'].join('\n');

/** One row per association change: which members the organisation's Automation rules may act on. */
function associationTable(stack: StackSummary, add: (text: string) => boolean, budget: Budget, out: string[]): void {
  if (stack.associationChanges.length === 0) return;
  if (!add(`**Automation member accounts** (${plural(stack.associationChanges.length, 'change')}):\n`) || !add(ASSOCIATION_TABLE_HEADER)) {
    budget.omittedRows += stack.associationChanges.length;
    return;
  }
  let shown = 0;
  for (const c of stack.associationChanges) {
    const risks = c.risks.length > 0 ? c.risks.map((n) => cell(n.text)).join('<br>') : '—';
    if (!add(`| ${cell(c.accounts.join(', '), 200)} | ${cell(c.scope)} | **${ASSOCIATION_ACTION_LABELS[c.action]}** | ${risks} |`)) break;
    shown++;
  }
  budget.omittedRows += stack.associationChanges.length - shown;
  out.push('');
}

const RULE_ACTION_LABELS: Readonly<Record<RuleChangeAction, string>> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  'repair-drift': 'repair drift',
  'stop-managing': 'stop managing',
};

const RULE_TABLE_HEADER = ['| Rule | Scope | Change | What changes | Risk notes |', '| --- | --- | --- | --- | --- |'].join('\n');

function ruleRow(c: RuleChange): string {
  const fields = c.fields.length > 0 ? c.fields.map((f) => `${code(f.field)} ${cell(f.before ?? 'unset', 80)} → ${cell(f.after ?? 'unset', 80)}`).join('<br>') : c.observed ? cell(`AWS: ${c.observed}`) : '—';
  const risks = c.risks.length > 0 ? c.risks.map((n) => cell(n.text)).join('<br>') : '—';
  return `| ${code(c.rule)} | ${cell(c.scope)} (set ${code(c.setId)}) | **${RULE_ACTION_LABELS[c.action]}** | ${fields} | ${risks} |`;
}

/** One row per Automation rule change: what Automation will do to the fleet is what a reviewer must see. */
function ruleTable(stack: StackSummary, add: (text: string) => boolean, budget: Budget, out: string[]): void {
  if (stack.ruleChanges.length === 0) return;
  if (!add(`**Automation rules** (${plural(stack.ruleChanges.length, 'change')}):\n`) || !add(RULE_TABLE_HEADER)) {
    budget.omittedRows += stack.ruleChanges.length;
    return;
  }
  let shown = 0;
  for (const c of stack.ruleChanges) {
    if (!add(ruleRow(c))) break;
    shown++;
  }
  budget.omittedRows += stack.ruleChanges.length - shown;
  out.push('');
}

const PREFERENCE_ACTION_LABELS: Readonly<Record<PreferenceChangeAction, string>> = RULE_ACTION_LABELS;

const PREFERENCE_TABLE_HEADER = ['| Preferences | Scope | Change | What changes | Notes |', '| --- | --- | --- | --- | --- |'].join('\n');

function preferenceRow(c: PreferenceChange): string {
  const unset = c.action === 'create' || c.action === 'repair-drift' ? 'not set' : 'unset';
  // An undeclared removal policy is its default ("retain"), not a preference AWS keeps as it is.
  const omitted = (field: string, text: string) => (field === 'removalPolicy' ? unsetValue(c.kind, field) : text);
  const fields =
    c.fields.length > 0
      ? c.fields.map((f) => `${code(f.field)} ${cell(f.before ?? omitted(f.field, unset), 80)} → ${cell(f.after ?? omitted(f.field, c.action === 'delete' ? 'deleted' : 'unset'), 80)}`).join('<br>')
      : c.observed
        ? cell(`AWS: ${c.observed}`)
        : '—';
  const notes = c.risks.length > 0 ? c.risks.map((n) => cell(n.text)).join('<br>') : '—';
  return `| ${code(c.target)} (${cell(c.service)}) | ${cell(c.scope)} | **${PREFERENCE_ACTION_LABELS[c.action]}** | ${fields} | ${notes} |`;
}

/** One row per preference declaration that changes: what users will be recommended or shown. */
function preferenceTable(stack: StackSummary, add: (text: string) => boolean, budget: Budget, out: string[]): void {
  if (stack.preferenceChanges.length === 0) return;
  if (!add(`**Preferences** (${plural(stack.preferenceChanges.length, 'change')}):\n`) || !add(PREFERENCE_TABLE_HEADER)) {
    budget.omittedRows += stack.preferenceChanges.length;
    return;
  }
  let shown = 0;
  for (const c of stack.preferenceChanges) {
    if (!add(preferenceRow(c))) break;
    shown++;
  }
  budget.omittedRows += stack.preferenceChanges.length - shown;
  out.push('');
}

/** Short forms of the risks a reviewer must not miss, for the list under the totals. */
const ATTENTION: Partial<Record<RiskCode, string>> = {
  'recommendation-data-deleted': 'deletes recommendation data',
  'deletion-not-acknowledged': 'deletion not acknowledged in code',
  'automation-rules-stopped': 'stops every Automation rule',
  'reenroll-lock-24h': '24-hour re-enroll lock',
  'hub-recommendations-stop': 'stops Hub recommendations',
  'member-accounts': 'enrolls member accounts',
  'deletes-ebs-volumes': 'deletes unattached EBS volumes',
  'changes-ebs-volumes': 'changes EBS volume types',
  'organization-rule': 'applies to member accounts',
  'members-disassociated': "organisation rules stop applying",
  'shorter-look-back': 'shorter look-back period',
  'paid-feature': 'paid feature',
  'inferred-workloads-off': 'inferred workload types off',
  'narrows-instance-types': 'limits instance types',
  'tighter-sizing': 'favours smaller instances',
  'member-discounts-hidden': 'hides discounts from member accounts',
  'preferences-deleted': 'deletes preferences',
};
const ATTENTION_ACTIONS: ReadonlySet<EnrollmentAction> = new Set<EnrollmentAction>(['opt-out', 'repair-drift', 'undetermined']);
const MAX_ATTENTION = 10;

/** One line per opt-out, drift repair or undecided status, so they show at a glance above the tables. */
function attentionLines(summary: PlanSummary): string[] {
  const lines: string[] = [];
  let total = 0;
  for (const stack of summary.stacks) {
    for (const r of stack.resources) {
      const risky = r.risks.some((n) => n.code === 'deletion-not-acknowledged' || n.code === 'reenroll-lock-24h');
      if (!ATTENTION_ACTIONS.has(r.action) && !risky) continue;
      total++;
      if (lines.length >= MAX_ATTENTION) continue;
      const notes = [...new Set(r.risks.map((n) => ATTENTION[n.code]).filter((t): t is string => t !== undefined))];
      const where = summary.stacks.length > 1 ? `${code(stack.name)}: ` : '';
      const scope = r.scope.type === 'organisation' ? ' (organisation)' : '';
      lines.push(`- ${where}**${ACTION_LABELS[r.action]}**: ${cell(r.service)}${scope}${notes.length ? ` — ${notes.join('; ')}` : ''}`);
    }
  }
  for (const stack of summary.stacks) {
    for (const c of stack.ruleChanges) {
      const notes = [...new Set(c.risks.map((n) => ATTENTION[n.code]).filter((t): t is string => t !== undefined))];
      if (notes.length === 0 && c.action !== 'delete' && c.action !== 'repair-drift') continue;
      total++;
      if (lines.length >= MAX_ATTENTION) continue;
      const where = summary.stacks.length > 1 ? `${code(stack.name)}: ` : '';
      lines.push(`- ${where}**${RULE_ACTION_LABELS[c.action]} rule** ${code(c.rule)}${notes.length ? ` — ${notes.join('; ')}` : ''}`);
    }
  }
  for (const stack of summary.stacks) {
    for (const c of stack.associationChanges) {
      if (c.action !== 'disassociate' && c.action !== 'repair-drift') continue;
      total++;
      if (lines.length >= MAX_ATTENTION) continue;
      const where = summary.stacks.length > 1 ? `${code(stack.name)}: ` : '';
      lines.push(`- ${where}**${ASSOCIATION_ACTION_LABELS[c.action]}** Automation member accounts ${cell(c.accounts.join(', '), 120)}`);
    }
  }
  for (const stack of summary.stacks) {
    for (const c of stack.preferenceChanges) {
      const notes = [...new Set(c.risks.map((n) => ATTENTION[n.code]).filter((t): t is string => t !== undefined))];
      if (notes.length === 0 && c.action !== 'repair-drift') continue;
      total++;
      if (lines.length >= MAX_ATTENTION) continue;
      const where = summary.stacks.length > 1 ? `${code(stack.name)}: ` : '';
      lines.push(`- ${where}**${PREFERENCE_ACTION_LABELS[c.action]} preferences** ${code(c.target)}${notes.length ? ` — ${notes.join('; ')}` : ''}`);
    }
  }
  if (total > lines.length) lines.push(`- …and ${total - lines.length} more in the tables below`);
  return lines.length ? ['**Needs attention:**', ...lines, ''] : [];
}

export interface MarkdownOptions {
  /** Longest body to produce, in characters. @default 65536 (GitHub's comment limit) */
  readonly maxChars?: number;
}

/** Renders the PR comment body. The result never exceeds `maxChars` and always carries the totals line. */
export function renderMarkdown(summary: PlanSummary, options: MarkdownOptions = {}): string {
  const budget = new Budget(options.maxChars ?? GITHUB_COMMENT_LIMIT);
  const out: string[] = [];
  const head = [COMMENT_MARKER, '## Enrollment plan review', '', totalsLine(summary), '', ...attentionLines(summary)];
  for (const line of head) {
    budget.force(line);
    out.push(line);
  }
  for (const stack of summary.stacks) renderStack(stack, out, budget, summary.stacks.length > 1);
  if (budget.omittedRows > 0) {
    out.push(
      `_${plural(budget.omittedRows, 'row')} left out to stay under GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit; run \`cdktf-aws-enrollment plan-summary --format json\` for the full list._`,
    );
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
