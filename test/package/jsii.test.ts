/**
 * The library for Python, Java, .NET and Go users: the jsii assembly the build writes (`.jsii`, see
 * scripts/build.js) names the whole public API, `npm pack` ships it, jsii-pacmak turns it into the four
 * language packages without a warning (`--code-only`: PyPI, Maven Central, NuGet and the Go proxy are out of
 * reach here, so the sources are generated and checked, not built), the generated Python compiles, and
 * jsii-diff (scripts/api-diff.js) fails on a change that breaks the API recorded in api/baseline.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as root from '../../src';
import { REPO_ROOT } from '../support/toolchains';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build } = require('../../scripts/build.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { diff, BASELINE } = require('../../scripts/api-diff.js');

jest.setTimeout(300_000);

const TARGETS = ['python', 'java', 'dotnet', 'go'] as const;
const QUIET = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };

let dir: string;
let assembly: any;
let pacmak: { status: number | null; output: string; seconds: number };

function walk(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
}

beforeAll(() => {
  build({ ifStale: true });
  assembly = JSON.parse(readFileSync(path.join(REPO_ROOT, '.jsii'), 'utf8'));
  dir = mkdtempSync(path.join(tmpdir(), 'jsii-'));
  const started = Date.now();
  // pacmak packs the npm package first (it is embedded in the Python, Java and .NET packages); without
  // scripts, as the checkout is built already: `npm pack` would otherwise run `prepare`, the whole build.
  const run = spawnSync(
    process.execPath,
    [require.resolve('jsii-pacmak/bin/jsii-pacmak', { paths: [REPO_ROOT] }), '--code-only', '--no-npmignore', '--outdir', dir, '--targets', ...TARGETS],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...QUIET, npm_config_ignore_scripts: 'true' }, timeout: 240_000 },
  );
  pacmak = { status: run.status, output: `${run.stdout}${run.stderr}`, seconds: (Date.now() - started) / 1000 };
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the assembly names every class and enum the package root exports, with the same enum values', () => {
  const exported = Object.entries(root).filter(([, value]) => typeof value === 'function' || typeof value === 'object');
  expect(exported.length).toBeGreaterThan(40);
  for (const [name, value] of exported) {
    const type = assembly.types[`cdktf-aws-enrollment.${name}`];
    expect({ name, kind: type?.kind }).toEqual({ name, kind: typeof value === 'function' ? 'class' : 'enum' });
    if (type.kind === 'enum') {
      // A TypeScript string enum maps names to values; jsii keeps the names (each language's own spelling
      // of the value comes from the runtime).
      expect({ name, members: type.members.map((m: { name: string }) => m.name) }).toEqual({ name, members: Object.keys(value as object) });
    }
  }
  // The one export jsii has no place for: a module-level constant (the context key is a plain string).
  expect(Object.keys(root).filter((k) => !exported.some(([n]) => n === k))).toEqual(['ADAPTER_PATH_CONTEXT']);
  // Props are structs (readonly, so Python and the others get keyword arguments and builders).
  expect(assembly.types['cdktf-aws-enrollment.ComputeOptimizerEnrollmentProps']).toMatchObject({ kind: 'interface', datatype: true });
});

test('the assembly depends on cdktf and constructs only: CDK Terrain is the optional peer of the TypeScript-only ./cdktn entry', () => {
  expect(assembly.dependencies).toEqual({ cdktf: expect.any(String), constructs: expect.any(String) });
  expect(Object.keys(assembly.dependencyClosure).sort()).toEqual(['cdktf', 'constructs']);
  expect(JSON.stringify(assembly.types)).not.toContain('"cdktn.');
  expect(assembly.targets).toMatchObject({ python: { module: 'cdktf_aws_enrollment' }, java: {}, dotnet: {}, go: {} });
});

test('npm pack ships the assembly', () => {
  const run = spawnSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  const files = JSON.parse(run.stdout)[0].files.map((f: { path: string }) => f.path);
  expect(files).toContain('.jsii');
});

test('jsii-pacmak generates the Python, Java, .NET and Go packages with no warning', () => {
  expect({ status: pacmak.status, output: pacmak.output }).toEqual({ status: 0, output: expect.any(String) });
  expect(pacmak.output.split('\n').filter((line) => /warn|error/i.test(line))).toEqual([]);
  process.stdout.write(`jsii-pacmak --code-only (4 targets): ${pacmak.seconds.toFixed(1)} s\n`);
  for (const target of TARGETS) expect(existsSync(path.join(dir, target))).toBe(true);
  const files = walk(dir).map((f) => path.relative(dir, f));
  // One source file per public type in Java, .NET and Go.
  for (const name of ['ComputeOptimizerEnrollment', 'OrganizationOptimizationEnrollment', 'EnrollmentStatus', 'ComputeOptimizerAutomationRuleProps']) {
    expect(files.some((f) => f.startsWith('java/') && f.endsWith(`/${name}.java`))).toBe(true);
    expect(files.some((f) => f.startsWith('dotnet/') && f.endsWith(`/${name}.cs`))).toBe(true);
    expect(files.some((f) => f.startsWith('go/') && f.endsWith(`/${name}.go`))).toBe(true);
  }
  const setup = readFileSync(path.join(dir, 'python', 'setup.py'), 'utf8');
  const requires = JSON.parse(/"install_requires": (\[[^\]]*\])/.exec(setup)![1]) as string[];
  expect(requires.map((r) => r.split(/[<>=]/)[0]).sort()).toEqual(['cdktf', 'constructs', 'jsii', 'publication']);
  const pom = readFileSync(path.join(dir, 'java', 'pom.xml'), 'utf8');
  expect(pom).toContain('<artifactId>cdktf</artifactId>');
  expect(pom).not.toContain('<artifactId>cdktn</artifactId>');
});

test('the generated Python compiles, and reads as Python (snake_case keyword arguments, enums)', () => {
  const sources = walk(path.join(dir, 'python', 'src')).filter((f) => f.endsWith('.py'));
  expect(sources.length).toBeGreaterThan(0);
  const run = spawnSync('python3', ['-m', 'py_compile', ...sources], { encoding: 'utf8' });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const module = readFileSync(path.join(dir, 'python', 'src', 'cdktf_aws_enrollment', '__init__.py'), 'utf8');
  expect(module).toContain('class EnrollmentStatus(enum.Enum):');
  expect(module).toMatch(/include_member_accounts: typing\.Optional\[builtins\.bool\] = None/);
  expect(module).toMatch(/status: "EnrollmentStatus"/);
});

test('jsii-diff: the build keeps the API of api/baseline', () => {
  const result = diff();
  expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: '' });
});

test('jsii-diff: removing an enum member or a prop from the API fails the guard, naming the change', () => {
  const changed = path.join(dir, 'changed');
  cpSync(BASELINE, changed, { recursive: true });
  // jsii-diff loads the dependencies (cdktf, constructs) from the module's node_modules.
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(changed, 'node_modules'));
  const doctored = JSON.parse(readFileSync(path.join(changed, '.jsii'), 'utf8'));
  const status = doctored.types['cdktf-aws-enrollment.EnrollmentStatus'];
  status.members = status.members.filter((m: { name: string }) => m.name !== 'INACTIVE');
  const props = doctored.types['cdktf-aws-enrollment.EnrollmentConnection'];
  props.properties = props.properties.filter((p: { name: string }) => p.name !== 'profile');
  writeFileSync(path.join(changed, '.jsii'), JSON.stringify(doctored));
  const result = diff(BASELINE, changed);
  expect(result.status).not.toBe(0);
  expect(result.output).toContain('EnrollmentStatus');
  expect(result.output).toContain('INACTIVE');
  expect(result.output).toContain('profile');
});

test('examples/python compiles and imports only what the generated module defines', () => {
  const example = path.join(REPO_ROOT, 'examples', 'python', 'main.py');
  const out = path.join(dir, 'example.pyc');
  const run = spawnSync('python3', ['-c', 'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)', example, out], { encoding: 'utf8' });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const imported = /from cdktf_aws_enrollment import \(([^)]*)\)/.exec(readFileSync(example, 'utf8'))![1].split(',').map((s) => s.trim()).filter(Boolean);
  expect(imported.length).toBeGreaterThan(5);
  const module = readFileSync(path.join(dir, 'python', 'src', 'cdktf_aws_enrollment', '__init__.py'), 'utf8');
  for (const name of imported) expect({ name, defined: new RegExp(`^class ${name}\\b`, 'm').test(module) }).toEqual({ name, defined: true });
});

test('examples/java uses only types and getters the generated Java defines (javac needs the jsii runtime and cdktf jars from Maven Central)', () => {
  const source = readFileSync(path.join(REPO_ROOT, 'examples', 'java', 'src', 'main', 'java', 'com', 'example', 'Main.java'), 'utf8');
  const pkg = path.join(dir, 'java', 'src', 'main', 'java', 'io', 'github', 'cdktf_aws_enrollment');
  const imported = [...source.matchAll(/^import io\.github\.cdktf_aws_enrollment\.(\w+);$/gm)].map((m) => m[1]);
  expect(imported.length).toBeGreaterThan(3);
  const generated = imported.map((name) => readFileSync(path.join(pkg, `${name}.java`), 'utf8')).join('\n');
  for (const getter of new Set([...source.matchAll(/\.(get[A-Z]\w*)\(\)/g)].map((m) => m[1]))) {
    expect({ getter, defined: generated.includes(` ${getter}()`) }).toEqual({ getter, defined: true });
  }
});
