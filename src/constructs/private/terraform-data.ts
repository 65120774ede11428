import { TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { dependsOnReference } from './references';

export interface TerraformDataConfig extends TerraformMetaArguments {
  readonly input: Record<string, string>;
  readonly triggersReplace: Record<string, unknown>;
}

/**
 * Terraform's built-in `terraform_data` (Terraform >= 1.4) on cdktf's raw resource class.
 *
 * cdktf's own `DataResource` runs `terraform version` through a shell for every instance at synth time to
 * check that minimum; that costs a process per resource, and fails synthesis on machines without Terraform,
 * where `npm start` must still work. Terraform itself rejects the resource type if it is too old.
 */
export class TerraformData extends TerraformResource {
  constructor(scope: Construct, id: string, config: TerraformDataConfig) {
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
    });
    // Set here rather than through the config, which wraps each entry in a token that records a stack trace.
    if (config.dependsOn) this.dependsOn = config.dependsOn.map(dependsOnReference);
    this.addOverride('input', config.input);
    this.addOverride('triggers_replace', config.triggersReplace);
  }

  /** The stored `input` map (a token). */
  public get input(): Record<string, string> {
    return this.getStringMapAttribute('input');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    // Emitted as raw attributes: cdktf snake-cases the keys of synthesized attributes, and the payload's
    // camelCase keys are wire names.
    return {};
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {};
  }
}
