import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Messages, ValidationError } from '../errors';

/** Context key that points the constructs at another adapter.cjs (tests, vendored copies). */
export const ADAPTER_PATH_CONTEXT = 'cdktf-aws-enrollment:adapterPath';

const BUNDLE_ID = 'EnrollmentAdapter';

/** Walks up from this file to the package root, so the lookup works from src/ (ts-jest) and dist/src/ alike. */
function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'cdktf-aws-enrollment') return dir;
      } catch {
        // an unreadable package.json is not ours; keep walking
      }
    }
    dir = path.dirname(dir);
  }
  return path.resolve(__dirname, '..', '..', '..');
}

/** Where the bundled adapter is read from at synth time. */
export function defaultAdapterPath(): string {
  return path.join(packageRoot(), 'dist', 'adapter', 'adapter.cjs');
}

/**
 * The adapter bundle copied into the stack's output directory, once per stack. Terraform runs it as
 * `node ${path.module}/assets/.../adapter.cjs`, so the synthesized directory works on any machine with Node,
 * wherever it is checked out.
 */
export class AdapterBundle extends Construct {
  public static of(scope: Construct): AdapterBundle {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(BUNDLE_ID);
    return existing instanceof AdapterBundle ? existing : new AdapterBundle(stack, BUNDLE_ID);
  }

  /** The path Terraform uses, relative to the stack directory. */
  public readonly programPath: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const configured = this.node.tryGetContext(ADAPTER_PATH_CONTEXT);
    const source = path.resolve(typeof configured === 'string' && configured !== '' ? configured : defaultAdapterPath());
    if (!existsSync(source)) throw new ValidationError(this.node.path, ADAPTER_PATH_CONTEXT, Messages.adapterBundleMissing(source));
    const asset = new TerraformAsset(this, 'Bundle', { path: source, type: AssetType.FILE });
    this.programPath = `\${path.module}/${asset.path}`;
  }

  /** argv for a verb; Terraform appends the payload (local-exec `command`) or sends it on stdin (`external`). */
  public argv(verb: string, kind: string): string[] {
    return ['node', this.programPath, verb, kind];
  }
}
