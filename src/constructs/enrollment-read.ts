import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { type ResourceKind, type WirePayload } from '../shared';
import type { EnrollmentConnection } from './connection';
import { resolveConnection } from './private/resolve-connection';
import { AdapterRead } from './private/external';
import { buildPayload, type PropValue } from './private/validate';

/** Props every enrollment data source accepts. */
export interface EnrollmentReadProps extends EnrollmentConnection {
  /**
   * Resources to wait for before reading (the read then happens during apply when they change).
   * @default - read at plan time
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Shared base of the data sources: one `data "external"` running `adapter read <kind>`. */
export abstract class EnrollmentRead extends Construct {
  /** The `data "external"` block. */
  public readonly dataSource: AdapterRead;
  /** The query Terraform sends to the adapter on stdin. */
  public readonly query: WirePayload;

  protected constructor(scope: Construct, id: string, props: EnrollmentReadProps, kind: ResourceKind, fields: Record<string, PropValue>) {
    super(scope, id);
    const { connection } = resolveConnection(this, props);
    this.query = buildPayload(this, kind, 'read', { ...connection, ...fields });
    this.dataSource = new AdapterRead(this, 'Read', kind, this.query, props.dependsOn);
  }

  /** Any key of the adapter's result, as a string token. */
  public result(key: string): string {
    return this.dataSource.result(key);
  }
}
