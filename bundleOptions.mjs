// The esbuild options every Node bundle shares (esbuild.mjs), also used by the bench to measure the
// core as it ships. Minified, with source maps (dist/*.map map a stack trace back to the sources).
// Not `keepNames`: it wraps every closure the code creates in a naming call, which costs a few
// percent in the hot paths (an analysis creates several), and the source maps name things anyway.
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  minify: true,
  // jsonc-parser's UMD build uses dynamic requires that a bundle cannot follow; take its ESM build.
  mainFields: ['module', 'main'],
};
