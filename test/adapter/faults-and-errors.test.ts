/** Retries (throttling, 5xx, dropped connections) through the emulator's fault API, and AWS error messages. */
import { describeAwsError } from '../../src/adapter/errors';
import { captureProxy, type CaptureProxy, type Responder } from './capture';
import { MANAGEMENT, emulator, payload, run, type TestEmulator } from './helpers';

const CO = 'compute-optimizer-enrollment';
const AUTO = 'automation-enrollment';
const HUB = 'cost-optimization-hub-enrollment';
const GET = 'ComputeOptimizerService.GetEnrollmentStatus';
let emu: TestEmulator;

beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('retries', () => {
  test('a throttling burst is absorbed by the standard retry strategy', async () => {
    await emu.faults({ throttleNext: 2, operations: [GET] });
    const r = await run('read', CO, payload(CO, emu.url));
    expect(r.code).toBe(0);
    expect(await emu.calls(GET)).toBe(3);
  });

  test('throttling that outlasts the retries says how many attempts were made', async () => {
    await emu.faults({ throttleNext: 50, operations: [GET] });
    const r = await run('read', CO, payload(CO, emu.url), { env: { AWS_MAX_ATTEMPTS: '3' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Compute Optimizer GetEnrollmentStatus was throttled \(ThrottlingException\) after 3 attempts with backoff; wait a minute and re-run, or raise AWS_MAX_ATTEMPTS/);
    expect(await emu.calls(GET)).toBe(3);
  });

  test('5xx answers are retried, then reported with the attempt count', async () => {
    await emu.faults({ failNext: 2 });
    expect((await run('read', HUB, payload(HUB, emu.url))).code).toBe(0);
    await emu.faults({ failNext: 50 });
    const r = await run('read', HUB, payload(HUB, emu.url), { env: { AWS_MAX_ATTEMPTS: '2' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cost Optimization Hub ListEnrollmentStatuses failed on the AWS side \(InternalServerException, HTTP 500\) after 2 attempts; AWS may be degraded: re-run later/);
  });

  test('our Automation client retries throttling and 503 like the SDK clients', async () => {
    await run('apply', CO, payload(CO, emu.url, { status: 'Active' }));
    const target = 'ComputeOptimizerAutomationService.GetEnrollmentConfiguration';
    await emu.faults({ throttleNext: 1, operations: [target] });
    expect((await run('read', AUTO, payload(AUTO, emu.url))).code).toBe(0);
    expect(await emu.calls(target)).toBe(2);
    await emu.faults({ error503Rate: 1, operations: [target] });
    const r = await run('read', AUTO, payload(AUTO, emu.url), { env: { AWS_MAX_ATTEMPTS: '2' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Compute Optimizer Automation GetEnrollmentConfiguration failed on the AWS side \(ServiceUnavailableException, HTTP 503\) after 2 attempts/);
  });

  test('dropped connections are retried; an endpoint that keeps dropping is reported as unreachable', async () => {
    await emu.faults({ dropNext: 1, operations: [GET] });
    expect((await run('read', CO, payload(CO, emu.url))).code).toBe(0);
    await emu.faults({ dropNext: 50, operations: [GET] });
    const r = await run('read', CO, payload(CO, emu.url), { env: { AWS_MAX_ATTEMPTS: '2' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`Compute Optimizer GetEnrollmentStatus could not reach ${emu.url.replace(/[.]/g, '\\.')} after 2 attempts \\(ECONNRESET`));
  });

  test('nothing listening: one line naming the endpoint', async () => {
    const r = await run('read', CO, payload(CO, 'http://127.0.0.1:9'), { env: { AWS_MAX_ATTEMPTS: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not reach http:\/\/127\.0\.0\.1:9 .*ECONNREFUSED.*check the network, proxy and `endpoint`/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('AWS errors become one actionable line', () => {
  test('unknown credentials are reported without printing them', async () => {
    const stranger = { accountId: '999999999999', accessKeyId: 'AKIASTRANGEREXAMPLE1', secretAccessKey: 'stranger-secret-value' };
    const r = await run('read', CO, payload(CO, emu.url), { account: stranger });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AWS did not accept the credentials/);
    expect(r.stderr).not.toMatch(/stranger-secret-value/);
  });

  test('a wrong secret (bad signature) is reported as rejected credentials', async () => {
    const r = await run('read', CO, payload(CO, emu.url), { account: { ...MANAGEMENT, secretAccessKey: 'not-the-secret' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\((InvalidSignatureException|SignatureDoesNotMatch)\): AWS did not accept the credentials/);
    expect(r.stderr).not.toMatch(/not-the-secret/);
  });

  describe('errors the emulator has no reason to produce, over HTTP from a canned endpoint', () => {
    let proxy: CaptureProxy;
    beforeAll(async () => {
      proxy = await captureProxy(emu.url);
    });
    afterAll(() => proxy.close());

    const canned =
      (code: string, message: string, status = 400): Responder =>
      () => ({ status, headers: { 'x-amzn-errortype': code }, body: JSON.stringify({ __type: `com.amazonaws.x#${code}`, message }) });

    test.each([
      [AUTO, 'AccessDeniedException', 'User: arn:aws:sts::111111111111:assumed-role/ci is not authorized', /UpdateEnrollmentConfiguration was refused \(AccessDeniedException\): allow the IAM action aco-automation:UpdateEnrollmentConfiguration/],
      [CO, 'AccessDeniedException', 'not authorized', /UpdateEnrollmentStatus was refused \(AccessDeniedException\): allow the IAM action compute-optimizer:UpdateEnrollmentStatus/],
      [HUB, 'AccessDeniedException', 'not authorized', /UpdateEnrollmentStatus was refused \(AccessDeniedException\): allow the IAM action cost-optimization-hub:UpdateEnrollmentStatus for the identity Terraform uses in us-east-1/],
      [AUTO, 'NotManagementAccountException', 'not the management account', /NotManagementAccountException\): only the organization's management account can do this; run it with credentials, a `profile` or a `roleArn` of the management account/],
      [AUTO, 'OptInRequiredException', 'opt in first', /Compute Optimizer Automation needs the account enrolled in Compute Optimizer first/],
      [AUTO, 'IdempotencyTokenInUseException', 'token in use', /a previous apply with the same client token is still in progress/],
      [AUTO, 'ForbiddenException', 'associated with its management account', /was forbidden \(ForbiddenException\): the account may be a member whose management account controls this setting/],
      [CO, 'InvalidParameterValueException', 'bad value', /rejected the request \(InvalidParameterValueException\)/],
      [HUB, 'ValidationException', 'bad field', /Cost Optimization Hub UpdateEnrollmentStatus rejected the request \(ValidationException\)/],
      [AUTO, 'IdempotentParameterMismatchException', 'token reused', /same client token is still in progress or differed/],
      [AUTO, 'ResourceNotFoundException', 'no such thing', /found nothing to act on \(ResourceNotFoundException\)/],
      [CO, 'MissingAuthenticationToken', 'missing auth', /AWS did not accept the credentials/],
    ])('%s %s', async (kind, code, message, expected) => {
      // Reads succeed (forwarded to the emulator); the update gets the canned error.
      await run('apply', CO, payload(CO, emu.url, { status: 'Active' }));
      await emu.console(MANAGEMENT.accountId, 'compute-optimizer', 'Active');
      if (kind === CO) await emu.console(MANAGEMENT.accountId, 'compute-optimizer', 'Inactive');
      const answer = canned(code, message);
      proxy.respond = (r) => (/\.Update/.test(r.target) ? answer(r) : undefined);
      const r = await run('apply', kind, payload(kind, proxy.url, { status: 'Active' }), { env: { AWS_MAX_ATTEMPTS: '1' } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      proxy.respond = undefined;
    });
  });

  test('the 24-hour rule falls back to the last opt-out time when AWS gives no date', () => {
    const err = Object.assign(new Error('You must wait at least 24 hours after opting out to opt in again.'), { name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
    const failure = describeAwsError(err, {
      service: 'Compute Optimizer Automation',
      iamPrefix: 'aco-automation',
      operation: 'UpdateEnrollmentConfiguration',
      region: 'eu-west-1',
      lastStatusChange: new Date('2026-01-01T10:00:00Z'),
    });
    expect(failure.message).toMatch(/re-run apply after 2026-01-02T10:00:00\.000Z \(24 hours after the opt-out at 2026-01-01T10:00:00\.000Z\)/);
  });
});

describe('with a role', () => {
  const ctx = { service: 'Compute Optimizer', iamPrefix: 'compute-optimizer', operation: 'UpdateEnrollmentStatus', region: 'eu-west-1', roleArn: 'arn:aws:iam::111111111111:role/Deploy' };
  const denied = (message: string) => Object.assign(new Error(message), { name: 'AccessDenied' as string, $metadata: { httpStatusCode: 403 } });

  test('a refused call made as the role names the IAM action, not the trust policy', () => {
    const err = denied('User: arn:aws:sts::111111111111:assumed-role/Deploy/ci is not authorized to perform: compute-optimizer:UpdateEnrollmentStatus');
    err.name = 'AccessDeniedException';
    expect(describeAwsError(err, ctx).message).toMatch(/allow the IAM action compute-optimizer:UpdateEnrollmentStatus/);
  });

  test('a refused AssumeRole points at the trust policy and the external id', () => {
    const err = denied('User: arn:aws:iam::222222222222:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/Deploy');
    expect(describeAwsError(err, ctx).message).toMatch(/assuming arn:aws:iam::111111111111:role\/Deploy failed \(AccessDenied\); allow sts:AssumeRole .* trust policy, and check `externalId`/);
  });
});
