/**
 * Calls of one account run one at a time, in arrival order. A task's failure is handed to its own caller
 * only: the chain itself never rejects, so one bad request cannot leave an unhandled rejection behind
 * (which would end the process) or stall the calls queued after it.
 */
export class AccountQueues {
  private readonly tails = new Map<string, Promise<void>>();

  /** Whether a task of this account is queued or running. */
  busy(accountId: string): boolean {
    return this.tails.has(accountId);
  }

  /** Runs `task` after every earlier task of the same account has settled; resolves or rejects with it. */
  run<T>(accountId: string, task: () => Promise<T> | T): Promise<T> {
    const previous = this.tails.get(accountId) ?? Promise.resolve();
    const result = previous.then(() => task());
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(accountId, tail);
    void tail.then(() => {
      if (this.tails.get(accountId) === tail) this.tails.delete(accountId);
    });
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
