import { IResolvable, IResolveContext, ITerraformDependable, TerraformLocal, TerraformResource, TerraformStack, Token } from 'cdktf';

/**
 * Tokens and references made without cdktf's expression classes. Every one of those (`ref`, `Token.asAny` on a
 * string, `dependable`) records the full JavaScript stack where it was created, which costs a formatted stack
 * trace per token at synth time and holds the strings until exit. These render to the same text.
 */

/** A string expression as a token (what `Token.asAny(string)` gives), without a creation stack. */
class Expression implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly value: string) {}

  public resolve(): string {
    return this.value;
  }

  public toString(): string {
    return Token.asString(this);
  }

  public toJSON(): string {
    return '<unresolved-token>';
  }
}

export function expression(value: string): IResolvable {
  return new Expression(value);
}

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
