/** The shape of one kind's adapter module, and the apply/destroy every write kind shares. */
import { KINDS, type DeclarableStatus, type PayloadByKind, type ReadResult, type ResourceKind, type WriteKind } from '../../shared';
import type { RunContext } from '../context';
import { converge, type Convergence } from '../converge';

export interface KindHandler<K extends ResourceKind> {
  readonly read: (payload: PayloadByKind[K], ctx: RunContext) => Promise<ReadResult<K>>;
  readonly apply?: (payload: PayloadByKind[K], ctx: RunContext) => Promise<ReadResult<K>>;
  /** Returns undefined when the removal policy leaves AWS as it is. */
  readonly destroy?: (payload: PayloadByKind[K], ctx: RunContext) => Promise<ReadResult<K> | undefined>;
}

export interface WriteKindModule<K extends WriteKind, O> {
  readonly kind: K;
  readonly read: (payload: PayloadByKind[K], ctx: RunContext) => Promise<ReadResult<K>>;
  /** How to converge to `desired` (the declared status on apply, "Inactive" on an opt-out destroy). */
  readonly convergence: (payload: PayloadByKind[K], desired: DeclarableStatus, ctx: RunContext) => Convergence<O>;
  readonly result: (settled: O) => ReadResult<K>;
  /** Refuses payloads that must not run (thrown before any call). */
  readonly guard?: (payload: PayloadByKind[K]) => void;
}

/**
 * apply converges to the declared status; destroy does what the removal policy says: "retain" leaves AWS
 * as it is, "opt-out" converges to Inactive.
 */
export function writeKind<K extends WriteKind, O>(m: WriteKindModule<K, O>): KindHandler<K> {
  const title = KINDS[m.kind].title;
  return {
    read: m.read,
    apply: async (payload, ctx) => {
      m.guard?.(payload);
      return m.result(await converge(m.convergence(payload, (payload as { status: DeclarableStatus }).status, ctx), ctx));
    },
    destroy: async (payload, ctx) => {
      if ((payload as { removalPolicy: string }).removalPolicy === 'retain') {
        ctx.log(`${m.kind}: removalPolicy is "retain"; leaving the ${title} as it is`);
        return undefined;
      }
      m.guard?.(payload);
      const result = m.result(await converge(m.convergence(payload, 'Inactive', ctx), ctx));
      // The service opts out the calling account only: say so, rather than let "members included" suggest more.
      if ((payload as { includeMemberAccounts?: boolean }).includeMemberAccounts === true) {
        ctx.log(`${m.kind}: opted out this account only; its member accounts stay enrolled (only each member's own credentials can opt it out: a member-account stack with removalPolicy "opt-out")`);
      }
      return result;
    },
  };
}
