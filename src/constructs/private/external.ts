import { ITerraformDependable, TerraformDataSource, TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ResourceKind, WirePayload } from '../../shared';
import { AdapterBundle } from './adapter-bundle';

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
      dependsOn,
    });
    this.program = AdapterBundle.of(scope).argv('read', kind);
    this.query = query;
    // The payload's camelCase keys are wire names; raw attributes are emitted as they are.
    this.addOverride('program', this.program);
    this.addOverride('query', this.query);
  }

  /**
   * `data.external.<name>.result.<key>` as a bare expression, for composing larger expressions. A literal
   * address instead of a cdktf token: the same text cdktf would resolve to (it also fixes the logical id on
   * first use), without a token per reference to resolve at synth time.
   */
  public reference(key: string): string {
    return `data.external.${this.friendlyUniqueId}.result.${key}`;
  }

  /** `result.<key>` as an interpolation string (`${...}`), usable wherever a string attribute is. */
  public result(key: string): string {
    return `\${${this.reference(key)}}`;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    // Emitted as raw attributes (see the constructor): cdktf snake-cases synthesized attribute keys.
    return {};
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {};
  }
}
