import { equationNeuronFiles } from './equationNeuronTemplate.js'
import { gateTemplate } from './gateTemplate.js'
import type { KindTemplate } from './kindTemplate.js'
import { lossTemplate } from './lossTemplate.js'
import { neuronTemplate } from './neuronTemplate.js'
import type { PluginKind, PluginNames } from './pluginNames.js'
import { taskTemplate } from './taskTemplate.js'

// model

/** The versions a scaffold's package.json is written against. */
export interface ScaffoldVersions {
  /** The installed @spikegrad/core, e.g. '0.1.0'. */
  readonly core: string
  /** The inversify that core depends on, e.g. '8.2.3'. */
  readonly inversify: string
  /** The installed @spikegrad/neuron-equations, for a neuron written as equations. */
  readonly equations?: string
}

/** How a plugin is written: a neuron may be written as equations (`--equations`). */
export interface ScaffoldStyle {
  /** A neuron written as its equations with `@spikegrad/neuron-equations`, every derivative derived. */
  readonly equations?: boolean
}

/**
 * The tools a scaffold is built and tested with: the TypeScript and ava that spikegrad itself
 * is built and tested with.
 */
const scaffoldTools = { typescript: '~5.9.3', ava: '~7.0.0' } as const

const templates: Readonly<Record<PluginKind, (n: PluginNames) => KindTemplate>> = {
  neuron: neuronTemplate,
  gate: gateTemplate,
  loss: lossTemplate,
  task: taskTemplate,
}

// constructors

/**
 * The files of a plugin package, by path relative to its folder: package.json, tsconfig.json,
 * .gitignore, README.md, src/index.ts, the factory src/<factory>.ts, its ContainerModule
 * src/<factory>Module.ts and the test src/<factory>.test.ts, which runs `checkPlugin` on the
 * module (which must bind the plugin's name) and on the factory.
 *
 * A neuron written as equations (`style.equations`) is instead src/index.ts, src/<factory>.ts —
 * its definition and the `equationPlugin` line that makes the factory and the module — and
 * the test src/<factory>.test.ts; it depends on @spikegrad/neuron-equations.
 *
 * @spikegrad/core and inversify are peer dependencies: the plugin runs inside the host's core
 * (the CLI's, or the application's), so it must share that copy rather than bring its own.
 * They are dev dependencies too, for its own build and test.
 * @throws Error when a neuron is written as equations and `versions` has no `equations`.
 */
export function scaffoldFiles(n: PluginNames, versions: ScaffoldVersions, style: ScaffoldStyle = {}): Readonly<Record<string, string>> {
  if (style.equations === true) {
    if (n.kind !== 'neuron') throw new Error(`only a neuron is written as equations, not a ${n.kind}`)
    if (versions.equations === undefined) throw new Error('@spikegrad/neuron-equations is not installed beside this spikegrad')
    const description = `The ${n.name} neuron for spikegrad, written as its equations`
    return {
      'package.json': `${JSON.stringify(packageJson(n, description, versions, { '@spikegrad/neuron-equations': `^${versions.equations}` }), null, 2)}\n`,
      'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
      '.gitignore': 'node_modules/\ndist/\n*.tgz\n',
      'README.md': readme(n, description, '`src/' + n.factory + '.ts` holds its equations; every derivative the adjoint needs is derived from them (`@spikegrad/neuron-equations`).'),
      ...equationNeuronFiles(n),
    }
  }
  const k = templates[n.kind](n)
  return {
    'package.json': `${JSON.stringify(packageJson(n, k.description, versions), null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    '.gitignore': 'node_modules/\ndist/\n*.tgz\n',
    'README.md': readme(n, k.description),
    'src/index.ts': `export * from './${n.factory}.js'\nexport { ${n.module} } from './${n.factory}Module.js'\n`,
    [`src/${n.factory}.ts`]: k.source,
    [`src/${n.factory}Module.ts`]: moduleSource(n, k),
    [`src/${n.factory}.test.ts`]: testSource(n, k),
  }
}

// internals

function packageJson(n: PluginNames, description: string, v: ScaffoldVersions, dependencies?: Readonly<Record<string, string>>): Record<string, unknown> {
  const core = `^${v.core}`
  const inversify = `^${v.inversify}`
  return {
    name: n.packageName,
    version: '0.1.0',
    description,
    keywords: ['spikegrad', 'spikegrad-plugin', `spikegrad-${n.kind}`],
    license: 'MIT',
    type: 'module',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    types: './dist/index.d.ts',
    files: ['dist', '!dist/**/*.test.*'],
    engines: { node: '>=20' },
    scripts: { build: 'tsc', test: 'tsc && ava', prepack: 'tsc' },
    ...(dependencies !== undefined && { dependencies }),
    peerDependencies: { '@spikegrad/core': core, inversify },
    devDependencies: { '@spikegrad/core': core, inversify, ava: scaffoldTools.ava, typescript: scaffoldTools.typescript },
    ava: { files: ['dist/**/*.test.js'] },
  }
}

const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    experimentalDecorators: true,
    types: [],
    declaration: true,
    sourceMap: true,
    skipLibCheck: true,
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src'],
}

function moduleSource(n: PluginNames, k: KindTemplate): string {
  return `import { ContainerModule } from 'inversify'
import { bindPlugin, ${k.token}, type ${k.factoryType} } from '@spikegrad/core'
import { ${n.factory} } from './${n.factory}.js'

/** Binds \`${n.factory}\` to core's \`${k.token}\` under the name '${n.name}' (and lists it in the plugin catalog). */
export const ${n.module} = new ContainerModule((options) => {
  bindPlugin<${k.factoryType}>(options.bind, ${k.token}, '${n.name}', ${n.factory})
})
`
}

function testSource(n: PluginNames, k: KindTemplate): string {
  const what = n.kind === 'task' ? 'builds and gives a trial' : 'passes every check (each derivative against central differences)'
  return `import test from 'ava'
import { checkPlugin, formatPluginCheck } from '@spikegrad/core'
import { ${n.factory}, ${n.module} } from './index.js'

test('${n.module} — binds the ${n.kind} "${n.name}", which ${what}', (t) => {
  const report = checkPlugin(${n.module}, { expectNames: ['${n.name}'], ...${k.checkOptions} })
  t.true(report.ok, formatPluginCheck(report))
  t.true(report.checks.length > 2, formatPluginCheck(report))
})

test('${n.factory} — is named "${n.name}"', (t) => {
  const made = ${n.kind === 'gate' ? `${n.factory}({ width: 1, center: 0 })` : `${n.factory}()`}
  t.is(made.kind, '${n.name}')
})
`
}

function readme(n: PluginNames, description: string, more?: string): string {
  const use: Record<PluginKind, string> = {
    neuron: `npx spikegrad train xor --neuron ${n.name} --plugin ${n.packageName}`,
    gate: `npx spikegrad train xor --gate ${n.name} --plugin ${n.packageName}`,
    loss: `# name "${n.name}" among the "losses" of a network configuration, with "${n.packageName}" among its "plugins"`,
    task: `npx spikegrad train ${n.name} --plugin ${n.packageName}`,
  }
  return `# ${n.packageName}

${description}: \`${n.factory}\`, bound under the name \`${n.name}\` by \`${n.module}\`.${more !== undefined ? ` ${more}` : ''}

    npm install ${n.packageName}      # beside @spikegrad/cli (or @spikegrad/core)
    ${use[n.kind]}

Develop: \`npm test\` builds it and runs \`checkPlugin\` on it; \`npm pack\` writes the tarball.
`
}
