import { ITerraformDependable, TerraformDataSource } from 'cdktf';
import { Construct } from 'constructs';
import { CONNECTION_FIELD_NAMES, readFieldsOf, type ResourceKind, type WirePayload } from '../shared';
import type { EnrollmentConnection } from './connection';
import { ConnectionRead, type ReadPart } from './private/external';
import { resolveConnection } from './private/resolve-connection';
import { buildPayload, type PropFields } from './private/validate';

/** Props every enrollment data source accepts. */
export interface EnrollmentReadProps extends EnrollmentConnection {
  /**
   * Resources to wait for before reading (the read then happens during apply when they change).
   * @default - read at plan time
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Shared base of the data sources. Each is one part of its stack's `data "external"` read (see
 * `ConnectionRead`): every read of a stack with the same `dependsOn` (and a connection known at synthesis)
 * shares one adapter process at plan time.
 */
export abstract class EnrollmentRead extends Construct {
  /** The `data "external"` that carries this read (shared with the stack's other reads). */
  public readonly dataSource: TerraformDataSource;
  /** This read's fields in the query Terraform sends to the adapter (besides the connection). */
  public readonly query: WirePayload;
  /**
   * This read's part of the shared read.
   * @internal
   */
  protected readonly _part: ReadPart;

  protected constructor(scope: Construct, id: string, props: EnrollmentReadProps, kind: ResourceKind, fields: PropFields) {
    super(scope, id);
    const { connection } = resolveConnection(this, props);
    const wire = buildPayload(this, kind, 'read', { ...connection, ...fields });
    const readFields = readFieldsOf(kind);
    this.query = Object.fromEntries(Object.entries(wire).filter(([name]) => readFields.includes(name)));
    const connectionFields = Object.fromEntries(Object.entries(wire).filter(([name]) => (CONNECTION_FIELD_NAMES as string[]).includes(name)));
    const path = this.node.path;
    this._part = ConnectionRead.part(this, { connection: connectionFields, dependsOn: props.dependsOn, kind, fields: this.query, for: () => path });
    this.dataSource = this._part.read;
  }

  /** Any key of the adapter's result, as a string token. */
  public result(key: string): string {
    return this._part.result(key);
  }
}
