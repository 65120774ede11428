/** Running `terraform plan` in tests and reading what matters out of its JSON form. */
import type { TerraformResult, TerraformRunner } from './terraform';

export interface PlanOutcome {
  /** Terraform's -detailed-exitcode: 0 no changes, 2 changes, 1 error. */
  readonly code: number | null;
  readonly changed: boolean;
  readonly result: TerraformResult;
  /** `terraform show -json` of the saved plan (absent when planning failed). */
  readonly json?: any;
  /** The saved plan file, relative to the stack directory (absent when planning failed). */
  readonly file?: string;
}

/** `terraform plan -detailed-exitcode -out=<name>.tfplan` and its JSON; never throws for a failing plan. */
export async function plan(tf: TerraformRunner, name: string, extraArgs: string[] = []): Promise<PlanOutcome> {
  const file = `${name}.tfplan`;
  const result = await tf.run(['plan', '-no-color', '-input=false', '-detailed-exitcode', `-out=${file}`, ...extraArgs]);
  if (result.code !== 0 && result.code !== 2) return { code: result.code, changed: false, result };
  return { code: result.code, changed: result.code === 2, result, json: await tf.showJson(file), file };
}

export interface ChangeSummary {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly actions: readonly string[];
  readonly actionReason?: string;
  readonly replacePaths?: unknown;
}

/** Every resource change in a plan JSON, including no-ops and data-source reads deferred to apply. */
export function changes(json: any): ChangeSummary[] {
  return (json.resource_changes ?? []).map((rc: any) => ({
    address: rc.address,
    mode: rc.mode,
    type: rc.type,
    actions: rc.change.actions,
    actionReason: rc.action_reason,
    replacePaths: rc.change.replace_paths,
  }));
}

/** Changes other than no-op, keyed by address: what `apply` would do. */
export function plannedActions(json: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of changes(json)) if (c.actions.join(',') !== 'no-op') out[c.address] = c.actions.join(',');
  return out;
}

/** Data sources read while planning (they live in `prior_state`), by address → their `result`. */
export function readsAtPlan(json: any): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const visit = (module: any) => {
    for (const r of module?.resources ?? []) if (r.mode === 'data') out[r.address] = r.values?.result ?? {};
    for (const child of module?.child_modules ?? []) visit(child);
  };
  visit(json.prior_state?.values?.root_module);
  return out;
}

/**
 * The parts of the connection reads made while planning, by what each is read for (a resource's logical id,
 * or a data source's construct path) → that part's keys of the result.
 */
export function partsAtPlan(json: any): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const visit = (module: any) => {
    for (const r of module?.resources ?? []) {
      if (r.mode !== 'data' || r.values?.query?.kind !== 'connection-read') continue;
      const query = r.values.query as Record<string, string>;
      const result = (r.values.result ?? {}) as Record<string, string>;
      for (const [key, label] of Object.entries(query)) {
        const m = /^(p\d+)\.for$/.exec(key);
        if (!m) continue;
        out[label] = Object.fromEntries(Object.entries(result).filter(([k]) => k.startsWith(`${m[1]}.`)).map(([k, v]) => [k.slice(m[1].length + 1), v]));
      }
    }
    for (const child of module?.child_modules ?? []) visit(child);
  };
  visit(json.prior_state?.values?.root_module);
  return out;
}

/** The address of the connection read that carries the part read for `label` (from the configuration). */
export function readCarrying(json: any, label: string): string | undefined {
  for (const r of json.configuration?.root_module?.resources ?? []) {
    const query = r.expressions?.query?.constant_value;
    if (r.mode === 'data' && query && Object.entries(query).some(([k, v]) => /^p\d+\.for$/.test(k) && v === label)) return r.address;
  }
  return undefined;
}

export interface CheckSummary {
  readonly address: string;
  readonly status: string;
  readonly problems: readonly string[];
}

/** Check blocks (`kind: "check"`) with their status and failure messages. */
export function checkResults(json: any): CheckSummary[] {
  return (json.checks ?? [])
    .filter((c: any) => c.address?.kind === 'check')
    .map((c: any) => ({
      address: c.address.to_display,
      status: c.status,
      problems: (c.instances ?? []).flatMap((i: any) => (i.problems ?? []).map((p: any) => p.message)),
    }));
}

/** Fails with Terraform's own output when the plan's exit code is not the expected one (0 clean, 2 changes). */
export function expectPlanCode(outcome: PlanOutcome, expected: 0 | 1 | 2): void {
  if (outcome.code !== expected) {
    throw new Error(
      `terraform plan exited ${outcome.code}, expected ${expected}\n--- stdout\n${outcome.result.stdout}\n--- stderr\n${outcome.result.stderr}`,
    );
  }
}
