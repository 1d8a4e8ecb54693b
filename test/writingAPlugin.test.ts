import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'ava'
import { guideFile, guideSteps, pluginGuide } from './support/guideSteps.js'
import { repositoryRoot } from './support/repositoryRoot.js'

const root = repositoryRoot()
const guide = pluginGuide()
const alif = guideFile(guide, 'src/alifNeuron.ts')
const alifTest = guideFile(guide, 'src/alifNeuron.test.ts')

function run(command: string, args: readonly string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', npm_config_update_notifier: 'false' } })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

/** The guide's scaffold, written beside this checkout's packages (its node_modules linked in), with the guide's two files in it. */
function scaffoldFromGuide(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-guide-'))
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  const made = run(process.execPath, [join(root, 'packages', 'cli', 'bin', 'spikegrad.js'), 'new-plugin', 'neuron', 'alif'], dir)
  if (made.code !== 0) throw new Error(made.out)
  const plugin = join(dir, 'spikegrad-neuron-alif')
  writeFileSync(join(plugin, 'src', 'alifNeuron.ts'), alif)
  writeFileSync(join(plugin, 'src', 'alifNeuron.test.ts'), alifTest)
  return plugin
}

test('writing a plugin — every step from an empty folder is a command: install, scaffold, test, implement, pack, install beside spikegrad, train on XOR', (t) => {
  const commands = guideSteps(guide).join('\n')
  const order = [
    'npm install "$SPIKEGRAD_PACKS"/*.tgz typescript@5.9.3 ava@7.0.0',
    'npx spikegrad new-plugin neuron alif',
    'npm test',
    "cat > src/alifNeuron.ts <<'EOF'",
    "cat > src/alifNeuron.test.ts <<'EOF'",
    'npm pack',
    'npm install "$SPIKEGRAD_PACKS"/*.tgz ../alif-author/spikegrad-neuron-alif/spikegrad-neuron-alif-0.1.0.tgz',
    'npx spikegrad train xor --neuron alif --plugin spikegrad-neuron-alif --iterations 2',
  ]
  let at = 0
  for (const command of order) {
    const found = commands.indexOf(command, at)
    t.true(found >= 0, `"${command}" after position ${at}`)
    at = found + command.length
  }
  t.regex(guide, /^npm run pack /m, 'the guide says how to make the tarballs')
})

test.serial('writing a plugin — the guide\'s adaptive LIF and its test, in the scaffold: npm test passes its four tests (checkPlugin on the module and at other parameters, the jump, adaptation)', (t) => {
  const plugin = scaffoldFromGuide()
  const r = run('npm', ['test'], plugin)
  t.is(r.code, 0, r.out)
  t.regex(r.out, /AlifNeuronModule — binds the neuron "alif"/)
  t.regex(r.out, /4 tests passed/)
})

test.serial('writing a plugin — the planted error the guide describes (the a·λ_w/tau_w term of vjp off by 1e-3) fails npm test, naming vjp', (t) => {
  const plugin = scaffoldFromGuide()
  const source = join(plugin, 'src', 'alifNeuron.ts')
  const planted = alif.replace('-rm * lv + a * rw * lw', '-rm * lv + 1.001 * a * rw * lw')
  t.not(planted, alif)
  writeFileSync(source, planted)
  const r = run('npm', ['test'], plugin)
  t.is(r.code, 1, r.out)
  t.regex(r.out, /FAIL\s+vjp — outX = \(∂f\/∂x\)ᵀλ against central differences of rhs/)
  t.regex(r.out, /1 test failed/)
  t.is(readFileSync(join(plugin, 'src', 'alifNeuronModule.ts'), 'utf8').includes("'alif', alifNeuron"), true)
})
