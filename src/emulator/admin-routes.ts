/**
 * The admin API under /_emulator/ (plain JSON): state, reset, config, clock, faults and changes made "in the
 * console". Every input is checked before anything is queued or changed; errors answer
 * `{"error": "..."}` with 400 (bad input), 401/403/415 (refused, see ./local-access.ts) or 404.
 */
import type * as http from 'node:http';
import type { AccountDirectory } from './accounts';
import type { Faults } from './faults';
import { AdminError, epochSeconds, type ConsoleChange, type JsonObject, type ServiceDefinition } from './framework';
import { JsonInputError, parseJsonObject } from './json-input';
import { AccessRefused, type LocalAccess } from './local-access';
import type { AccountQueues } from './queues';
import { sendAdmin } from './responses';
import type { Sessions } from './sessions';
import type { CallStats } from './stats';
import type { StateStore } from './state';
import { redactText } from '../shared/redact';

/** The most one POST /_emulator/clock may move the clock: 100 years. */
const MAX_CLOCK_ADVANCE_SECONDS = 100 * 365 * 24 * 3600;
/** A member enrollment delay beyond a day is a mistake (Node's timers and the tests' patience end sooner). */
const MAX_MEMBER_DELAY_MS = 24 * 3600 * 1000;
const MAX_STATUS_REASON = 1024;

export interface AdminRouteDeps {
  readonly store: StateStore;
  readonly accounts: AccountDirectory;
  readonly services: readonly ServiceDefinition[];
  readonly faults: Faults;
  readonly queues: AccountQueues;
  readonly stats: CallStats;
  readonly access: LocalAccess;
  readonly sessions: Sessions;
}

function clip(value: string, max = 60): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max - 3)}...` : value);
}

export class AdminRoutes {
  constructor(private readonly deps: AdminRouteDeps) {}

  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: string, body: Buffer): Promise<void> {
    const method = req.method ?? 'GET';
    try {
      this.deps.access.checkAdmin(method, req.headers);
      const route = `${method} ${url.split('?')[0].replace(/\/+$/, '')}`;
      sendAdmin(res, 200, await this.route(route, body));
    } catch (err) {
      const status = err instanceof AdminError || err instanceof AccessRefused ? err.status : 400;
      sendAdmin(res, status, { error: redactText((err as Error)?.message ?? String(err)) });
    }
  }

  private body(raw: Buffer): Record<string, unknown> {
    try {
      return parseJsonObject(raw);
    } catch (err) {
      if (err instanceof JsonInputError) throw new AdminError(400, `admin request body is not valid JSON: ${err.message}`);
      throw err;
    }
  }

  private async route(route: string, rawBody: Buffer): Promise<unknown> {
    const { store, faults, queues, stats } = this.deps;
    if (route === 'GET /_emulator/state') return this.stateView();
    if (route === 'GET /_emulator/faults') return faults.settings;
    if (route === 'DELETE /_emulator/faults') {
      faults.clear();
      return faults.settings;
    }
    const body = this.body(rawBody);
    if (route === 'POST /_emulator/reset') {
      await queues.drain();
      store.reset();
      stats.clear();
      faults.clear();
      this.deps.sessions.clear();
      await store.commit();
      return this.stateView();
    }
    if (route === 'POST /_emulator/faults') {
      try {
        faults.set(body);
      } catch (err) {
        throw new AdminError(400, (err as Error).message);
      }
      return faults.settings;
    }
    if (route === 'POST /_emulator/config') {
      const delay = body.memberEnrollmentDelayMs;
      if (typeof delay !== 'number' || !Number.isSafeInteger(delay) || delay < 0 || delay > MAX_MEMBER_DELAY_MS) {
        throw new AdminError(400, `memberEnrollmentDelayMs must be a whole number of milliseconds from 0 to ${MAX_MEMBER_DELAY_MS} (a day)`);
      }
      store.beginOperation();
      store.state.memberEnrollmentDelayMs = delay;
      store.touch();
      await store.commit();
      return { memberEnrollmentDelayMs: delay };
    }
    if (route === 'POST /_emulator/clock') {
      const s = body.advanceSeconds;
      // Bounded so the emulated clock stays a valid date (and the state file stays valid JSON numbers).
      if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > MAX_CLOCK_ADVANCE_SECONDS) {
        throw new AdminError(400, `advanceSeconds must be a number from 0 to ${MAX_CLOCK_ADVANCE_SECONDS} (100 years); the emulated clock never goes back`);
      }
      store.beginOperation();
      store.state.clockOffsetMs += s * 1000;
      store.touch();
      await store.commit();
      return { now: epochSeconds(store.now()), offsetSeconds: store.state.clockOffsetMs / 1000 };
    }
    const m = /^POST \/_emulator\/accounts\/([^/]+)\/([^/]+)$/.exec(route);
    if (m) return this.consoleChange(m[1], m[2], body);
    const sub = /^([A-Z]+) \/_emulator\/accounts\/([^/]+)\/([^/]+)\/(.+)$/.exec(route);
    const owner = sub ? this.deps.services.find((s) => s.adminName === sub[3] && s.admin !== undefined) : undefined;
    if (sub && owner) {
      const [, method, accountId, , rest] = sub;
      this.knownAccount(accountId);
      let path: string[];
      try {
        path = rest.split('/').map(decodeURIComponent);
      } catch {
        throw new AdminError(400, `admin route ${clip(route, 100)} is not valid URL encoding`);
      }
      const answer = await this.consoleAction(accountId, (now) => owner.admin!({ method, path, body, accountId, store: this.deps.store, accounts: this.deps.accounts, now }));
      if (answer !== undefined) return answer;
    }
    throw new AdminError(404, `unknown admin route ${clip(route, 100)}; see docs/emulator.md for the admin API`);
  }

  private knownAccount(accountId: string): void {
    const { accounts } = this.deps;
    if (accounts.byAccountId(accountId) === undefined) {
      throw new AdminError(404, `account ${clip(accountId, 20)} is not in the accounts file; use one of ${accounts.all.map((a) => a.accountId).join(', ')}`);
    }
  }

  /**
   * Runs a console action behind the account's queued calls, with the services settled first, and writes
   * its change. A refusal reaches only this request (the queue never rejects); what the action changed
   * before refusing is written too, so memory and disk stay in step.
   */
  private async consoleAction<T>(accountId: string, action: (now: number) => T): Promise<T> {
    const { store, accounts, services, queues } = this.deps;
    return queues.run(accountId, async () => {
      store.beginOperation();
      const now = store.now();
      store.untracked(() => {
        for (const s of services) s.settle?.(store, accounts, now);
      });
      try {
        return action(now);
      } finally {
        await store.commit();
      }
    });
  }

  /** A change made "in the console", checked in full before it is queued behind the account's calls. */
  private async consoleChange(accountId: string, adminName: string, body: Record<string, unknown>): Promise<unknown> {
    const { store, accounts, services } = this.deps;
    this.knownAccount(accountId);
    const service = services.find((s) => s.adminName === adminName);
    if (!service) throw new AdminError(404, `unknown service ${clip(adminName, 40)}; use one of ${services.map((s) => s.adminName).join(', ')}`);
    if (typeof body.status !== 'string') throw new AdminError(400, 'body must have "status": "Active", "Inactive" or "Failed"');
    if (body.statusReason !== undefined && body.statusReason !== null && (typeof body.statusReason !== 'string' || body.statusReason.length > MAX_STATUS_REASON)) {
      throw new AdminError(400, `statusReason must be a string of at most ${MAX_STATUS_REASON} characters`);
    }
    const change: ConsoleChange = { ...body, status: body.status, statusReason: typeof body.statusReason === 'string' ? body.statusReason : undefined };
    try {
      service.checkConsoleChange?.(change);
    } catch (err) {
      throw new AdminError(400, (err as Error).message);
    }
    await this.consoleAction(accountId, (now) => {
      try {
        service.consoleChange(store, accounts, accountId, change, now);
      } catch (err) {
        throw new AdminError(400, (err as Error).message);
      }
    });
    return (this.stateView().accounts as Record<string, unknown>)[accountId];
  }

  /** The admin view of the state: times as epoch seconds, like the wire. */
  stateView(): JsonObject {
    return this.deps.store.untracked(() => this.view());
  }

  private view(): JsonObject {
    const { store, accounts: directory, services, stats, faults } = this.deps;
    const now = store.now();
    for (const s of services) s.settle?.(store, directory, now);
    const accounts: Record<string, unknown> = {};
    for (const a of directory.all) {
      const st = store.account(a.accountId);
      const { pendingUntil, lastUpdated: coUpdated, ...co } = st.computeOptimizer;
      const { optedOutAt, lastUpdated: auUpdated, ...au } = st.automation;
      const { created, lastUpdated: cohUpdated, ...coh } = st.costOptimizationHub;
      accounts[a.accountId] = {
        role: a.role,
        name: a.name,
        computeOptimizer: {
          ...co,
          recommendationDataDeletions: co.recommendationDataDeletions ?? 0,
          lastUpdated: epochSeconds(coUpdated),
          ...(pendingUntil !== undefined ? { pendingUntil: epochSeconds(pendingUntil) } : {}),
        },
        automation: { ...au, lastUpdated: epochSeconds(auUpdated), ...(optedOutAt !== undefined ? { optedOutAt: epochSeconds(optedOutAt) } : {}) },
        costOptimizationHub: { ...coh, lastUpdated: epochSeconds(cohUpdated), created: epochSeconds(created) },
      };
      const entry = accounts[a.accountId] as Record<string, JsonObject>;
      for (const s of services) if (s.view) Object.assign(entry[s.key], s.view(store, directory, a.accountId));
    }
    return {
      now: epochSeconds(now),
      clockOffsetSeconds: store.state.clockOffsetMs / 1000,
      config: { memberEnrollmentDelayMs: store.state.memberEnrollmentDelayMs },
      accounts,
      ...stats.view(),
      clientTokens: store.tokens.size,
      // Temporary credentials from STS AssumeRole (in memory only; a restart forgets them).
      roleSessions: this.deps.sessions.view(now),
      faults: faults.settings,
    };
  }
}
