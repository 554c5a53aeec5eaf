import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { importX } from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * The layers of src/, from the top: main → report → revocation, leaked-key → github, inputs → certcentral →
 * the shared modules at the root (errors, secrets, context, version). A layer imports only from below it.
 *
 * `layer` makes a zone of import-x/no-restricted-paths: files in `target` may import nothing from `from`.
 * @param {string} target
 * @param {string[]} from
 * @param {string} message
 * @param {string[]} [except]
 */
const layer = (target, from, message, except = []) => ({ target: `./src/${target}`, from: from.map((f) => `./src/${f}`), message, except })
const layers = [
  layer(
    'certcentral',
    ['inputs', 'revocation', 'leaked-key', 'github', 'report', 'main.ts'],
    'certcentral/ is the API client: it knows nothing of inputs, targets, scans, alerts or reports.'
  ),
  layer(
    'github',
    ['certcentral', 'revocation', 'leaked-key', 'report', 'main.ts'],
    'github/ is the alert API: it knows nothing of CertCentral, targets, scans or reports.'
  ),
  layer('inputs', ['revocation', 'github', 'report', 'main.ts'], 'inputs/ reads inputs: it knows nothing of what a run does with them.'),
  layer('revocation', ['leaked-key', 'github', 'report', 'main.ts'], 'revocation/ revokes targets: it does not word reports nor scan.'),
  layer('leaked-key', ['revocation', 'report', 'main.ts'], 'leaked-key/ finds certificates: it does not revoke or word reports.'),
  layer('report', ['main.ts'], 'report/ words what happened; only main.ts tells the story.'),
  // ca/ may use errors.ts, untrusted.ts and its own folder, nothing else of src/.
  layer('ca', [''], "ca/ asks a certificate's CA: it knows nothing of inputs, revocation, leaked keys, GitHub, reports or main.", [
    './ca',
    './errors.ts',
    './untrusted.ts'
  ]),
  // Beyond the account: CT and ACME are remote services like the CA; beyond/ places what they say.
  layer('ct', [''], 'ct/ speaks to a CT search service: it uses the CA fetch and the retry policy, nothing else of src/.', [
    './ct',
    './ca/fetch.ts',
    './certcentral/retry-policy.ts',
    './errors.ts',
    './untrusted.ts'
  ]),
  layer('acme', [''], 'acme/ speaks to an ACME server: it uses the CA fetch (its address rule included), nothing else of src/.', [
    './acme',
    './ca/fetch.ts',
    './errors.ts',
    './untrusted.ts'
  ]),
  layer('beyond', ['github', 'report', 'main.ts'], 'beyond/ finds and acts on certificates outside the account: it does not word reports.'),
  layer('beyond', ['revocation'], 'beyond/ does not revoke in the account; it may only locate a serial there (revocation/locate.ts).', [
    './locate.ts',
    './targets.ts'
  ])
]
const root = ['errors.ts', 'secrets.ts', 'context.ts', 'version.ts', 'runner.ts'].flatMap((file) =>
  ['./src/*/**', './src/main.ts'].map((from) => ({
    target: `./src/${file}`,
    from,
    message: 'The modules at the root of src/ are shared by every layer and import none of them.'
  }))
)

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      // The importing files are read with TypeScript's parser, so a cycle through .ts modules is seen.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.check.json' })]
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }]
    }
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...layers, ...root] }] }
  },
  prettier
)
