// Where the shared data lives: `../shared` beside the repository (how the workplace and CI lay it out), else
// /work/shared. Tests and scripts read corpora, evaluation sets and interop vector files from it.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const beside = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared');

export const SHARED = existsSync(beside) ? beside : '/work/shared';
