import { IResolvable, IResolveContext, ITerraformDependable, TerraformLocal, TerraformResource, TerraformStack, Token } from 'cdktf';

/**
 * References the constructs make for their own locals, checks and `depends_on`, without cdktf's expression
 * classes: every one of those (`ref`, `dependable`) records the full JavaScript stack where it was created,
 * which costs a formatted stack trace per reference at synth time. These render to the same text. Attributes
 * users compose (./read-attributes.ts) are cdktf's own expressions, built only when a user reads them.
 */

/** `local.<name>` as a bare reference, for expressions in the local's own stack (what `asString` resolves to). */
export function localReference(local: TerraformLocal): string {
  return `local.${local.friendlyUniqueId}`;
}

/** Dependables whose `fqn` is that of a resource of theirs (the enrollment constructs register themselves). */
const resourceBehind = new WeakMap<ITerraformDependable, TerraformResource>();

export function registerDependable(dependable: ITerraformDependable, resource: TerraformResource): void {
  resourceBehind.set(dependable, resource);
}

/** A `depends_on` entry (`terraform_data.name`, no braces), as cdktf renders its own dependsOn. */
export function dependsOnReference(dependency: ITerraformDependable): string {
  const reference: IResolvable = {
    creationStack: [],
    resolve(context: IResolveContext): string {
      context.suppressBraces = true;
      // A resource of the same stack renders as `<type>.<name>` (its `fqn`, without making the fqn token).
      const resource = dependency instanceof TerraformResource ? dependency : resourceBehind.get(dependency);
      if (resource && TerraformStack.of(resource) === TerraformStack.of(context.scope)) {
        return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
      }
      return dependency.fqn;
    },
    toString: () => dependency.fqn,
  };
  return Token.asString(reference);
}

/**
 * What a data source that waits for a dependable must name in its `depends_on`: Terraform reads a data
 * source during apply only when a resource it names *directly* has changes. A declaration's removal
 * companion is never replaced, so waiting for it alone would read at plan time while the declaration
 * itself is re-applied (a drift repair): the declarations register their resource and companion here.
 */
const readTargets = new WeakMap<ITerraformDependable, () => readonly TerraformResource[]>();

export function registerReadTargets(dependable: ITerraformDependable, targets: () => readonly TerraformResource[]): void {
  readTargets.set(dependable, targets);
}

/** The `depends_on` entries of a data source waiting for `dependencies`, each once, in order. */
export function readDependsOn(dependencies: readonly ITerraformDependable[]): string[] {
  const targets: ITerraformDependable[] = [];
  for (const d of dependencies) {
    for (const t of readTargets.get(d)?.() ?? [d]) if (!targets.includes(t)) targets.push(t);
  }
  return targets.map(dependsOnReference);
}
