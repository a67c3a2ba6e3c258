// The package version, in a module with no imports so `w2v --version` answers without loading the CLI.

/** The version `w2v --version` prints (kept equal to package.json by the version test). */
export const VERSION = '0.1.0';
