import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ResourceKind, WirePayload } from '../../shared';
import { EnrollmentConnection, resolveConnection } from '../connection';
import { AdapterRead } from './external';
import { buildWire } from './wire';

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

  protected constructor(
    scope: Construct,
    id: string,
    props: EnrollmentReadProps,
    kind: ResourceKind,
    fields: Record<string, string | number | boolean | readonly string[] | undefined>,
    labels: Record<string, string> = {},
  ) {
    super(scope, id);
    const { connection } = resolveConnection(this, props);
    this.query = buildWire(kind, { ...connection, ...fields }, 'read', labels);
    this.dataSource = new AdapterRead(this, 'Read', kind, this.query, props.dependsOn);
  }

  /** Any key of the adapter's result, as a string token. */
  public result(key: string): string {
    return this.dataSource.result(key);
  }
}
