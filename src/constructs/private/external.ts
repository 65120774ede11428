import { IResolvable, ITerraformDependable, TerraformDataSource, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ResourceKind, WirePayload } from '../../shared';
import { AdapterBundle } from './adapter-bundle';
import { dependsOnReference } from './references';

const PROVIDER_ID = 'EnrollmentExternalProvider';

/**
 * `hashicorp/external`, declared once per stack (an empty provider block plus its `required_providers`
 * entry). Built on cdktf's raw provider class: the prebuilt bindings package is archived.
 */
export class ExternalProvider extends TerraformProvider {
  public static of(scope: Construct): ExternalProvider {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return existing instanceof ExternalProvider ? existing : new ExternalProvider(stack, PROVIDER_ID);
  }

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'external',
      terraformGeneratorMetadata: { providerName: 'external' },
      terraformProviderSource: 'hashicorp/external',
    });
  }
}

/** A `data "external"` that runs `adapter read <kind>` with the wire payload as its query. */
export class AdapterRead extends TerraformDataSource {
  private readonly program: string[];
  private readonly query: WirePayload;

  constructor(scope: Construct, id: string, kind: ResourceKind, query: WirePayload, dependsOn?: ITerraformDependable[]) {
    super(scope, id, {
      terraformResourceType: 'external',
      terraformGeneratorMetadata: { providerName: 'external' },
      provider: ExternalProvider.of(scope),
    });
    // Set here rather than through the config, which wraps each entry in a token that records a stack trace.
    if (dependsOn) this.dependsOn = dependsOn.map(dependsOnReference);
    this.program = AdapterBundle.of(scope).argv('read', kind);
    this.query = query;
    // The payload's camelCase keys are wire names; raw attributes are emitted as they are.
    this.addOverride('program', this.program);
    this.addOverride('query', this.query);
  }

  /**
   * `data.external.<name>.result.<key>` as a bare expression, for the constructs' own locals and checks in the
   * same stack: the text cdktf would resolve a reference to (the logical id is fixed on first use, as cdktf
   * does), without a token to resolve at synth time.
   */
  public reference(key: string): string {
    return `data.external.${this.friendlyUniqueId}.result.${key}`;
  }

  private readonly results = new Map<string, string>();

  /** `result.<key>` as a cdktf reference, for building typed expressions from it (see ./read-attributes.ts). */
  public resultReference(key: string): IResolvable {
    return this.interpolationForAttribute(`result.${key}`);
  }

  /**
   * `result.<key>` as a cdktf token (one per key) for users: `Token.isUnresolved` recognises it and it works
   * across stacks.
   */
  public result(key: string): string {
    let token = this.results.get(key);
    if (token === undefined) {
      token = Token.asString(this.interpolationForAttribute(`result.${key}`));
      this.results.set(key, token);
    }
    return token;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    // Emitted as raw attributes (see the constructor): cdktf snake-cases synthesized attribute keys.
    return {};
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {};
  }
}
