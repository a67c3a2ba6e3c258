// Every `w2v` command, in the order help lists them. Each module exports `register(program, io)`.
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { register as analogy } from './analogy.ts';
import { register as cluster } from './cluster.ts';
import { register as compare } from './compare.ts';
import { register as customize } from './customize.ts';
import { register as demo } from './demo.ts';
import { register as doesntMatch } from './doesnt-match.ts';
import { register as encode } from './encode.ts';
import { register as evaluate } from './evaluate.ts';
import { register as exportCommand } from './export.ts';
import { register as info } from './info.ts';
import { register as phrases } from './phrases.ts';
import { register as search } from './search.ts';
import { register as serve } from './serve.ts';
import { register as similar } from './similar.ts';
import { register as similarity } from './similarity.ts';
import { register as tokenize } from './tokenize.ts';
import { register as train } from './train.ts';
import { register as vocab } from './vocab.ts';

/** Adds one subcommand to `program` and returns it. */
export type RegisterCommand = (program: Command, io: CliIo) => Command;

export const COMMANDS: readonly RegisterCommand[] = [
  tokenize,
  vocab,
  phrases,
  train,
  demo,
  similar,
  analogy,
  similarity,
  doesntMatch,
  info,
  exportCommand,
  evaluate,
  encode,
  compare,
  search,
  cluster,
  customize,
  serve,
];
